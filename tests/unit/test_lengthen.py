"""A short report's written parts get more text from passages no part cites yet."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.conftest import ListSearch
from tests.support.scripted import ScriptedChatModel, simulated_reply
from warp_report import Context, build_graph
from warp_report.graphs import routers
from warp_report.memory.evidence import KeywordMemory
from warp_report.nodes.lengthen import MAX_PARTS, ROUNDS, candidates
from warp_report.protocol.markers import cited_ids
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

TAGGED = Context(protocol="tagged", max_steps=140, max_extend=0, section_top_k=3, memory_top_k=0)
TOPICS = ["photovoltaic cells", "inverters", "panel efficiency", "installation costs", "battery storage",
          "grid connection", "roof orientation", "panel cleaning", "net metering", "thin film", "shading losses",
          "warranty terms", "charge controllers", "microinverters", "string sizing", "tilt angle", "snow load",
          "panel recycling", "bypass diodes", "power optimizers", "ground mounts", "permits", "monitoring apps",
          "frame materials", "hail damage", "module degradation", "feed-in tariffs", "junction boxes",
          "cable sizing", "earthing", "surge protection", "battery chemistry", "depth of discharge",
          "off-grid systems", "generator backup", "load shifting", "smart meters", "panel certification",
          "installer training"]


def many_hits() -> ListSearch:
    return ListSearch([Hit(text=f"Solar {t}: passage about {t} with enough words to be useful evidence number {i}.",
                           source=f"/docs/solar-{i}.md", title=f"Solar {t}") for i, t in enumerate(TOPICS, 1)])


async def run(ctx: Context) -> WarpState:
    graph = build_graph(model=ScriptedChatModel(replies=[lambda m: simulated_reply(m, extend_times=0, words=16)] * 60),
                        search=many_hits(), memory=KeywordMemory())
    final = None
    async for values in graph.astream({"question": "How do solar panels work?"}, context=ctx, stream_mode="values"):
        final = values
    return WarpState.model_validate(final)


def outline(*words: int) -> Outline:
    return Outline(title="T", sections=[Node(title=f"Part {i}", plan="p", content=" ".join(["word"] * n) + " [1]")
                                        for i, n in enumerate(words)])


def test_candidates_are_the_written_parts_fewest_words_first_while_the_report_is_short() -> None:
    ctx = Context(report_words=600)
    # Each part once, then again (a round takes the passages the one before left uncited).
    assert ROUNDS == 2
    assert candidates(ctx, outline(120, 40, 80)) == ["section-2", "section-3", "section-1"] * 2
    # Up to five parts while steps are left: the fourth and fifth get their turn, the sixth not.
    assert candidates(ctx, outline(60, 50, 40, 30, 20, 10)) == [f"section-{i}" for i in (6, 5, 4, 3, 2)] * 2
    assert candidates(ctx, outline(200, 200, 10)) == []  # 410 of 600: over two thirds
    assert candidates(replace(ctx, dialect="agentcpm"), outline(40)) == []  # when to stop is the trained model's
    assert candidates(replace(ctx, search="web"), outline(40)) == []  # no search credits spent on length
    assert candidates(Context(report_words=0), outline(40)) == []


def test_routers_send_a_finished_judge_to_lengthen_while_parts_are_left() -> None:
    state = WarpState(question="q", finish_reason="nop", lengthen=["section-1"])
    assert routers.after_judge(state) == routers.after_lengthen(state) == "lengthen"
    assert routers.after_lengthen(state.model_copy(update={"lengthen": []})) == "finalize"
    assert routers.after_lengthen(state.model_copy(update={"finish_reason": "step_budget"})) == "finalize"


async def test_a_short_report_gets_paragraphs_from_passages_no_part_cited() -> None:
    plain = await run(TAGGED)
    longer = await run(replace(TAGGED, report_words=3000))
    assert [e for e in plain.trace if e.node == "lengthen"] == []
    # Written parts (up to MAX_PARTS, each while unused passages are left) get text: more than three
    # here, since none reaches the words asked.
    lengthened = {e.target for e in longer.trace if e.node == "lengthen" and e.valid}
    asked = len(lengthened)
    assert 3 < asked <= MAX_PARTS
    assert longer.finish_reason in ("nop", "extend_budget") and not longer.partial
    # A scripted part is one paragraph: what follows it was added.
    parts = {nid: node.content.partition("\n\n") for nid, node in longer.outline.walk()}
    added = {nid: more for nid, (_, _, more) in parts.items() if more}
    assert len(added) == asked
    first_cited = {c for first, _, _ in parts.values() for c in cited_ids(first)}
    for more in added.values():
        assert cited_ids(more) and set(cited_ids(more)).isdisjoint(first_cited)
    body, refs = longer.report.split("## References", 1)
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == set(range(1, len(re.findall(r"^\[\d+\] ", refs, re.M)) + 1))


async def test_no_step_is_spent_on_length_when_too_few_steps_are_left() -> None:
    from types import SimpleNamespace

    from warp_report.nodes import lengthen
    from warp_report.nodes.services import Services

    model = ScriptedChatModel(replies=[])
    node = lengthen.make(Services(model=model, search=many_hits(), memory=KeywordMemory()))
    state = WarpState(question="How do solar panels work?", outline=outline(20, 30), finish_reason="nop",
                      lengthen=["section-1", "section-2"])
    ctx = replace(TAGGED, report_words=3000, max_steps=10)
    assert await node(state.model_copy(update={"steps": 8}), SimpleNamespace(context=ctx)) == {"lengthen": []}
    assert model.calls == []
    # Long enough already: nothing asked either.
    assert await node(state, SimpleNamespace(context=replace(ctx, report_words=60))) == {"lengthen": []}


def test_the_live_view_keeps_a_part_written_while_text_is_added_to_it() -> None:
    from warp_report.cli.progress import RunView, describe

    view = RunView()
    view.update({"event": "outline", "title": "T", "nodes": [{"id": "section-1", "title": "Cells", "state": "written"}]})
    view.update({"event": "section_started", "id": "section-1", "title": "Cells", "more": True})
    assert view.nodes["section-1"]["state"] == "written" and view.status == "adding to Cells"
    assert "adding to" in describe({"event": "section_started", "id": "section-1", "title": "Cells", "more": True})
    view.update({"event": "section_started", "id": "section-1", "title": "Cells"})
    assert view.nodes["section-1"]["state"] == "writing"


def test_the_judge_leaves_lengthen_its_steps_near_the_end_of_the_budget() -> None:
    """py-venv, 268 words: the judge's four tries took the quick budget's last four steps and
    lengthen never ran; node-cluster (stop 37) spent steps 20-22 of 24 on refused extensions that
    could not have been written anyway. The judge's tries leave its extension's four steps, and
    lengthen's two, free."""
    from warp_report.nodes.judge_gaps import judge_tries

    ctx = Context(report_words=600, max_tries=2, max_steps=24)
    short = outline(100, 80)
    assert judge_tries(ctx, short, steps_done=10) == 4  # early on: all its tries
    assert judge_tries(ctx, short, steps_done=17) == 3  # 7 left: an extension's 4 kept
    assert judge_tries(ctx, short, steps_done=19) == 1  # 5 left: one try, then the extension
    assert judge_tries(ctx, short, steps_done=23) == 1  # always one try
    # Nothing for lengthen to do (long enough, web search, the trained model): only the extension's steps kept.
    assert judge_tries(ctx, outline(300, 200), steps_done=16) == 4
    assert judge_tries(replace(ctx, search="web"), short, steps_done=18) == 2
    assert judge_tries(replace(ctx, search="web"), short, steps_done=10) == 4
    # The documents' topics make an extension if the judge names none: no tries more for it.
    assert judge_tries(ctx, short, steps_done=10, fallback=True) == 2


