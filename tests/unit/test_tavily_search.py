"""Tavily backend against a faked HTTP layer (respx): no network."""

from __future__ import annotations

import json
import traceback

import httpx
import pytest

from warp_report.search.base import SearchBackend, SearchError
from warp_report.search.web import SearchAuthError, SearchUnavailable, TavilySearch, best_passage

KEY = "tvly-SECRET-test-key-0123456789"
SEARCH = "https://api.tavily.com/search"
USAGE = "https://api.tavily.com/usage"

LONG_PAGE = "\n\n".join(
    [
        "Cookie banner. Subscribe to our newsletter for weekly deals and offers. " * 12,
        "The James Webb Space Telescope observes in the infrared. Its primary mirror is 6.5 metres "
        "wide and made of 18 gold-coated beryllium segments, folded to fit inside the Ariane 5 rocket.",
        "Footer: copyright, privacy policy, terms of use, careers and contact pages. " * 12,
    ]
)

RESULTS = {
    "query": "james webb mirror",
    "results": [
        {
            "url": "https://example.org/jwst",
            "title": "JWST mirror",
            "content": "Its primary mirror is 6.5 metres wide and made of 18 segments.",
            "raw_content": LONG_PAGE,
            "score": 0.91,
        },
        {
            "url": "https://example.com/short",
            "title": "Short page",
            "content": "Webb launched on 25 December 2021.",
            "raw_content": None,
            "score": 0.55,
        },
        {"url": "", "title": "no url", "content": "dropped", "score": 0.1},
    ],
}


@pytest.fixture
def tavily():
    return TavilySearch(api_key=KEY, base_delay=0.0)


def _no_key_in(err: BaseException) -> None:
    formatted = "".join(traceback.format_exception(err))
    assert KEY not in str(err) and KEY not in repr(err) and KEY not in formatted


async def test_results_become_hits_with_urls_and_page_passages(tavily, respx_mock):
    route = respx_mock.post(SEARCH).mock(return_value=httpx.Response(200, json=RESULTS))
    assert isinstance(tavily, SearchBackend) and tavily.name == "web"
    hits = await tavily.search("james webb mirror", 5)

    assert [h.source for h in hits] == ["https://example.org/jwst", "https://example.com/short"]
    assert [h.title for h in hits] == ["JWST mirror", "Short page"]
    assert hits[0].score == pytest.approx(0.91)
    # From the raw page: the relevant paragraph, not the banner or the footer.
    assert "beryllium segments" in hits[0].text
    assert "Cookie banner" not in hits[0].text and "Footer" not in hits[0].text
    assert hits[1].text == "Webb launched on 25 December 2021."  # no raw content: Tavily's snippet

    request = route.calls.last.request
    body = json.loads(request.content)
    assert body["query"] == "james webb mirror"
    assert body["max_results"] == 5
    assert body["include_raw_content"] == "markdown"
    assert request.headers["Authorization"] == f"Bearer {KEY}"


async def test_rate_limit_then_success_is_retried(tavily, respx_mock):
    route = respx_mock.post(SEARCH).mock(
        side_effect=[
            httpx.Response(429, json={"detail": {"error": "rate limited"}}),
            httpx.Response(502, text="bad gateway"),
            httpx.Response(200, json=RESULTS),
        ]
    )
    hits = await tavily.search("james webb mirror", 2)
    assert route.call_count == 3
    assert len(hits) == 2


async def test_timeout_is_retried(tavily, respx_mock):
    route = respx_mock.post(SEARCH).mock(side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=RESULTS)])
    hits = await tavily.search("q", 1)
    assert route.call_count == 2 and len(hits) == 1


async def test_retries_are_bounded(respx_mock):
    tavily = TavilySearch(api_key=KEY, base_delay=0.0, max_retries=2)
    route = respx_mock.post(SEARCH).mock(return_value=httpx.Response(503, text="down"))
    with pytest.raises(SearchUnavailable) as info:
        await tavily.search("q", 3)
    assert route.call_count == 3
    assert "503" in str(info.value)
    _no_key_in(info.value)


async def test_rejected_key_gives_clear_error_without_the_key(tavily, respx_mock):
    route = respx_mock.post(SEARCH).mock(
        return_value=httpx.Response(401, json={"detail": {"error": f"Unauthorized: invalid API key {KEY}"}})
    )
    with pytest.raises(SearchAuthError) as info:
        await tavily.search("q", 3)
    assert route.call_count == 1  # no retry on a bad key
    assert str(info.value).startswith("Tavily rejected the API key (401)")
    assert isinstance(info.value, SearchError)
    _no_key_in(info.value)
    assert KEY not in repr(tavily)


async def test_plan_limit_is_not_retried_and_scrubbed(tavily, respx_mock):
    route = respx_mock.post(SEARCH).mock(
        return_value=httpx.Response(432, json={"detail": {"error": f"key {KEY} exceeded its plan"}})
    )
    with pytest.raises(SearchError) as info:
        await tavily.search("q", 3)
    assert route.call_count == 1
    assert "plan or credit limit" in str(info.value)
    _no_key_in(info.value)


def test_missing_key_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("TAVILY_API_KEY", raising=False)
    with pytest.raises(SearchAuthError, match="TAVILY_API_KEY"):
        TavilySearch()
    monkeypatch.setenv("TAVILY_API_KEY", KEY)
    assert TavilySearch()._key == KEY


async def test_check_uses_usage_endpoint(tavily, respx_mock):
    ok = respx_mock.get(USAGE).mock(return_value=httpx.Response(200, json={"key": {"usage": 12, "limit": 1000}}))
    info = await tavily.check()
    assert info == {"ok": True, "key_usage": 12, "key_limit": 1000}
    assert ok.calls.last.request.headers["Authorization"] == f"Bearer {KEY}"

    respx_mock.get(USAGE).mock(return_value=httpx.Response(401, json={"detail": {"error": "bad key"}}))
    with pytest.raises(SearchAuthError) as err:
        await tavily.check()
    _no_key_in(err.value)


def test_best_passage_prefers_the_chunk_matching_query_and_snippet():
    page = "\n\n".join(["alpha " * 300, "The otter colony lives near the river mouth.", "omega " * 300])
    assert best_passage("where do otters live", "otter colony river", page, 400) == (
        "The otter colony lives near the river mouth."
    )
    assert best_passage("q", "s", "short page", 400) == "short page"
