"""Evidence memory: runs are isolated, passages are stored once, the store persists."""

from __future__ import annotations

from pathlib import Path

import pytest

from warp_report.corpus.chroma import make_chroma_client
from warp_report.corpus.embeddings import get_embedder
from warp_report.memory.evidence import ChromaMemory, KeywordMemory
from warp_report.search.base import EvidenceMemory, MemoryItem
from warp_report.state.citations import Registry
from warp_report.state.passage import Hit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _registry(files: list[str]):
    """Passages of a run, as the graph would register them (ids "1", "2", ... per run)."""
    hits = [
        Hit(text=(FIXTURES / f).read_text(encoding="utf-8"), source=str(FIXTURES / f), title=f)
        for f in files
    ]
    registry, ids = Registry().register(hits)
    return [registry.passages[i] for i in ids]


RUN_A = _registry(["photosynthesis.md", "tea_history.html", "notes/coffee.markdown"])
RUN_B = _registry(["volcanoes.rst", "rust_ownership.txt", "长城.md"])


def _by_id(passages):
    return {p.id: p for p in passages}


@pytest.fixture(params=["chroma", "keyword"])
def memory(request, tmp_path):
    if request.param == "chroma":
        return ChromaMemory(make_chroma_client(tmp_path / "data"), get_embedder())
    return KeywordMemory()


async def test_runs_are_isolated(memory):
    assert isinstance(memory, EvidenceMemory)
    await memory.add("run-a", RUN_A)
    await memory.add("run-b", RUN_B)
    # Both runs use citation ids "1", "2", "3": ids alone cannot tell them apart, text can.
    assert {p.id for p in RUN_A} == {p.id for p in RUN_B}
    a, b = _by_id(RUN_A), _by_id(RUN_B)

    top_a = await memory.relevant("run-a", "carbon dioxide fixed in the Calvin cycle", 2)
    assert a[top_a[0]].title == "photosynthesis.md"
    top_b = await memory.relevant("run-b", "magma chamber eruption", 2)
    assert b[top_b[0]].title == "volcanoes.rst"

    # Asking run A about run B's topic never surfaces run B's passages.
    for query in ["magma chamber eruption", "borrow checker", "秦始皇 城墙"]:
        ids = await memory.relevant("run-a", query, 10)
        assert set(ids) <= set(a)
        assert len(ids) <= len(RUN_A)
    assert await memory.relevant("run-c", "anything at all", 5) == []

    # A third run whose ids cannot be confused with run A's.
    await memory.add("run-d", [p.model_copy(update={"id": f"d{p.id}"}) for p in RUN_B])
    for query in ["magma chamber eruption", "tea"]:
        assert all(not i.startswith("d") for i in await memory.relevant("run-a", query, 10))
        assert all(i.startswith("d") for i in await memory.relevant("run-d", query, 10))


async def test_chroma_memory_stores_each_passage_once_and_persists(tmp_path):
    embedder = get_embedder()
    mem = ChromaMemory(make_chroma_client(tmp_path / "data"), embedder)
    await mem.add("run-a", RUN_A)
    await mem.add("run-a", RUN_A[:2])  # the same passages again
    await mem.add("run-b", RUN_B[:1])
    col = mem.collection
    assert col.count() == len(RUN_A) + 1
    got = col.get(ids=["run-a:1"], include=["metadatas", "documents"])
    assert got["metadatas"][0] == {
        "run_id": "run-a",
        "passage_id": "1",
        "source": RUN_A[0].source,
        "title": RUN_A[0].title,
    }
    assert got["documents"][0] == RUN_A[0].text

    # A resumed run (new process, same data dir) still finds its evidence.
    again = ChromaMemory(make_chroma_client(tmp_path / "data"), embedder)
    await again.add("run-a", RUN_A)  # nothing new to embed
    assert again.collection.count() == len(RUN_A) + 1
    ids = await again.relevant("run-a", "history of tea in Britain", 1)
    assert _by_id(RUN_A)[ids[0]].title == "tea_history.html"

    await again.forget("run-a")
    assert await again.relevant("run-a", "tea", 3) == []
    assert await again.relevant("run-b", "volcano", 3) == ["1"]


async def test_passages_with_and_without_vectors_are_stored_together(tmp_path):
    # A hybrid search returns dense hits with their vectors (lists) and lexical hits without.
    embedder = get_embedder()
    mem = ChromaMemory(make_chroma_client(tmp_path / "data"), embedder)
    # Chroma refuses a list after a numpy row in one batch: the vector-bearing passage comes last.
    last = RUN_A[-1]
    vector = [float(x) for x in embedder.embed_passages([last.text])[0]]
    with_vector = MemoryItem(id=last.id, text=last.text, source=last.source, title=last.title, embedding=vector)
    await mem.add("run-a", [*RUN_A[:-1], with_vector])
    assert mem.collection.count() == len(RUN_A)
    assert (await mem.relevant("run-a", "history of tea in Britain", 1)) == [RUN_A[1].id]


async def test_evidence_found_early_supports_a_later_section(memory):
    # Memory answers over everything the run retrieved, not just the last search.
    await memory.add("run", RUN_A[:1])
    await memory.add("run", RUN_A[1:])
    ids = await memory.relevant("run", "chlorophyll absorbs light in chloroplasts", 1)
    assert _by_id(RUN_A)[ids[0]].title == "photosynthesis.md"
