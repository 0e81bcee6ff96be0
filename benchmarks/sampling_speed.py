"""Where a constrained reply's time goes with the embedded model, side by side in one process.

    python benchmarks/sampling_speed.py            # packaged default model, 3 replies per row
    python benchmarks/sampling_speed.py -n 5 --model local:qwen2.5-coder-1.5b

Rows (each the same write-like JSON reply, fresh KV cache, same seeds):
- owner thread: ``LocalChatModel`` as shipped (every llama.cpp call on one thread, shortlist on);
- whole vocabulary: the same, with the sampler walking all tokens (``shortlist = False``);
- many calling threads: llama.cpp called directly from this thread after two other threads
  have each made one call, as ``asyncio.to_thread`` did before the owner thread (libgomp then
  holds a thread pool per caller and stops spin-waiting at its barriers).
Columns: llama.cpp's decode rate (its own counters), the decode rate seen from outside (wall
time minus prefill), and the sampler's share of each token in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.models.llamacpp import LLAMA_THREAD, LocalChatModel, default_n_threads, load_local_model

PASSAGE = (
    "In WAL mode the original content is preserved in the database file and changes are appended "
    "to a separate WAL file. A COMMIT occurs when a special record indicating a commit is appended "
    "to the WAL. Readers do not block writers and a writer does not block readers, so reading and "
    "writing can proceed concurrently. Moving the WAL file transactions back into the database is "
    "called a checkpoint; by default SQLite runs one when the WAL file reaches 1000 pages. "
) * 3


class Paragraph(BaseModel):
    text: str = Field(min_length=200, max_length=700)
    cites: list[str] = Field(min_length=1, max_length=2)


class Reply(BaseModel):
    thought: str = Field(max_length=200)
    paragraphs: list[Paragraph] = Field(min_length=2, max_length=2)


MESSAGES = [
    SystemMessage("You write one part of a research report in your own words, citing passages by id."),
    HumanMessage(f"Passage [4]:\n{PASSAGE}\n\nWrite the part 'How WAL commits and checkpoints' as JSON."),
]


def reply(model: LocalChatModel, seed: int) -> tuple[int, float, float, float]:
    """(output tokens, decode ms, prefill ms, wall ms) of one reply, computed on the calling
    thread, after a fresh prefill (``reset`` drops the KV cache at the next call)."""
    model._loaded().llama.reset()
    t = time.perf_counter()
    result = model.model_copy(update={"seed": seed})._call_on_owner(
        MESSAGES, None, response_format={"type": "json_object", "schema": Reply.model_json_schema()}
    )
    wall = (time.perf_counter() - t) * 1000
    msg = result.generations[0].message
    md = msg.response_metadata
    return msg.usage_metadata["output_tokens"], md["decode_ms"], md["prefill_ms"], wall


def on_owner(model: LocalChatModel, n: int) -> list[tuple[int, float, float, float]]:
    return [LLAMA_THREAD.run(reply, model, s) for s in range(n)]


def row(label: str, runs: list[tuple[int, float, float, float]]) -> str:
    toks = sum(r[0] for r in runs)
    llama_rate = toks / (sum(r[1] for r in runs) / 1000)
    outside = toks / (sum(r[3] - r[2] for r in runs) / 1000)
    sampler = statistics.mean((r[3] - r[2] - r[1]) / max(1, r[0]) for r in runs)
    return f"| {label} | {toks} | {llama_rate:.1f} | {outside:.1f} | {sampler:.2f} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=3, help="replies per row (default 3)")
    ap.add_argument("--model", default="local")
    args = ap.parse_args(argv)
    model = load_local_model(args.model, n_ctx=4096, temperature=0.7, max_tokens=400, seed=1, preload=True)
    llama = model._loaded().llama
    on_owner(model, 1)  # warm-up
    print(f"model {args.model}, {default_n_threads()} threads, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| calls | tokens | llama.cpp decode tok/s | decode tok/s from outside | other ms per token |")
    print("|---|---|---|---|---|")
    print(row("owner thread, shortlist", on_owner(model, args.n)), flush=True)
    llama.shortlist = False
    print(row("owner thread, whole vocabulary", on_owner(model, args.n)), flush=True)
    llama.shortlist = True
    # Two more threads call llama.cpp themselves (not through the owner thread) and stay alive.
    done = threading.Event()

    def caller() -> None:
        model._call_on_owner([HumanMessage("Say ok.")], None, max_tokens=2)
        done.wait()

    threads = [threading.Thread(target=caller, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(2)
    runs = [reply(model, s) for s in range(args.n)]  # and this thread is a fourth caller
    print(row("4 calling threads, as before the owner thread", runs), flush=True)
    done.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
