"""Semantic search over ingested local corpora (Chroma collections)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI

from warp_report.corpus.chroma import get_collection, make_chroma_client
from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.corpus.files import IngestReport, ProgressCallback, default_collection_name
from warp_report.corpus.ingest import ingest_folder
from warp_report.search.base import SearchError
from warp_report.state.citations import content_hash
from warp_report.state.passage import Hit


class MissingCollection(SearchError):
    """No Chroma collection of that name (never ingested, or not embedded yet)."""


def corpus_collection(client: ClientAPI, name: str, embedder: Embedder) -> Any:
    """A corpus's Chroma collection, or a SearchError that says what to do."""
    try:
        return get_collection(client, name, embedder)
    except ValueError as exc:  # built with another embedding model
        raise SearchError(str(exc)) from None
    except Exception as exc:
        raise MissingCollection(f"corpus collection {name!r} not found; ingest its folder first") from exc


class CorpusSearch:
    """``SearchBackend`` over one or more corpus collections (``name = "local"``).

    The query is embedded once (E5 ``query:`` prefix) and every collection is searched with
    that vector; hits are merged by score and de-duplicated by content. ``source`` is the
    file's absolute path; ``metadata`` has ``path`` (relative), ``chunk``, ``page`` (PDF) and
    ``collection``.
    """

    name = "local"

    def __init__(self, client: ClientAPI, collection_names: Sequence[str], embedder: Embedder | Any = None) -> None:
        if isinstance(collection_names, str):
            collection_names = [collection_names]
        self.client = client
        self.collection_names = list(collection_names)
        self.embedder = as_embedder(embedder)
        self._collections: dict[str, Any] = {}

    def _collection(self, name: str) -> Any:
        if name not in self._collections:
            self._collections[name] = corpus_collection(self.client, name, self.embedder)
        return self._collections[name]

    def _search_sync(self, query: str, k: int) -> list[Hit]:
        vector = self.embedder.embed_queries([query])[0]
        hits: list[Hit] = []
        for name in self.collection_names:
            col = self._collection(name)
            res = col.query(
                query_embeddings=[vector], n_results=k,
                include=["documents", "metadatas", "distances", "embeddings"],
            )
            docs = (res.get("documents") or [[]])[0]
            vectors = res.get("embeddings")
            vectors = list(vectors[0]) if vectors is not None and len(vectors) else [None] * len(docs)
            metas = (res.get("metadatas") or [[]])[0]
            dists = (res.get("distances") or [[]])[0]
            for doc, meta, dist, vec in zip(docs, metas, dists, vectors, strict=False):
                if not doc:
                    continue
                meta = dict(meta or {})
                extra: dict[str, str | int | float] = {"collection": name}
                for key in ("path", "chunk", "n_chunks", "page", "start_index", "kind", "section"):
                    if key in meta and isinstance(meta[key], (str, int, float)):
                        extra[key] = meta[key]
                hits.append(
                    Hit(
                        text=doc,
                        source=str(meta.get("abs_path") or meta.get("path") or name),
                        title=str(meta.get("title") or ""),
                        score=1.0 - float(dist),  # cosine distance -> similarity
                        metadata=extra,
                        embedding=[float(x) for x in vec] if vec is not None else None,
                    )
                )
        hits.sort(key=lambda h: h.score, reverse=True)
        seen: set[str] = set()
        unique: list[Hit] = []
        for hit in hits:
            h = content_hash(hit.text)
            if h not in seen:
                seen.add(h)
                unique.append(hit)
        return unique[:k]

    async def search(self, query: str, k: int) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        return await asyncio.to_thread(self._search_sync, query, k)


def open_corpus(
    dir: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None = None,
    chroma_url: str | None = None,
    progress: ProgressCallback | None = None,
    *,
    embedder: Embedder | Any = None,
    client: ClientAPI | None = None,
    collection_name: str | None = None,
) -> tuple[CorpusSearch, IngestReport]:
    """Ingest ``dir`` (incrementally: cheap when nothing changed) and return its search backend.

    Raises ``FileNotFoundError`` for a missing folder and ``ValueError`` for a path that is
    not a folder.
    """
    path = Path(dir).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise ValueError(f"corpus path is not a folder: {path}")
    emb = as_embedder(embedder)
    client = client if client is not None else make_chroma_client(data_dir, chroma_url)
    name = collection_name or default_collection_name(path)
    report = ingest_folder(path, name, client, emb, progress)
    return CorpusSearch(client, [name], emb), report
