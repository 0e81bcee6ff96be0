"""Keyword searches -> the passages shown for one step (docs/architecture.md, "Evidence")."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from warp_report.search.base import SearchBackend
from warp_report.state.citations import content_hash
from warp_report.state.passage import Hit


def round_robin(result_lists: Sequence[Sequence[Hit]], limit: int, *, lead: int = 1) -> list[Hit]:
    """Merge per-keyword results fairly: 1st of each, then 2nd of each...; duplicates once.

    ``lead``: how many hits the first list gives each round (a part's own title, whose second hit
    was lost to one hit of each of the model's looser keywords)."""
    merged: list[Hit] = []
    seen: set[str] = set()
    rounds = [[results[i : i + 1] for i in range(len(results))] for results in result_lists]
    if rounds and lead > 1:
        first = result_lists[0]
        rounds[0] = [first[i : i + lead] for i in range(0, len(first), lead)]
    depth = max((len(r) for r in rounds), default=0)
    for i in range(depth):
        for batches in rounds:
            for hit in batches[i] if i < len(batches) else ():
                if len(merged) < limit and hit.text.strip():
                    h = content_hash(hit.text)
                    if h not in seen:
                        seen.add(h)
                        merged.append(hit)
    return merged


def block_wise(result_lists: Sequence[Sequence[Hit]], top_k: int) -> list[Hit]:
    """Merge per-keyword results as AgentCPM-Report's released pipeline does.

    ``per_query_limit = max(1, top_k // len(keywords))``: first each keyword's first
    ``per_query_limit`` hits, keyword after keyword; then the slots left up to ``top_k`` from
    each keyword's remaining hits, again keyword after keyword (blocks, not round-robin).
    Duplicates count once. Unlike the release, the first pass is capped at ``top_k`` too, so
    more keywords than slots never show more than ``top_k`` passages.
    """
    if not result_lists or top_k <= 0:
        return []
    per_query = max(1, top_k // len(result_lists))
    merged: list[Hit] = []
    seen: set[str] = set()

    def take(hits: Sequence[Hit]) -> None:
        for hit in hits:
            if len(merged) >= top_k:
                return
            h = content_hash(hit.text)
            if hit.text.strip() and h not in seen:
                seen.add(h)
                merged.append(hit)

    for results in result_lists:
        take(results[:per_query])
    for results in result_lists:
        take(results[per_query:])
    return merged


MERGES = {"round-robin": round_robin, "block-wise": block_wise}


async def search_keywords(backend: SearchBackend, keywords: Sequence[str], limit: int, *,
                          merge: str = "round-robin", per_keyword: int | None = None, lead: int = 1) -> list[Hit]:
    """Each keyword is a query (``per_keyword`` hits, default ``limit``); results merged up to ``limit``
    (round-robin: the first keyword's ``lead`` hits a round)."""
    results = await asyncio.gather(*(backend.search(k, per_keyword or limit) for k in keywords))
    if merge == "round-robin":
        return round_robin(results, limit, lead=lead)
    return MERGES[merge](results, limit)


class NoSearch:
    """No evidence source configured: the run says so instead of inventing evidence."""

    name = "none"

    async def search(self, query: str, k: int) -> list[Hit]:
        return []
