"""The model protocol layer: validated actions in both modes, retries and the step budget."""

from __future__ import annotations

import json

from langchain_core.messages import HumanMessage, SystemMessage

from tests.support.scripted import ScriptedChatModel
from warp_report.nodes.common import retry_prompt
from warp_report.protocol.actions import (
    ActionContext,
    ExtendPlanAction,
    InitPlanAction,
    NopAction,
    SearchAction,
    WriteAction,
)
from warp_report.protocol.request import Request, request_action
from warp_report.state.outline import Node, Outline

MSGS = [SystemMessage(content="sys"), HumanMessage(content="Question: q")]
TEXT = "Solar cells turn light into electricity, as measured in several field studies [2]. More text here."


def req(kind, **ctx):
    return Request(kind=kind, messages=MSGS, ctx=ActionContext(query="How do solar cells work?", **ctx), node="n",
                   positions=["section-1", "section-2"])


async def ask(model, kind, protocol="tagged", max_tries=3, steps_done=0, max_steps=100, **ctx):
    return await request_action(model, req(kind, **ctx), protocol=protocol, max_tries=max_tries,
                                steps_done=steps_done, max_steps=max_steps, retry_prompt=retry_prompt)


async def test_tagged_search_with_think_block_and_fence():
    model = ScriptedChatModel(replies=[
        '<think>long private reasoning {"name": "nop"}</think><thought>find cells</thought>'
        '<action>```json\n{"name": "search", "keywords": ["solar cells"]}\n```</action>'])
    out = await ask(model, "search")
    assert isinstance(out.action, SearchAction) and out.action.keywords == ["solar cells"]
    assert out.thought == "find cells" and out.steps_used == 1
    assert out.usage.calls == 1 and out.usage.input_tokens == 100


async def test_wrong_action_kind_is_rejected_then_accepted():
    model = ScriptedChatModel(replies=['<action>{"name": "nop"}</action>',
                                       '<action>{"name": "search", "keywords": ["a"]}</action>'])
    out = await ask(model, "search")
    assert isinstance(out.action, SearchAction)
    assert [e.valid for e in out.trace] == [False, True]
    assert '"search"' in out.trace[0].error and "nop" in out.trace[0].error
    assert "rejected" in str(model.calls[1][-1].content)


async def test_write_body_is_raw_markdown_and_checked_against_shown_ids():
    model = ScriptedChatModel(replies=[f"<thought>t</thought><action>{TEXT}</action>"])
    out = await ask(model, "write", shown_ids=frozenset({"2"}))
    assert isinstance(out.action, WriteAction) and out.action.citations == ["2"]
    model = ScriptedChatModel(replies=[f"<action>{TEXT}</action>"] * 3)
    out = await ask(model, "write", shown_ids=frozenset({"1"}))
    assert out.action is None and out.steps_used == 3 and "not shown" in out.error


async def test_tries_stop_at_the_step_budget():
    model = ScriptedChatModel(replies=["garbage"] * 10)
    out = await ask(model, "search", max_tries=5, steps_done=8, max_steps=10)
    assert out.action is None and out.steps_used == 2 and len(model.calls) == 2


async def test_judge_accepts_extend_plan_or_nop_and_checks_the_outline():
    outline = Outline(title="T", sections=[Node(title="A", plan="a", content="x"),
                                           Node(title="B", plan="b", content="y",
                                                subsections=[Node(title="c", plan="c", content="z")] * 2)])
    ext_bad = {"name": "extend-plan", "position": "section-2",
               "subsections": [{"title": "x", "plan": "y"}, {"title": "z", "plan": "w"}]}
    ext_ok = {**ext_bad, "position": "section-1"}
    model = ScriptedChatModel(replies=[f"<action>{json.dumps(ext_bad)}</action>", f"<action>{json.dumps(ext_ok)}</action>"])
    out = await ask(model, "judge", outline=outline)
    assert isinstance(out.action, ExtendPlanAction) and out.action.position == "section-1"
    assert "already has subsections" in out.trace[0].error
    out = await ask(ScriptedChatModel(replies=['<action>{"name":"nop"}</action>']), "judge", outline=outline)
    assert isinstance(out.action, NopAction)


