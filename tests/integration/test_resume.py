"""kill -9 a CLI run mid-way, resume it: finished sections stay as they were, nothing is redone."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.support.simserver import SimulatedModel, make_server

QUESTION = "How do inverters and batteries work with solar panels?"


def sections(report: str) -> dict[str, str]:
    parts = re.split(r"^(#{2,4} [\d.]+ .*)$", report.split("## References")[0], flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize("kill_at", [3, 6, 10])
def test_kill_and_resume(kill_at, text_corpus, tmp_path):
    model = SimulatedModel(extend_times=1, stamp=True)
    model.hold_from = kill_at
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/v1"
    env = {**os.environ, "WARP_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "warp_report.cli", "run", QUESTION, "--corpus", str(text_corpus), "--base-url", url,
         "--model", "sim", "--out-dir", str(out), "--json-events"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while model.received < kill_at and time.monotonic() < deadline:
        time.sleep(0.05)
    assert model.received == kill_at, "the run never reached the kill point"
    time.sleep(0.3)  # let the checkpoint of the previous node land
    proc.send_signal(signal.SIGKILL)
    stdout, _ = proc.communicate(timeout=30)
    thread_id = re.search(r'"thread_id": "(\w+)"', stdout).group(1)
    written_before = [line for line in stdout.splitlines() if '"section_written"' in line]
    answered_before = model.requests

    model.hold_from = None
    model.release.set()
    result = subprocess.run([sys.executable, "-m", "warp_report.cli", "run", "--resume", thread_id, "--json-events"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text()
    stamps = [int(s) for s in re.findall(r"Reply stamp (\d+)", report)]
    # Text written before the kill keeps its stamp (from a request answered before the kill).
    assert len([s for s in stamps if s <= answered_before]) >= len(written_before)
    # Every section's text is one reply; no section was written twice.
    assert len(stamps) == len(set(stamps)) == len(sections(report))
    # The resumed process asked only for what was left: fresh + resumed requests match one full run.
    resumed_writes = result.stdout.count('"section_written"')
    assert resumed_writes + len(written_before) == len(sections(report))
    server.shutdown()
