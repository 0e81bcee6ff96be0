"""Load benchmark: many concurrent runs of the WARP graph on a real ``langgraph dev`` server.

Not a test. It starts the simulated model server in-process, writes two small corpora (A: honeybees,
B: volcanoes), starts ``langgraph dev`` as a subprocess pointed at them, launches N runs at once
through the SDK (alternating corpus A and B) and checks every finished run:

- complete: the report has "## References", is not partial, has no "Incomplete report" banner and
  every [n] in its body resolves to a reference (and every reference is cited);
- isolated: every reference source lies in that run's own corpus folder, never in the other one,
  and the other corpus's path does not appear in the report.

    python benchmarks/load.py [--runs 20] [--timeout 600] [--no-warmup] [--json OUT]
                              [--prompt-ms-per-token 0] [--completion-ms-per-token 0]

By default one warm-up run per corpus (sequential, untimed) ingests both corpora before the timed
batch; ``--no-warmup`` makes the batch itself ingest them, concurrently.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from langgraph_sdk import get_client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for tests.support
from tests.support.servers import HOST, ServerDidNotStart, running_langgraph_dev
from tests.support.simserver import SimulatedModel, make_server

CORPORA: dict[str, dict[str, str]] = {
    "A": {
        "hive.md": "# The honeybee hive\n\nA honeybee colony lives in a hive of wax comb. The queen lays eggs in "
                   "hexagonal cells, worker bees nurse larvae, and drones mate with queens from other colonies. "
                   "Workers secrete beeswax from glands on their abdomen to build the comb.\n",
        "foraging.md": "# Foraging and the waggle dance\n\nForager bees collect nectar and pollen from flowers. A "
                       "forager returning to the hive performs the waggle dance, whose angle and duration tell "
                       "nestmates the direction and distance of the flower patch. Nectar is turned into honey "
                       "by evaporation and enzymes.\n",
        "pollination.md": "# Pollination by honeybees\n\nHoneybees pollinate almonds, apples, clover and many "
                          "other crops. Colony collapse disorder, varroa mites and pesticides such as "
                          "neonicotinoids threaten apiaries, so beekeepers inspect brood frames and treat mites.\n",
    },
    "B": {
        "magma.md": "# Magma and eruptions\n\nVolcanoes erupt when magma rises from the mantle through the crust. "
                    "Basaltic magma is runny and feeds lava fountains; rhyolitic magma is viscous and traps gas, "
                    "which leads to explosive eruptions with pyroclastic flows and ash columns.\n",
        "types.md": "# Types of volcanoes\n\nShield volcanoes such as Mauna Loa have gentle slopes of basalt lava. "
                    "Stratovolcanoes such as Fuji and Vesuvius are steep cones of alternating ash and lava "
                    "layers. Calderas form when a magma chamber empties and the summit collapses.\n",
        "hazards.md": "# Volcanic hazards and monitoring\n\nVolcanologists monitor seismometers, tiltmeters and "
                      "sulfur dioxide emissions. Lahars, tephra fall and volcanic gases endanger nearby towns; "
                      "the 1980 eruption of Mount St. Helens began with a lateral blast after a landslide.\n",
    },
}
QUESTIONS = {"A": "How do honeybee colonies forage and pollinate crops?",
             "B": "What makes volcanoes erupt and how are they monitored?"}

CITE = re.compile(r"\[(\d+)\]")


def write_corpora(base: Path) -> dict[str, Path]:
    out = {}
    for name, files in CORPORA.items():
        folder = base / f"corpus_{name}"
        folder.mkdir(parents=True)
        for fname, text in files.items():
            (folder / fname).write_text(text, encoding="utf-8")
        out[name] = folder.resolve()
    return out


def check_report(values: dict[str, Any], own: Path, other: Path) -> tuple[list[str], list[str]]:
    """(completeness problems, isolation problems) of one finished run's values."""
    report = values.get("report") or ""
    refs = values.get("references") or []
    complete: list[str] = []
    isolation: list[str] = []
    if not report:
        complete.append("empty report")
    if values.get("partial"):
        complete.append("partial=True")
    if "Incomplete report" in report:
        complete.append("incomplete banner")
    if "## References" not in report:
        complete.append("no '## References'")
    body = report.split("## References", 1)[0]
    cited = {int(n) for n in CITE.findall(body)}
    numbers = {int(r.get("n", -1)) for r in refs}
    if not cited:
        complete.append("no citations in body")
    if cited - numbers:
        complete.append(f"unresolved [n]: {sorted(cited - numbers)[:5]}")
    if numbers - cited:
        complete.append(f"uncited references: {sorted(numbers - cited)[:5]}")
    if not refs:
        complete.append("no references")
    for r in refs:
        src = Path(r.get("source", "")).resolve() if r.get("source") else None
        if src is None:
            isolation.append(f"ref [{r.get('n')}] has no source")
        elif other == src or other in src.parents:
            isolation.append(f"ref [{r.get('n')}] from OTHER corpus: {src.name}")
        elif not (own == src or own in src.parents):
            isolation.append(f"ref [{r.get('n')}] outside own corpus: {src}")
    if str(other) in report:
        isolation.append("other corpus path appears in report")
    return complete, isolation


