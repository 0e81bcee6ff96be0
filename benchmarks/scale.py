"""Evidence at scale (issue 12): ingest-to-searchable rate, search latency at 10k / 100k chunks,
and recall@10 of lexical, dense and hybrid retrieval, on real documentation. Not a test.

    nice -n 10 python benchmarks/scale.py --python-rst DIR [--extra-html DIR ...] [--work DIR]
                                          [--skip-100k] [--json OUT]

Documents: Python 3.11's reST sources (Debian ``python3.11-doc`` ships them under
``html/_sources/*.rst.txt``; copy them to ``*.rst``), optionally PostgreSQL / SQLite HTML
manuals (``postgresql-doc-15``, ``sqlite3-doc``) for the 100k corpus.

1. Side by side on the same subset (the recall corpus, ~30 library pages): the dense-only
   ingest (``tools.ingest.ingest_folder``: parse, embed, upsert) and the lexical phase
   (``ingest --no-embed``), chunks/s to searchable. The two-phase ingest then adopts the
   dense-only collection's vectors (no second embedding), so the recall corpus has both.
2. Recall@10 (page level) of lexical / dense / hybrid on ``QUERIES`` (hand-written, each with
   the page(s) that answer it) over that corpus.
3. The whole 12 MB reST folder with ``--no-embed``: chunks/s; re-ingest of the unchanged folder.
4. 10k and 100k chunks (10k: a subset of the reST files; 100k: all sources plus variants of the
   reST files with 10% of their words dropped): ingest rate and lexical search p50 / p95
   (query parsing, FTS5 match, BM25 ranking and fetching the texts included).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.corpus.chroma import make_chroma_client
from warp_report.corpus.embeddings import get_embedder
from warp_report.corpus.hybrid import HybridCorpusSearch
from warp_report.corpus.ingest import ingest_folder
from warp_report.corpus.phased import ingest_two_phase

#: (query, pages that answer it). Written for this benchmark from the pages' topics, phrased as a
#: user would ask, mostly without the module's name.
QUERIES: list[tuple[str, set[str]]] = [
    ("capture the output of a child process", {"library/subprocess.rst"}),
    ("named groups in a regular expression pattern", {"library/re.rst"}),
    ("pretty print JSON with indentation", {"library/json.rst"}),
    ("run a function in a pool of worker threads and get futures", {"library/concurrent.futures.rst"}),
    ("keep the name and docstring of the wrapped function in a decorator", {"library/functools.rst"}),
    ("normalize unicode strings to NFC or NFKD form", {"library/unicodedata.rst"}),
    ("commit a transaction on a database connection", {"library/sqlite3.rst"}),
    ("parse command line options and positional arguments", {"library/argparse.rst"}),
    ("count how many times each element occurs", {"library/collections.rst"}),
    ("class field with a default factory", {"library/dataclasses.rst"}),
    ("temporary file that is deleted automatically when closed", {"library/tempfile.rst"}),
    ("find path names matching a wildcard pattern like *.txt", {"library/glob.rst", "library/fnmatch.rst"}),
    ("run coroutines concurrently and wait for all of them", {"library/asyncio-task.rst"}),
    ("measure execution time of small code snippets", {"library/timeit.rst"}),
    ("serialize python objects to a byte stream and load them back", {"library/pickle.rst", "library/marshal.rst", "library/shelve.rst"}),
    ("compute a SHA-256 digest of some bytes", {"library/hashlib.rst"}),
    ("IANA time zone database support", {"library/zoneinfo.rst"}),
    ("deep copy of a compound object", {"library/copy.rst"}),
    ("priority queue: push items and pop the smallest", {"library/heapq.rst", "library/queue.rst"}),
    ("suppress specified exceptions in a with statement", {"library/contextlib.rst"}),
    ("read rows from a comma separated values file", {"library/csv.rst"}),
    ("choose k unique elements at random without replacement", {"library/random.rst"}),
    ("generate a secure token for password reset URLs", {"library/secrets.rst"}),
    ("insert into a sorted list keeping it sorted", {"library/bisect.rst"}),
]

#: Paraphrases with (almost) no word of the answering page: where lexical search is expected to
#: struggle and dense vectors to help.
PARAPHRASED: list[tuple[str, set[str]]] = [
    ("spawn another program and read what it prints", {"library/subprocess.rst"}),
    ("remember earlier results so a slow function is not recomputed", {"library/functools.rst"}),
    ("wait until several background jobs have finished", {"library/concurrent.futures.rst", "library/asyncio-task.rst", "library/threading.rst"}),
    ("give up on a coroutine that takes too long", {"library/asyncio-task.rst"}),
    ("scratch folder that disappears afterwards", {"library/tempfile.rst"}),
    ("unpredictable numbers suitable for cryptography", {"library/secrets.rst", "library/random.rst"}),
    ("keep objects in a dictionary-like file on disk", {"library/shelve.rst"}),
    ("compare how fast two implementations are", {"library/timeit.rst"}),
    ("what time is it now in Tokyo", {"library/zoneinfo.rst"}),
    ("duplicate a list so the inner lists are not shared", {"library/copy.rst"}),
    ("every possible ordering of a sequence", {"library/itertools.rst"}),
    ("break long paragraphs into lines of at most 70 characters", {"library/textwrap.rst"}),
    ("turn integers into little-endian bytes", {"library/struct.rst"}),
    ("run a job later at a given moment", {"library/sched.rst"}),
    ("restrict an option on the command line to a fixed set of values", {"library/argparse.rst"}),
    ("strip accents so that café equals cafe", {"library/unicodedata.rst"}),
]

#: Pages of the recall corpus: every expected page plus neighbours on nearby topics (distractors).
RECALL_PAGES = sorted(
    {p for _, ps in QUERIES + PARAPHRASED for p in ps}
    | {f"library/{m}.rst" for m in ["shutil", "threading", "itertools", "enum", "struct", "textwrap", "string", "time", "sched", "pprint"]}
)

_EXTRA_QUERIES = [
    "socket timeout", "thread lock acquire release", "zip archive extract", "environment variables",
    "string formatting mini language", "iterator chain combinations", "sleep for a number of seconds",
    "enumeration members", "binary data struct pack", "wrap text to a width", "event scheduler",
    "copy a directory tree", "logging handlers", "type hints generics", "abstract base class",
    "CREATE INDEX", "vacuum analyze", "full text search", "write ahead log", "foreign key constraint",
]


def _variant(text: str, seed: int) -> str:
    """The same document with ~10% of its words dropped (headings and markup kept)."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        words = line.split(" ")
        if len(words) > 4 and not line.lstrip().startswith(("..", ":", "=", "-", "*")):
            words = [w for w in words if rng.random() > 0.1 or not w]
        out.append(" ".join(words))
    return "\n".join(out)


