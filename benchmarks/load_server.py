"""Load benchmark on the self-hosted server: N concurrent runs over ``langhost`` with W worker processes.

Not a test. Starts the whole stack on 127.0.0.1 — a throwaway PostgreSQL (Debian package), Redis,
a Chroma server, the simulated model, and ``langhost serve --workers W`` (stock ``langgraph-api``
on ``langgraph-runtime-pg``) — then launches the runs at once through the SDK and checks every
finished report exactly as ``benchmarks/load.py`` does (complete, cited, isolated per corpus).
``--server-url`` skips the stack and drives a server you started yourself (its model, corpora
paths and Chroma must then be reachable from it).

    python benchmarks/load_server.py [--runs 50] [--workers 2] [--jobs 10] [--json OUT] [--keep]
    python benchmarks/load_server.py --server-url http://127.0.0.1:2024 --runs 50

For the comparison on ``langgraph dev`` (one process, in-memory): ``python benchmarks/load.py --runs 50``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

# The repository root (for tests.support) and this folder (for load.py's helpers).
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]
from load import HOST, ROOT, drive, print_table, summarize, write_corpora

from tests.support.chroma import running_chroma
from tests.support.postgres import free_port, running_postgres
from tests.support.simserver import SimulatedModel, make_server

# Schema setup once before the workers start: it races when several workers start on an empty database.
PREPARE = ("import asyncio, os\nos.environ['LANGGRAPH_RUNTIME_EDITION'] = 'pg'\n"
           "from langgraph_runtime_pg.database import start_pool, stop_pool\n"
           "async def main():\n    await start_pool()\n    await asyncio.wait_for(stop_pool(), 10)\n"
           "asyncio.run(main())\nos._exit(0)\n")


@contextlib.contextmanager
def running_redis(folder: Path):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        yield f"redis://{HOST}:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextlib.contextmanager
def running_langhost(env: dict[str, str], workers: int, jobs: int, log_path: Path):
    langhost = Path(sys.executable).with_name("langhost")
    if not langhost.exists():
        raise SystemExit('langhost is not installed: pip install -e ".[server]"')
    subprocess.run([sys.executable, "-c", PREPARE], env=env, cwd=ROOT, check=True, timeout=180, capture_output=True)
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(langhost), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers),
                                 "--n-jobs-per-worker", str(jobs), "--no-browser", "-c", "langgraph.json"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("langhost did not start:\n" + log_path.read_text()[-3000:])
                try:
                    if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            time.sleep(3 * workers)  # /ok answers as soon as one worker is up; give the others their start-up
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="langhost worker processes")
    parser.add_argument("--jobs", type=int, default=None, help="--n-jobs-per-worker (default: runs / workers, rounded up)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run (the batch gets +30s)")
    parser.add_argument("--warmup", action=argparse.BooleanOptionalAction, default=True,
                        help="one untimed run per corpus first, so the batch does not ingest (default on)")
    parser.add_argument("--server-url", help="drive this running server instead of starting the stack")
    parser.add_argument("--prompt-ms-per-token", type=float, default=0.0)
    parser.add_argument("--completion-ms-per-token", type=float, default=0.0)
    parser.add_argument("--json", metavar="OUT", help="write the records and summary as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server log, data)")
    args = parser.parse_args()
    args.jobs = args.jobs or -(-args.runs // args.workers)

    model = SimulatedModel(extend_times=1, prompt_ms=args.prompt_ms_per_token, completion_ms=args.completion_ms_per_token)
    server = make_server(HOST, 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    model_url = f"http://{HOST}:{server.server_port}/v1"
    tmp = Path(tempfile.mkdtemp(prefix="warp-load-server-"))
    corpora = write_corpora(tmp)
    code = 1
    try:
        with contextlib.ExitStack() as stack:
            if args.server_url:
                url = args.server_url
                print(f"server {url} (started elsewhere); corpora in {tmp}", flush=True)
            else:
                database = stack.enter_context(running_postgres()).create_database("langhost")
                redis = stack.enter_context(running_redis(tmp))
                chroma = stack.enter_context(running_chroma(tmp / "chroma"))
                env = {**os.environ, "DATABASE_URI": database, "REDIS_URI": redis, "WARP_CHROMA_URL": chroma,
                       "WARP_BASE_URL": model_url, "WARP_MODEL": "sim", "WARP_DATA_DIR": str(tmp / "data"),
                       "WARP_CORPUS_ROOTS": str(tmp),
                       "PYTHONPATH": str(ROOT), "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGSMITH_TRACING": "false",
                       "LANGGRAPH_NO_VERSION_CHECK": "true"}
                url = stack.enter_context(running_langhost(env, args.workers, args.jobs, tmp / "server.log"))
                print(f"langhost on {url}: {args.workers} workers x {args.jobs} jobs; PostgreSQL, Redis, "
                      f"Chroma {chroma}; model {model_url}", flush=True)
            result = asyncio.run(drive(url, args, corpora))
            summary = summarize(result, args, model)
            summary.update(server="external" if args.server_url else "langhost", workers=args.workers,
                           runs_per_minute=round(summary["completed"] / result["wall_s"] * 60, 1))
            print_table(result, summary)
            print(f"runs/minute {summary['runs_per_minute']} ({summary['completed']} completed in "
                  f"{result['wall_s']:.1f}s, {args.workers} workers)")
            if args.json:
                Path(args.json).write_text(json.dumps({"summary": summary, **result}, indent=2, default=str))
                print(f"wrote {args.json}")
            bad = summary["failed"] or summary["complete_ok"] < summary["completed"] \
                or summary["isolated_ok"] < summary["completed"]
            code = 1 if bad else 0
            if bad:
                print(f"server log: {tmp / 'server.log'}" if args.keep else "(re-run with --keep to keep the logs)")
    finally:
        server.shutdown()
        server.server_close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
