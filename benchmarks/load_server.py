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
import sys
import time
from pathlib import Path

# The repository root (for tests.support) and this folder (for load.py's helpers).
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]
from load import drive, print_table, report_outcome, simulated_setup, summarize

from tests.support.chroma import running_chroma
from tests.support.postgres import running_postgres
from tests.support.servers import ROOT, ServerDidNotStart, running_langhost, running_redis


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

    with simulated_setup(args, "warp-load-server-") as (model, model_url, tmp, corpora), \
            contextlib.ExitStack() as stack:
        try:
            if args.server_url:
                url = args.server_url
                print(f"server {url} (started elsewhere); corpora in {tmp}", flush=True)
            else:
                database = stack.enter_context(running_postgres()).create_database("langhost")
                redis = stack.enter_context(running_redis(tmp))
                chroma = stack.enter_context(running_chroma(tmp / "chroma"))
                env = {"DATABASE_URI": database, "REDIS_URI": redis, "WARP_CHROMA_URL": chroma,
                       "WARP_BASE_URL": model_url, "WARP_MODEL": "sim", "WARP_DATA_DIR": str(tmp / "data"),
                       "WARP_CORPUS_ROOTS": str(tmp), "PYTHONPATH": str(ROOT)}
                url = stack.enter_context(running_langhost(env, tmp / "server.log", workers=args.workers,
                                                           jobs=args.jobs)).url
                time.sleep(3 * args.workers)  # the workers' processes are up; give them their start-up too
                print(f"langhost on {url}: {args.workers} workers x {args.jobs} jobs; PostgreSQL, Redis, "
                      f"Chroma {chroma}; model {model_url}", flush=True)
        except ServerDidNotStart as exc:
            print(exc, file=sys.stderr)
            return 1
        result = asyncio.run(drive(url, args, corpora))
        summary = summarize(result, args, model)
        summary.update(server="external" if args.server_url else "langhost", workers=args.workers,
                       runs_per_minute=round(summary["completed"] / result["wall_s"] * 60, 1))
        print_table(result, summary)
        print(f"runs/minute {summary['runs_per_minute']} ({summary['completed']} completed in "
              f"{result['wall_s']:.1f}s, {args.workers} workers)")
        return report_outcome(result, summary, args, tmp / "server.log")


if __name__ == "__main__":
    sys.exit(main())
