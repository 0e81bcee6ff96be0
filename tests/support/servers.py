"""The LangGraph servers that tests and benchmarks drive, started on 127.0.0.1 and stopped afterwards.

- ``running_langgraph_dev``: ``langgraph dev`` (one process, in-memory runtime);
- ``running_langhost``: ``langhost serve`` with worker processes on PostgreSQL and Redis, after the
  runtime's schema setup (``warp_report.cli.serve.setup_schema``, as ``warp-report serve`` does);
- ``running_server``: any such command (``warp-report serve`` too), waited for on ``/ok`` and
  stopped with its whole process group, workers included;
- ``running_redis``: a throwaway Redis for ``langhost``.

    with running_langgraph_dev({"WARP_MODEL": "sim", ...}, tmp / "server.log") as server:
        client = get_client(url=server.url)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.postgres import free_port

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]
#: No calls home from a test machine: analytics, version check, tracing.
QUIET = {"LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGGRAPH_NO_VERSION_CHECK": "true", "LANGSMITH_TRACING": "false"}


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer ``/ok`` in time; the message ends with its log."""


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log_path: Path


def venv_command(name: str) -> str:
    """A console script of this environment (``langgraph`` from the test extra, ``langhost`` from server)."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        raise ServerDidNotStart(f'{name} is not installed next to {sys.executable}: pip install -e ".[test,server]"')
    return str(path)


def worker_pids(parent: int) -> list[int]:
    """The server's worker processes: the parent's live children, not multiprocessing's resource tracker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(comm)": state, ppid, ...
        if int(fields[1]) == parent and b"resource_tracker" not in cmdline and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM to the server's process group (it was started in its own session), SIGKILL if it lingers."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextmanager
def running_server(argv: Sequence[str], port: int, *, env: Mapping[str, str], cwd: Path, log_path: Path,
                   timeout: float = 120, ready: Callable[[subprocess.Popen], bool] | None = None) -> Iterator[Server]:
    """Start ``argv`` (a server listening on ``port``), wait until ``/ok`` answers and ``ready(proc)`` holds."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        url = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-3000:]
                    raise ServerDidNotStart(f"{Path(argv[0]).name} did not start within {timeout:.0f} s:\n{tail}")
                try:
                    if httpx.get(f"{url}/ok", timeout=2).status_code == 200 and (ready is None or ready(proc)):
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            yield Server(url, proc, log_path)
        finally:
            stop(proc)


@contextmanager
def running_langgraph_dev(env: Mapping[str, str], log_path: Path, *, jobs: int | None = None,
                          timeout: float = 90) -> Iterator[Server]:
    """``langgraph dev`` serving this checkout's ``langgraph.json``; ``env`` adds to the environment."""
    port = free_port()
    argv = [venv_command("langgraph"), "dev", "--no-browser", "--no-reload", "--host", HOST, "--port", str(port)]
    if jobs:
        argv += ["--n-jobs-per-worker", str(jobs)]
    with running_server(argv, port, env={**os.environ, **QUIET, **env}, cwd=ROOT, log_path=log_path,
                        timeout=timeout) as server:
        yield server


@contextmanager
def running_langhost(env: Mapping[str, str], log_path: Path, *, workers: int, jobs: int,
                     timeout: float = 180) -> Iterator[Server]:
    """``langhost serve`` with ``workers`` worker processes; ``env`` names DATABASE_URI and REDIS_URI.

    Ready once every worker process is up (``/ok`` answers as soon as the first one is).
    """
    from warp_report.cli.serve import ServeError, setup_schema

    command = venv_command("langhost")
    full_env = {**os.environ, **QUIET, **env}
    try:
        setup_schema(full_env)  # it races when several workers start on an empty database
    except ServeError as exc:
        raise ServerDidNotStart(str(exc)) from None
    port = free_port()
    argv = [command, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers),
            "--n-jobs-per-worker", str(jobs), "--no-browser", "-c", "langgraph.json"]
    with running_server(argv, port, env=full_env, cwd=ROOT, log_path=log_path, timeout=timeout,
                        ready=lambda proc: len(worker_pids(proc.pid)) == workers) as server:
        yield server


@contextmanager
def running_redis(folder: Path) -> Iterator[str]:
    """A Redis server with nothing persisted; yields its ``redis://`` URL."""
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        yield f"redis://{HOST}:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
