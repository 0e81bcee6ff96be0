"""Evidence memory: every passage a run retrieved, searchable by meaning (docs/architecture.md, "Evidence").

``ChromaMemory`` keeps all runs in one collection; each record is tagged with its ``run_id``
and every query filters on it, so runs never see each other's passages. Citation ids stay
in the run's state (``Registry``); the memory only answers "which of my ids are relevant".

``KeywordMemory`` is the same contract in process (no Chroma, no embeddings) for unit tests.
"""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
from chromadb.api import ClientAPI

from warp_report.corpus.chroma import open_collection
from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.search.base import PassageLike
from warp_report.search.keyword import KeywordIndex
from warp_report.settings import MEMORY_COLLECTION
from warp_report.state.passage import Hit


def _doc_id(run_id: str, passage_id: str) -> str:
    return f"{run_id}:{passage_id}"


class ChromaMemory:
    """``EvidenceMemory`` in a Chroma collection (embedded or server)."""

    def __init__(self, client: ClientAPI, embedder: Embedder | Any = None, collection: str = MEMORY_COLLECTION) -> None:
        self.client = client
        self.embedder = as_embedder(embedder)
        self.collection_name = collection
        self._col: Any = None
        # ids known to be stored, per run: avoids a round trip when a passage comes back again
        self._stored: dict[str, set[str]] = {}

    @property
    def collection(self) -> Any:
        if self._col is None:
            self._col = open_collection(
                self.client, self.collection_name, self.embedder, metadata={"warp_kind": "memory"}
            )
        return self._col

    def _add_sync(self, run_id: str, passages: list[PassageLike]) -> None:
        stored = self._stored.setdefault(run_id, set())
        fresh: dict[str, PassageLike] = {}
        for p in passages:
            if p.id not in stored and p.id not in fresh and p.text.strip():
                fresh[p.id] = p
        if not fresh:
            return
        ids = [_doc_id(run_id, pid) for pid in fresh]
        existing = set(self.collection.get(ids=ids, include=[])["ids"])
        todo = [p for pid, p in fresh.items() if _doc_id(run_id, pid) not in existing]
        stored.update(fresh)
        if not todo:
            return
        # Corpus passages arrive with their vectors; only the others are embedded here.
        missing = [p for p in todo if getattr(p, "embedding", None) is None]
        fresh_vectors = iter(self.embedder.embed_passages([p.text for p in missing]) if missing else [])
        # One type for all: Chroma refuses a batch mixing lists (corpus hits) and numpy rows.
        vectors = [np.asarray(p.embedding if getattr(p, "embedding", None) is not None else next(fresh_vectors),
                              dtype=np.float32) for p in todo]
        self.collection.upsert(
            ids=[_doc_id(run_id, p.id) for p in todo],
            documents=[p.text for p in todo],
            metadatas=[
                {"run_id": run_id, "passage_id": str(p.id), "source": str(p.source or ""), "title": str(p.title or "")}
                for p in todo
            ],
            embeddings=vectors,
        )

    async def add(self, run_id: str, passages: list[PassageLike]) -> None:
        """Store each passage once per run (id ``f"{run_id}:{passage.id}"``)."""
        if passages:
            await asyncio.to_thread(self._add_sync, run_id, list(passages))

    def _relevant_sync(self, run_id: str, query: str, k: int) -> list[str]:
        vector = self.embedder.embed_queries([query])[0]
        res = self.collection.query(
            query_embeddings=[vector], n_results=k, where={"run_id": run_id}, include=["metadatas"]
        )
        metas = (res.get("metadatas") or [[]])[0]
        return [str(m["passage_id"]) for m in metas if m and m.get("run_id") == run_id]

    async def relevant(self, run_id: str, query: str, k: int) -> list[str]:
        """Ids of this run's passages most relevant to ``query``, best first."""
        if k <= 0 or not query.strip():
            return []
        return await asyncio.to_thread(self._relevant_sync, run_id, query, k)

    async def forget(self, run_id: str) -> None:
        """Delete a run's passages (e.g. when its thread is deleted)."""
        self._stored.pop(run_id, None)
        await asyncio.to_thread(self.collection.delete, where={"run_id": run_id})


# --------------------------------------------------------------------------- in process

class KeywordMemory:
    """``EvidenceMemory`` without Chroma: BM25 (the keyword retriever's) over each run's passages."""

    def __init__(self) -> None:
        self._runs: dict[str, dict[str, Hit]] = {}

    async def add(self, run_id: str, passages: list[PassageLike]) -> None:
        store = self._runs.setdefault(run_id, {})
        for p in passages:
            if p.id not in store and p.text.strip():
                store[p.id] = Hit(text=f"{p.title}\n{p.text}", source=p.source, title=p.title, metadata={"id": p.id})

    async def relevant(self, run_id: str, query: str, k: int) -> list[str]:
        store = self._runs.get(run_id) or {}
        if not store or k <= 0:
            return []
        return [str(h.metadata["id"]) for h in KeywordIndex(list(store.values())).top(query, k)]