async def one_run(client: Any, idx: int, label: str, corpora: dict[str, Path], timeout: float) -> dict[str, Any]:
    own, other = corpora[label], corpora["B" if label == "A" else "A"]
    rec: dict[str, Any] = {"run": idx, "corpus": label, "status": "?", "seconds": None, "error": None,
                           "complete": [], "isolation": []}
    t0 = time.monotonic()
    try:
        thread = await client.threads.create()
        rec["thread_id"] = thread["thread_id"]
        result = await asyncio.wait_for(client.runs.wait(
            thread["thread_id"], "warp",
            input={"question": QUESTIONS[label], "corpus": [str(own)]},
            context={"protocol": "tagged"}, raise_error=False,
        ), timeout)
        rec["seconds"] = time.monotonic() - t0
        if isinstance(result, dict) and "__error__" in result:
            err = result["__error__"]
            rec["status"] = "error"
            rec["error"] = f"{err.get('error')}: {str(err.get('message'))[:200]}" if isinstance(err, dict) else str(err)[:200]
            return rec
        state = await client.threads.get_state(thread["thread_id"])
        values = state.get("values") or {}
        if state.get("next"):
            rec["status"] = "interrupted"
            rec["error"] = f"stopped before {state['next']}"
            return rec
        rec["status"] = "ok"
        rec["finish_reason"] = values.get("finish_reason")
        rec["n_references"] = len(values.get("references") or [])
        rec["complete"], rec["isolation"] = check_report(values, own, other)
    except TimeoutError:
        rec["status"], rec["error"] = "timeout", f"no result within {timeout:.0f}s"
        rec["seconds"] = time.monotonic() - t0
    except Exception as exc:
        rec["status"], rec["error"] = "error", f"{type(exc).__name__}: {str(exc)[:200]}"
        rec["seconds"] = time.monotonic() - t0
    return rec


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


async def drive(url: str, args: argparse.Namespace, corpora: dict[str, Path]) -> dict[str, Any]:
    client = get_client(url=url, timeout=httpx.Timeout(args.timeout, connect=10))
    warmup: list[dict[str, Any]] = []
    if args.warmup:
        for i, label in enumerate(("A", "B")):
            rec = await one_run(client, -1 - i, label, corpora, args.timeout)
            print(f"warm-up {label}: {rec['status']} in {rec['seconds']:.1f}s"
                  + (f" ({rec['error']})" if rec["error"] else ""), flush=True)
            warmup.append(rec)
    labels = ["A" if i % 2 == 0 else "B" for i in range(args.runs)]
    t0 = time.monotonic()
    try:
        records = await asyncio.wait_for(
            asyncio.gather(*(one_run(client, i, lab, corpora, args.timeout) for i, lab in enumerate(labels))),
            args.timeout + 30)
    except TimeoutError:
        records = [{"run": i, "corpus": lab, "status": "timeout", "seconds": None, "error": "global timeout",
                    "complete": [], "isolation": []} for i, lab in enumerate(labels)]
    return {"warmup": warmup, "runs": list(records), "wall_s": time.monotonic() - t0}


def summarize(result: dict[str, Any], args: argparse.Namespace, model: SimulatedModel) -> dict[str, Any]:
    runs = result["runs"]
    ok = [r for r in runs if r["status"] == "ok"]
    times = [r["seconds"] for r in ok if r["seconds"] is not None]
    summary = {
        "runs": len(runs), "completed": len(ok), "failed": len(runs) - len(ok),
        "complete_ok": sum(1 for r in ok if not r["complete"]),
        "isolated_ok": sum(1 for r in ok if not r["isolation"]),
        "p50_s": statistics.median(times) if times else None, "p95_s": pct(times, 0.95),
        "max_s": max(times) if times else None, "batch_wall_s": result["wall_s"],
        "warmup": args.warmup, "n_jobs_per_worker": args.jobs,
        "model_requests": model.requests, "simulated_model_wait_s": round(model.waited, 2),
        "prompt_ms_per_token": args.prompt_ms_per_token, "completion_ms_per_token": args.completion_ms_per_token,
    }
    return summary


