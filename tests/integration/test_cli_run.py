"""The ``warp-report run`` command end to end, against a real HTTP model server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.simserver import SimulatedModel, make_server


def cli(*args: str, tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warp_report.cli", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "WARP_DATA_DIR": str(tmp_path / "data"), **(env or {})},
    )





def test_run_writes_report_evidence_and_trace(model_server, text_corpus, tmp_path):
    url, model = model_server
    out = tmp_path / "out"
    result = cli("run", "How do solar panels turn light into power?", "--corpus", str(text_corpus),
                 "--base-url", url, "--model", "sim", "--out-dir", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text()
    evidence = json.loads((out / "evidence.json").read_text())
    trace = [json.loads(line) for line in (out / "trace.jsonl").read_text().splitlines()]

    assert report.startswith("# ") and "## References" in report
    cited = set(re.findall(r"\[(\d+)\]", report.split("## References")[0]))
    assert cited and cited == set(evidence)
    corpus_files = {str(p) for p in text_corpus.iterdir()}
    for entry in evidence.values():
        assert entry["source"] in corpus_files
        # Passages are the file's text with its markup removed ("# " heading marks and the like).
        source_words = Path(entry["source"]).read_text().split()
        assert [w for w in entry["text"].split() if w in source_words] == entry["text"].split()
    assert len(trace) == model.requests
    assert {t["action"] for t in trace} >= {"init-plan", "search", "write", "extend-plan", "nop"}
    assert "thread id" in result.stderr and str(out / "report.md") in result.stdout.splitlines()


def test_unreachable_server_is_named(text_corpus, tmp_path, unused_port):
    url = f"http://127.0.0.1:{unused_port}/v1"
    result = cli("run", "question?", "--corpus", str(text_corpus), "--base-url", url, tmp_path=tmp_path)
    assert result.returncode == 2
    assert f"cannot reach the model server at {url}" in result.stderr.replace("\n", "")


def test_empty_question_and_missing_corpus_are_clear_errors(tmp_path):
    result = cli("run", "   ", tmp_path=tmp_path)
    assert result.returncode == 2 and "question is empty" in result.stderr
    result = cli("run", "q", "--corpus", str(tmp_path / "nope"), tmp_path=tmp_path)
    assert result.returncode == 2 and "corpus folder not found" in result.stderr


def test_server_that_dies_mid_run_leaves_a_resumable_run(text_corpus, tmp_path):
    model = SimulatedModel(extend_times=0)
    server = make_server("127.0.0.1", 0, model)
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{port}/v1"
    original = model.complete

    def die_after_four(body):
        if model.requests >= 4:
            raise ConnectionError("gone")
        return original(body)

    model.complete = die_after_four  # the handler thread errors -> the client sees a broken connection
    out = tmp_path / "out"
    env = {"WARP_MODEL_TIMEOUT": "5"}
    result = cli("run", "How do inverters work?", "--corpus", str(text_corpus), "--base-url", url,
                 "--model", "sim", "--out-dir", str(out), tmp_path=tmp_path, env=env)
    assert result.returncode == 1
    assert url in result.stderr.replace("\n", "")
    thread_id = re.search(r"--resume (\w+)", result.stderr).group(1)
    assert not (out / "report.md").exists()

    model.complete = original
    result = cli("run", "--resume", thread_id, tmp_path=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "## References" in (out / "report.md").read_text()
    server.shutdown()


def test_doctor_says_what_works_and_what_does_not(model_server, tmp_path, unused_port):
    url, _ = model_server
    ok = cli("doctor", "--base-url", url, "--model", "sim", tmp_path=tmp_path)
    assert ok.returncode == 0, ok.stdout
    assert "gave a valid search action" in ok.stdout.replace("\n", " ")
    bad_url = f"http://127.0.0.1:{unused_port}/v1"
    blocked = tmp_path / "file"
    blocked.write_text("x")
    bad = cli("doctor", "--base-url", bad_url, "--data-dir", str(blocked / "data"), tmp_path=tmp_path,
              env={"TAVILY_API_KEY": ""})
    out = bad.stdout.replace("\n", " ")
    assert bad.returncode == 1
    assert f"the model server at {bad_url} failed" in out
    assert "is not writable" in out


def test_missing_gguf_is_a_clear_error_before_indexing(text_corpus, tmp_path):
    result = cli("run", "q?", "--corpus", str(text_corpus), "--model", "gguf:/nope/model.gguf", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "/nope/model.gguf" in result.stderr and "indexing" not in result.stderr and "chunks" not in result.stderr
