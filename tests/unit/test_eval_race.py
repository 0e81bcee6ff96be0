"""RACE-style aggregation and prompt assembly (warp_report.eval.race), with a stub judge server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from warp_report.eval import race

CRITERIA = {
    "id": 7,
    "prompt": "Compare solar and wind power for a small town.",
    "dimension_weight": {"comprehensiveness": 0.6, "readability": 0.4},
    "criterions": {
        "comprehensiveness": [
            {"criterion": "Covers costs", "explanation": "Capital and running costs of both.", "weight": 0.75},
            {"criterion": "Covers land use", "explanation": "Area needed.", "weight": 0.25},
        ],
        "readability": [{"criterion": "Clear structure", "explanation": "Headings and flow.", "weight": 1.0}],
    },
}


def judged(c1=(8, 4), c2=(4, 8), r1=(6, 6)):
    return {
        "comprehensiveness": [
            {"index": 1, "criterion": "Covers costs", "article_1_score": c1[0], "article_2_score": c1[1]},
            {"index": 2, "criterion": "Covers land use", "article_1_score": c2[0], "article_2_score": c2[1]},
        ],
        "readability": [{"index": 1, "criterion": "Clear structure", "article_1_score": r1[0], "article_2_score": r1[1]}],
    }


def test_aggregate_weighted_means_and_relative_score():
    task = race.TaskCriteria.from_record(CRITERIA)
    s = race.aggregate(task, judged())
    # comprehensiveness: target .75*8+.25*4 = 7, reference .75*4+.25*8 = 5
    assert s.dims["comprehensiveness"]["target"] == pytest.approx(7.0)
    assert s.dims["comprehensiveness"]["reference"] == pytest.approx(5.0)
    assert s.dims["comprehensiveness"]["relative"] == pytest.approx(7 / 12)
    assert s.dims["readability"]["relative"] == pytest.approx(0.5)
    # overall: target .6*7+.4*6 = 6.6, reference .6*5+.4*6 = 5.4; final 6.6/12
    assert (s.target, s.reference) == (pytest.approx(6.6), pytest.approx(5.4))
    assert s.final == pytest.approx(0.55)
    assert s.unmatched == []


def test_aggregate_matches_by_text_and_handles_gaps():
    task = race.TaskCriteria.from_record(CRITERIA)
    out = {
        # no index: matched by text (case and spacing ignored); one item matches nothing; one score is junk
        "comprehensiveness": [
            {"criterion": "covers   COSTS", "article_1_score": 10, "article_2_score": 0},
            {"criterion": "Something else", "article_1_score": 1, "article_2_score": 1},
            {"index": 2, "article_1_score": "n/a", "article_2_score": 5},
        ],
        # readability missing entirely: overall uses comprehensiveness only
    }
    s = race.aggregate(task, out)
    assert list(s.dims) == ["comprehensiveness"]
    assert s.dims["comprehensiveness"]["target"] == 10 and s.dims["comprehensiveness"]["reference"] == 0
    assert s.final == 1.0
    assert len(s.unmatched) == 2
    with pytest.raises(ValueError):
        race.aggregate(task, {"insight": []})


def test_scores_are_clamped_and_summary_is_on_100_scale():
    task = race.TaskCriteria.from_record(CRITERIA)
    s = race.aggregate(task, judged(c1=(15, 5), c2=(-3, 5), r1=(5, 5)))
    assert s.dims["comprehensiveness"]["target"] == pytest.approx(0.75 * 10 + 0.25 * 0)
    a = race.aggregate(task, judged())
    summary = race.summarise([a, s])
    assert summary["tasks"] == 2
    assert summary["overall"] == pytest.approx(100 * (a.final + s.final) / 2)
    assert summary["readability"] == pytest.approx(50.0)
    assert summary["insight"] is None


def test_prompt_assembly():
    task = race.TaskCriteria.from_record(CRITERIA)
    msgs = race.build_messages(task, "TARGET TEXT", "REFERENCE TEXT")
    assert [m["role"] for m in msgs] == ["system", "user"]
    user = msgs[1]["content"]
    assert "Compare solar and wind power" in user
    assert "1. Covers costs: Capital and running costs of both." in user and "2. Covers land use" in user
    # dimensions in RACE order, target first as article 1
    assert user.index("### comprehensiveness") < user.index("### readability")
    assert user.index("TARGET TEXT") < user.index("REFERENCE TEXT")
    assert "<article_1>\nTARGET TEXT\n</article_1>" in user
    assert "0.75" not in user  # weights only enter the aggregation


def test_clean_article_and_extract_json():
    md = "# T\n\n## 1 A\n\nClaim [1][2, 3].\n\n## References\n\n[1] X. `x`\n"
    assert race.clean_article(md) == "# T\n\n## 1 A\n\nClaim ."
    assert race.extract_json('<think>{"no": 1}</think>Sure:\n```json\n{"a": [1]}\n```') == {"a": [1]}
    assert race.extract_json('text {"b": 2} tail') == {"b": 2}
    with pytest.raises(ValueError):
        race.extract_json("no json here")


def test_load_articles_from_run_folders_and_jsonl(tmp_path):
    (tmp_path / "runs" / "007").mkdir(parents=True)
    (tmp_path / "runs" / "007" / "report.md").write_text("# R\n")
    (tmp_path / "ref.jsonl").write_text(json.dumps({"id": 7, "article": "ref"}) + "\n")
    assert race.load_articles(tmp_path / "runs")["7"]["article"] == "# R\n"
    assert race.load_articles(tmp_path / "ref.jsonl")["7"]["article"] == "ref"


@pytest.fixture
def stub_judge():
    """A chat-completions server on 127.0.0.1 that records requests and replies from a queue."""
    requests: list[dict] = []
    replies: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
            data = json.dumps({"choices": [{"index": 0, "message": {"role": "assistant", "content": replies.pop(0)}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1", requests, replies
    server.shutdown()
    server.server_close()


def test_score_task_against_stub_judge(stub_judge, monkeypatch):
    url, requests, replies = stub_judge
    monkeypatch.setenv("WARP_JUDGE_API_KEY", "k-test")
    replies.extend(["I cannot decide.", "```json\n" + json.dumps(judged()) + "\n```"])
    judge = race.Judge(url, "judge-model")
    task = race.TaskCriteria.from_record(CRITERIA)
    score, raw = race.score_task(judge, task, "Target body [1].\n\n## References\n\n[1] S. `s`\n", "Reference body.")
    judge.close()
    assert score.final == pytest.approx(0.55)
    assert len(requests) == 2  # the reply without JSON was asked again
    req = requests[-1]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer k-test"
    assert req["body"]["model"] == "judge-model" and req["body"]["temperature"] == 0.0
    user = req["body"]["messages"][1]["content"]
    assert "Target body ." in user and "[1]" not in user.split("<article_1>")[1].split("</article_1>")[0]
    assert "```json" in raw
