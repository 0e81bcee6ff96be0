"""Round-robin merging of keyword searches and the run's citation registry."""

from __future__ import annotations

import asyncio

from warp_report.search.base import SearchBackend
from warp_report.search.merge import NoSearch, round_robin, search_keywords
from warp_report.state.citations import Registry, content_hash
from warp_report.state.passage import Hit


def hit(text: str, source: str = "/docs/x.md", title: str = "") -> Hit:
    return Hit(text=text, source=source, title=title)


def texts(hits: list[Hit]) -> list[str]:
    return [h.text for h in hits]


# --- round_robin --------------------------------------------------------------------------


def test_round_robin_interleaves_lists() -> None:
    lists = [[hit("a1"), hit("a2"), hit("a3")], [hit("b1")], [hit("c1"), hit("c2")]]
    assert texts(round_robin(lists, 10)) == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_round_robin_lead_gives_the_first_list_more_hits_a_round() -> None:
    lists = [[hit("t1"), hit("t2"), hit("t3")], [hit("a1"), hit("a2")], [hit("b1")]]
    assert texts(round_robin(lists, 4, lead=2)) == ["t1", "t2", "a1", "b1"]
    assert texts(round_robin(lists, 4)) == ["t1", "a1", "b1", "t2"]
    assert texts(round_robin(lists, 10, lead=2)) == ["t1", "t2", "a1", "b1", "t3", "a2"]


def test_round_robin_respects_limit_fairly() -> None:
    lists = [[hit(f"a{i}") for i in range(10)], [hit(f"b{i}") for i in range(10)]]
    assert texts(round_robin(lists, 5)) == ["a0", "b0", "a1", "b1", "a2"]


def test_round_robin_merges_duplicates_by_normalised_content() -> None:
    lists = [[hit("Same  Passage", "/a"), hit("a2")], [hit("same passage\n", "/b"), hit("b2")]]
    merged = round_robin(lists, 10)
    assert texts(merged) == ["Same  Passage", "a2", "b2"]
    assert merged[0].source == "/a"  # the first occurrence wins


def test_round_robin_duplicates_do_not_use_up_the_limit() -> None:
    lists = [[hit("x"), hit("y")], [hit("x"), hit("z")]]
    assert texts(round_robin(lists, 3)) == ["x", "y", "z"]


def test_round_robin_empty() -> None:
    assert round_robin([], 10) == []
    assert round_robin([[], []], 10) == []
    assert round_robin([[hit("a")]], 0) == []


# --- search_keywords ----------------------------------------------------------------------


class FakeBackend:
    name = "fake"

    def __init__(self, results: dict[str, list[Hit]]):
        self.results = results
        self.calls: list[tuple[str, int]] = []

    async def search(self, query: str, k: int) -> list[Hit]:
        self.calls.append((query, k))
        await asyncio.sleep(0)
        return self.results.get(query, [])[:k]


async def test_search_keywords_queries_each_keyword_and_merges() -> None:
    backend = FakeBackend(
        {
            "solar cells": [hit("c1"), hit("c2"), hit("shared")],
            "inverters": [hit("i1"), hit("SHARED"), hit("i3")],
        }
    )
    assert isinstance(backend, SearchBackend)
    merged = await search_keywords(backend, ["solar cells", "inverters"], 4)
    assert sorted(backend.calls) == [("inverters", 4), ("solar cells", 4)]
    assert texts(merged) == ["c1", "i1", "c2", "SHARED"]
    # beyond the limit: "shared" (third of the first list) repeats "SHARED" and is merged away
    backend.calls.clear()
    assert texts(await search_keywords(backend, ["solar cells", "inverters"], 10)) == ["c1", "i1", "c2", "SHARED", "i3"]
    assert sorted(backend.calls) == [("inverters", 10), ("solar cells", 10)]


async def test_search_keywords_unknown_keyword_contributes_nothing() -> None:
    backend = FakeBackend({"a": [hit("a1"), hit("a2")]})
    assert texts(await search_keywords(backend, ["a", "missing"], 10)) == ["a1", "a2"]