def _copy_pages(src: Path, dst: Path, pages: list[str]) -> None:
    for page in pages:
        (dst / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / page, dst / page)


def _percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 2),
            "max_ms": round(ms[-1], 2), "n": len(ms)}


def _latency(search: HybridCorpusSearch, queries: list[str], repeat: int = 3) -> dict[str, float]:
    search.search_sync("warm up", 10)
    ms = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            search.search_sync(q, 10)
            ms.append((time.perf_counter() - t) * 1000)
    return _percentiles(ms)


def side_by_side_and_recall(rst: Path, work: Path) -> dict:
    corpus = work / "recall-corpus"
    _copy_pages(rst, corpus, RECALL_PAGES)
    data = work / "data-recall"
    emb = get_embedder()
    emb.embed_passages(["warm up"])  # model load is not ingest time
    client = make_chroma_client(data)
    dense = ingest_folder(corpus, "recall-py", client, emb)
    dense_rate = dense.chunks_added / dense.seconds
    print(f"dense-only ingest: {dense.chunks_added} chunks in {dense.seconds:.1f}s = {dense_rate:.2f} chunks/s", flush=True)
    lex = ingest_two_phase(corpus, "recall-py", data, embed=False)
    print(f"lexical phase:     {lex.chunks_added} chunks in {lex.lexical_seconds:.2f}s = {lex.lexical_rate:.0f} chunks/s", flush=True)
    adopt = ingest_two_phase(corpus, "recall-py", data, client=client, embedder=emb)
    print(f"dense phase adopting the dense-only vectors: {adopt.embedded} embedded, {adopt.not_embedded} left, {adopt.dense_seconds:.1f}s", flush=True)
    recall = evaluate_recall(data, client, emb)
    return {"chunks": dense.chunks_added, "files": len(RECALL_PAGES), "dense_only_chunks_per_s": round(dense_rate, 2),
            "dense_only_seconds": round(dense.seconds, 1), "lexical_chunks_per_s": round(lex.lexical_rate, 1),
            "lexical_seconds": round(lex.lexical_seconds, 2), "ratio": round(lex.lexical_rate / dense_rate, 1),
            "adopted_without_embedding": adopt.embedded == 0 and adopt.not_embedded == 0, "recall": recall}


