"""Ingest a folder of documents into a Chroma collection, incrementally.

Supported: Markdown (.md, .markdown), text (.txt), reStructuredText (.rst), HTML (.html,
.htm), PDF (.pdf), Word (.docx) and EPUB (.epub; ``corpus/office.py``). Text comes from real
parsers (pypdf, html2text, the stdlib HTML parser for ``<title>``, zipfile + ElementTree);
chunks come from langchain-text-splitters (~1000 characters, 150 overlap, Markdown/RST-aware,
sentence-aware for CJK text).

Every chunk carries ``path`` (relative to the root), ``abs_path``, ``title``, ``chunk`` /
``n_chunks`` (position), ``start_index`` (character offset in the extracted text), ``page``
(PDF, 1-based) and ``file_sha256``. Chunk 0 of a file is written last, so it marks a file as
complete: a run that dies half way re-ingests that file next time.

Re-ingesting is incremental: unchanged files (same sha256) are skipped without parsing,
changed files are replaced, files that disappeared (or can no longer be read) are removed.
Anything that cannot be ingested is skipped with a reason in the report; symlinks are never
followed.
"""

from __future__ import annotations

import os
import time
from typing import Any

from chromadb.api import ClientAPI

from warp_report.corpus.chroma import open_collection
from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.corpus.files import IngestReport, ProgressCallback, _walk, corpus_folder, default_collection_name
from warp_report.corpus.readers import changed_documents, chunk_metadata
from warp_report.settings import CHUNK_OVERLAP, CHUNK_SIZE, DEFAULT_MAX_FILE_BYTES

_BATCH = 64  # chunks per embed + upsert call


# --------------------------------------------------------------------------- ingest


def _manifest(collection: Any) -> dict[str, str]:
    """path -> "file_sha256 pipeline" of every completely ingested file (those with a chunk 0)."""
    manifest: dict[str, str] = {}
    offset, page = 0, 5000
    while True:
        got = collection.get(where={"chunk": 0}, include=["metadatas"], limit=page, offset=offset)
        metas = got.get("metadatas") or []
        for meta in metas:
            if meta and "path" in meta:
                manifest[str(meta["path"])] = f"{meta.get('file_sha256', '')} {meta.get('pipeline', '')}"
        if len(metas) < page:
            return manifest
        offset += page


class _Writer:
    """Buffers chunks, embeds them in batches, upserts them."""

    def __init__(self, collection: Any, embedder: Embedder, batch: int = _BATCH) -> None:
        self.collection = collection
        self.embedder = embedder
        self.batch = batch
        self.ids: list[str] = []
        self.docs: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self.embed_texts: list[str] = []
        self.written = 0

    def put(self, cid: str, text: str, meta: dict[str, Any], embed_text: str) -> None:
        self.ids.append(cid)
        self.docs.append(text)
        self.metas.append(meta)
        self.embed_texts.append(embed_text)
        if len(self.ids) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.ids:
            return
        vectors = self.embedder.embed_passages(self.embed_texts)
        self.collection.upsert(ids=self.ids, documents=self.docs, metadatas=self.metas, embeddings=vectors)
        self.written += len(self.ids)
        self.ids, self.docs, self.metas, self.embed_texts = [], [], [], []


def ingest_folder(
    root: str | os.PathLike[str],
    collection_name: str | None,
    client: ClientAPI,
    embedder: Embedder | Any = None,
    progress: ProgressCallback | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    chunk_size: int = CHUNK_SIZE,
    chunk_overlap: int = CHUNK_OVERLAP,
) -> IngestReport:
    """Bring collection ``collection_name`` (default: ``default_collection_name(root)``) in line
    with the folder ``root``. Raises ``FileNotFoundError`` / ``NotADirectoryError``."""
    started = time.perf_counter()
    root_path = corpus_folder(root)
    name = collection_name or default_collection_name(root_path)
    emb = as_embedder(embedder)
    collection = open_collection(
        client, name, emb, metadata={"warp_kind": "corpus", "root": str(root_path)}
    )
    report = IngestReport(root=str(root_path), collection=name)
    files = _walk(root_path, report)
    report.files_seen = len(files)
    known = _manifest(collection)
    fresh = not known and collection.count() == 0
    seen: set[str] = set()
    writer = _Writer(collection, emb)
    for rel, path, sha, doc, chunks, pipeline in changed_documents(
        files, known, report, seen, progress, max_bytes=max_bytes, chunk_size=chunk_size, chunk_overlap=chunk_overlap
    ):
        # Replace whatever an earlier (or interrupted) ingest left for this path.
        if not fresh:
            collection.delete(where={"path": rel})
        (report.updated if rel in known else report.added).append(rel)
        n = len(chunks)
        base = chunk_metadata(rel, path, sha, doc, n, pipeline)
        # Chunk 0 last: it is the marker that the file is completely ingested.
        for i in [*range(1, n), 0]:
            text, extra = chunks[i]
            meta = {**base, **extra, "chunk": i}
            embed_text = text if text.startswith(doc.title) else f"{doc.title}\n{text}"
            writer.put(f"{rel}::{i}", text, meta, embed_text)
        report.chunks_added += n
    writer.flush()
    for rel in sorted(set(known) - seen):
        collection.delete(where={"path": rel})
        report.removed.append(rel)
    report.chunks_total = collection.count()
    report.seconds = time.perf_counter() - started
    return report


