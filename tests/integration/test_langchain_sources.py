"""Any LangChain retriever or vector store is an evidence source: real in-process vector store, real embeddings."""

from __future__ import annotations

import re

import pytest
from langchain_core.documents import Document
from langchain_core.vectorstores import InMemoryVectorStore

from tests.support.scripted import simulated_model
from warp_report import Context, build_graph
from warp_report.corpus.embeddings import LangChainEmbeddings
from warp_report.search.langchain import as_search_backend

DOCS = [
    Document(page_content="Photovoltaic cells in solar panels free electrons when sunlight hits silicon.",
             metadata={"source": "https://example.org/cells", "title": "How cells work"}),
    Document(page_content="An inverter turns the panels' direct current into alternating current for the home.",
             metadata={"source": "https://example.org/inverters", "title": "Inverters"}),
    Document(page_content="Home batteries store surplus solar energy for the evening; lithium-ion dominates.",
             metadata={"source": "https://example.org/storage", "title": "Storage"}),
    Document(page_content="Panel efficiency is the share of sunlight that leaves the panel as electricity.",
             metadata={"source": "https://example.org/efficiency", "title": "Efficiency"}),
]


@pytest.fixture(scope="module")
def store() -> InMemoryVectorStore:
    vs = InMemoryVectorStore(LangChainEmbeddings())
    vs.add_documents(DOCS)
    return vs


@pytest.mark.parametrize("kind", ["vectorstore", "retriever"])
async def test_a_langchain_source_feeds_a_cited_report(store, kind):
    source = store if kind == "vectorstore" else store.as_retriever(search_kwargs={"k": 3})
    graph = build_graph(model=simulated_model(extend_times=0), search=source)
    out = await graph.ainvoke({"question": "How do solar panels make electricity?"},
                              context=Context(protocol="tagged", memory="keyword"))
    sources = {r["source"] for r in out["references"]}
    assert sources and sources <= {d.metadata["source"] for d in DOCS}
    body = out["report"].split("## References")[0]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == set(range(1, len(out["references"]) + 1))
    assert {r["title"] for r in out["references"]} <= {d.metadata["title"] for d in DOCS}


async def test_the_vector_store_is_searched_by_meaning(store):
    backend = as_search_backend(store)
    hits = await backend.search("converting DC to AC", 1)
    assert [h.source for h in hits] == ["https://example.org/inverters"] and hits[0].title == "Inverters"


def test_anything_else_is_refused_by_name():
    with pytest.raises(TypeError, match="BaseRetriever or a VectorStore, not int"):
        as_search_backend(3)