async def test_the_judge_is_not_asked_when_no_extension_fits_the_steps_left() -> None:
    from warp_report.nodes.judge_gaps import room_for_extension

    ctx = Context(report_words=600, max_tries=2, max_steps=24)
    assert room_for_extension(ctx, 19) and not room_for_extension(ctx, 20)
    # The plan and three parts take seven steps: with 12 the judge (step 8) has room, with 11 not.
    for steps, asked in ((12, True), (11, False)):
        state = await run(replace(TAGGED, max_steps=steps, max_extend=1, report_words=0))
        judged = [e for e in state.trace if e.node == "judge_gaps"]
        assert bool(judged) is asked, steps
        assert state.finish_reason == "nop" and not state.partial
        assert asked or any("too few to write an extension" in n for n in state.notes)




async def test_the_parts_are_shown_by_title_not_by_the_text_a_small_model_would_write_again() -> None:
    # node-cluster at stop 44: shown the parts' text (and plans), the 0.5B wrote it again six times of eight.
    from types import SimpleNamespace

    from warp_report.nodes import lengthen
    from warp_report.nodes.services import Services

    model = ScriptedChatModel(replies=[lambda m: simulated_reply(m, words=30)] * 3)
    node = lengthen.make(Services(model=model, search=many_hits(), memory=KeywordMemory()))
    written = Outline(title="T", sections=[
        Node(title="Roof orientation", plan="p", content="Panels facing south collect the most light all year. [1]"),
        Node(title="Panel cleaning", plan="Rain washes most dust off tilted panels.",
             content="Dust on the glass cuts the output by a few percent. [2]")])
    state = WarpState(question="How do solar panels work?", outline=written, finish_reason="nop",
                      lengthen=["section-2"])
    update = await node(state, SimpleNamespace(context=replace(TAGGED, report_words=3000)))
    prompt = "\n".join(str(m.content) for m in model.calls[0])
    assert "Roof orientation" in prompt and "Panel cleaning" in prompt
    assert "facing south" not in prompt and "Dust on the glass" not in prompt
    assert "Rain washes" not in prompt  # a plan is passage sentences the part has written already
    assert "Dust on the glass" in update["outline"].get("section-2").content  # the part keeps its text


