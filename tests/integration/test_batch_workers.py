"""``benchmarks/run_tasks.py --workers N --checkpoint-url``: a task set over local worker processes that
share PostgreSQL; a worker killed mid-task leaves a run that ``--resume-failed`` finishes from its
last checkpoint (same thread, not a fresh start)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

from tests.support.chroma import running_chroma
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
from tests.support.simserver import SimulatedModel, make_server

ROOT = Path(__file__).resolve().parents[2]
KILL_AT = 4  # the killed task's 4th model request is held: its outline is planned, parts are written
KILLED_QUESTION = "How do solar inverters work?"


class HoldOneTask(SimulatedModel):
    """Holds only the killed task's requests (from KILL_AT on), so the other task's pace cannot matter."""

    held = 0

    def complete(self, body):
        if KILLED_QUESTION in json.dumps(body.get("messages", [])):
            with self.lock:
                self.held += 1
                number = self.held
            if number >= KILL_AT:
                self.release.wait()
        return super().complete(body)


def batch(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "run_tasks.py"), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)


def worker_of(out: Path) -> int | None:
    """The pid of the ``warp-report run`` process writing into ``out``."""
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"run" in argv and str(out).encode() in argv and b"--out-dir" in argv:
            return int(entry.name)
    return None


def checkpoints(url: str, out: Path) -> int:
    """Checkpoints stored for the run whose record names ``out`` (0 while it has none)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("select thread_id from warp_runs where record->>'out_dir' = %s", (str(out),)).fetchone()
        if row is None:
            return 0
        return conn.execute("select count(*) from checkpoints where thread_id = %s", (row[0],)).fetchone()[0]


def test_killed_worker_run_is_finished_by_resume_failed(postgres_url, text_corpus, tmp_path):  # noqa: F811
    model = HoldOneTask(extend_times=0)
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("".join(json.dumps({"id": i, "question": q, "corpus": str(text_corpus)}) + "\n" for i, q in
                             [(1, KILLED_QUESTION), (2, "How do home batteries store solar energy?")]))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WARP_CHECKPOINT_URL", None)
    common = [str(tasks), "--base-url", f"http://127.0.0.1:{server.server_port}/v1", "--model", "sim",
              "--out", str(out), "--no-embed", "--workers", "2", "--checkpoint-url", postgres_url]
    killed = out / "warp" / "001"
    with running_chroma(tmp_path / "chroma") as chroma:  # several workers share one Chroma server
        first = batch(*common, "--chroma-url", chroma, env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and first.poll() is None and not (
                model.held >= KILL_AT and checkpoints(postgres_url, killed) > 0):
            time.sleep(0.1)
        pid = worker_of(killed)
        assert pid is not None and first.poll() is None, "the batch never reached the kill point: " + (
            first.communicate()[0] if first.poll() is not None else f"{model.held} requests of the task")
        os.kill(pid, signal.SIGKILL)
        model.release.set()
        log, _ = first.communicate(timeout=120)
        assert "warp/002: ok" in log and "warp/001: failed (exit -9" in log, log
        assert not (killed / "report.md").exists()
        thread_id = json.loads((killed / "task.json").read_text())["thread_id"]
        assert thread_id
        requests_before = model.requests

        second = batch(*common, "--chroma-url", chroma, "--resume-failed", env=env)
        log, _ = second.communicate(timeout=120)
    assert second.returncode == 0, log
    assert "warp/001: resumed, ok" in log and "warp/002: done before" in log, log
    meta = json.loads((killed / "task.json").read_text())
    # The same run went on from its checkpoint (a fresh start would be a new thread).
    assert meta["thread_id"] == thread_id and meta["resumed"] is True
    assert json.loads((killed / "summary.json").read_text())["thread_id"] == thread_id
    assert model.requests > requests_before
    assert "## References" in (killed / "report.md").read_text()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        statuses = dict(conn.execute("select record->>'out_dir', record->>'status' from warp_runs").fetchall())
    assert statuses == {str(killed): "finished", str(out / "warp" / "002"): "finished"}
    server.shutdown()
