"""Run a task set through ``warp-report run`` and score every report with the quality metrics.

    python benchmarks/run_tasks.py TASKFILE --base-url URL --model M [--search local|web|both]
        [--corpus DIR] [--parallel N] [--out DIR] [--limit K] [--policy warp] [--policy plan-then-write]
        [--no-embed] [-- EXTRA warp-report run OPTIONS]

TASKFILE: ``.jsonl`` (fields ``id``; ``prompt``, ``question`` or ``query``; optional
``keypoints`` list and ``corpus`` folder), ``.csv`` (column ``query``, ``prompt`` or
``question``; the row number is the id) or ``.txt`` (one question per line).

Each task runs as its own ``warp-report run`` process (at most ``--parallel`` at once) into
``OUT/POLICY/TASK_ID/``; the process log goes to ``run.log`` there and the task's key points to
``keypoints.json``. A task whose folder already holds report.md is skipped, so an interrupted
batch continues where it stopped. Then the quality metrics of every report are printed (one
line per task and the mean per policy) and, with two policies, a comparison of the means.
Corpora are ingested once before parallel runs start (embedded Chroma under ``--data-dir``, or
the Chroma server of ``--chroma-url``).

Scaled out (README, "Scaling out"; helpers in ``batch_modes.py``):

    --server-url URL     each task is a thread on a LangGraph-API server (langhost, langgraph dev),
                         at most --parallel runs at once; the run's context comes from --model,
                         --base-url, --search, --chroma-url, --protocol and --policy, its input from
                         the corpora (paths as the server sees them) and --collection; the finished
                         state is written to OUT/POLICY/ID/ like a local run's outputs.
    --workers N --checkpoint-url postgresql://...
                         N local ``warp-report run`` processes sharing checkpoints and run records.
    --resume-failed      a task left unfinished (its worker killed, the server run failed) continues
                         from its last checkpoint: ``warp-report run --resume ID`` on the shared
                         checkpointer, or the same thread on the server, instead of starting again.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from batch_modes import resume_command, run_on_server, thread_id_in_log, unfinished_runs

from warp_report.eval.quality import (
    compact,
    default_embedder,
    evaluate_run,
    format_table,
    load_keypoints,
    mean_row,
)


def load_tasks(path: Path) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = []
    if path.suffix == ".jsonl":
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            question = rec.get("prompt") or rec.get("question") or rec.get("query")
            if not question:
                raise ValueError(f"{path}:{n}: no prompt/question/query")
            tasks.append({**rec, "id": rec.get("id", n), "question": question})
    elif path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), 1):
                question = row.get("query") or row.get("prompt") or row.get("question")
                if question and question.strip():
                    tasks.append({"id": row.get("id") or n, "question": question.strip()})
    else:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                tasks.append({"id": n, "question": line.strip()})
    for t in tasks:
        t["id"] = f"{int(t['id']):03d}" if str(t["id"]).isdigit() else str(t["id"])
    return tasks


def cli() -> list[str]:
    exe = shutil.which("warp-report")
    return [exe] if exe else [sys.executable, "-m", "warp_report.cli"]


def command(task: dict[str, Any], out: Path, policy: str, args: argparse.Namespace, extra: list[str]) -> list[str]:
    cmd = [*cli(), "run", task["question"], "--out-dir", str(out), "--quiet", "--policy", policy]
    if args.model:
        cmd += ["--model", args.model]
    if args.base_url:
        cmd += ["--base-url", args.base_url]
    if args.search:
        cmd += ["--search", args.search]
    for c in corpora(task, args):
        cmd += ["--corpus", c]
    for c in args.collection or []:
        cmd += ["--collection", c]
    if args.chroma_url:
        cmd += ["--chroma-url", args.chroma_url]
    if args.protocol:
        cmd += ["--protocol", args.protocol]
    if args.data_dir:
        cmd += ["--data-dir", args.data_dir]
    return cmd + extra


def corpora(task: dict[str, Any], args: argparse.Namespace) -> list[str]:
    if args.corpus:
        return args.corpus
    c = task.get("corpus")
    if not c:
        return []
    return [os.path.expandvars(os.path.expanduser(x)) for x in ([c] if isinstance(c, str) else c)]


def prepare(task: dict[str, Any], policy: str, args: argparse.Namespace) -> Path | None:
    """The task's output folder with its key points, or None when its report is already there."""
    out = Path(args.out) / policy / task["id"]
    if (out / "report.md").is_file():
        return None
    out.mkdir(parents=True, exist_ok=True)
    if task.get("keypoints"):
        (out / "keypoints.json").write_text(json.dumps(task["keypoints"], ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    return out


def run_one(task: dict[str, Any], policy: str, args: argparse.Namespace, extra: list[str],
            unfinished: dict[Path, str]) -> dict[str, Any]:
    out = prepare(task, policy, args)
    if out is None:
        return {"id": task["id"], "policy": policy, "status": "done before"}
    left = unfinished.get(out.resolve())
    cmd = resume_command(cli(), left, out, args) if left else command(task, out, policy, args, extra)
    # The checkpoint URL goes by environment: a password in it never shows in the process list.
    env = {**os.environ, "WARP_CHECKPOINT_URL": args.checkpoint_url} if args.checkpoint_url else None
    started = time.monotonic()
    with (out / "run.log").open("a" if left else "w", encoding="utf-8") as log:
        try:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=args.timeout, env=env).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    took = time.monotonic() - started
    status = "ok" if rc == 0 and (out / "report.md").is_file() else f"failed (exit {rc}, see {out / 'run.log'})"
    (out / "task.json").write_text(json.dumps({"id": task["id"], "question": task["question"], "policy": policy,
                                               "thread_id": left or thread_id_in_log(out / "run.log"),
                                               "resumed": bool(left), "rc": rc, "seconds": round(took, 1)},
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return {"id": task["id"], "policy": policy, "status": ("resumed, " if left else "") + status, "seconds": took}


def ingest_first(tasks: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """Ingest every corpus once, so parallel runs only read the index."""
    if args.search == "web":
        return
    folders = sorted({c for t in tasks for c in corpora(t, args)})
    for folder in folders:
        cmd = [*cli(), "ingest", folder] + (["--data-dir", args.data_dir] if args.data_dir else []) \
            + (["--chroma-url", args.chroma_url] if args.chroma_url else [])
        print(f"ingesting {folder} ...", flush=True)
        subprocess.run(cmd, check=False)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("taskfile", type=Path)
    ap.add_argument("--base-url")
    ap.add_argument("--model", help="served model name, or 'local' for the embedded model")
    ap.add_argument("--search", choices=["local", "web", "both"])
    ap.add_argument("--corpus", action="append", help="corpus folder for every task (repeatable); "
                                                      "default: the task's own 'corpus' field")
    ap.add_argument("--collection", action="append", help="an already ingested collection for every task (repeatable)")
    ap.add_argument("--chroma-url", help="Chroma server for corpora and evidence memory (needed by several workers)")
    ap.add_argument("--protocol", choices=["auto", "tagged", "structured"])
    ap.add_argument("--parallel", type=int, default=1, help="runs at once (processes, or server runs in flight)")
    ap.add_argument("--workers", type=int, help="N local warp-report run processes (same as --parallel N)")
    ap.add_argument("--checkpoint-url", default=os.environ.get("WARP_CHECKPOINT_URL"),
                    help="postgresql://... shared by the workers (default $WARP_CHECKPOINT_URL, else the data dir)")
    ap.add_argument("--server-url", help="run every task on this LangGraph-API server instead of local processes")
    ap.add_argument("--resume-failed", action="store_true",
                    help="continue unfinished runs from their last checkpoint instead of starting them again")
    ap.add_argument("--out", help="output folder (default benchmarks/out/TASKFILE_STEM)")
    ap.add_argument("--limit", type=int, help="only the first K tasks")
    ap.add_argument("--policy", action="append", choices=["warp", "plan-then-write"],
                    help="repeat to compare policies (default warp)")
    ap.add_argument("--data-dir", help="warp-report data dir (default: OUT/data)")
    ap.add_argument("--timeout", type=float, default=6 * 3600, help="seconds per task")
    ap.add_argument("--no-embed", action="store_true", help="quality metrics without the embedder")
    ap.add_argument("--score-only", action="store_true", help="do not run anything; score what is there")
    ap.add_argument("--json", dest="json_out", help="write all metrics to this JSON file")
    args = ap.parse_args(argv)

    if not args.model and not args.score_only and not args.server_url:
        ap.error("--model is required (a served model name with --base-url, or 'local')")
    if args.server_url and (extra or args.workers):
        ap.error("--server-url runs on the server: no local --workers, no extra warp-report run options")
    args.parallel = args.workers or args.parallel
    tasks = load_tasks(args.taskfile)[: args.limit] if args.limit else load_tasks(args.taskfile)
    policies = args.policy or ["warp"]
    # Absolute: run records store the output folder, and --resume-failed finds runs by it.
    args.out = str(Path(args.out or ROOT / "benchmarks" / "out" / args.taskfile.stem).resolve())
    args.data_dir = args.data_dir or str(Path(args.out) / "data")
    print(f"{len(tasks)} tasks x {len(policies)} policies -> {args.out}", flush=True)

    if args.server_url and not args.score_only:
        jobs = [(t, p) for p in policies for t in tasks if prepare(t, p, args) is not None]
        print(f"{len(jobs)} runs on {args.server_url}, {args.parallel} at once", flush=True)
        run_on_server(jobs, args, lambda t: {"question": t["question"], "corpus": corpora(t, args),
                                             "collections": list(args.collection or [])})
    elif not args.score_only:
        pending = [(t, p) for p in policies for t in tasks if not (Path(args.out) / p / t["id"] / "report.md").is_file()]
        if pending and args.parallel > 1:
            ingest_first([t for t, _ in pending], args)
        unfinished = unfinished_runs(args) if args.resume_failed else {}
        done = 0
        with ThreadPoolExecutor(max(1, args.parallel)) as pool:
            for r in pool.map(lambda tp: run_one(tp[0], tp[1], args, extra, unfinished),
                              [(t, p) for p in policies for t in tasks]):
                done += 1
                took = f" in {r['seconds']:.0f}s" if "seconds" in r else ""
                print(f"[{done}/{len(tasks) * len(policies)}] {r['policy']}/{r['id']}: {r['status']}{took}", flush=True)

    embedder = None if args.no_embed else default_embedder()
    all_results: dict[str, list[dict[str, Any]]] = {}
    means: dict[str, dict[str, Any]] = {}
    for p in policies:
        rows, labels, results = [], [], []
        for t in tasks:
            d = Path(args.out) / p / t["id"]
            if not (d / "report.md").is_file():
                continue
            kp = load_keypoints(d / "keypoints.json") if (d / "keypoints.json").is_file() else None
            r = evaluate_run(d, embedder=embedder, keypoints=kp, question=t["question"])
            results.append(r)
            rows.append(compact(r))
            labels.append(t["id"])
        all_results[p] = results
        if not rows:
            print(f"\n{p}: no reports")
            continue
        means[p] = mean_row(rows)
        print(f"\n== policy {p}: {len(rows)} of {len(tasks)} tasks")
        print(format_table(rows + [means[p]], labels + ["mean"]))
    if len(means) > 1:
        print("\n== comparison (means)")
        print(format_table(list(means.values()), list(means)))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(all_results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
