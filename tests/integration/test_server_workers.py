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
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_client

from tests.support.chroma import running_chroma
from tests.support.postgres import free_port, postgres_server  # noqa: F401  (fixture)
from tests.support.simserver import SimulatedModel, make_server

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
HEARTBEAT_S = 2  # LG_BG_JOB_HEARTBEAT: a dead worker's run is swept after about twice this
EDITED = "# Inverters, edited\n\n## DC and AC\nWhy conversion.\n\n## Tracking\nMPPT.\n\n## Grid rules\nSafety.\n"
# The server's schema setup (Alembic, checkpointer, store) races when several workers start on an
# empty database, so it runs once before the workers start, as a deployment's pre-start step would.
PREPARE = ("import asyncio, os\nos.environ['LANGGRAPH_RUNTIME_EDITION'] = 'pg'\n"
           "from langgraph_runtime_pg.database import start_pool, stop_pool\n"
           "async def main():\n    await start_pool()\n    await asyncio.wait_for(stop_pool(), 10)\n"
           # os._exit: the runtime leaves a non-daemon thread behind that would keep this process alive.
           "asyncio.run(main())\nos._exit(0)\n")


def server_command() -> str:
    langhost = Path(sys.executable).with_name("langhost")
    if not langhost.exists():
        pytest.fail('the server is not installed: pip install -e ".[server]"')
    return str(langhost)


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
def redis_uri(tmp_path_factory):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(model, redis_uri, postgres_server, tmp_path_factory):  # noqa: F811
    command = server_command()
    work = tmp_path_factory.mktemp("server")
    port = free_port()
    chroma = contextlib.ExitStack()
    # Every worker reaches the same corpus and evidence memory through the Chroma server.
    env = {**os.environ, "DATABASE_URI": postgres_server.create_database(), "REDIS_URI": redis_uri,
           "WARP_CHROMA_URL": chroma.enter_context(running_chroma(work / "chroma")),
           "LG_BG_JOB_HEARTBEAT": str(HEARTBEAT_S), "WARP_BASE_URL": f"http://127.0.0.1:{model.port}/v1",
           "WARP_MODEL": "sim", "WARP_DATA_DIR": str(work / "data"), "PYTHONPATH": str(ROOT),
           "WARP_CORPUS_ROOTS": str(tmp_path_factory.getbasetemp()),
           "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGSMITH_TRACING": "false", "LANGGRAPH_NO_VERSION_CHECK": "true"}
    subprocess.run([sys.executable, "-c", PREPARE], env=env, cwd=ROOT, check=True, timeout=120,
                   capture_output=True)
    log = open(work / "server.log", "w")
    proc = subprocess.Popen([command, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS),
                             "--n-jobs-per-worker", "4", "--no-browser", "-c", "langgraph.json"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/ok", timeout=2).status_code == 200 and len(workers(proc.pid)) == WORKERS:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        chroma.close()
        pytest.fail("the server did not start:\n" + (work / "server.log").read_text()[-3000:])
    proc.url = url
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()
    chroma.close()


def workers(parent: int) -> list[int]:
    """The server's worker processes: the parent's children that serve requests (not multiprocessing's tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"resource_tracker" not in cmdline and stat.rsplit(")", 1)[1].split()[0] != "Z":
            found.append(int(entry.name))
    return found


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
    client = get_client(url=server.url)
    thread = await client.threads.create()
    events, interrupted = [], None
    async for part in client.runs.stream(
        thread["thread_id"], "warp",
        input={"question": "How do solar inverters work?", "corpus": [str(text_corpus)]},
        context={"protocol": "tagged", "review": "outline"}, stream_mode=["custom", "updates"],
    ):
        if part.event == "custom":
            events.append(part.data)
        if part.event == "updates" and "__interrupt__" in (part.data or {}):
            interrupted = part.data["__interrupt__"][0]["value"]
    assert interrupted and interrupted["kind"] == "outline" and "## " in interrupted["markdown"]
    assert any(e.get("event") == "outline" for e in events)

    async for part in client.runs.stream(
        thread["thread_id"], "warp", command={"resume": {"action": "edit", "markdown": EDITED}},
        context={"protocol": "tagged", "review": "outline"}, stream_mode=["custom"],
    ):
        if part.event == "custom":
            events.append(part.data)
    kinds = [e.get("event") for e in events]
    assert kinds.count("section_written") >= 3 and kinds[-1] == "finished"
    report = (await client.threads.get_state(thread["thread_id"]))["values"]["report"]
    assert report.startswith("# Inverters, edited") and "## 2 Tracking" in report and "## References" in report


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
    before = workers(server.pid)
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
    assert victim not in workers(server.pid)
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
