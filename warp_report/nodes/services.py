"""The run's collaborators that are not plain data: chat model, search backend, evidence memory.

``build_graph`` takes them injected (tests, apps embedding the graph); otherwise they are
made from the run's ``Context`` and input, once per process, off the event loop.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from warp_report.context import Context
from warp_report.errors import SearchError
from warp_report.memory.evidence import KeywordMemory
from warp_report.models.backends import make_chat_model
from warp_report.search.base import EvidenceMemory, SearchBackend
from warp_report.search.merge import NoSearch
from warp_report.search.subject import SUBJECT_HITS, subject_sources
from warp_report.settings import resolve_data_dir

#: questions whose documents are kept (runs in flight on one server process, with room)
SUBJECTS_KEPT = 64


@dataclass
class Services:
    model: BaseChatModel | None = None
    search: SearchBackend | None = None
    memory: EvidenceMemory | None = None
    #: folders a run's input may name as corpora (None: any folder). The served graph sets them:
    #: a server must not read arbitrary paths for its clients.
    corpus_roots: tuple[str, ...] | None = None
    _keyword_memory: KeywordMemory = field(default_factory=KeywordMemory)
    #: (id of the backend, question) -> (the backend, kept so that its id is not reused; the
    #: question's documents), newest last; a few runs' worth (backends need not be hashable)
    _subjects: OrderedDict[tuple[int, str], tuple[SearchBackend, frozenset[str]]] = field(default_factory=OrderedDict)

    async def chat_model(self, ctx: Context) -> BaseChatModel:
        if self.model is not None:
            return self.model
        # Making a client reads certificates, loading a GGUF reads a file: off the event loop.
        return await asyncio.to_thread(make_chat_model, ctx)

    async def search_backend(self, ctx: Context, corpus: list[str], collections: list[str]) -> SearchBackend:
        if self.search is not None:
            return self.search
        if self.corpus_roots is not None:
            check_corpus_folders(corpus, self.corpus_roots)
        return await asyncio.to_thread(
            search_for, ctx.search, tuple(corpus), tuple(collections), ctx.data_dir, ctx.chroma_url
        )

    async def subject(self, backend: SearchBackend, question: str) -> frozenset[str]:
        """The documents ``question`` is about (``search/subject.py``), searched once per question
        and backend, though every part's evidence search and the judge's topics ask (a failed
        search is not kept: the next ask tries again; an empty subject filters nothing)."""
        key = (id(backend), question)
        if key not in self._subjects:
            try:
                hits = await backend.search(question, SUBJECT_HITS)
                self._subjects[key] = (backend, frozenset(subject_sources(hits)))
            except SearchError:
                return frozenset()
            while len(self._subjects) > SUBJECTS_KEPT:
                self._subjects.popitem(last=False)
        return self._subjects[key][1]

    async def evidence_memory(self, ctx: Context) -> EvidenceMemory:
        if self.memory is not None:
            return self.memory
        if ctx.memory == "keyword":
            return self._keyword_memory
        return await asyncio.to_thread(chroma_memory, ctx.data_dir, ctx.chroma_url)


def server_corpus_roots() -> tuple[str, ...]:
    """``$WARP_CORPUS_ROOTS`` (os.pathsep-separated), else the data dir and the working directory."""
    env = os.environ.get("WARP_CORPUS_ROOTS")
    if env:
        return tuple(r for r in env.split(os.pathsep) if r)
    return (str(resolve_data_dir(None)), os.getcwd())


def check_corpus_folders(corpus: list[str], roots: tuple[str, ...]) -> None:
    """Every corpus folder lies under an allowed root and exists; else a clear SearchError."""
    allowed = [Path(r).expanduser().resolve() for r in roots]
    for folder in corpus:
        path = Path(folder).expanduser().resolve()
        if not any(path == root or root in path.parents for root in allowed):
            raise SearchError(
                f"corpus folder {folder!r} is outside the allowed roots ({', '.join(map(str, allowed))}); "
                "set WARP_CORPUS_ROOTS to the folders this server may read"
            )
        if not path.is_dir():
            raise SearchError(f"corpus folder not found: {folder}")


@lru_cache(maxsize=32)
def search_for(kind: str, corpus: tuple[str, ...], collections: tuple[str, ...], data_dir: str | None,
               chroma_url: str | None) -> SearchBackend:
    """The backend for a ``--search`` choice; corpora are ingested (incrementally) on first use."""
    local: SearchBackend | None = None
    if kind in ("local", "both") and (corpus or collections):
        from warp_report.corpus.chroma import make_chroma_client
        from warp_report.search.hybrid import open_hybrid_corpus

        # Lexical and dense indexes fused; folders are brought up to date first (incremental).
        local = open_hybrid_corpus(corpus, collections, resolve_data_dir(data_dir),
                                   make_chroma_client(data_dir, chroma_url))
    if kind == "local":
        return local or NoSearch()
    from warp_report.search.web import TavilySearch

    web = TavilySearch()
    if local is None:
        return web
    from warp_report.search.combined import CombinedSearch

    return CombinedSearch([local, web])


@lru_cache(maxsize=8)
def chroma_memory(data_dir: str | None, chroma_url: str | None) -> EvidenceMemory:
    from warp_report.corpus.chroma import make_chroma_client
    from warp_report.memory.evidence import ChromaMemory

    return ChromaMemory(make_chroma_client(data_dir, chroma_url))
