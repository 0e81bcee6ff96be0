"""Quality metrics of a finished run directory (``report.md``, ``evidence.json``, ``trace.jsonl``,
``summary.json``), computed offline without a judge model.

Families of metrics (``evaluate_run`` returns them as one JSON-able dict):

- ``citations``: do the ``[n]`` markers resolve to a passage in evidence.json; references that
  are never cited or cited but not listed; density (per 1,000 words); share of paragraphs that
  cite something.
- ``support``: for every (sentence, passage it cites) pair, how well the passage supports the
  sentence: a lexical score (ROUGE-L precision of the sentence against the passage: the share
  of the sentence's content tokens found, in order, in the passage) and, with an embedder, the
  cosine between the sentence (E5 ``query:``) and the passage (E5 ``passage:``). Mean, p10,
  p50 and the share below a threshold.
- ``structure``: sections, subsections, depth, extensions made, words per section, and
  redundancy (the most similar pair of written parts).
- ``protocol``: from trace.jsonl: valid-action rate per action type, retries, steps, how the
  run ended.
- ``language``: the report body against the question, with the graph's own language check.
- ``coverage`` (only with key points): share of key points matched by some report paragraph
  (embedding cosine, or lexical recall when no embedder is used).

Words are counted so that Chinese/Japanese/Korean text is measured too: every CJK character is
one word; other words are runs of letters/digits. Citation markers are not words.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from warp_report.corpus.embeddings import Embedder
from warp_report.eval.metrics import (
    _unit,
    citation_metrics,
    coverage_metrics,
    language_metrics,
    protocol_metrics,
    structure_metrics,
    support_metrics,
    support_pairs,
)
from warp_report.eval.report import load_run, parse_report
from warp_report.eval.text import strip_citations


@dataclass
class Thresholds:
    support_lexical: float = 0.3
    # E5 cosines are compressed into roughly 0.7-0.95: on the SQLite task set a key point scores
    # 0.86-0.95 against the page it was written from and 0.83-0.91 against other SQLite pages.
    support_embedding: float = 0.82
    coverage_embedding: float = 0.88
    coverage_lexical: float = 0.5


def evaluate_run(run_dir: str | os.PathLike[str], *, embedder: Embedder | None = None,
                 keypoints: list[str] | None = None, thresholds: Thresholds | None = None,
                 question: str | None = None) -> dict[str, Any]:
    """All metrics of one run directory as a JSON-able dict."""
    th = thresholds or Thresholds()
    run = load_run(run_dir)
    rep = parse_report(run.report)
    paragraphs = rep.paragraphs()
    para_vecs = None
    per_node: dict[str, np.ndarray] | None = None
    if embedder is not None and paragraphs:
        para_vecs = _unit(embedder.embed_passages([strip_citations(p) for _, p in paragraphs]))
        per_node = {}
        for (node, _), v in zip(paragraphs, para_vecs, strict=False):
            per_node.setdefault(node.number, []).append(v)  # type: ignore[arg-type]
        per_node = {k: np.stack(v) for k, v in per_node.items()}
    pairs = support_pairs(rep, run.evidence)
    out: dict[str, Any] = {
        "run": str(run.path),
        "question": question or run.summary.get("question"),
        "title": rep.title,
        "citations": citation_metrics(rep, run.evidence),
        "support": support_metrics(pairs, embedder, lexical_threshold=th.support_lexical,
                                   embedding_threshold=th.support_embedding),
        "structure": structure_metrics(rep, run.summary, embedder, per_node),
        "protocol": protocol_metrics(run.trace, run.summary),
        "language": language_metrics(rep, question or run.summary.get("question")),
        "coverage": None,
    }
    if keypoints:
        out["coverage"] = coverage_metrics(keypoints, rep, embedder, embedding_threshold=th.coverage_embedding,
                                           lexical_threshold=th.coverage_lexical, paragraph_vectors=para_vecs)
    return out


# --------------------------------------------------------------------------------------------
# Printing


def _f(v: Any, pct: bool = False, digits: int = 2) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.0%}" if pct else f"{v:.{digits}f}"
    return str(v)


def _dist(d: dict[str, Any] | None) -> str:
    if not d or not d.get("n"):
        return "-"
    return (f"mean {d['mean']:.2f}  p10 {d['p10']:.2f}  p50 {d['p50']:.2f}  "
            f"<{d['threshold']:g}: {d['below']:.0%}  (n={d['n']})")


def summary_rows(r: dict[str, Any]) -> list[tuple[str, str]]:
    """(metric, value) rows of one run, in print order."""
    c, s, st, p, lang = r["citations"], r["support"], r["structure"], r["protocol"], r["language"]
    per_action = "  ".join(f"{a} {v['valid']}/{v['calls']}" for a, v in sorted(p["per_action"].items())) or "-"
    red_e, red_l = st["redundancy_embedding"], st["redundancy_lexical"]
    rows = [
        ("citations resolved", f"{_f(c['resolved_share'], True)} of {c['markers']} markers ({c['distinct']} distinct)"),
        ("unresolved / unused / unlisted", f"{c['unresolved'] or '-'} / {c['unused_references'] or '-'} / {c['unlisted_citations'] or '-'}"),
        ("citations per 1k words", _f(c["per_1k_words"], digits=1)),
        ("paragraphs with a citation", f"{_f(c['paragraphs_cited_share'], True)} of {c['paragraphs']}"),
        ("support, lexical (ROUGE-L P)", _dist(s["lexical"])),
        ("support, embedding cosine", _dist(s["embedding"]) if s["embedding"] is not None else "(no embedder)"),
        ("sections / subsections / depth", f"{st['sections']} / {st['subsections']} / {st['depth']}"),
        ("extensions / unwritten parts", f"{_f(st['extensions'])} / {st['unwritten']}"),
        ("words (per section mean, min-max)",
         f"{st['words']} ({_f(st['words_per_section']['mean'], digits=0)}, "
         f"{_f(st['words_per_section']['min'])}-{_f(st['words_per_section']['max'])})"),
        ("redundancy (max pair)",
         (f"emb {red_e['max']:.2f} {'/'.join(red_e['pair'])}  " if red_e else "")
         + (f"lex {red_l['max']:.2f} {'/'.join(red_l['pair'])}" if red_l else "-")),
        ("valid actions", f"{_f(p['valid_rate'], True)} of {p['calls']} calls: {per_action}"),
        ("retries / steps / ended", f"{p['retries']} / {_f(p['steps'])} / {_f(p['finish_reason'])}"),
        ("tokens in / out", f"{_f(p['input_tokens'])} / {_f(p['output_tokens'])}"),
        ("language matches question",
         "-" if lang["ok"] is None else (f"{_f(lang['ok'])} (CJK {lang['cjk_share']:.0%}"
                                          f"{', parts failing: ' + ','.join(lang['parts_failing']) if lang['parts_failing'] else ''})")),
    ]
    cov = r.get("coverage")
    if cov:
        rows.append(("key-point coverage",
                     f"{_f(cov['share'], True)} of {cov['keypoints']} ({cov['method']} >= {cov['threshold']:g})"))
    return rows


def format_run(r: dict[str, Any]) -> str:
    rows = summary_rows(r)
    width = max(len(k) for k, _ in rows)
    head = f"== {r['run']}" + (f"\n   {r['question'][:110]}" if r.get("question") else "")
    return head + "\n" + "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)


def compact(r: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers of one run (one row of a comparison table)."""
    s, c, st, p = r["support"], r["citations"], r["structure"], r["protocol"]
    return {
        "words": st["words"],
        "sections": st["sections"],
        "subsec": st["subsections"],
        "ext": st["extensions"],
        "cites/1k": c["per_1k_words"],
        "resolved": c["resolved_share"],
        "para_cited": c["paragraphs_cited_share"],
        "lex_p50": s["lexical"]["p50"],
        "emb_p50": (s["embedding"] or {}).get("p50"),
        "emb_low": (s["embedding"] or {}).get("below"),
        "redund": (st["redundancy_embedding"] or st["redundancy_lexical"] or {}).get("max"),
        "valid": p["valid_rate"],
        "retries": p["retries"],
        "steps": p["steps"],
        "ended": p["finish_reason"],
        "lang_ok": r["language"]["ok"],
        "coverage": (r.get("coverage") or {}).get("share"),
    }