def evaluate_recall(data: Path, client, emb) -> dict:
    """Recall@10 / MRR@10 (page level) per mode and query set, with search latency."""
    recall: dict[str, dict] = {}
    for set_name, labelled in (("topical", QUERIES), ("paraphrased", PARAPHRASED)):
        for mode in ("lexical", "dense", "hybrid"):
            search = HybridCorpusSearch("recall-py", data, client, emb, mode=mode)
            found, rr, misses = 0, 0.0, []
            for query, pages in labelled:
                hits = search.search_sync(query, 10)
                ranks = [i for i, h in enumerate(hits, 1) if h.metadata.get("path") in pages]
                if ranks:
                    found += 1
                    rr += 1 / ranks[0]
                else:
                    misses.append(query)
            n = len(labelled)
            recall[f"{set_name}/{mode}"] = {"recall@10": round(found / n, 3), "mrr@10": round(rr / n, 3), "missed": misses,
                                            "latency": _latency(search, [q for q, _ in labelled])}
            print(f"{set_name:11} {mode:8} recall@10 {found}/{n}  MRR {rr / n:.3f}  {recall[f'{set_name}/{mode}']['latency']}", flush=True)
            search.close()
    return recall


def hybrid_latency_at_scale(work: Path, name: str = "c100k", queries: list[str] | None = None) -> dict:
    """Hybrid search latency over the ``name`` lexical index of an earlier run, with one vector
    per passage in Chroma. Embedding 100k passages takes hours here, so the vectors are the
    recall corpus's real ones plus noise (renormalised): HNSW search cost depends on the count
    and dimension, not on what the vectors mean. The query is embedded for real."""
    import numpy as np

    from warp_report.corpus.chroma import open_collection
    from warp_report.corpus.lexical import LexicalIndex, lexical_path

    data = work / "data"
    emb = get_embedder()
    real = make_chroma_client(work / "data-recall").get_collection("recall-py").get(include=["embeddings"])["embeddings"]
    real = np.asarray(real, dtype=np.float32)
    index = LexicalIndex(lexical_path(data, name))
    client = make_chroma_client(data)
    collection = open_collection(client, name, emb)
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    while rows := index.unembedded(2000):
        vecs = real[rng.integers(0, len(real), len(rows))] + rng.normal(0, 0.02, (len(rows), real.shape[1])).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        collection.upsert(ids=[r.cid for r in rows], documents=[r.text for r in rows],
                          metadatas=[{k: v for k, v in r.meta.items() if v is not None} for r in rows], embeddings=vecs)
        index.mark_embedded(r.rowid for r in rows)
    print(f"{name}: {collection.count()} vectors in Chroma ({time.perf_counter() - started:.0f}s to load)", flush=True)
    index.close()
    out = {}
    for mode in ("lexical", "dense", "hybrid"):  # same load, same queries: comparable
        search = HybridCorpusSearch(name, data, client, emb, mode=mode)
        out[mode] = _latency(search, queries or [q for q, _ in QUERIES + PARAPHRASED] + _EXTRA_QUERIES)
        print(f"{name} {mode}: {out[mode]}", flush=True)
        search.close()
    return out


