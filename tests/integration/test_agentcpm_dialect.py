"""The agentcpm dialect end to end: the CLI against a server that speaks only the trained interface (issue 11)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support.agentcpm_server import AgentCPMModel, make_server, sampling_errors

FIXTURE_PROMPTS = Path(__file__).resolve().parents[1] / "fixtures" / "prompts"
QUESTION = "How do solar panels turn light into power?"


def cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warp_report.cli", *args],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if k not in ("WARP_DIALECT", "WARP_PROMPTS_DIR")},
             "WARP_DATA_DIR": str(tmp_path / "data")},
    )


@pytest.fixture
def agentcpm():
    model = AgentCPMModel(extend_times=1)
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1", model
    server.shutdown()
    server.server_close()


def run(url: str, corpus: Path, tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "out"
    result = cli("run", QUESTION, "--corpus", str(corpus), "--base-url", url, "--out-dir", str(out), *extra,
                 tmp_path=tmp_path)
    return result, out


def assert_complete_trained_run(result: subprocess.CompletedProcess, out: Path, model: AgentCPMModel,
                                corpus: Path) -> None:
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text()
    evidence = json.loads((out / "evidence.json").read_text())
    assert "Incomplete report" not in report and "not written" not in report, report
    body, refs = report.split("## References")
    cited = set(re.findall(r"\[(\d+)\]", body))
    assert cited and cited == set(evidence)  # every [n] resolves, and only cited passages are listed
    assert "\\cite" not in report and "textid" not in report
    corpus_files = {str(p) for p in corpus.iterdir()}
    for entry in evidence.values():
        # passages are cleaned at ingest (Markdown marks dropped): compare the words
        source_words = " ".join(Path(entry["source"]).read_text().replace("#", " ").split())
        assert entry["source"] in corpus_files and " ".join(entry["text"].split()) in source_words

    records = model.records
    assert records
    for record in records:
        # one user message in the trained layout (the server names the step only then), released sampling
        assert record["step"] is not None, record["reason"]
        assert [m["role"] for m in record["messages"]] == ["user"]
        assert sampling_errors(record) == []
    steps = [r["step"] for r in records]
    first = records[0]["messages"][0]["content"]
    assert steps[:2] == ["search", "init_plan"]  # the model searched before it planned the outline
    assert "There is no survey." in first and "You need to update outline" in first
    assert "write" in steps and "extend_plan" in steps
    # the outline search's passages are what the plan was made from
    plan_prompt = records[1]["messages"][0]["content"]
    assert re.search(r"^bibkey:textid1$", plan_prompt, re.MULTILINE)
    # the written parts come back to the model in its own citation syntax
    later_writes = [r["messages"][0]["content"] for r in records if r["step"] == "write"][1:]
    assert any(re.search(r"\[OK\] .*\\cite\{textid\d+", p) for p in later_writes)


def test_agentcpm_dialect_writes_a_complete_report(agentcpm, text_corpus, tmp_path):
    url, model = agentcpm
    result, out = run(url, text_corpus, tmp_path, "--dialect", "agentcpm", "--model", "sim-agentcpm-server")
    assert_complete_trained_run(result, out, model, text_corpus)
    trace = [json.loads(line) for line in (out / "trace.jsonl").read_text().splitlines()]
    assert trace[0]["node"] == "search_outline" and trace[1]["node"] == "init_outline"


def test_auto_picks_agentcpm_for_an_agentcpm_model_name(agentcpm, text_corpus, tmp_path):
    url, model = agentcpm
    result, out = run(url, text_corpus, tmp_path, "--model", "openbmb/AgentCPM-Report")
    assert_complete_trained_run(result, out, model, text_corpus)


def test_prompts_dir_renders_the_users_templates(agentcpm, text_corpus, tmp_path):
    url, model = agentcpm
    result, out = run(url, text_corpus, tmp_path, "--dialect", "agentcpm", "--prompts-dir", str(FIXTURE_PROMPTS))
    assert_complete_trained_run(result, out, model, text_corpus)
    assert all(r["messages"][0]["content"].startswith("[fixture template]") for r in model.records)


def test_prompts_dir_problems_are_named_before_the_run(agentcpm, text_corpus, tmp_path):
    url, model = agentcpm
    partial = tmp_path / "prompts"
    shutil.copytree(FIXTURE_PROMPTS, partial)
    (partial / "surveycpm_write.jinja").unlink()
    result, _ = run(url, text_corpus, tmp_path, "--prompts-dir", str(partial))
    assert result.returncode == 2 and "surveycpm_write.jinja" in result.stderr

    shutil.copy(FIXTURE_PROMPTS / "surveycpm_write.jinja", partial)
    search = partial / "surveycpm_search.jinja"
    search.write_text(search.read_text().replace("{{ current_outline }}", "{{ current_outlines }}"))
    result, _ = run(url, text_corpus, tmp_path, "--prompts-dir", str(partial))
    message = result.stderr.replace("\n", "")  # rich wraps long paths
    assert result.returncode == 2 and "current_outlines" in message and "surveycpm_search.jinja" in message
    assert model.records == []  # nothing was sent: the run never started


def test_warp_dialect_prompts_are_out_of_distribution_for_the_trained_model(agentcpm, text_corpus, tmp_path):
    url, model = agentcpm
    result, out = run(url, text_corpus, tmp_path, "--dialect", "warp", "--model", "openbmb/AgentCPM-Report")
    assert result.returncode == 1, result.stderr  # no report is a failure scripts can see
    report = (out / "report.md").read_text()
    assert report.startswith("# Report not written") and "no valid outline" in report
    assert "--dialect agentcpm" in report  # the note says what to do
    assert "no report written" in result.stderr and "--dialect agentcpm" in result.stderr
    assert model.records and all(r["step"] is None for r in model.records)
    assert "system" in model.records[0]["reason"] or "match no trained step" in model.records[0]["reason"]
