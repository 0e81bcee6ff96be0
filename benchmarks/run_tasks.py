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
Corpora are ingested once before parallel runs start (embedded Chroma under ``--data-dir``).
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
sys.path.insert(0, str(ROOT))

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


def run_one(task: dict[str, Any], policy: str, args: argparse.Namespace, extra: list[str]) -> dict[str, Any]:
    out = Path(args.out) / policy / task["id"]
    if (out / "report.md").is_file():
        return {"id": task["id"], "policy": policy, "status": "done before"}
    out.mkdir(parents=True, exist_ok=True)
    if task.get("keypoints"):
        (out / "keypoints.json").write_text(json.dumps(task["keypoints"], ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    cmd = command(task, out, policy, args, extra)
    started = time.monotonic()
    with (out / "run.log").open("w", encoding="utf-8") as log:
        try:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=args.timeout).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    took = time.monotonic() - started
    status = "ok" if rc == 0 and (out / "report.md").is_file() else f"failed (exit {rc}, see {out / 'run.log'})"
    (out / "task.json").write_text(json.dumps({"id": task["id"], "question": task["question"], "policy": policy,
                                               "rc": rc, "seconds": round(took, 1)}, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return {"id": task["id"], "policy": policy, "status": status, "seconds": took}


def ingest_first(tasks: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """Ingest every corpus once, so parallel runs only read the index."""
    if args.search == "web":
        return
    folders = sorted({c for t in tasks for c in corpora(t, args)})
    for folder in folders:
        cmd = [*cli(), "ingest", folder] + (["--data-dir", args.data_dir] if args.data_dir else [])
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
    ap.add_argument("--parallel", type=int, default=1)
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

    if not args.model and not args.score_only:
        ap.error("--model is required (a served model name with --base-url, or 'local')")
    tasks = load_tasks(args.taskfile)[: args.limit] if args.limit else load_tasks(args.taskfile)
    policies = args.policy or ["warp"]
    args.out = args.out or str(ROOT / "benchmarks" / "out" / args.taskfile.stem)
    args.data_dir = args.data_dir or str(Path(args.out) / "data")
    print(f"{len(tasks)} tasks x {len(policies)} policies -> {args.out}", flush=True)

    if not args.score_only:
        pending = [(t, p) for p in policies for t in tasks if not (Path(args.out) / p / t["id"] / "report.md").is_file()]
        if pending and args.parallel > 1:
            ingest_first([t for t, _ in pending], args)
        done = 0
        with ThreadPoolExecutor(max(1, args.parallel)) as pool:
            for r in pool.map(lambda tp: run_one(tp[0], tp[1], args, extra), [(t, p) for p in policies for t in tasks]):
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
