"""The one-command stack: ``warp-report serve --workers 2`` on a real PostgreSQL, Redis and Chroma server,
then ``benchmarks/run_tasks.py --server-url`` writes every task's outputs from the served runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support.chroma import running_chroma
from tests.support.postgres import free_port, postgres_server, postgres_url  # noqa: F401  (fixtures)
from tests.support.servers import ROOT, running_redis, running_server
from tests.support.simserver import SimulatedModel, make_server


def test_serve_then_batch_over_the_server(postgres_url, text_corpus, tmp_path):  # noqa: F811
    if not Path(sys.executable).with_name("langhost").exists():
        pytest.fail('the server is not installed: pip install -e ".[server]"')
    model = SimulatedModel(extend_times=0)
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    with running_redis(tmp_path) as redis_uri, running_chroma(tmp_path / "chroma") as chroma:
        env = {**os.environ, "DATABASE_URI": postgres_url, "REDIS_URI": redis_uri, "WARP_CHROMA_URL": chroma,
               "WARP_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "WARP_MODEL": "sim",
               "WARP_DATA_DIR": str(tmp_path / "data"), "WARP_CORPUS_ROOTS": str(text_corpus),
               "PYTHONPATH": str(ROOT)}
        # From another folder: serve finds the checkout's langgraph.json itself.
        argv = [sys.executable, "-m", "warp_report.cli", "serve", "--workers", "2", "--jobs", "2", "--port", str(port)]
        with running_server(argv, port, env=env, cwd=tmp_path, log_path=tmp_path / "serve.log", timeout=150) as served:
            tasks = tmp_path / "tasks.jsonl"
            tasks.write_text("".join(json.dumps({"id": i, "question": q, "corpus": str(text_corpus)}) + "\n" for i, q in
                                     [(1, "How do solar inverters work?"), (2, "How do home batteries store energy?")]))
            out = tmp_path / "out"
            done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run_tasks.py"), str(tasks),
                                   "--server-url", served.url, "--parallel", "2", "--out", str(out), "--no-embed"],
                                  env=env, capture_output=True, text=True, timeout=240)
    server.shutdown()
    log = (tmp_path / "serve.log").read_text(errors="replace")[-6000:]  # the server's side of a failed run
    assert done.returncode == 0, done.stdout + done.stderr + log
    assert "warp/001: ok" in done.stdout and "warp/002: ok" in done.stdout, done.stdout + log
    threads = set()
    for task in ("001", "002"):
        folder = out / "warp" / task
        assert "## References" in (folder / "report.md").read_text()
        assert json.loads((folder / "evidence.json").read_text())
        summary = json.loads((folder / "summary.json").read_text())
        assert summary["thread_id"] == json.loads((folder / "task.json").read_text())["thread_id"]
        threads.add(summary["thread_id"])
    assert len(threads) == 2  # one thread per task, on the server
    assert "== policy warp: 2 of 2 tasks" in done.stdout  # the quality table read the written outputs