_ONE_DIGIT = {"cites/1k", "words", "sections", "subsec", "ext", "retries", "steps"}
_PCT = {"resolved", "para_cited", "emb_low", "valid", "coverage", "lang_ok"}


def format_table(rows: list[dict[str, Any]], labels: list[str]) -> str:
    """A plain-text table: one line per run, headline columns."""
    if not rows:
        return "(no runs)"
    cols = list(rows[0])
    cells = [[_f(v, k in _PCT, 1 if k in _ONE_DIGIT else 2) for k, v in row.items()] for row in rows]
    lw = max(len("run"), *(len(x) for x in labels))
    widths = [max(len(c), *(len(cell[i]) for cell in cells)) for i, c in enumerate(cols)]
    lines = ["run".ljust(lw) + "  " + "  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=False))]
    for label, cell in zip(labels, cells, strict=False):
        lines.append(label.ljust(lw) + "  " + "  ".join(v.rjust(w) for v, w in zip(cell, widths, strict=False)))
    return "\n".join(lines)


def mean_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Column means of numeric columns (booleans as shares); the commonest value otherwise."""
    out: dict[str, Any] = {}
    for k in rows[0] if rows else []:
        vals = [r[k] for r in rows if r[k] is not None]
        if vals and all(isinstance(v, bool) for v in vals) or vals and all(isinstance(v, (int, float)) for v in vals):
            out[k] = sum(vals) / len(vals)
        else:
            out[k] = Counter(vals).most_common(1)[0][0] if vals else None
    return out

# The metrics' public names, importable from here as before the package was split.
from warp_report.eval.metrics import default_embedder  # noqa: E402
from warp_report.eval.report import load_keypoints  # noqa: E402
from warp_report.eval.text import (  # noqa: E402
    citations_in,
    count_words,
    distribution,
    lexical_support,
    percentile,
    rouge_l,
    split_sentences,
    tokens,
)

__all__ = [
    "Thresholds", "citations_in", "compact", "count_words", "default_embedder", "distribution", "evaluate_run",
    "format_run", "format_table", "lexical_support", "load_keypoints", "mean_row", "parse_report", "percentile",
    "rouge_l", "split_sentences", "support_pairs", "coverage_metrics", "load_run", "strip_citations",
    "support_metrics", "tokens",
]