def print_table(result: dict[str, Any], summary: dict[str, Any]) -> None:
    print()
    print(f"{'run':>3} {'corp':<4} {'status':<11} {'secs':>7} {'refs':>4}  {'complete':<8} {'isolated':<8} note")
    for r in result["runs"]:
        secs = f"{r['seconds']:.1f}" if r.get("seconds") is not None else "-"
        comp = "-" if r["status"] != "ok" else ("yes" if not r["complete"] else "NO")
        iso = "-" if r["status"] != "ok" else ("yes" if not r["isolation"] else "NO")
        note = r.get("error") or "; ".join(r["complete"] + r["isolation"]) or (r.get("finish_reason") or "")
        print(f"{r['run']:>3} {r['corpus']:<4} {r['status']:<11} {secs:>7} {r.get('n_references', '-')!s:>4}  "
              f"{comp:<8} {iso:<8} {note[:100]}")
    fmt = lambda v: "-" if v is None else f"{v:.1f}s"  # noqa: E731
    print()
    print(f"warm-up per corpus: {'on' if summary['warmup'] else 'off (the batch ingests both corpora concurrently)'}; "
          f"--n-jobs-per-worker {summary['n_jobs_per_worker']}")
    print(f"runs {summary['runs']}: completed {summary['completed']}, failed {summary['failed']}; "
          f"complete {summary['complete_ok']}/{summary['completed']}, isolated {summary['isolated_ok']}/{summary['completed']}")
    print(f"run time p50 {fmt(summary['p50_s'])}  p95 {fmt(summary['p95_s'])}  max {fmt(summary['max_s'])}  "
          f"batch wall {fmt(summary['batch_wall_s'])}")
    print(f"model requests {summary['model_requests']}, simulated model wait {summary['simulated_model_wait_s']}s")
    errors: dict[str, int] = {}
    for r in result["runs"]:
        if r["status"] != "ok":
            errors[r.get("error") or r["status"]] = errors.get(r.get("error") or r["status"], 0) + 1
    for reason, count in sorted(errors.items(), key=lambda kv: -kv[1]):
        print(f"  error x{count}: {reason[:160]}")


@contextlib.contextmanager
def simulated_setup(args: argparse.Namespace, prefix: str) -> Iterator[tuple[SimulatedModel, str, Path, dict[str, Path]]]:
    """The simulated model served on 127.0.0.1 and the two corpora in a temp dir (removed after, unless --keep)."""
    model = SimulatedModel(extend_times=1, prompt_ms=args.prompt_ms_per_token, completion_ms=args.completion_ms_per_token)
    server = make_server(HOST, 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        corpora = write_corpora(tmp)
        (tmp / "data").mkdir()
        yield model, f"http://{HOST}:{server.server_port}/v1", tmp, corpora
    finally:
        server.shutdown()
        server.server_close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def report_outcome(result: dict[str, Any], summary: dict[str, Any], args: argparse.Namespace, log: Path) -> int:
    """Write ``--json`` if asked; 0 when every run completed, complete and isolated, else 1."""
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, **result}, indent=2, default=str))
        print(f"wrote {args.json}")
    bad = summary["failed"] or summary["complete_ok"] < summary["completed"] \
        or summary["isolated_ok"] < summary["completed"]
    if bad:
        print(f"server log: {log}" if args.keep else "(re-run with --keep to keep the server log)")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run (the batch gets +30s)")
    parser.add_argument("--jobs", type=int, default=None, help="--n-jobs-per-worker for langgraph dev (default: --runs)")
    parser.add_argument("--warmup", action=argparse.BooleanOptionalAction, default=True,
                        help="one untimed run per corpus first, so the batch does not ingest (default on)")
    parser.add_argument("--prompt-ms-per-token", type=float, default=0.0)
    parser.add_argument("--completion-ms-per-token", type=float, default=0.0)
    parser.add_argument("--json", metavar="OUT", help="write the records and summary as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server log, data)")
    args = parser.parse_args()
    args.jobs = args.jobs or max(args.runs, 1)

    with simulated_setup(args, "warp-load-") as (model, model_url, tmp, corpora):
        env = {"WARP_BASE_URL": model_url, "WARP_MODEL": "sim", "WARP_DATA_DIR": str(tmp / "data"),
               "WARP_CORPUS_ROOTS": str(tmp)}
        try:
            with running_langgraph_dev(env, tmp / "server.log", jobs=args.jobs, timeout=120) as served:
                print(f"langgraph dev on {served.url} (n-jobs-per-worker {args.jobs}), model {model_url}, "
                      f"data {tmp / 'data'}", flush=True)
                result = asyncio.run(drive(served.url, args, corpora))
                summary = summarize(result, args, model)
                print_table(result, summary)
                return report_outcome(result, summary, args, tmp / "server.log")
        except ServerDidNotStart as exc:
            print(exc, file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
