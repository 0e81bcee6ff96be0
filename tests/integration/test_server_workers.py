"""The graph on the self-hosted server (``langhost``: stock ``langgraph-api`` on ``langgraph-runtime-pg``)
with two worker processes, PostgreSQL and Redis, driven by the stock ``langgraph_sdk`` client.

Runs go through the server's PostgreSQL queue; a run whose worker process is killed stops
heartbeating in Redis, is swept back to pending and finishes on a worker that is alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from langgraph_sdk import get_client

from tests.support.chroma import running_chroma
from tests.support.postgres import postgres_server  # noqa: F401  (fixture)
from tests.support.sdk import review_edit_and_finish
from tests.support.servers import ROOT, running_langhost, running_redis, worker_pids
from tests.support.simserver import SimulatedModel, make_server

WORKERS = 2
HEARTBEAT_S = 2  # LG_BG_JOB_HEARTBEAT: a dead worker's run is swept after about twice this


@pytest.fixture(scope="module")
def model():
    model = SimulatedModel(extend_times=1)
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    model.port = server.server_port
    yield model
    model.release.set()
    server.shutdown()


@pytest.fixture(scope="module")
def server(model, postgres_server, tmp_path_factory):  # noqa: F811
    work = tmp_path_factory.mktemp("server")
    with contextlib.ExitStack() as stack:
        # Every worker reaches the same corpus and evidence memory through the Chroma server.
        env = {"DATABASE_URI": postgres_server.create_database(),
               "REDIS_URI": stack.enter_context(running_redis(tmp_path_factory.mktemp("redis"))),
               "WARP_CHROMA_URL": stack.enter_context(running_chroma(work / "chroma")),
               "LG_BG_JOB_HEARTBEAT": str(HEARTBEAT_S), "WARP_BASE_URL": f"http://127.0.0.1:{model.port}/v1",
               "WARP_MODEL": "sim", "WARP_DATA_DIR": str(work / "data"), "PYTHONPATH": str(ROOT),
               "WARP_CORPUS_ROOTS": str(tmp_path_factory.getbasetemp())}
        yield stack.enter_context(running_langhost(env, work / "server.log", workers=WORKERS, jobs=4, timeout=120))


def pid_talking_to(port: int, candidates: list[int]) -> int | None:
    """Which candidate process has a TCP connection open to 127.0.0.1:port (the held model request)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote_port = int(fields[2].split(":")[1], 16)
        if remote_port == port and fields[3] == "01":  # 01: ESTABLISHED
            inodes.add(fields[9])
    for pid in candidates:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if any(link == f"socket:[{inode}]" for link in links for inode in inodes):
            return pid
    return None


async def test_stream_review_and_finish_through_the_sdk(server, text_corpus):
    await review_edit_and_finish(server.url, text_corpus)


async def test_run_whose_worker_dies_finishes_on_another(server, model, text_corpus):
    client = get_client(url=server.url)
    thread = await client.threads.create()
    start = model.received
    model.hold_from = start + 4  # the run's fourth model request waits: a section is being written
    run = await client.runs.create(thread["thread_id"], "warp", context={"protocol": "tagged"},
                                   input={"question": "How do batteries store solar energy?",
                                          "corpus": [str(text_corpus)]})
    deadline = time.monotonic() + 120
    while model.received < model.hold_from and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert model.received >= model.hold_from, "the run never reached the held request"
    before = worker_pids(server.proc.pid)
    victim = pid_talking_to(model.port, before)
    assert victim is not None, "no worker holds the model request"
    os.kill(victim, signal.SIGKILL)
    model.hold_from = None
    model.release.set()

    # A new client: the old one's kept-alive connection may have been to the killed worker.
    client = get_client(url=server.url)
    finished = await asyncio.wait_for(client.runs.join(thread["thread_id"], run["run_id"]), timeout=180)
    status = (await client.runs.get(thread["thread_id"], run["run_id"]))["status"]
    assert status == "success", status
    assert "## References" in finished["report"] and not finished.get("partial")
    assert victim not in worker_pids(server.proc.pid)
    recovered_requests = model.received - start

    # The server answers on as before: another run goes through.
    other = await client.threads.create()
    start = model.received
    result = await client.runs.wait(other["thread_id"], "warp", context={"protocol": "tagged"},
                                    input={"question": "What do inverters do?", "corpus": [str(text_corpus)]})
    assert "## References" in result["report"]
    # The retry continued from the last checkpoint: only the request lost with the worker was asked
    # again, not the whole run (the simulated model makes every run the same number of requests).
    assert recovered_requests == model.received - start + 1
