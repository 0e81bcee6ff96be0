"""Web search through Tavily (``AsyncTavilyClient``).

The API key comes from the argument or ``TAVILY_API_KEY``; it is never logged, printed or put
into an exception (messages are scrubbed and exception chains cut where the key could leak).
Transient failures (429, 5xx, timeouts, connection errors) are retried with bounded
exponential backoff; a rejected key raises ``SearchAuthError`` at once.

Each hit's text is a passage of the page: with ``include_raw_content`` the page text is split
into ~1000-character chunks and the chunk that best matches the query and Tavily's snippet is
used; otherwise Tavily's own snippet (``content``) is the passage.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections import Counter
from typing import Any, Literal

import httpx

from warp_report.search.base import SearchError
from warp_report.state.passage import Hit

TAVILY_URL = "https://api.tavily.com"


class SearchAuthError(SearchError):
    """The service rejected our credentials: retrying or falling back will not help."""


class SearchUnavailable(SearchError):
    """The service failed transiently and kept failing after retries."""

    transient = True


class TavilySearch:
    """``SearchBackend`` over the web (``name = "web"``)."""

    name = "web"

    def __init__(
        self,
        api_key: str | None = None,
        *,
        search_depth: Literal["basic", "advanced", "fast", "ultra-fast"] = "basic",
        include_raw_content: bool = True,
        passage_chars: int = 1200,
        max_retries: int = 3,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        timeout: float = 30.0,
        api_base_url: str = TAVILY_URL,
        **search_kwargs: Any,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("TAVILY_API_KEY", "")
        key = key.strip()
        if not key:
            raise SearchAuthError("no Tavily API key: set TAVILY_API_KEY (get one at https://tavily.com)")
        self._key = key
        self.search_depth = search_depth
        self.include_raw_content = include_raw_content
        self.passage_chars = passage_chars
        self.max_retries = max(0, max_retries)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.timeout = timeout
        self.api_base_url = api_base_url.rstrip("/")
        self.search_kwargs = search_kwargs
        self._clients: dict[int, Any] = {}

    def __repr__(self) -> str:  # never show the key
        return f"TavilySearch(search_depth={self.search_depth!r})"

    # -- client per event loop (an httpx pool cannot outlive its loop)

    def _client(self) -> Any:
        from tavily import AsyncTavilyClient

        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is None or entry[0] is not loop:
            self._clients = {k: v for k, v in self._clients.items() if not v[0].is_closed()}
            entry = (loop, AsyncTavilyClient(api_key=self._key, api_base_url=self.api_base_url))
            self._clients[id(loop)] = entry
        return entry[1]

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None:
            await entry[1].close()

    # -- errors

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def _classify(self, exc: BaseException) -> tuple[bool, SearchError]:
        """(transient?, error to raise) for a failure of one attempt."""
        from tavily import errors as te

        if isinstance(exc, te.InvalidAPIKeyError):
            return False, SearchAuthError(
                "Tavily rejected the API key (401): check TAVILY_API_KEY (https://app.tavily.com)"
            )
        if isinstance(exc, te.UsageLimitExceededError):
            return True, SearchUnavailable("Tavily rate limit (429) still hit after retries")
        if isinstance(exc, te.ForbiddenError):
            return False, SearchError(
                "Tavily refused the request (403/432/433: plan or credit limit reached, or key not allowed): "
                + self._scrub(str(exc))[:200]
            )
        if isinstance(exc, te.BadRequestError):
            return False, SearchError("Tavily rejected the request (400): " + self._scrub(str(exc))[:200])
        if isinstance(exc, (te.TimeoutError, httpx.TimeoutException)):
            return True, SearchUnavailable(f"Tavily did not answer within {self.timeout:g}s")
        if isinstance(exc, httpx.HTTPStatusError):
            code = exc.response.status_code
            if code == 401:
                return False, SearchAuthError(
                    "Tavily rejected the API key (401): check TAVILY_API_KEY (https://app.tavily.com)"
                )
            if code == 429 or code >= 500:
                return True, SearchUnavailable(f"Tavily server error ({code}) still failing after retries")
            return False, SearchError(f"Tavily request failed ({code})")
        if isinstance(exc, httpx.TransportError):
            return True, SearchUnavailable(f"cannot reach Tavily ({type(exc).__name__})")
        return False, SearchError(f"Tavily search failed ({type(exc).__name__}): {self._scrub(str(exc))[:200]}")

    def _delay(self, attempt: int) -> float:
        d = min(self.max_delay, self.base_delay * (2**attempt))
        return d * (0.5 + random.random() / 2) if d else 0.0

    async def _with_retries(self, call: Any) -> Any:
        attempt = 0
        while True:
            try:
                return await call()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                transient, error = self._classify(exc)
            # Raised outside the ``except`` block: no __context__ chain that could carry the
            # request (and its Authorization header) into a traceback.
            if not transient or attempt >= self.max_retries:
                raise error
            await asyncio.sleep(self._delay(attempt))
            attempt += 1

    # -- search

    async def search(self, query: str, k: int) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        client = self._client()
        params: dict[str, Any] = {
            "search_depth": self.search_depth,
            "max_results": max(1, min(int(k), 20)),
            "timeout": self.timeout,
            **self.search_kwargs,
        }
        if self.include_raw_content:
            params["include_raw_content"] = "markdown"
        response = await self._with_retries(lambda: client.search(query, **params))
        return self._hits(query, response, k)

    def _hits(self, query: str, response: dict[str, Any], k: int) -> list[Hit]:
        hits: list[Hit] = []
        for rank, item in enumerate(response.get("results") or []):
            url = str(item.get("url") or "").strip()
            snippet = str(item.get("content") or "").strip()
            raw = str(item.get("raw_content") or "").strip()
            text = best_passage(query, snippet, raw, self.passage_chars) if raw else snippet
            if not url or not text:
                continue
            meta: dict[str, str | int | float] = {"rank": rank}
            if snippet and snippet != text:
                meta["snippet"] = snippet[:500]
            if item.get("published_date"):
                meta["published_date"] = str(item["published_date"])
            hits.append(
                Hit(
                    text=text,
                    source=url,
                    title=str(item.get("title") or "").strip(),
                    score=float(item.get("score") or 0.0),
                    metadata=meta,
                )
            )
        return hits[:k]

    async def check(self) -> dict[str, Any]:
        """Verify the key (``doctor``): GET /usage, which costs no search credit.

        Returns the usage summary; raises ``SearchAuthError`` / ``SearchError``."""

        async def call() -> dict[str, Any]:
            async with httpx.AsyncClient(base_url=self.api_base_url, timeout=self.timeout) as http:
                resp = await http.get("/usage", headers={"Authorization": f"Bearer {self._key}"})
            if resp.status_code == 401:
                from tavily.errors import InvalidAPIKeyError

                raise InvalidAPIKeyError("")
            resp.raise_for_status()
            return resp.json()

        body = await self._with_retries(call)
        key = body.get("key") if isinstance(body, dict) else None
        out: dict[str, Any] = {"ok": True}
        if isinstance(key, dict):
            out.update({f"key_{k}": v for k, v in key.items() if isinstance(v, (int, float, str)) or v is None})
        return out


# --------------------------------------------------------------------------- passages

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_STOP = frozenset(
    ["the", "and", "for", "are", "was", "were", "with", "that", "this", "from", "its", "has", "have", "had", "not", "but", "you", "your", "our", "their", "they", "them", "his", "her", "she", "him", "who", "what", "when", "where", "which", "how", "why", "will", "would", "can", "could", "into", "than", "then", "there", "these", "those", "also", "about", "over", "such", "more", "most", "other", "some", "any", "all", "each"]
)


def _terms(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for w in _WORD.findall(text.casefold()):
        if _CJK.search(w):
            out.update(w[i : i + 2] for i in range(max(1, len(w) - 1)))  # CJK: character bigrams
        elif len(w) > 2 and w not in _STOP:
            out[w] += 1
    return out


def best_passage(query: str, snippet: str, raw: str, max_chars: int = 1200) -> str:
    """The chunk of a page's text that best matches the query and Tavily's snippet."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    raw = raw.strip()
    if len(raw) <= max_chars:
        return raw
    # Small pieces for a precise pick, then grow it with neighbours that also match.
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max(200, max_chars // 2),
        chunk_overlap=0,
        separators=["\n\n", "\n", r"(?<=[。！？])", r"(?<=[.!?])\s+", " ", ""],
        is_separator_regex=True,
    )
    chunks = [c.strip() for c in splitter.split_text(raw) if c.strip()]
    if not chunks:
        return snippet
    want = _terms(query)
    want.update({t: 2 for t in _terms(snippet)})  # the snippet is Tavily's own relevance pick

    def score(chunk: str) -> float:
        have = _terms(chunk)
        return sum(min(have[t], 3) * w for t, w in want.items() if t in have) / (1 + len(chunk) / max_chars)

    scores = [score(c) for c in chunks]
    best = max(range(len(chunks)), key=lambda i: scores[i])
    lo = hi = best
    size = len(chunks[best])
    while True:
        options = [i for i in (lo - 1, hi + 1) if 0 <= i < len(chunks) and scores[i] >= 0.3 * scores[best] > 0]
        options = [i for i in options if size + len(chunks[i]) + 2 <= max_chars]
        if not options:
            break
        i = max(options, key=lambda j: scores[j])
        size += len(chunks[i]) + 2
        lo, hi = min(lo, i), max(hi, i)
    return "\n\n".join(chunks[lo : hi + 1])
