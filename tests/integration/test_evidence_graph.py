"""The graph over real Chroma corpora and the Chroma evidence memory."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

from tests.support.scripted import ScriptedChatModel, simulated_model, simulated_reply
from warp_report import Context, build_graph
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
CTX = Context(protocol="tagged", max_extend=0)


def cited_sources(state: WarpState) -> set[str]:
    return {state.registry.passages[r["id"]].source for r in state.references}


async def test_every_citation_is_a_passage_of_the_corpus(tmp_path):
    corpus = tmp_path / "docs"
    shutil.copytree(FIXTURES, corpus)
    graph = build_graph(model=simulated_model(extend_times=1))
    out = await graph.ainvoke({"question": "How do honeybees and volcanoes shape landscapes?", "corpus": [str(corpus)]},
                              context=Context(protocol="tagged"))
    state_sources = {r["source"] for r in out["references"]}
    assert state_sources and all(Path(s).is_relative_to(corpus) for s in state_sources)
    body = out["report"].split("## References")[0]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == set(range(1, len(out["references"]) + 1))


class TopicSearch:
    """Each query only finds the passages of its own topic, so reuse can only come from memory. The
    documents are not named as the parts are: a part named after a document is not shown the
    documents its siblings are named after (``search_section.own_documents``)."""

    name = "topics"

    def __init__(self):
        self.hits = {
            "cells": [Hit(text=f"Photovoltaic cells fact {i}: silicon junctions free electrons.", source=f"/c/{i}.md",
                          title="Photovoltaic cells") for i in range(3)],
            "inverters": [Hit(text=f"Inverter fact {i}: DC becomes AC for the grid; cells feed it.",
                              source=f"/i/{i}.md", title="Inverter basics") for i in range(3)],
        }

    async def search(self, query, k):
        for topic, hits in self.hits.items():
            if topic in query.lower():
                return hits[:k]
        return []


def plan_or_search(prompt: str) -> str | None:
    """The scripted outline (Cells, Inverters, Grid connection) and each part's search of its own topic."""
    if "Task: plan the report" in prompt:
        return ('<action>{"name":"init-plan","title":"Solar","sections":[{"title":"Cells","plan":"silicon cells"},'
                '{"title":"Inverters","plan":"DC to AC conversion of silicon cells output"},'
                '{"title":"Grid connection","plan":"grid"}]}</action>')
    if "Task: choose 1 to 5" in prompt:
        topic = "cells" if 'write: "Cells"' in prompt else "inverters"
        return f'<action>{{"name":"search","keywords":["{topic}"]}}</action>'
    return None


def shown_ids(prompt: str) -> list[tuple[str, str]]:
    """The write step's evidence: (id, first word of its title) per passage."""
    return re.findall(r"^\[(\d+)\] (\w+)", prompt.split("Evidence for this step")[-1], re.MULTILINE)


async def test_evidence_found_for_one_section_supports_another(tmp_path):
    def script(messages):
        prompt = str(messages[1].content)
        if reply := plan_or_search(prompt):
            return reply
        ids = shown_ids(prompt)
        if 'Task: write the part "Cells"' in prompt:
            # One passage cited: the other two are the Cells section's finds no part has used yet.
            return f"<action>Silicon cells free electrons when light falls on them [{ids[0][0]}].</action>"
        if 'Task: write the part "Inverters"' in prompt:
            memory_ids = [i for i, title in ids if title == "Photovoltaic"]
            assert memory_ids, "the memory added no passage from the Cells section"
            return f"<action>Inverters turn the cells' direct current into grid power [{memory_ids[0]}].</action>"
        return simulated_reply(messages, extend_times=0)

    graph = build_graph(model=ScriptedChatModel(replies=[script] * 20), search=TopicSearch())
    out = await graph.ainvoke({"question": "How do solar power systems work?"}, context=CTX)
    inverters = out["report"].split("## 2 Inverters")[1].split("## 3")[0]
    n = re.search(r"\[(\d+)\]", inverters).group(1)
    ref = next(r for r in out["references"] if r["n"] == n)
    assert ref["source"].startswith("/c/"), "the Inverters section cites a passage found for the Cells section"


async def test_two_concurrent_runs_over_different_corpora_are_isolated(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "bees.md").write_text("# Honeybees\n\nHoneybees dance to tell the hive where flowers are. Bees and solar.\n")
    (b / "volcano.md").write_text("# Volcanoes\n\nVolcanoes erupt when magma rises through the crust. Solar heat.\n")
    async def run(corpus, thread):
        model_graph = build_graph(model=simulated_model(extend_times=1))
        return await model_graph.ainvoke({"question": "How do bees and volcanoes relate to solar energy?",
                                          "corpus": [str(corpus)]},
                                         config={"configurable": {"thread_id": thread}},
                                         context=Context(protocol="tagged"))

    out_a, out_b = await asyncio.gather(run(a, "run-a"), run(b, "run-b"))
    assert {r["source"] for r in out_a["references"]} == {str(a / "bees.md")}
    assert {r["source"] for r in out_b["references"]} == {str(b / "volcano.md")}
    assert "volcano.md" not in out_a["report"] and "bees.md" not in out_b["report"]


async def test_a_part_named_after_a_document_is_not_shown_its_siblings_documents(tmp_path):
    # README's first command at stop 45: "Storage and costs", shown the inverter page, wrote on inverters.
    search = TopicSearch()
    for topic, title in (("cells", "Cells"), ("inverters", "Inverters")):
        search.hits[topic] = [h.model_copy(update={"title": title}) for h in search.hits[topic]]
    shown: dict[str, list[str]] = {}

    def script(messages):
        prompt = str(messages[1].content)
        if reply := plan_or_search(prompt):
            return reply
        ids = shown_ids(prompt)
        for part in ("Cells", "Inverters"):
            if f'Task: write the part "{part}"' in prompt:
                shown[part] = [title for _, title in ids]
                return f"<action>{part} matter to solar power systems for their own reasons [{ids[0][0]}].</action>"
        return simulated_reply(messages, extend_times=0)

    graph = build_graph(model=ScriptedChatModel(replies=[script] * 20), search=search)
    await graph.ainvoke({"question": "How do solar power systems work?"}, context=CTX)
    assert shown["Inverters"] and set(shown["Inverters"]) == {"Inverters"}
    assert set(shown["Cells"]) == {"Cells"}
