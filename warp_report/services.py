"""The run's collaborators that are not plain data: chat model, search backend, evidence memory.

``build_graph`` takes them injected (tests, apps embedding the graph); otherwise they are
made from the run's ``Context`` and input, once per process.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from warp_report.context import Context
from warp_report.models.backends import make_chat_model
from warp_report.tools.base import EvidenceMemory, SearchBackend
from warp_report.tools.keyword_search import KeywordCorpusSearch
from warp_report.tools.memory_fallback import RegistryMemory
from warp_report.tools.retrieval import NoSearch


@dataclass
class Services:
    model: BaseChatModel | None = None
    search: SearchBackend | None = None
    memory: EvidenceMemory | None = None

    async def chat_model(self, ctx: Context) -> BaseChatModel:
        if self.model is not None:
            return self.model
        # Making a client reads certificates, loading a GGUF reads a file: off the event loop.
        return await asyncio.to_thread(make_chat_model, ctx)

    async def search_backend(self, ctx: Context, corpus: list[str], collections: list[str]) -> SearchBackend:
        if self.search is not None:
            return self.search
        return await asyncio.to_thread(_corpus_backend, tuple(corpus))

    def evidence_memory(self, ctx: Context) -> EvidenceMemory:
        if self.memory is None:
            self.memory = RegistryMemory()
        return self.memory


_BACKENDS: dict[tuple[str, ...], SearchBackend] = {}


def _corpus_backend(corpus: tuple[str, ...]) -> SearchBackend:
    if not corpus:
        return NoSearch()
    if corpus not in _BACKENDS:
        backends = [KeywordCorpusSearch(Path(c)) for c in corpus]
        if len(backends) == 1:
            _BACKENDS[corpus] = backends[0]
        else:
            from warp_report.tools.combined_search import CombinedSearch

            _BACKENDS[corpus] = CombinedSearch(backends)
    return _BACKENDS[corpus]
