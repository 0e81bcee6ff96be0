"""RACE-style scores of reports against reference reports, with any OpenAI-compatible judge.

    python benchmarks/race.py --criteria criteria.jsonl --reference reference.jsonl \
        --target OUT_DIR_OR_JSONL --judge-base-url URL --judge-model MODEL [--limit K] [--json OUT]

--target is a folder of run folders named by task id (what benchmarks/run_tasks.py writes:
OUT/warp/<id>/report.md) or a JSONL file of {"id", "article"}. Criteria and reference files
use DeepResearch Bench's formats (data/criteria_data/criteria.jsonl and the cleaned reference
articles); see warp_report/eval/race.py for the exact fields. Only tasks present in all three
are scored. Prints one line per task (relative score per dimension and overall, 0-100 where
50 = on par with the reference) and the means.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.eval.race import DIMENSIONS, Judge, load_articles, load_criteria, score_task, summarise

SHORT = {"comprehensiveness": "compr", "insight": "insight", "instruction_following": "instr", "readability": "read"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--criteria", required=True)
    ap.add_argument("--reference", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--judge-base-url", required=True)
    ap.add_argument("--judge-model", required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--parallel", type=int, default=1)
    ap.add_argument("--keep-citations", action="store_true", help="judge reports with their [n] and reference list")
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args(argv)

    criteria = load_criteria(args.criteria)
    references = load_articles(args.reference)
    targets = load_articles(args.target)
    ids = [i for i in criteria if i in references and i in targets]
    missing = [i for i in criteria if i not in targets]
    if args.limit:
        ids = ids[: args.limit]
    if not ids:
        print("no task has criteria, a reference and a target report", file=sys.stderr)
        return 2
    if missing:
        print(f"{len(missing)} tasks have no target report (skipped)", file=sys.stderr)
    judge = Judge(args.judge_base_url, args.judge_model)

    def one(tid: str):
        try:
            prompt = criteria[tid].prompt or references[tid].get("prompt") or targets[tid].get("prompt")
            score, raw = score_task(judge, criteria[tid], targets[tid]["article"], references[tid]["article"],
                                    prompt=prompt, clean=not args.keep_citations)
            return tid, score, raw, None
        except Exception as exc:
            return tid, None, None, f"{type(exc).__name__}: {exc}"

    with ThreadPoolExecutor(max(1, args.parallel)) as pool:
        results = list(pool.map(one, ids))
    judge.close()

    print(f"{'task':>8}  " + "  ".join(f"{SHORT[d]:>7}" for d in DIMENSIONS) + f"  {'overall':>7}  target/ref (0-10)")
    scores = []
    for tid, score, _, error in results:
        if score is None:
            print(f"{tid:>8}  failed: {error}")
            continue
        scores.append(score)
        cells = "  ".join(f"{100 * score.dims[d]['relative']:>7.1f}" if d in score.dims else f"{'-':>7}"
                          for d in DIMENSIONS)
        print(f"{tid:>8}  {cells}  {100 * score.final:>7.1f}  {score.target:.2f}/{score.reference:.2f}"
              + (f"  ({len(score.unmatched)} unmatched)" if score.unmatched else ""))
    s = summarise(scores)
    if scores:
        print(f"{'mean':>8}  " + "  ".join(f"{s[d]:>7.1f}" if s.get(d) is not None else f"{'-':>7}" for d in DIMENSIONS)
              + f"  {s['overall']:>7.1f}  ({s['tasks']} tasks; 50 = on par with the reference)")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({
            "summary": s,
            "tasks": [{"id": t, "error": e, "score": sc.as_dict() if sc else None, "judge_reply": raw}
                      for t, sc, raw, e in results]}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if scores else 1


if __name__ == "__main__":
    sys.exit(main())
