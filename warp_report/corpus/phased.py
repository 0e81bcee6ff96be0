"""Two-phase ingest: a folder is searchable lexically at once, dense vectors follow.

Phase 1 (lexical, ~100x faster than embedding on a laptop CPU): walk, read, chunk, and
write each file's passages into the collection's SQLite FTS5 index (``LexicalIndex``), one
transaction per file. Re-ingest is incremental by file content hash; changed files are
replaced, vanished ones removed.

Phase 2 (dense, optional: ``embed=False`` / ``--no-embed`` stops after phase 1): embed the
passages the lexical index marks as not yet embedded and upsert them into the Chroma
collection, batch by batch; each batch is marked embedded only after Chroma has it. Vectors
of replaced or removed files are deleted first (the ``pending`` list).

Ctrl-C at any point leaves both stores consistent: phase 1 rolls back the file in flight
(the next ingest redoes it), phase 2 loses at most the batch in flight (its upsert is
idempotent, it is simply embedded again). A later ingest resumes where this one stopped.
Chunk ids, texts and metadata are exactly those of the dense-only ingest, so existing Chroma
collections are adopted without re-embedding unchanged files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI

from warp_report.corpus.chroma import open_collection
from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.corpus.files import IngestReport, _walk, corpus_folder, default_collection_name
from warp_report.corpus.ingest import _manifest
from warp_report.corpus.lexical import LexicalIndex, lexical_path
from warp_report.corpus.readers import changed_documents, chunk_metadata
from warp_report.settings import CHUNK_OVERLAP, CHUNK_SIZE, DEFAULT_MAX_FILE_BYTES

#: ``progress(phase, done, total, label)``; phase is "lexical" (unit: files) or "dense" (unit: chunks).
PhaseProgress = Callable[[str, int, int, str], None]

EMBED_BATCH = 64


@dataclass
class PhasedReport(IngestReport):
    lexical_seconds: float = 0.0
    embedded: int = 0  # passages embedded by this ingest
    not_embedded: int = 0  # passages still without a vector (searchable lexically only)
    dense_seconds: float = 0.0
    index_path: str = ""

    @property
    def lexical_rate(self) -> float:
        """Chunks per second from start to searchable (phase 1, walking and parsing included)."""
        return self.chunks_added / self.lexical_seconds if self.lexical_seconds else 0.0

    def summary(self) -> str:
        text = super().summary()
        text += f"; searchable after {self.lexical_seconds:.1f}s"
        if self.chunks_added:
            text += f" ({self.lexical_rate:.0f} chunks/s)"
        if self.embedded:
            text += f"; {self.embedded} embedded in {self.dense_seconds:.1f}s"
        if self.not_embedded:
            text += f"; {self.not_embedded} not embedded yet (lexical search only; run ingest again to embed)"
        return text


def index_folder(
    root: str | os.PathLike[str],
    lexical: LexicalIndex,
    collection_name: str,
    progress: PhaseProgress | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    chunk_size: int = CHUNK_SIZE,
    chunk_overlap: int = CHUNK_OVERLAP,
    report: PhasedReport | None = None,
) -> PhasedReport:
    """Phase 1: bring the lexical index in line with the folder (no model, no Chroma)."""
    started = time.perf_counter()
    root_path = Path(root).expanduser().resolve()
    report = report or PhasedReport(root=str(root_path), collection=collection_name)
    report.index_path = str(lexical.path)
    files = _walk(root_path, report)
    report.files_seen = len(files)
    known = lexical.manifest()
    seen: set[str] = set()
    lexical_progress = (lambda done, total, rel: progress("lexical", done, total, rel)) if progress else None
    for rel, path, sha, doc, chunks, pipeline in changed_documents(
        files, known, report, seen, lexical_progress, max_bytes=max_bytes, chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
    ):
        n = len(chunks)
        # The same metadata as the dense-only ingest, so a hit reads the same from either index.
        base = chunk_metadata(rel, path, sha, doc, n, pipeline)
        rows = [(f"{rel}::{i}", text, {**base, **extra, "chunk": i}) for i, (text, extra) in enumerate(chunks)]
        lexical.replace_file(rel, sha, pipeline, doc.title, rows)
        (report.updated if rel in known else report.added).append(rel)
        report.chunks_added += n
    for rel in sorted(set(known) - seen):
        lexical.delete_file(rel)
        report.removed.append(rel)
    counts = lexical.counts()
    report.chunks_total = counts["chunks"]
    report.not_embedded = counts["chunks"] - counts["embedded"]
    report.lexical_seconds = report.seconds = time.perf_counter() - started
    return report


def _adopt(lexical: LexicalIndex, collection: Any) -> None:
    """First dense phase over this lexical index: reuse the vectors an earlier dense-only
    ingest left in Chroma for identical file versions; owe deletions for all the others."""
    if collection.count():
        index = lexical.manifest()
        stale = []
        for path, version in _manifest(collection).items():
            sha = version.split(" ")[0]
            if index.get(path) == version:
                lexical.mark_file_embedded(path, sha)
            else:
                stale.append(path)
        lexical.add_pending(stale)
    lexical.set_info("dense_synced", "1")


def embed_pending(
    lexical: LexicalIndex,
    collection: Any,
    embedder: Embedder,
    progress: PhaseProgress | None = None,
    *,
    batch: int = EMBED_BATCH,
) -> int:
    """Phase 2: give every passage of the lexical index its vector in ``collection``.
    Returns how many were embedded; safe to interrupt and call again."""
    if lexical.info("dense_synced") != "1":
        _adopt(lexical, collection)
    pending = lexical.pending_deletes()
    for path in pending:
        collection.delete(where={"path": path})
    lexical.clear_pending(pending)
    counts = lexical.counts()
    total = counts["chunks"] - counts["embedded"]
    done, after = 0, 0
    if progress is not None:
        progress("dense", 0, total, "")
    while True:
        rows = lexical.unembedded(batch, after)
        if not rows:
            return done
        texts = []
        for row in rows:
            title = str(row.meta.get("title") or "")
            texts.append(row.text if row.text.startswith(title) else f"{title}\n{row.text}")
        vectors = embedder.embed_passages(texts)
        collection.upsert(
            ids=[r.cid for r in rows], documents=[r.text for r in rows],
            metadatas=[{k: v for k, v in r.meta.items() if v is not None} for r in rows], embeddings=vectors,
        )
        lexical.mark_embedded(r.rowid for r in rows)
        done += len(rows)
        after = rows[-1].rowid
        if progress is not None:
            progress("dense", done, total, str(rows[-1].meta.get("path", "")))


def ingest_two_phase(
    root: str | os.PathLike[str],
    collection_name: str | None,
    data_dir: str | os.PathLike[str],
    client: ClientAPI | Callable[[], ClientAPI] | None = None,
    embedder: Embedder | Any = None,
    progress: PhaseProgress | None = None,
    *,
    embed: bool = True,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    chunk_size: int = CHUNK_SIZE,
    chunk_overlap: int = CHUNK_OVERLAP,
) -> PhasedReport:
    """Ingest ``root``: lexical phase, then (``embed=True``) the dense phase into Chroma.

    ``client`` may be a factory so that ``embed=False`` never opens Chroma or loads the
    embedding model. Raises ``FileNotFoundError`` / ``NotADirectoryError`` for a bad folder.
    """
    root_path = corpus_folder(root)
    name = collection_name or default_collection_name(root_path)
    lexical = LexicalIndex(lexical_path(data_dir, name))
    try:
        report = index_folder(root_path, lexical, name, progress, max_bytes=max_bytes,
                              chunk_size=chunk_size, chunk_overlap=chunk_overlap)
        if not embed:
            return report
        started = time.perf_counter()
        if client is None:
            from warp_report.corpus.chroma import make_chroma_client

            client = make_chroma_client(data_dir)
        elif callable(client) and not isinstance(client, ClientAPI):
            client = client()
        emb = as_embedder(embedder)
        collection = open_collection(client, name, emb, metadata={"warp_kind": "corpus", "root": str(root_path)})
        try:
            report.embedded = embed_pending(lexical, collection, emb, progress)
        finally:
            report.dense_seconds = time.perf_counter() - started
            report.seconds = report.lexical_seconds + report.dense_seconds
            counts = lexical.counts()
            report.not_embedded = counts["chunks"] - counts["embedded"]
        return report
    finally:
        lexical.close()