async def test_no_search_returns_nothing() -> None:
    assert await search_keywords(NoSearch(), ["anything"], 10) == []


# --- Registry -----------------------------------------------------------------------------


def test_register_assigns_sequential_ids_in_order() -> None:
    reg, ids = Registry().register([hit("one", "/a", "A"), hit("two", "https://b", "B")])
    assert ids == ["1", "2"]
    assert reg.passages["1"].text == "one"
    assert reg.passages["1"].source == "/a"
    assert reg.passages["1"].title == "A"
    assert reg.passages["2"].source == "https://b"
    assert reg.passages["2"].hash == content_hash("two")


def test_register_ids_are_stable_across_calls() -> None:
    reg, _ = Registry().register([hit("one"), hit("two")])
    reg, ids = reg.register([hit("three"), hit("one")])
    assert ids == ["3", "1"]
    assert reg.passages["1"].text == "one"
    assert set(reg.passages) == {"1", "2", "3"}


def test_register_duplicates_by_normalised_content() -> None:
    reg, ids = Registry().register([hit("Solar  cells\nwork.", "/a"), hit("  solar cells WORK. ", "/b")])
    assert ids == ["1"]
    assert len(reg.passages) == 1
    assert reg.passages["1"].source == "/a"
    reg, ids = reg.register([hit("SOLAR CELLS work.", "/c")])
    assert ids == ["1"]


def test_content_hash_ignores_case_and_whitespace_only() -> None:
    assert content_hash("A  b\tC") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("abc")
    assert content_hash("a b c") != content_hash("a b d")


def test_register_skips_empty_text() -> None:
    reg, ids = Registry().register([hit(""), hit("   \n"), hit("real")])
    assert ids == ["1"]
    assert list(reg.passages) == ["1"]


def test_register_does_not_mutate_original() -> None:
    original, _ = Registry().register([hit("one")])
    before = original.model_dump()
    updated, ids = original.register([hit("two")])
    assert ids == ["2"]
    assert original.model_dump() == before
    assert set(original.passages) == {"1"}
    assert set(updated.passages) == {"1", "2"}
    assert len(original.by_hash) == 1


def test_two_registries_do_not_share_ids() -> None:
    a, ids_a = Registry().register([hit("alpha")])
    b, ids_b = Registry().register([hit("beta")])
    assert ids_a == ids_b == ["1"]
    assert a.passages["1"].text == "alpha"
    assert b.passages["1"].text == "beta"


def test_cited_only_keeps_the_cited_passages_and_drops_the_rest() -> None:
    reg, _ = Registry().register([hit("one", "/a", "A"), hit("two secret text", "/b"), hit("three", "/c", "C")])
    kept = reg.cited_only(["3", "1", "99"])  # an id that is not there is ignored
    assert set(kept.passages) == {"1", "3"}
    assert kept.passages["3"].text == "three" and kept.passages["1"].title == "A"
    assert "two secret text" not in kept.model_dump_json()
    assert set(kept.by_hash.values()) == {"1", "3"}
    assert set(reg.passages) == {"1", "2", "3"}  # the original is unchanged
    assert kept.registered == 3  # how many the run retrieved survives the pruning


def test_a_passage_registered_after_pruning_gets_a_new_id() -> None:
    reg, _ = Registry().register([hit("one"), hit("two"), hit("three")])
    reg, ids = reg.cited_only(["3"]).register([hit("four"), hit("three")])
    assert ids == ["4", "3"]  # never "2" again (that would be taken for another passage), nor over "3"
    assert reg.passages["3"].text == "three" and reg.passages["4"].text == "four"


def test_a_registry_from_an_older_checkpoint_counts_its_passages() -> None:
    reg, _ = Registry().register([hit("one"), hit("two")])
    old = Registry.model_validate({k: v for k, v in reg.model_dump().items() if k != "registered"})
    assert old.registered == 2
    assert old.register([hit("three")])[1] == ["3"]
