"""``warp-report serve``: the graph on the self-hosted server with several workers, in one command.

It checks what the server needs (README, "Scaling out"), runs the runtime's schema setup once, then
replaces itself with ``langhost serve -c langgraph.json --workers N`` (stock ``langgraph-api`` on the
MIT PostgreSQL+Redis runtime ``langgraph-runtime-pg``):

    DATABASE_URI=postgresql://... REDIS_URI=redis://127.0.0.1:6379/0 WARP_CHROMA_URL=http://127.0.0.1:8001 \\
    WARP_BASE_URL=http://vllm:8000/v1 WARP_MODEL=NAME WARP_CORPUS_ROOTS=/srv/corpora \\
        warp-report serve --workers 4          # or: python -m warp_report.cli serve --workers 4

PostgreSQL, Redis and the Chroma server are started by their own commands (one per piece, in the
README); this command says which one is missing or unreachable instead of failing inside a worker.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.markup import escape

from warp_report.secrets import mask_url, scrub

err = Console(stderr=True, highlight=False, soft_wrap=True)

SERVER_EXTRA = 'the server is not installed: pip install -e ".[server]" (langhost and langgraph-runtime-pg)'
# Run once before the workers start: the runtime's migrations, checkpointer and store setup race when
# several workers start together on an empty database. os._exit: the runtime leaves a non-daemon
# thread behind that would keep the process alive after the setup is done.
SCHEMA_SETUP = ("import asyncio, os\n"
                "from langgraph_runtime_pg.database import start_pool, stop_pool\n"
                "async def main():\n    await start_pool()\n    await asyncio.wait_for(stop_pool(), 10)\n"
                "asyncio.run(main())\nos._exit(0)\n")


class ServeError(Exception):
    """A missing or unreachable piece of the stack; said in one line, with the command that fixes it."""


def langhost_executable() -> str:
    """The ``langhost`` next to this Python (the server extra), else on PATH."""
    if importlib.util.find_spec("langgraph_runtime_pg") is None:
        raise ServeError(SERVER_EXTRA)
    beside = Path(sys.executable).with_name("langhost")
    found = str(beside) if beside.exists() else shutil.which("langhost")
    if not found:
        raise ServeError(SERVER_EXTRA)
    return found


def check_postgres(url: str) -> None:
    try:
        import psycopg
    except ImportError:
        raise ServeError(SERVER_EXTRA) from None
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("select 1")
    except psycopg.Error as exc:
        raise ServeError(f"cannot reach PostgreSQL at {mask_url(url)}: {scrub(str(exc)).strip()}; start it "
                         "(e.g. pg_ctlcluster 15 main start) or fix DATABASE_URI") from None


def check_redis(url: str) -> None:
    """A PING over a plain socket: the runtime streams run events and worker heartbeats through Redis."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ServeError(f"REDIS_URI must be a redis:// URL, not {mask_url(url)!r}")
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=5) as sock:
            sock.sendall(b"PING\r\n")
            reply = sock.recv(64)
    except OSError as exc:
        raise ServeError(f"cannot reach Redis at {mask_url(url)} ({exc.strerror or exc}); start it: "
                         "redis-server --daemonize yes --bind 127.0.0.1") from None
    if not reply.startswith((b"+PONG", b"-NOAUTH")) and parts.scheme == "redis":
        raise ServeError(f"{mask_url(url)} does not answer like Redis ({reply[:40]!r})")


def check_chroma(url: str | None, workers: int) -> None:
    if not url:
        if workers > 1:
            # Embedded Chroma in one data dir is not safe across processes (ids go missing after a recovery).
            raise ServeError("several workers need a Chroma server for corpora and evidence memory: start one "
                             "(chroma run --path DIR --host 127.0.0.1 --port 8001) and set WARP_CHROMA_URL")
        return
    import httpx

    try:
        httpx.get(url.rstrip("/") + "/api/v2/heartbeat", timeout=5)
    except httpx.HTTPError as exc:
        raise ServeError(f"cannot reach the Chroma server at {mask_url(url)} ({type(exc).__name__}); start it: "
                         "chroma run --path DIR --host 127.0.0.1 --port 8001") from None


