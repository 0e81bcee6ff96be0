"""An in-process evidence memory (keyword relevance), used when no Chroma memory is configured."""

from __future__ import annotations

from warp_report.tools.base import Hit, PassageLike
from warp_report.tools.keyword_search import KeywordIndex


class RegistryMemory:
    def __init__(self) -> None:
        self._runs: dict[str, dict[str, Hit]] = {}

    async def add(self, run_id: str, passages: list[PassageLike]) -> None:
        store = self._runs.setdefault(run_id, {})
        for p in passages:
            store.setdefault(p.id, Hit(text=p.text, source=p.source, title=p.title, metadata={"id": p.id}))

    async def relevant(self, run_id: str, query: str, k: int) -> list[str]:
        store = self._runs.get(run_id, {})
        if not store:
            return []
        hits = KeywordIndex(list(store.values())).top(query, k)
        return [str(h.metadata["id"]) for h in hits]
