"""Keyword searches -> the passages shown for one step (docs/architecture.md, "Evidence")."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from warp_report.search.base import SearchBackend
from warp_report.state.citations import content_hash
from warp_report.state.passage import Hit


def round_robin(result_lists: Sequence[Sequence[Hit]], limit: int) -> list[Hit]:
    """Merge per-keyword results fairly: 1st of each, then 2nd of each...; duplicates once."""
    merged: list[Hit] = []
    seen: set[str] = set()
    depth = max((len(r) for r in result_lists), default=0)
    for i in range(depth):
        for results in result_lists:
            if i < len(results) and len(merged) < limit and results[i].text.strip():
                h = content_hash(results[i].text)
                if h not in seen:
                    seen.add(h)
                    merged.append(results[i])
    return merged


async def search_keywords(backend: SearchBackend, keywords: Sequence[str], limit: int) -> list[Hit]:
    """Each keyword is a query; results merged round-robin up to ``limit`` passages."""
    results = await asyncio.gather(*(backend.search(k, limit) for k in keywords))
    return round_robin(results, limit)


class NoSearch:
    """No evidence source configured: the run says so instead of inventing evidence."""

    name = "none"

    async def search(self, query: str, k: int) -> list[Hit]:
        return []
