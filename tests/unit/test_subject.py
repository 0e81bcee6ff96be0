"""Which documents a question is about, and keeping a part's evidence to them."""

from __future__ import annotations

from warp_report.context import Context
from warp_report.nodes import evidence
from warp_report.nodes.services import Services
from warp_report.search.subject import on_subject, subject_sources
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

_WORDS = ["readers", "writers", "checkpoint", "journal", "pages", "frames", "index", "memory", "lock", "commit",
          "handler", "logger"]


def hit(source: str, n: int, score: float = 0.0) -> Hit:
    words = " ".join(_WORDS[(n * 5 + k) % len(_WORDS)] + str(n) for k in range(6))  # distinct passages
    return Hit(text=f"Passage {n} of {source}: {words}.", source=f"/docs/{source}", title=source, score=score)


def test_documents_on_the_subject_are_those_the_questions_search_ranks_well() -> None:
    hits = [hit("wal.md", i, 0.03) for i in range(6)] + [hit("locking.md", 9, 0.03), hit("locking.md", 10, 0.02),
                                                          hit("unicode.rst", 11, 0.015)]
    # wal.md sums 0.18, locking.md 0.05 (28%), unicode.rst 0.015 (8%)
    assert subject_sources(hits) == {"/docs/wal.md", "/docs/locking.md"}
    assert subject_sources(hits, share=0.5) == {"/docs/wal.md"}
    assert subject_sources([]) == set()
    assert subject_sources([hit("a.md", 1), hit("b.md", 2)]) == {"/docs/a.md", "/docs/b.md"}  # no scores: all


def test_a_short_page_the_question_ranks_first_is_on_the_subject() -> None:
    # pg-mvcc at stop 44: the MVCC introduction (two passages) ranked first and second, yet summed 18% of
    # the isolation page's many hits, and no part was ever shown it.
    hits = [hit("mvcc-intro.html", 0, 0.032), hit("mvcc-intro.html", 1, 0.032)] + [
        hit("transaction-iso.html", i, 0.03) for i in range(2, 14)] + [hit("vacuum.html", 20, 0.02)]
    assert subject_sources(hits) == {"/docs/mvcc-intro.html", "/docs/transaction-iso.html"}
    assert subject_sources(hits, top=0) == {"/docs/transaction-iso.html"}


def test_off_subject_hits_only_make_up_the_minimum() -> None:
    hits = [hit("unicode.rst", 1), hit("wal.md", 2), hit("logging.rst", 3), hit("wal.md", 4), hit("wal.md", 5)]
    assert [h.text for h in on_subject(hits, {"/docs/wal.md"})] == [hits[1].text, hits[3].text, hits[4].text]
    # two on the subject: the first other one makes up three
    assert [h.source for h in on_subject(hits[:4], {"/docs/wal.md"})] == ["/docs/wal.md", "/docs/wal.md",
                                                                          "/docs/unicode.rst"]
    assert on_subject(hits, set()) == hits


class TwoManuals:
    """The question finds the WAL page; a part's keyword "logging" finds Python's Logging HOWTO first."""

    name = "local"

    def __init__(self) -> None:
        self.queries: list[tuple[str, int]] = []

    async def search(self, query: str, k: int) -> list[Hit]:
        self.queries.append((query, k))
        if query.startswith("How does SQLite"):
            return [hit("wal.md", i, 0.03) for i in range(8)] + [hit("howto-logging.rst", 20, 0.01)]
        return [hit("howto-logging.rst", 20 + i, 0.03) for i in range(3)] + [hit("wal.md", i, 0.02) for i in range(5)]


async def test_a_parts_evidence_keeps_to_the_documents_the_question_is_about() -> None:
    search = TwoManuals()
    state = WarpState(question="How does SQLite's write-ahead logging work?")
    found = await evidence.gather(Services(search=search), Context(memory="keyword", memory_top_k=0), state,
                                  ["write-ahead logging"], limit=4)
    shown = [found.registry.passages[i] for i in found.ids]
    assert [p.source for p in shown] == ["/docs/wal.md"] * 4
    assert ("write-ahead logging", 8) in search.queries  # twice the hits, so four remain after the cut
    # On the web every source is its own: nothing is sorted out.
    web = await evidence.gather(Services(search=TwoManuals()), Context(memory="keyword", memory_top_k=0, search="web"),
                                state, ["write-ahead logging"], limit=4)
    assert [web.registry.passages[i].source for i in web.ids][:3] == ["/docs/howto-logging.rst"] * 3


async def test_the_questions_documents_are_searched_once_per_question() -> None:
    from warp_report.errors import SearchError

    class Counting:
        name = "counting"

        def __init__(self, fail: bool = False):
            self.queries: list[str] = []
            self.fail = fail

        async def search(self, query: str, k: int) -> list[Hit]:
            self.queries.append(query)
            if self.fail:
                raise SearchError("index is down")
            return [hit("wal.md", 1, 0.05), hit("unicode.rst", 2, 0.001)]

    services, backend = Services(), Counting()
    for _ in range(3):
        assert await services.subject(backend, "What is WAL?") == {"/docs/wal.md"}
    assert backend.queries == ["What is WAL?"]
    await services.subject(backend, "Another question?")
    assert backend.queries == ["What is WAL?", "Another question?"]
    down = Counting(fail=True)
    assert await services.subject(down, "What is WAL?") == frozenset()
    assert await services.subject(down, "What is WAL?") == frozenset()
    assert len(down.queries) == 2  # a failure is not kept: the next ask searches again