async def test_structured_mode_builds_actions_from_json_replies():
    plan = {"thought": "t", "title": "Solar", "sections": [{"title": f"Part {i}", "plan": "What part {i} covers."} for i in range(3)]}
    out = await ask(ScriptedChatModel(replies=[json.dumps(plan)]), "init-plan", protocol="structured")
    assert isinstance(out.action, InitPlanAction) and len(out.action.sections) == 3

    write = {"thought": "t", "paragraphs": [{"text": TEXT.replace(" [2]", ""), "cites": ["2", "2"]}]}
    out = await ask(ScriptedChatModel(replies=[json.dumps(write)]), "write", protocol="structured",
                    shown_ids=frozenset({"2", "5"}))
    assert isinstance(out.action, WriteAction) and out.action.content.endswith("[2]")

    nop = {"thought": "done", "choice": {"decision": "nop"}}
    out = await ask(ScriptedChatModel(replies=[json.dumps(nop)]), "judge", protocol="structured")
    assert isinstance(out.action, NopAction)

    items = [{"title": "Cell types", "plan": "Mono and poly cells."}, {"title": "Limits", "plan": "The efficiency ceiling."}]
    empty = {"thought": "t", "choice": {"decision": "extend-plan", "position": "section-2", "subsections": []}}
    extend = {"thought": "t", "choice": {"decision": "extend-plan", "position": "section-2", "subsections": items}}
    model = ScriptedChatModel(replies=[json.dumps(empty), json.dumps(extend)])
    out = await ask(model, "judge", protocol="structured")
    assert not out.trace[0].valid, "an extension without subsections does not fit the schema"
    assert isinstance(out.action, ExtendPlanAction) and out.action.position == "section-2"


async def test_structured_schema_violation_is_retried():
    bad = {"thought": "t", "paragraphs": [{"text": TEXT, "cites": ["9"]}]}  # 9 not shown: outside the enum
    good = {"thought": "t", "paragraphs": [{"text": TEXT.replace(" [2]", ""), "cites": ["2"]}]}
    model = ScriptedChatModel(replies=[json.dumps(bad), json.dumps(good)])
    out = await ask(model, "write", protocol="structured", shown_ids=frozenset({"2"}))
    assert isinstance(out.action, WriteAction)
    assert not out.trace[0].valid and out.trace[1].valid


def test_structured_write_takes_citations_from_the_cites_field_only():
    from warp_report.protocol.schemas import reply_to_action

    reply = {"thought": "t", "paragraphs": [{"text": "Cells free electrons [8] in silicon [3, 9].", "cites": ["2"]}]}
    assert reply_to_action("write", reply)["content"] == "Cells free electrons in silicon. [2]"


def test_structured_write_drops_stray_bracket_fragments_but_keeps_links():
    from warp_report.protocol.schemas import reply_to_action

    reply = {"thought": "t", "paragraphs": [{"text": "Output falls in heat ...[para]  [", "cites": ["1"]},
                                            {"text": "See [the guide](https://example.org) for more.", "cites": ["2"]}]}
    content = reply_to_action("write", reply)["content"]
    assert content == "Output falls in heat ... [1]\n\nSee [the guide](https://example.org) for more. [2]"


async def test_a_refused_reply_is_corrected_in_a_second_turn_only_when_a_retry_prompt_is_given():
    bad, good = "<action>{\"name\": \"search\", \"keywords\": []}</action>", \
        "<action>{\"name\": \"search\", \"keywords\": [\"cells\"]}</action>"
    plain = ScriptedChatModel(replies=[bad, good])
    out = await request_action(plain, req("search"), protocol="tagged", max_tries=3, steps_done=0, max_steps=100)
    assert isinstance(out.action, SearchAction)
    # The same single-turn prompt was sampled again (AgentCPM-Report's released behaviour).
    assert [len(p) for p in plain.calls] == [2, 2]

    corrected = ScriptedChatModel(replies=[bad, good])
    out = await request_action(corrected, req("search"), protocol="tagged", max_tries=3, steps_done=0,
                               max_steps=100, retry_prompt=lambda error, action: f"fix: {error} ({action})")
    assert isinstance(out.action, SearchAction)
    second = corrected.calls[1]
    assert len(second) == 4 and str(second[-1].content).startswith("fix: ") and "(search)" in str(second[-1].content)