async def test_a_lengthen_reply_refused_as_too_short_once_its_repeats_went_adds_what_is_left() -> None:
    # node-cluster (stops 47 - 49): 2 valid lengthen replies in 7, the report 17 words short of 400; a reply
    # that says another part again around one new sentence now adds that sentence, as a part's write does.
    from types import SimpleNamespace

    from warp_report.nodes import lengthen
    from warp_report.nodes.services import Services

    south = "Panels facing south collect the most light all year round on a roof. [1]"
    new = "Cleaning the panels is useful evidence about panel cleaning. [3]"
    model = ScriptedChatModel(replies=[f"<action>{south} {new}</action>"] * 3)
    node = lengthen.make(Services(model=model, search=many_hits(), memory=KeywordMemory()))
    written = Outline(title="T", sections=[
        Node(title="Roof orientation", plan="p", content=south),
        Node(title="Panel cleaning", plan="p", content="Dust on the glass cuts the output by a few percent. [2]")])
    state = WarpState(question="How do solar panels work?", outline=written, finish_reason="nop",
                      lengthen=["section-2"])
    update = await node(state, SimpleNamespace(context=replace(TAGGED, report_words=3000)))
    assert len([e for e in update["trace"] if not e.valid]) >= 2
    assert len(model.calls) <= TAGGED.max_tries  # no call more: the refused replies are read again
    assert update["trace"][-1].valid and update["trace"][-1].detail["salvaged"]
    assert update["outline"].get("section-2").content == f"Dust on the glass cuts the output by a few percent. [2]\n\n{new}"
