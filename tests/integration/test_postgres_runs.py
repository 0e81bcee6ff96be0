"""Runs shared through PostgreSQL: a CLI run killed on worker A is finished on worker B, listed from C.

Each "worker" is a CLI process with its own data dir; they share only the PostgreSQL URL (checkpoints
and run records) and a Chroma server (corpus and evidence memory). Worker A's data dir is deleted
after the kill, so B cannot lean on anything A left on disk.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support.chroma import running_chroma
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
from tests.support.simserver import SimulatedModel, make_server

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "How do inverters and batteries work with solar panels?"
KILL_AT = 6  # the sixth model request: the outline is planned and some sections are written


def sections(report: str) -> dict[str, str]:
    parts = re.split(r"^(#{2,4} [\d.]+ .*)$", report.split("## References")[0], flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


@pytest.fixture
def chroma_url(tmp_path):
    with running_chroma(tmp_path / "chroma") as url:
        yield url


def worker_env(data_dir: Path, **extra: str) -> dict[str, str]:
    # PYTHONPATH: the subprocess imports this checkout's warp_report whatever the venv's install points at.
    env = {**os.environ, "WARP_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT), **extra}
    env.pop("WARP_CHECKPOINT_URL", None)
    env.update(extra)
    return env


def cli(*args: str, env: dict[str, str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warp_report.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout)


def test_run_killed_on_one_worker_is_finished_on_another(postgres_url, chroma_url, text_corpus, tmp_path):  # noqa: F811
    model = SimulatedModel(extend_times=1, stamp=True)
    model.hold_from = KILL_AT
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    model_url = f"http://127.0.0.1:{server.server_port}/v1"
    data_a, data_b, data_c = (tmp_path / name for name in ("data-a", "data-b", "data-c"))
    out = tmp_path / "out"

    # Worker A: the flag form of the URL.
    proc = subprocess.Popen(
        [sys.executable, "-m", "warp_report.cli", "run", QUESTION, "--corpus", str(text_corpus),
         "--base-url", model_url, "--model", "sim", "--out-dir", str(out), "--json-events",
         "--chroma-url", chroma_url, "--checkpoint-url", postgres_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=worker_env(data_a), cwd=tmp_path)
    deadline = time.monotonic() + 120
    while model.received < KILL_AT and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert model.received == KILL_AT, "worker A never reached the kill point: " + (proc.stderr.read() if proc.poll() is not None else "")
    time.sleep(0.5)  # let the checkpoint of the previous node land
    proc.send_signal(signal.SIGKILL)
    stdout, _ = proc.communicate(timeout=30)
    thread_id = re.search(r'"thread_id": "(\w+)"', stdout).group(1)
    written_before = [line for line in stdout.splitlines() if '"section_written"' in line]
    assert written_before, "the kill came before any section was written; the test proves less than it claims"
    answered_before = model.requests
    # Nothing of the run is kept on A's disk: the checkpoints and the record are in PostgreSQL.
    assert not (data_a / "checkpoints.sqlite").exists() and not (data_a / "runs").exists()
    shutil.rmtree(data_a)

    # Worker C sees the run, still marked running (A died without a word).
    listed = cli("runs", "--checkpoint-url", postgres_url, env=worker_env(data_c), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert thread_id in listed.stdout and "running" in listed.stdout

    # Worker B: the environment form of the URL, its own empty data dir.
    model.hold_from = None
    model.release.set()
    resumed = cli("run", "--resume", thread_id, "--json-events",
                  env=worker_env(data_b, WARP_CHECKPOINT_URL=postgres_url), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    report = (out / "report.md").read_text()
    stamps = [int(s) for s in re.findall(r"Reply stamp (\d+)", report)]
    # Sections written on A keep the text A wrote (stamps from requests answered before the kill) ...
    assert len([s for s in stamps if s <= answered_before]) >= len(written_before)
    # ... each section is one reply, and B wrote only what A had not.
    assert len(stamps) == len(set(stamps)) == len(sections(report))
    assert resumed.stdout.count('"section_written"') + len(written_before) == len(sections(report))
    assert not (data_b / "checkpoints.sqlite").exists() and not (data_b / "runs").exists()

    listed = cli("runs", env=worker_env(data_c, WARP_CHECKPOINT_URL=postgres_url), cwd=tmp_path)
    assert thread_id in listed.stdout and "finished" in listed.stdout
    shown = cli("show", thread_id, "--checkpoint-url", postgres_url, "--out-dir", str(tmp_path / "again"),
                env=worker_env(data_c), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert (tmp_path / "again" / "report.md").read_text() == report
    # Without the URL, worker C's own (empty) data dir knows nothing of the run.
    assert thread_id not in cli("runs", env=worker_env(data_c), cwd=tmp_path).stdout
    server.shutdown()


def test_unreachable_database_is_a_clear_error(tmp_path, unused_port):
    url = f"postgresql://warp:secret@127.0.0.1:{unused_port}/warp"
    result = cli("runs", "--checkpoint-url", url, env=worker_env(tmp_path / "data"), cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot use the checkpoint database" in result.stderr and "secret" not in result.stderr
