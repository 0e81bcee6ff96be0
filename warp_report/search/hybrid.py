"""Hybrid corpus search: BM25 (always there) fused with dense vectors (where embedded).

Reciprocal rank fusion (Cormack et al., 2009): each ranked list gives a passage
``1 / (RRF_K + rank)``; the sums order the result. It needs no score calibration between
BM25 and cosine similarity, which live on unrelated scales. Dense hits are only those whose
vector belongs to the passage indexed now (``LexicalIndex.embedded_current``), so a folder
half way through its dense phase, or with a file replaced since, is searched correctly:
the lexical list covers every passage, the dense list what has been embedded.

Each hit says which index found it: ``metadata["found_by"]`` is ``lexical``, ``dense`` or
``both``, with ``lexical_rank`` / ``dense_rank`` and the raw scores when present.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import Any

from chromadb.api import ClientAPI

from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.corpus.lexical import LexicalIndex, lexical_path
from warp_report.search.base import Hit, SearchError
from warp_report.state.citations import content_hash

RRF_K = 60
_META_KEYS = ("path", "chunk", "n_chunks", "page", "start_index", "kind", "section")


class _Fused:
    def __init__(self, cid: str, text: str, meta: dict[str, Any], collection: str) -> None:
        self.cid, self.text, self.meta, self.collection = cid, text, meta, collection
        self.score = 0.0
        self.ranks: dict[str, int] = {}
        self.raw: dict[str, float] = {}
        self.embedding: list[float] | None = None

    def add(self, kind: str, rank: int, raw: float) -> None:
        if kind in self.ranks:  # the same passage twice in one kind (two collections): best rank counts
            return
        self.ranks[kind] = rank
        self.raw[kind] = raw
        self.score += 1.0 / (RRF_K + rank)

    def hit(self) -> Hit:
        extra: dict[str, str | int | float] = {"collection": self.collection}
        for key in _META_KEYS:
            value = self.meta.get(key)
            if isinstance(value, (str, int, float)):
                extra[key] = value
        extra["found_by"] = "both" if len(self.ranks) == 2 else next(iter(self.ranks))
        for kind in ("lexical", "dense"):
            if kind in self.ranks:
                extra[f"{kind}_rank"] = self.ranks[kind]
                extra[f"{kind}_score"] = round(self.raw[kind], 4)
        return Hit(
            text=self.text,
            source=str(self.meta.get("abs_path") or self.meta.get("path") or self.collection),
            title=str(self.meta.get("title") or ""),
            score=self.score,
            metadata=extra,
            embedding=self.embedding,
        )


class HybridCorpusSearch:
    """``SearchBackend`` (``name = "local"``) over corpus collections: lexical + dense, fused.

    ``client=None`` (or ``dense=False``) searches the lexical index only. The embedding model
    is loaded only when some passage of a searched collection has been embedded. ``mode``
    ``lexical`` / ``dense`` uses one list only (for comparisons; ``hybrid`` is the default).
    """

    name = "local"

    def __init__(
        self,
        collection_names: Sequence[str] | str,
        data_dir: str | os.PathLike[str],
        client: ClientAPI | None = None,
        embedder: Embedder | Any = None,
        *,
        dense: bool = True,
        depth: int = 50,
        mode: str = "hybrid",
    ) -> None:
        if isinstance(collection_names, str):
            collection_names = [collection_names]
        self.collection_names = list(collection_names)
        self.client = client if dense else None
        self._embedder = embedder
        self._embedder_ready = False
        self.depth = depth
        self.mode = mode
        self._lexical: dict[str, LexicalIndex] = {}
        for name in self.collection_names:
            path = lexical_path(data_dir, name)
            if path.exists():
                self._lexical[name] = LexicalIndex(path)
            elif self.client is None:
                raise SearchError(f"corpus collection {name!r} has no lexical index at {path}; ingest its folder first")
            # else: a collection from the dense-only ingest (or another tool): searched densely only
        self._collections: dict[str, Any] = {}

    @property
    def embedder(self) -> Embedder:
        if not self._embedder_ready:  # loading the model costs seconds: only when needed
            self._embedder = as_embedder(self._embedder)
            self._embedder_ready = True
        return self._embedder

    def close(self) -> None:
        for index in self._lexical.values():
            index.close()

    def _collection(self, name: str) -> Any:
        if name not in self._collections:
            from warp_report.search.corpus import corpus_collection

            self._collections[name] = corpus_collection(self.client, name, self.embedder)
        return self._collections[name]

    def _dense(self, name: str, query: str, n: int) -> list[tuple[str, str, dict[str, Any], float, Any]]:
        """(chunk id, text, metadata, cosine similarity, vector) of the current vectors."""
        index = self._lexical.get(name)
        if self.client is None or (index is not None and not index.has_embedded()):
            return []
        from warp_report.search.corpus import MissingCollection

        try:
            col = self._collection(name)
        except MissingCollection:
            if index is None:
                raise
            return []  # lexical phase done, Chroma collection not created yet
        vector = self.embedder.embed_queries([query])[0]
        res = col.query(query_embeddings=[vector], n_results=n,
                        include=["documents", "metadatas", "distances", "embeddings"])
        ids = (res.get("ids") or [[]])[0]
        docs = (res.get("documents") or [[]])[0]
        metas = (res.get("metadatas") or [[]])[0]
        dists = (res.get("distances") or [[]])[0]
        vectors = res.get("embeddings")
        vectors = list(vectors[0]) if vectors is not None and len(vectors) else [None] * len(ids)
        current = index.embedded_current(ids) if index is not None else set(ids)
        return [
            (cid, doc, dict(meta or {}), 1.0 - float(dist), vec)
            for cid, doc, meta, dist, vec in zip(ids, docs, metas, dists, vectors, strict=False)
            if cid in current and doc
        ]

    def search_sync(self, query: str, k: int) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        n = max(self.depth, k)
        fused: dict[tuple[str, str], _Fused] = {}
        for name in self.collection_names:
            index = self._lexical.get(name)
            lexical_hits = index.search(query, n) if index is not None and self.mode != "dense" else []
            dense_hits = self._dense(name, query, n) if self.mode != "lexical" else []
            for hit in lexical_hits:
                item = fused.setdefault((name, hit.cid), _Fused(hit.cid, hit.text, hit.meta, name))
                item.add("lexical", hit.rank, hit.score)
            for rank, (cid, text, meta, sim, vec) in enumerate(dense_hits, start=1):
                item = fused.setdefault((name, cid), _Fused(cid, text, meta, name))
                item.add("dense", rank, sim)
                if vec is not None:
                    item.embedding = [float(x) for x in vec]
        ordered = sorted(fused.values(), key=lambda f: (-f.score, min(f.ranks.values())))
        seen: set[str] = set()
        hits: list[Hit] = []
        for item in ordered:
            h = content_hash(item.text)  # the same text in two files is one piece of evidence
            if h in seen:
                continue
            seen.add(h)
            hits.append(item.hit())
            if len(hits) == k:
                break
        return hits

    async def search(self, query: str, k: int) -> list[Hit]:
        return await asyncio.to_thread(self.search_sync, query, k)


def open_hybrid_corpus(
    corpus: Sequence[str | os.PathLike[str]],
    collections: Sequence[str],
    data_dir: str | os.PathLike[str],
    client: ClientAPI | None,
    embedder: Embedder | Any = None,
    *,
    embed: bool = True,
) -> HybridCorpusSearch:
    """What a run needs: every folder in ``corpus`` brought up to date (lexical phase, then the
    dense phase unless ``embed=False``), searched together with the already ingested
    ``collections``. Drop-in for ``CorpusSearch`` where a run builds its local backend."""
    from warp_report.corpus.phased import ingest_two_phase

    names = []
    for folder in corpus:
        report = ingest_two_phase(folder, None, data_dir, client, embedder, embed=embed and client is not None)
        names.append(report.collection)
    return HybridCorpusSearch([*names, *collections], data_dir, client, embedder)
