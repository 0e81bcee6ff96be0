"""Several search backends as one (``search="both"``: local corpora and the web)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from warp_report.search.base import SearchBackend, SearchError
from warp_report.search.merge import round_robin
from warp_report.search.web import SearchAuthError
from warp_report.state.passage import Hit


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
        for backend, result in zip(self.backends, results, strict=False):
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
        return round_robin(lists, k)