def lexical_run(name: str, folder: Path, data: Path, queries: list[str]) -> dict:
    report = ingest_two_phase(folder, name, data, embed=False)
    print(f"{name}: {report.chunks_added} chunks from {report.files_seen} files in {report.lexical_seconds:.1f}s = "
          f"{report.lexical_rate:.0f} chunks/s ({len(report.skipped)} skipped)", flush=True)
    again = ingest_two_phase(folder, name, data, embed=False)
    search = HybridCorpusSearch(name, data, None)
    lat = _latency(search, queries)
    search.close()
    size = (data / "lexical" / f"{name}.sqlite").stat().st_size
    print(f"{name}: re-ingest unchanged {again.lexical_seconds:.2f}s; search {lat}; index {size / 1e6:.0f} MB", flush=True)
    return {"chunks": report.chunks_added, "files": report.files_seen, "seconds": round(report.lexical_seconds, 1),
            "chunks_per_s": round(report.lexical_rate, 1), "reingest_unchanged_s": round(again.lexical_seconds, 2),
            "reingest_unchanged_changed": again.changed, "search": lat, "index_mb": round(size / 1e6, 1)}


def _subset(rst: Path, dst: Path, target_chunks: int) -> None:
    """The first reST files (sorted) until ~target chunks (~1 chunk per 720 bytes measured)."""
    total = 0
    for path in sorted(rst.rglob("*.rst")):
        rel = path.relative_to(rst)
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dst / rel)
        total += path.stat().st_size / 720
        if total >= target_chunks:
            return


def _big(rst: Path, extra: list[Path], dst: Path, target_chunks: int) -> None:
    shutil.copytree(rst, dst / "python")
    for i, folder in enumerate(extra):
        shutil.copytree(folder, dst / f"extra{i}-{folder.name}", ignore=shutil.ignore_patterns("*.png", "*.gif", "*.jpg", "*.svg"))
    est = sum(p.stat().st_size for p in dst.rglob("*") if p.is_file() and p.suffix == ".rst") / 720
    est += sum(p.stat().st_size for p in dst.rglob("*.html")) / 2500  # HTML: markup is most bytes
    n = 0
    while est < target_chunks:
        n += 1
        for path in sorted(rst.rglob("*.rst")):
            rel = path.relative_to(rst)
            out = dst / f"python-variant{n}" / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_variant(path.read_text(encoding="utf-8"), hash((n, str(rel))) & 0xFFFF), encoding="utf-8")
            est += path.stat().st_size / 720


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python-rst", type=Path, required=True)
    ap.add_argument("--extra-html", type=Path, action="append", default=[])
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--skip-recall", action="store_true")
    ap.add_argument("--skip-100k", action="store_true")
    ap.add_argument("--hybrid-at-scale", type=Path, default=None,
                    help="only time dense and hybrid search over <work>/data's c100k index of an earlier run (see hybrid_latency_at_scale)")
    ap.add_argument("--recall-data", type=Path, default=None,
                    help="only evaluate recall on the data dir of an earlier run (<work>/data-recall): no ingest")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if args.hybrid_at_scale:
        print(json.dumps(hybrid_latency_at_scale(args.hybrid_at_scale), indent=1))
        return
    if args.recall_data:
        emb = get_embedder()
        print(json.dumps(evaluate_recall(args.recall_data, make_chroma_client(args.recall_data), emb), indent=1))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="warp-scale-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    queries = [q for q, _ in QUERIES + PARAPHRASED] + _EXTRA_QUERIES
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if not args.skip_recall:
        results["side_by_side"] = side_by_side_and_recall(args.python_rst, work)
    results["full_rst"] = lexical_run("python-rst", args.python_rst, work / "data", queries)
    _subset(args.python_rst, work / "c10k", 10_000)
    results["10k"] = lexical_run("c10k", work / "c10k", work / "data", queries)
    shutil.rmtree(work / "c10k")
    if not args.skip_100k:
        _big(args.python_rst, args.extra_html, work / "c100k", 100_000)
        results["100k"] = lexical_run("c100k", work / "c100k", work / "data", queries)
        shutil.rmtree(work / "c100k")
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
