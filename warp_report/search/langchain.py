"""Any LangChain retriever or vector store as a warp-report search backend.

An app that already has a pgvector, Qdrant or Elasticsearch retriever passes it to
``build_graph(search=...)`` as is. Each ``Document`` becomes a passage: its ``page_content`` is
the text, ``metadata["source"]`` (or ``url``/``file_path``) the source a reference shows, and
``metadata["title"]`` the title.
"""

from __future__ import annotations

from typing import Any

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore

from warp_report.search.base import SearchBackend
from warp_report.state.passage import Hit

_SOURCE_KEYS = ("source", "url", "file_path", "path")


def hit_from(doc: Document, rank: int) -> Hit:
    meta = doc.metadata or {}
    source = next((str(meta[k]) for k in _SOURCE_KEYS if meta.get(k)), "") or (doc.id or f"document-{rank}")
    scalars = {k: v for k, v in meta.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    return Hit(text=doc.page_content, source=source, title=str(meta.get("title") or ""),
               score=float(meta.get("score", 0.0) or 0.0) or 1.0 / (rank + 1), metadata=scalars)


class RetrieverSearch:
    """A LangChain ``BaseRetriever`` behind the ``SearchBackend`` protocol."""

    def __init__(self, retriever: BaseRetriever, name: str = "retriever") -> None:
        self.retriever = retriever
        self.name = name

    async def search(self, query: str, k: int) -> list[Hit]:
        # Retrievers fix their own k; a vector store's retriever is built with ours (see as_search_backend).
        docs = await self.retriever.ainvoke(query)
        return [hit_from(doc, i) for i, doc in enumerate(docs[:k]) if doc.page_content.strip()]


class VectorStoreSearch:
    """A LangChain ``VectorStore``: similarity search with the k each step asks for."""

    def __init__(self, store: VectorStore, name: str = "vectorstore") -> None:
        self.store = store
        self.name = name

    async def search(self, query: str, k: int) -> list[Hit]:
        docs = await self.store.asimilarity_search(query, k=k)
        return [hit_from(doc, i) for i, doc in enumerate(docs) if doc.page_content.strip()]


def as_search_backend(obj: Any) -> SearchBackend:
    """A ``SearchBackend`` as it is, or a LangChain retriever / vector store adapted to one."""
    if isinstance(obj, BaseRetriever):
        return RetrieverSearch(obj)
    if isinstance(obj, VectorStore):
        return VectorStoreSearch(obj)
    if isinstance(obj, SearchBackend):
        return obj
    raise TypeError(f"search must be a SearchBackend, a LangChain BaseRetriever or a VectorStore, not {type(obj).__name__}")
