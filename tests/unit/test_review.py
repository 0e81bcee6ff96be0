"""Outline review: interrupt after init_outline, resumed with Command(resume=...)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from tests.support.scripted import simulated_model
from warp_report import Context, build_graph
from warp_report.memory.evidence import KeywordMemory
from warp_report.protocol.review import ReviewError, apply_review, outline_markdown, parse_outline_markdown
from warp_report.state.outline import Node, Outline

CTX = Context(protocol="tagged", review="outline")
EDITED = "# Solar, edited\n\n## Cells\nHow cells work.\n\n## Inverters\nDC to AC.\n\n## Storage\nBatteries at night.\n"


def graph(search, model=None):
    model = model or simulated_model(extend_times=0)
    return build_graph(model=model, search=search, memory=KeywordMemory(), checkpointer=InMemorySaver()), model


async def start(g, thread="t1"):
    cfg = {"configurable": {"thread_id": thread}}
    await g.ainvoke({"question": "How do solar panels work?"}, config=cfg, context=CTX)
    return cfg


async def test_run_pauses_with_the_outline_then_accept_continues(solar_search):
    g, model = graph(solar_search)
    cfg = await start(g)
    snap = await g.aget_state(cfg)
    assert snap.next == ("review_outline",)
    payload = snap.interrupts[0].value
    assert payload["kind"] == "outline" and "## Part 1" in payload["markdown"]
    calls_before = len(model.calls)
    out = await g.ainvoke(Command(resume="accept"), config=cfg, context=CTX)
    assert "## 1 Part 1" in out["report"]
    assert len(model.calls) > calls_before


async def test_edited_outline_replaces_the_plan(solar_search):
    g, _ = graph(solar_search)
    cfg = await start(g)
    out = await g.ainvoke(Command(resume={"action": "edit", "markdown": EDITED}), config=cfg, context=CTX)
    assert out["title"] == "Solar, edited"
    assert "## 2 Inverters" in out["report"]


async def test_invalid_edit_asks_again_with_the_reason(solar_search):
    g, _ = graph(solar_search)
    cfg = await start(g)
    await g.ainvoke(Command(resume={"action": "edit", "markdown": "# T\n\n## Only one\nplan\n"}), config=cfg, context=CTX)
    snap = await g.aget_state(cfg)
    assert snap.next == ("review_outline",)
    assert "3 to 12 sections" in snap.interrupts[0].value["error"]
    out = await g.ainvoke(Command(resume="accept"), config=cfg, context=CTX)
    assert out["report"].startswith("# Report:")


async def test_feedback_makes_the_model_plan_again(solar_search):
    g, model = graph(solar_search)
    cfg = await start(g)
    await g.ainvoke(Command(resume={"action": "feedback", "text": "Add a part on recycling"}), config=cfg, context=CTX)
    replan_prompt = str(model.calls[1][1].content)
    assert "Add a part on recycling" in replan_prompt and "## Part 1" in replan_prompt
    snap = await g.aget_state(cfg)
    assert snap.next == ("review_outline",)  # the new outline is reviewed too


def test_apply_review_rules():
    tree = Outline(title="T", sections=[Node(title="A", plan="a", content="x")])
    with pytest.raises(ReviewError, match="feedback is empty"):
        apply_review({"action": "feedback", "text": " "}, tree, question="q", extension=0)
    with pytest.raises(ReviewError, match="only top-level"):
        parse_outline_markdown("# T\n## A\n### B\n")
    with pytest.raises(ReviewError, match="language|CJK|Chinese"):
        apply_review({"action": "edit", "markdown": EDITED}, tree, question="太阳能电池如何工作？", extension=0)
    assert parse_outline_markdown(outline_markdown(tree))["sections"] == [{"title": "A", "plan": "a"}]
    extended = tree.extend("section-1", [("s1", "p"), ("s2", "p")], extension=1)
    dropped = apply_review({"action": "drop"}, extended, question="q", extension=1)["outline"]
    assert dropped.sections[0].subsections == []
