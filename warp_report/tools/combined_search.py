"""Several search backends as one (``search="both"``: local corpora and the web)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from warp_report.state.citations import content_hash
from warp_report.tools.base import Hit, SearchBackend, SearchError
from warp_report.tools.tavily_search import SearchAuthError


class CombinedSearch:
    """Runs every backend concurrently, merges round-robin, drops duplicate passages.

    If a backend fails (network down, server error after retries, missing collection), the
    others still answer and the failure is recorded in ``warnings`` (one line per backend
    and message, not repeated). A rejected credential (``SearchAuthError``) is re-raised: the
    user must fix it. If every backend fails, the first error is raised as ``SearchError``.
    """

    name = "both"

    def __init__(self, backends: Sequence[SearchBackend]) -> None:
        if not backends:
            raise ValueError("CombinedSearch needs at least one backend")
        self.backends = list(backends)
        self.warnings: list[str] = []

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    async def search(self, query: str, k: int) -> list[Hit]:
        if k <= 0:
            return []
        results = await asyncio.gather(*(b.search(query, k) for b in self.backends), return_exceptions=True)
        lists: list[list[Hit]] = []
        errors: list[BaseException] = []
        for backend, result in zip(self.backends, results):
            if isinstance(result, BaseException):
                if isinstance(result, (SearchAuthError, asyncio.CancelledError)) or not isinstance(result, Exception):
                    raise result
                errors.append(result)
                self._warn(f"{getattr(backend, 'name', type(backend).__name__)} search failed: {result}")
                continue
            lists.append(list(result))
        if errors and not lists:
            first = errors[0]
            if isinstance(first, SearchError):
                raise first
            raise SearchError(f"every search backend failed: {first}") from first
        return merge_round_robin(lists, k)


def merge_round_robin(result_lists: Sequence[Sequence[Hit]], k: int) -> list[Hit]:
    """1st of each list, then 2nd of each...; a passage seen before (by ``content_hash``) is skipped."""
    merged: list[Hit] = []
    seen: set[str] = set()
    depth = max((len(r) for r in result_lists), default=0)
    for i in range(depth):
        for results in result_lists:
            if i < len(results) and len(merged) < k:
                hit = results[i]
                if not hit.text.strip():
                    continue
                h = content_hash(hit.text)
                if h not in seen:
                    seen.add(h)
                    merged.append(hit)
    return merged
