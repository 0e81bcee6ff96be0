"""CombinedSearch: concurrent backends, round-robin merge, content de-duplication, failures."""

from __future__ import annotations

import asyncio

import pytest

from warp_report.search.base import SearchBackend, SearchError
from warp_report.search.combined import CombinedSearch
from warp_report.search.merge import round_robin
from warp_report.search.web import SearchAuthError, SearchUnavailable
from warp_report.state.passage import Hit


class Fake:
    def __init__(self, name: str, texts: list[str], error: Exception | None = None, gate=None, opens=None):
        self.name = name
        self.texts = texts
        self.error = error
        self.gate = gate  # wait for this event before answering
        self.opens = opens  # set this event when called
        self.calls: list[tuple[str, int]] = []

    async def search(self, query: str, k: int) -> list[Hit]:
        self.calls.append((query, k))
        if self.opens is not None:
            self.opens.set()
        if self.gate is not None:
            await asyncio.wait_for(self.gate.wait(), 2)
        if self.error is not None:
            raise self.error
        return [Hit(text=t, source=f"{self.name}:{i}") for i, t in enumerate(self.texts)][:k]


async def test_round_robin_merge_and_dedupe_by_content():
    web = Fake("web", ["W1", "Shared   passage", "W3", "W4"])
    local = Fake("local", ["L1", "shared passage", "L3"])
    both = CombinedSearch([web, local])
    assert isinstance(both, SearchBackend) and both.name == "both"
    hits = await both.search("q", 10)
    # 1st of each, 2nd of each (the local copy of the shared passage differs only in case and
    # whitespace: dropped), 3rd of each, 4th.
    assert [h.text for h in hits] == ["W1", "L1", "Shared   passage", "W3", "L3", "W4"]
    assert hits[2].source == "web:1"
    assert web.calls == [("q", 10)] and local.calls == [("q", 10)]
    assert both.warnings == []


async def test_k_limits_the_merged_list():
    both = CombinedSearch([Fake("a", ["a1", "a2", "a3"]), Fake("b", ["b1", "b2"])])
    assert [h.text for h in await both.search("q", 3)] == ["a1", "b1", "a2"]
    assert await both.search("q", 0) == []


async def test_backends_run_concurrently():
    # Each backend only answers once the other has been called: sequential calls would hang.
    a_called, b_called = asyncio.Event(), asyncio.Event()
    a = Fake("a", ["a1"], gate=b_called, opens=a_called)
    b = Fake("b", ["b1"], gate=a_called, opens=b_called)
    hits = await asyncio.wait_for(CombinedSearch([a, b]).search("q", 5), 3)
    assert {h.text for h in hits} == {"a1", "b1"}


@pytest.mark.parametrize(
    "error",
    [SearchUnavailable("Tavily server error (503) still failing after retries"), OSError("connection refused"), SearchError("collection gone")],
)
async def test_a_failing_backend_is_a_warning_not_a_failure(error):
    web = Fake("web", [], error=error)
    local = Fake("local", ["L1", "L2"])
    both = CombinedSearch([web, local])
    hits = await both.search("q", 5)
    assert [h.text for h in hits] == ["L1", "L2"]
    assert len(both.warnings) == 1 and both.warnings[0].startswith("web search failed")
    await both.search("q2", 5)
    assert len(both.warnings) == 1  # the same failure is not repeated


async def test_auth_errors_are_raised():
    both = CombinedSearch([Fake("web", [], error=SearchAuthError("Tavily rejected the API key (401)")), Fake("local", ["L1"])])
    with pytest.raises(SearchAuthError):
        await both.search("q", 5)


async def test_all_backends_failing_raises():
    both = CombinedSearch([Fake("a", [], error=SearchUnavailable("a down")), Fake("b", [], error=OSError("b down"))])
    with pytest.raises(SearchError, match="a down"):
        await both.search("q", 5)


def test_merge_skips_empty_texts_and_needs_backends():
    assert [h.text for h in round_robin([[Hit(text=" ", source="x"), Hit(text="t", source="y")]], 5)] == ["t"]
    with pytest.raises(ValueError):
        CombinedSearch([])