def setup_schema(env: dict[str, str]) -> None:
    """The server's tables, once, before any worker starts (see SCHEMA_SETUP)."""
    try:
        done = subprocess.run([sys.executable, "-c", SCHEMA_SETUP], env={**env, "LANGGRAPH_RUNTIME_EDITION": "pg"},
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise ServeError("the server's schema setup did not finish within 300 s") from None
    if done.returncode != 0:
        raise ServeError("the server's schema setup failed:\n" + scrub(done.stderr[-2000:]))


def default_config() -> Path:
    """``langgraph.json`` here, else the one of this checkout."""
    here = Path("langgraph.json")
    return here if here.is_file() else Path(__file__).resolve().parents[2] / "langgraph.json"


def server_env(database_uri: str, redis_uri: str, chroma_url: str | None, corpus_roots: str | None) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URI": database_uri, "REDIS_URI": redis_uri}
    if chroma_url:
        env["WARP_CHROMA_URL"] = chroma_url
    if corpus_roots:
        env["WARP_CORPUS_ROOTS"] = corpus_roots
    # No calls home from a cluster that may have no internet (analytics, version check, tracing).
    for key, value in (("LANGGRAPH_CLI_NO_ANALYTICS", "1"), ("LANGGRAPH_NO_VERSION_CHECK", "true"),
                       ("LANGSMITH_TRACING", "false")):
        env.setdefault(key, value)
    return env


def serve(
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (each runs queued runs).")] = 2,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Runs at once per worker (--n-jobs-per-worker).")] = 10,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 2024,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="langgraph.json (default: here, else this checkout's).")] = None,
    database_uri: Annotated[Optional[str], typer.Option("--database-uri", envvar="DATABASE_URI",
                                                        help="PostgreSQL for runs, queue, checkpoints.")] = None,
    redis_uri: Annotated[Optional[str], typer.Option("--redis-uri", envvar="REDIS_URI",
                                                     help="Redis for streams and worker heartbeats.")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", envvar="WARP_CHROMA_URL",
                                                      help="Chroma server shared by the workers.")] = None,
    corpus_roots: Annotated[Optional[str], typer.Option("--corpus-roots", envvar="WARP_CORPUS_ROOTS",
                                                        help="Folders served runs may read (os.pathsep-separated).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Check the stack and set up the schema; do not serve.")] = False,
) -> None:
    """Serve the graph on the self-hosted server (langhost, PostgreSQL + Redis) with several workers."""
    try:
        if not database_uri:
            raise ServeError("the server keeps runs, its queue and checkpoints in PostgreSQL: set DATABASE_URI="
                             "postgresql://USER:PASS@HOST:5432/DB (or --database-uri); README, 'Scaling out'")
        if not redis_uri:
            raise ServeError("the server needs Redis: start it (redis-server --daemonize yes --bind 127.0.0.1) and "
                             "set REDIS_URI=redis://127.0.0.1:6379/0 (or --redis-uri)")
        langhost = langhost_executable()
        config = (config or default_config()).resolve()
        if not config.is_file():
            raise ServeError(f"no {config}; run from the checkout or pass --config PATH/langgraph.json")
        check_postgres(database_uri)
        check_redis(redis_uri)
        check_chroma(chroma_url, workers)
        env = server_env(database_uri, redis_uri, chroma_url, corpus_roots)
        setup_schema(env)
    except ServeError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")  # escape: '.[server]' is not markup
        raise typer.Exit(2) from None
    err.print(f"PostgreSQL {mask_url(database_uri)}, Redis {mask_url(redis_uri)}, Chroma {chroma_url or 'embedded'}, "
              f"corpora under {corpus_roots or 'the data dir and the working directory'}: ready")
    if check:
        return
    argv = [langhost, "serve", "--host", host, "--port", str(port), "--workers", str(workers),
            "--n-jobs-per-worker", str(jobs), "--no-browser", "-c", str(config)]
    err.print(f"serving {config} on http://{host}:{port} with {workers} workers x {jobs} runs")
    sys.stderr.flush()
    os.chdir(config.parent)  # the graph paths in langgraph.json are relative to it
    os.execve(langhost, argv, env)
