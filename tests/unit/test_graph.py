"""Full runs through the compiled graph, driven by scripted chat models."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from tests.conftest import ListSearch
from tests.support.scripted import ScriptedChatModel, simulated_model, simulated_reply
from warp_report import Context, build_graph
from warp_report.memory.evidence import KeywordMemory
from warp_report.nodes.judge_gaps import shortfall
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

TAGGED = Context(protocol="tagged", max_steps=140, max_extend=5)


async def run(model, search, ctx=TAGGED, question="How do solar panels work?", events: list | None = None):
    graph = build_graph(model=model, search=search, memory=KeywordMemory())
    final = None
    async for mode, chunk in graph.astream({"question": question}, context=ctx, stream_mode=["values", "custom"]):
        if mode == "values":
            final = chunk
        elif events is not None:
            events.append(chunk)
    return WarpState.model_validate(final)


def assert_citations_resolve(state: WarpState):
    body, refs = state.report.split("## References", 1)
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = {int(n) for n in re.findall(r"^\[(\d+)\] ", refs, re.MULTILINE)}
    assert used, "the report cites nothing"
    assert used == listed == set(range(1, len(listed) + 1))
    for ref in state.references:
        assert ref["source"] == state.registry.passages[ref["id"]].source


async def test_run_that_extends_twice_then_stops(solar_search):
    state = await run(simulated_model(extend_times=2), solar_search)
    assert state.finish_reason == "nop"
    assert state.extensions == 2
    decisions = [e.action for e in state.trace if e.node == "judge_gaps" and e.valid]
    assert decisions == ["extend-plan", "extend-plan", "nop"]
    headings = re.findall(r"^(#+) (\d+(?:\.\d+)*) ", state.report, re.MULTILINE)
    numbers = [n for _, n in headings]
    assert numbers[:1] == ["1"] and "1.1" in numbers and "1.1.1" in numbers and numbers[-1] == "3"
    assert all(len(h) == n.count(".") + 2 for h, n in headings)
    assert not state.partial
    assert "section-" not in state.report
    assert_citations_resolve(state)
    # every written node: a search step then a write step, each in the trace
    writes = [e for e in state.trace if e.action == "write" and e.valid]
    assert len(writes) == 3 + 2 + 2


async def test_run_stops_at_the_step_budget_with_a_complete_report(solar_search):
    """The judge is asked only while its extension fits the steps left; a refused write inside the
    extension still runs the budget out there."""
    refused: list[str] = []

    def reply(messages):
        if 'Task: write the part "Detail B' in str(messages[-1].content) and not refused:
            refused.append("once")
            return "<thought>?</thought><action>too short</action>"
        return simulated_reply(messages, extend_times=100)

    model = ScriptedChatModel(replies=[reply] * 20)
    ctx = Context(protocol="tagged", max_steps=12, max_extend=5)
    state = await run(model, solar_search, ctx)
    assert refused and state.finish_reason == "step_budget"
    assert state.steps == 12
    assert len(model.calls) == 12
    # the extension's unwritten subsection is dropped; the three sections and its written one stand
    assert not state.partial
    assert len(re.findall(r"^## \d", state.report, re.MULTILINE)) == 3
    assert "Detail A of extension 1" in state.report and "Detail B" not in state.report
    assert_citations_resolve(state)


async def test_step_budget_during_the_first_pass_labels_the_report(solar_search):
    ctx = Context(protocol="tagged", max_steps=4)
    state = await run(simulated_model(), solar_search, ctx)
    assert state.finish_reason == "step_budget"
    assert state.partial
    assert "Incomplete report" in state.report
    assert "This part was not written" in state.report


async def test_extension_budget_ends_the_run(solar_search):
    model = simulated_model(extend_times=100)
    state = await run(model, solar_search, Context(protocol="tagged", max_extend=1))
    assert state.finish_reason == "extend_budget"
    assert state.extensions == 1
    # the budget is checked before asking: the model is asked to judge exactly once
    assert [e.action for e in state.trace if e.node == "judge_gaps"] == ["extend-plan"]


async def test_other_documents_planned_under_a_documents_subsection_become_parts_of_their_own():
    # README's judge (stop 61) put two uncited pages under "Types of solar cells"; refused, its next try was junk.
    topics = ["photovoltaic cells", "inverters", "panel efficiency", "installation costs", "battery storage",
              "roof mounting", "grid tariffs", "module recycling", "shading losses"]
    search = ListSearch([Hit(text=f"Solar {t}: passage about {t} with enough words to be useful evidence number {i}.",
                             source=f"/docs/solar-{i}.md", title=f"Solar {t}") for i, t in enumerate(topics, 1)])
    titles: dict[str, str] = {}
    cited: set[str] = set()
    judged: list[list[str]] = []

    def reply(messages):
        prompt = str(messages[-1].content)
        if "Task: every planned part is written" in prompt and len(judged) < 2:
            if not judged:  # first a subsection named after a page
                chosen = ["Solar photovoltaic cells", "Solar panel efficiency"]
                position = "section-1"
            else:  # then, under it, two pages no part cites
                chosen = [t for i, t in sorted(titles.items(), key=lambda it: int(it[0])) if i not in cited][:2]
                position = "section-1.1"
            judged.append(chosen)
            act = {"name": "extend-plan", "position": position,
                   "subsections": [{"title": t, "plan": f"What the documents say about {t[6:]}."} for t in chosen]}
            return f"<thought>Deeper.</thought><action>{json.dumps(act)}</action>"
        text = simulated_reply(messages, extend_times=0)
        if "Task: write the part" in prompt:  # each part cites the first passage it is shown, alone
            shown = re.findall(r"^\[(\d+)\] (.+)$", prompt, re.MULTILINE)
            titles.update(shown)
            cited.add(shown[0][0])
            text = re.sub(r"\[\d+\]", f"[{shown[0][0]}]", text)
        return text

    state = await run(ScriptedChatModel(replies=[reply] * 60), search)
    assert len(judged) == 2 and len(judged[1]) == 2 and state.extensions == 2
    assert [n.title for n in state.outline.sections][-2:] == judged[1]
    assert state.outline.get("section-1.1").subsections == []
    for n, title in enumerate(judged[1], 4):
        assert re.search(rf"^## {n} {title}$", state.report, re.MULTILINE)
    assert not state.partial and not [e for e in state.trace if e.node == "judge_gaps" and not e.valid]
    assert_citations_resolve(state)


async def test_garbage_reply_is_retried_with_the_reason_and_never_stored(solar_search):
    replies = ["I think the report should talk about the sun!!! GARBAGE-TEXT"] + [
        lambda m: simulated_reply(m, extend_times=0)] * 50
    model = ScriptedChatModel(replies=replies)
    state = await run(model, solar_search)
    first, second = state.trace[0], state.trace[1]
    assert (first.node, first.valid, first.attempt) == ("init_outline", False, 1)
    assert "action" in (first.error or "")
    assert (second.valid, second.attempt) == (True, 2)
    retry_prompt = model.calls[1][-1].content
    assert "rejected" in retry_prompt and first.error in retry_prompt
    assert "GARBAGE-TEXT" not in state.report
    assert state.steps == len(model.calls)


async def test_unshown_citation_is_rejected(solar_search):
    def bad_write(messages):
        reply = simulated_reply(messages, extend_times=0)
        return re.sub(r"\[\d+\]", "[999]", reply) if "Task: write the part" in str(messages[1].content) else reply

    calls = {"n": 0}

    def first_write_bad(messages):
        if "Task: write the part" in str(messages[1].content) and calls["n"] == 0:
            calls["n"] += 1
            return bad_write(messages)
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[first_write_bad] * 40), solar_search)
    rejected = [e for e in state.trace if e.action == "write" and not e.valid]
    assert len(rejected) == 1 and "999" in rejected[0].error
    assert "[999]" not in state.report
    assert_citations_resolve(state)


async def test_a_section_the_model_cannot_write_is_marked_and_the_run_goes_on(solar_search):
    def refuse_second_section(messages):
        prompt = str(messages[1].content)
        if 'Task: write the part "Part 2' in prompt:
            return "<thought>no</thought><action>too short</action>"
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[refuse_second_section] * 60), solar_search)
    assert state.outline.sections[1].failed and state.outline.sections[1].retried
    assert state.outline.sections[2].content
    assert state.partial and "Incomplete report" in state.report
    tries = [e for e in state.trace if e.target == "section-2" and e.action == "write"]
    # A planned part: one try more than max_tries (3), since it cannot be left out; and once more,
    # with a new search, after the other parts (judge_gaps.second_chance), never a third time.
    assert [e.attempt for e in tries] == [1, 2, 3, 4, 1, 2, 3, 4] and not any(e.valid for e in tries)
    searches = [e.step for e in state.trace if e.target == "section-2" and e.action == "search"]
    assert len(searches) == 2 and searches[1] > max(e.step for e in state.trace if e.target == "section-3")


def test_a_failed_planned_part_gets_one_second_chance_while_its_steps_fit():
    from warp_report.nodes.judge_gaps import second_chance

    tree = Outline(title="T", sections=[Node(title="A", plan="p", content="a"), Node(title="B", plan="p", failed=True),
                                        Node(title="C", plan="p", content="c", subsections=[
                                            Node(title="C1", plan="p", failed=True, added_in_extension=1)])])
    ctx = Context(protocol="tagged", max_steps=28, max_tries=3)
    assert second_chance(ctx, tree, steps_done=23) == "section-2"  # a search and four tries left
    assert second_chance(ctx, tree, steps_done=24) is None
    assert second_chance(ctx, tree.with_node("section-2", retried=True), steps_done=10) is None
    # An extension's subsection is left out of the report, not retried.
    assert second_chance(ctx, tree.with_node("section-2", failed=False, content="b"), steps_done=10) is None


def test_the_live_view_shows_a_failed_part_sent_back_as_planned_again():
    from warp_report.cli.progress import RunView, describe

    view = RunView()
    view.update({"event": "outline", "title": "T", "nodes": [{"id": "section-2", "title": "Spawn", "state": "planned"}]})
    view.update({"event": "section_failed", "id": "section-2", "title": "Spawn"})
    assert view.nodes["section-2"]["state"] == "failed"
    retried = {"event": "section_retried", "id": "section-2", "title": "Spawn"}
    view.update(retried)
    assert view.nodes["section-2"]["state"] == "planned" and view.status == "trying Spawn again"
    assert "Spawn" in describe(retried)


async def test_a_part_that_failed_is_written_on_its_second_chance(solar_search):
    refused: list[int] = []

    def refuse_part_2_four_times(messages):
        if 'Task: write the part "Part 2' in str(messages[1].content) and len(refused) < 4:
            refused.append(1)
            return "<thought>no</thought><action>too short</action>"
        return simulated_reply(messages, extend_times=0)

    events: list[dict] = []
    state = await run(ScriptedChatModel(replies=[refuse_part_2_four_times] * 60), solar_search, events=events)
    part = state.outline.sections[1]
    assert part.content and not part.failed and part.retried
    assert not state.partial and "Incomplete report" not in state.report
    assert [e["id"] for e in events if e.get("event") == "section_retried"] == ["section-2"]
    assert_citations_resolve(state)


async def test_a_part_whose_replies_all_repeat_keeps_its_one_new_sentence(solar_search):
    first: list[str] = []

    def repeat_the_first_part(messages):
        prompt = str(messages[1].content)
        reply = simulated_reply(messages, extend_times=0)
        if 'Task: write the part "Part 1' in prompt:
            first.append(reply.split("<action>", 1)[1].removesuffix("</action>"))
        if 'Task: write the part "Part 2' in prompt:
            shown = re.findall(r"^\[(\d+)\]", prompt.split("Evidence for this step", 1)[-1], re.MULTILINE)
            new = f"Panels facing south collect the most light in the northern hemisphere [{shown[0]}]."
            return f"<thought>again</thought><action>{first[0]} {new}</action>"
        return reply

    state = await run(ScriptedChatModel(replies=[repeat_the_first_part] * 40), solar_search)
    part = state.outline.sections[1]
    assert not part.failed and part.content.startswith("Panels facing south collect the most light")
    assert not state.partial and "Incomplete report" not in state.report
    tries = [e for e in state.trace if e.target == "section-2" and e.action == "write"]
    assert [e.valid for e in tries] == [False] * 4 + [True] and tries[-1].detail["salvaged"] is True
    assert_citations_resolve(state)


async def test_an_extension_subsection_gets_a_try_more_while_steps_allow_and_is_left_out(solar_search):
    def refuse_extension(messages):
        prompt = str(messages[1].content)
        if 'Task: write the part "Detail A' in prompt:
            return "<thought>no</thought><action>too short</action>"
        return simulated_reply(messages, extend_times=1)

    state = await run(ScriptedChatModel(replies=[refuse_extension] * 60), solar_search)
    tries = [e for e in state.trace if e.action == "write" and not e.valid]
    assert [e.attempt for e in tries] == [1, 2, 3, 4]  # max_tries 3, and steps for Detail B after it
    assert not state.partial and "Left out: Detail A of extension 1" in state.report
    assert "Detail B of extension 1" in state.report


async def test_no_outline_ends_with_an_explained_empty_report(solar_search):
    # Replies in no format of the protocol: no outline from the question either (the model would
    # write no part of it; the user is told why instead).
    model = ScriptedChatModel(replies=["nonsense"] * 3)
    state = await run(model, solar_search)
    assert state.finish_reason == "no_outline"
    assert state.report.startswith("# Report not written")
    assert len(model.calls) == 3


async def test_three_refused_outlines_give_way_to_the_questions_asks_and_the_evidence_headings():
    from warp_report.state.passage import Hit

    hits = [Hit(text=f"{head}\nGit stash {what}.", source=f"/d/stash-{i}.md", title="git-stash(1)")
            for i, (head, what) in enumerate([("Interrupted workflow", "saves work before an urgent fix"),
                                              ("Pulling into a dirty tree", "clears the tree before a pull"),
                                              ("Testing partial commits", "keeps unstaged changes aside")])]
    outlines = 0

    def reply(messages):
        nonlocal outlines
        if "Task: plan the report" in str(messages[1].content):
            outlines += 1  # parsed, but no title names a topic
            return ('<action>{"name":"init-plan","title":"Plan","sections":[{"title":"Section 1","plan":"a"},'
                    '{"title":"Section 2","plan":"b"},{"title":"Section 3","plan":"c"}]}</action>')
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits),
                      question="What does git stash do, and how are stashed changes dropped?")
    assert outlines == 3
    titles = [n.title for n in state.outline.sections]
    # The first ask is the report's title too: its part is the overview.
    assert state.outline.title == "What does git stash do"
    assert titles[:2] == ["Overview", "How are stashed changes dropped"]
    assert len(titles) >= 3 and set(titles[2:]) <= {"Interrupted workflow", "Pulling into a dirty tree",
                                                     "Testing partial commits"}
    assert state.finish_reason != "no_outline" and not state.partial
    assert any("planned from the question" in n for n in state.notes)


async def test_progress_events_are_streamed(solar_search):
    graph = build_graph(model=simulated_model(extend_times=1), search=solar_search, memory=KeywordMemory())
    events = [c async for c in graph.astream({"question": "q about solar"}, context=TAGGED, stream_mode="custom")]
    kinds = [e["event"] for e in events]
    assert kinds.count("section_written") == 5
    assert "outline" in kinds and "outline_extended" in kinds and kinds[-1] == "finished"


async def test_runs_do_not_share_citation_ids(solar_search):
    a = await run(simulated_model(extend_times=0), solar_search)
    b = await run(simulated_model(extend_times=0), solar_search)
    assert a.run_id != b.run_id
    assert sorted(a.registry.passages) == sorted(b.registry.passages)  # each run starts at 1
    assert json.dumps(a.references) == json.dumps(b.references)


async def test_plan_then_write_plans_everything_first_and_never_extends(solar_search):
    model = simulated_model(extend_times=5)
    state = await run(model, solar_search, Context(protocol="tagged", policy="plan-then-write"))
    nodes = [e.node for e in state.trace]
    assert nodes[:4] == ["init_outline", "plan_subsections", "plan_subsections", "plan_subsections"]
    assert "judge_gaps" not in nodes and state.extensions == 0
    assert state.finish_reason == "plan_complete"
    assert len(re.findall(r"^### \d\.\d ", state.report, re.MULTILINE)) == 6
    assert_citations_resolve(state)


@pytest.mark.parametrize("question", ["", "  \n ", "x" * 100_000])
async def test_bad_questions_are_refused_before_any_model_call(question, solar_search):
    model = simulated_model()
    with pytest.raises(Exception, match="question is (empty|100,000 characters)"):
        await run(model, solar_search, question=question)
    assert model.calls == []


async def test_passages_not_cited_yet_are_shown_first(solar_search):
    state = await run(simulated_model(extend_times=0), solar_search)
    shown = state.shown
    first_cited = set(state.outline.sections[0].content and re.findall(r"\[(\d+)\]", state.outline.sections[0].content))
    later = shown["section-2"]
    fresh = [pid for pid in later if pid not in first_cited]
    assert fresh and later[: len(fresh)] == fresh


async def test_a_part_whose_search_finds_only_cited_passages_is_shown_the_next_ones(solar_hits):
    # Every search ranks the hits in the same order: the second part's top two are the two the
    # first part cited, and the passages past them are the ones it has to write from.
    search = ListSearch(solar_hits)
    ctx = replace(TAGGED, section_top_k=2, memory_top_k=0, max_extend=0)
    state = await run(simulated_model(extend_times=0), search, ctx)
    first = set(re.findall(r"\[(\d+)\]", state.outline.sections[0].content or ""))
    assert first and set(state.shown["section-1"]) == first
    second = state.shown["section-2"]
    assert len([pid for pid in second if pid not in first]) >= 2
    # An earlier passage shown (where it is on the part's title) comes after the new ones.
    earlier = [pid for pid in second if pid in first]
    assert second[len(second) - len(earlier):] == earlier
    assert not state.partial


async def test_a_part_is_shown_new_passages_up_to_its_limit_then_one_cited_on_its_topic(solar_hits):
    from warp_report.nodes.search_section import _evidence
    from warp_report.nodes.services import Services
    from warp_report.state.citations import Registry

    # The first hit was cited by the written part: the next part sees the three after it (not
    # two, with the cited one in the third place), then the cited one, last.
    registry, [cited] = Registry().register(solar_hits[:1])
    outline = Outline(title="Solar", sections=[Node(title="Cells", plan="p", content=f"Cells convert light. [{cited}]"),
                                               Node(title="Inverters", plan="p")])
    state = WarpState(question="How do solar panels work?", outline=outline, registry=registry)
    services = Services(model=simulated_model(), search=ListSearch(solar_hits), memory=KeywordMemory())
    ctx = replace(TAGGED, section_top_k=3, memory_top_k=0)
    found = await _evidence(services, ctx, state, ["solar"], outline, memory_query="Cell wiring p", title="Cell wiring")
    texts = [found.registry.passages[pid].text for pid in found.ids]
    assert texts == [h.text for h in solar_hits[1:4]] + [solar_hits[0].text]
    # Not where the cited passage is on another topic than the part's title: README's "History and
    # end of life", shown part 1's efficiency passage last, wrote about efficiency (stop 39).
    other = await _evidence(services, ctx, state, ["solar"], outline, memory_query="Inverters p", title="Inverters")
    assert [other.registry.passages[pid].text for pid in other.ids] == [h.text for h in solar_hits[1:4]]
    # A trained model's evidence is the search's own order, the cited passage included.
    trained = await _evidence(services, replace(ctx, dialect="agentcpm"), state, ["solar"], outline, memory_query="x")
    assert trained.ids[0] == cited


async def test_a_parts_title_gives_two_hits_a_round_to_its_evidence(solar_hits):
    from warp_report.nodes.search_section import _evidence
    from warp_report.nodes.services import Services
    from warp_report.state.passage import Hit

    # py-venv: the title's second hit ("pip freeze > requirements.txt") was lost to one hit each of
    # the model's looser keywords, with four slots.
    class ByQuery:
        name = "list"

        async def search(self, query: str, k: int) -> list[Hit]:
            def letters(n: int) -> str:  # digits would split the words: all passages would look alike
                return "".join(chr(97 + int(d)) for d in str(n))
            return [Hit(text=f"{query} {i}: " + " ".join(f"{query}{letters(i)}x{letters(j)}" for j in range(8)),
                        source="/d/venv.md") for i in range(1, k + 1)]

    outline = Outline(title="venv", sections=[Node(title="Packages", plan="p")])
    state = WarpState(question="How do virtual environments work?", outline=outline)
    services = Services(model=simulated_model(), search=ByQuery(), memory=KeywordMemory())
    ctx = replace(TAGGED, section_top_k=4, memory_top_k=0)
    found = await _evidence(services, ctx, state, ["Packages", "pip", "installation"], outline, memory_query="x")
    heads = [found.registry.passages[pid].text.split(":")[0] for pid in found.ids]
    assert heads == ["Packages 1", "Packages 2", "pip 1", "installation 1"]


async def test_a_part_that_recites_its_plan_keeps_only_its_prose(solar_search):
    def reply(messages):
        text = simulated_reply(messages, extend_times=0)
        plan = re.search(r"Plan: (Cover aspect \d of the question\.)", str(messages[-1].content))
        if plan and "<action>" in text:  # the write reply: the plan recited first, then prose
            text = text.replace("<action>", f"<action>{plan.group(1)} ", 1)
        return text
    state = await run(ScriptedChatModel(replies=[reply] * 100), solar_search)
    assert not state.partial
    assert "Cover aspect" not in state.report
    assert len(re.findall(r"^## \d ", state.report, re.MULTILINE)) == 3


async def test_a_finished_run_keeps_only_the_passages_its_report_cites(solar_search, tmp_path):
    from warp_report.output.files import write_outputs
    from warp_report.state.passage import Hit

    # More passages than the simulated writer cites (at most three a part).
    solar_search.hits += [Hit(text=f"Solar grid fact number {i} about panels and inverters.", source=f"/docs/more-{i}.md")
                          for i in range(12)]
    state = await run(simulated_model(extend_times=0), solar_search)
    cited = {ref["id"] for ref in state.references}
    assert cited and set(state.registry.passages) == cited
    assert state.registry.registered > len(cited)  # the run did retrieve passages it did not cite
    # evidence.json still has each cited passage's text; the summary counts every retrieved passage
    paths = write_outputs(state, tmp_path)
    evidence = json.loads(paths["evidence"].read_text())
    assert {e["id"] for e in evidence.values()} == cited and all(e["text"] for e in evidence.values())
    assert json.loads(paths["summary"].read_text())["passages_retrieved"] == state.registry.registered


async def test_html_a_model_writes_is_inert_text_in_report_md(solar_search):
    from markdown_it import MarkdownIt

    payload = '<img src=x onerror="alert(1)"> <script>alert(2)</script> `<b>code</b>` <!-- open'

    def reply(messages):
        text = simulated_reply(messages, extend_times=0)
        return text.replace("<action>", f"<action>{payload} ") if "Task: write the part" in str(messages) else text

    # The question's tag reaches the headings too: the simulated plan repeats the question in each title.
    state = await run(ScriptedChatModel(replies=[reply] * 60), solar_search, question="Why <b onclick=alert(3)>sun</b>?")
    report = state.report
    tokens = MarkdownIt("commonmark").parse(report)  # a Markdown viewer with HTML on, as GitHub-like viewers read it
    assert not [t for tok in tokens for t in [tok, *(tok.children or [])] if t.type.startswith("html")]
    for raw in ("<img", "<script", "<b ", "<!--"):
        assert raw not in report, raw  # not even behind a backslash, which some renderers do not honour
    assert "&lt;b onclick" in report  # the question's tag: shown as text in the headings
    assert "onerror" not in report and "alert(2)" in report  # a part's tags: dropped by repair, words kept
    assert "`<b>code</b>`" in report  # a code span keeps its text as written
    assert_citations_resolve(state)


@pytest.mark.parametrize(("report_words", "judge_tries"), [(5000, 4), (0, 2)])
async def test_a_short_report_gives_the_judge_two_more_tries(solar_search, report_words, judge_tries):
    def refused_judge(messages):
        if "Task: every planned part is written" in str(messages[1].content):
            return "<thought>Extend.</thought><action>not json</action>"
        return simulated_reply(messages, extend_times=0)

    model = ScriptedChatModel(replies=[refused_judge] * 60)
    ctx = Context(protocol="tagged", max_steps=140, max_tries=2, report_words=report_words, words_per_section=20)
    state = await run(model, solar_search, ctx)
    tries = [e for e in state.trace if e.node == "judge_gaps"]
    assert [e.attempt for e in tries] == list(range(1, judge_tries + 1))
    assert not any(e.valid for e in tries)
    assert state.finish_reason == "nop" and not state.partial


@pytest.mark.parametrize(("report_words", "refused"), [(5000, 3), (0, 0)])
async def test_a_short_reports_nop_is_refused_until_the_last_try(solar_search, report_words, refused):
    model = ScriptedChatModel(replies=[lambda m: simulated_reply(m, extend_times=0)] * 60)
    ctx = Context(protocol="tagged", max_steps=140, max_tries=2, report_words=report_words, words_per_section=20)
    state = await run(model, solar_search, ctx)
    tries = [e for e in state.trace if e.node == "judge_gaps"]
    assert [e.valid for e in tries] == [False] * refused + [True]
    assert all("the report is still short" in (e.error or "") for e in tries[:refused])
    assert state.finish_reason == "nop" and not state.partial


def test_the_trained_models_stop_is_its_own() -> None:
    outline = Outline(title="T", sections=[Node(title="A", plan="p", content="Ten words of text here and there, a short part [1].")])
    assert shortfall(Context(report_words=600), outline) == "10 of the 600 words asked"
    assert shortfall(Context(report_words=600, dialect="agentcpm"), outline) == ""
    assert shortfall(Context(report_words=5), outline) == ""
    # Each Chinese character is a word, as the benchmark counts them: not two to a word.
    chinese = Outline(title="T", sections=[Node(title="A", plan="p", content="浮点数" * 100 + "。[1]")])
    assert shortfall(Context(report_words=600), chinese) == "300 of the 600 words asked"


async def test_the_judge_is_offered_the_topics_no_part_cites():
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    names = ["Photovoltaic Cells", "Inverters", "Panel Efficiency", "Installation Costs", "Battery Storage",
             "Recycling", "Siting", "Grid Connection", "Cell Types", "Module Glass", "Solar History", "Net Metering"]
    hits = [Hit(text=f"Solar {t.lower()}: passage about {t.lower()} with enough words to be useful evidence {i}.",
                source=f"/docs/solar-{i}.md", title=t) for i, t in enumerate(names, 1)]
    prompts: list[str] = []

    def reply(messages):
        if "Task: every planned part is written" in str(messages[1].content):
            prompts.append(str(messages[1].content))
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits))
    offered = re.findall(r"^- for (section-\d+): (.+)$", prompts[0], re.MULTILINE)
    assert offered, prompts[0]
    topics = [t for _, line in offered for t in line.split("; ")]
    cited = {state.registry.passages[c].title for _, n in state.outline.walk() if n.content
             for c in re.findall(r"\[(\d+)\]", n.content)}
    assert set(topics) <= set(names) - cited
    assert len(topics) == len(set(topics))


async def test_offered_topics_stand_in_for_the_judges_refused_titles():
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    names = ["Photovoltaic Cells", "Inverters", "Panel Efficiency", "Installation Costs", "Battery Storage",
             "Recycling", "Siting", "Grid Connection", "Cell Types", "Module Glass", "Solar History", "Net Metering"]
    hits = [Hit(text=f"Solar {t.lower()}: passage about {t.lower()} with enough words to be useful evidence {i}.",
                source=f"/docs/solar-{i}.md", title=t) for i, t in enumerate(names, 1)]
    offered: list[tuple[str, list[str]]] = []

    def reply(messages):
        prompt = str(messages[1].content)
        if "Task: every planned part is written" in prompt and not offered:
            position, line = re.findall(r"^- for (section-\d+): (.+)$", prompt, re.MULTILINE)[0]
            offered.append((position, line.split("; ")))
            taken = re.findall(r"^\s*(?:section-[\d.]+)\s+\S*\s*(.+?)(?::|$)", prompt, re.MULTILINE)
            # The 0.5B's way: the draft's own titles as "new" subsections.
            titles = [{"title": t, "plan": "Again."} for t in (taken[:2] or ["Introduction", "Introduction"])]
            return f'<action>{json.dumps({"name": "extend-plan", "position": position, "subsections": titles})}</action>'
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits))
    position, topics = offered[0]
    node = state.outline.get(position)
    assert [s.title for s in node.subsections] == topics
    assert [s.plan for s in node.subsections] == topics  # the plan is the topic: a plan sentence came back as prose
    assert all(s.content for s in node.subsections)


async def test_a_part_is_searched_by_its_own_title_too():
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    hits = [Hit(text="Thin-film cells deposit a layer a few micrometres thick on glass.", source="/d/types.md",
                title="Types of thin film"),
            Hit(text="Photons above the band gap free electrons in the wafer.", source="/d/cells.md", title="Wafers")]

    def reply(messages):
        prompt = str(messages[1].content)
        if "Task: plan the report" in prompt:
            return ('<action>{"name":"init-plan","title":"Solar","sections":[{"title":"Types of thin film","plan":"a"},'
                    '{"title":"Wafers","plan":"b"},{"title":"Electrons in the grid","plan":"c"}]}</action>')
        if "Task: choose 1 to 5" in prompt:  # the 0.5B's keywords: the question's words again
            return '<action>{"name":"search","keywords":["photons electrons"]}</action>'
        return simulated_reply(messages, extend_times=0)

    state = await run(ScriptedChatModel(replies=[reply] * 40), ListSearch(hits),
                      ctx=Context(protocol="tagged", max_steps=140, max_extend=0, memory_top_k=0), question="Why does the sun make power?")
    shown = {state.registry.passages[i].source for i in state.shown["section-1"] if i in state.registry.passages}
    assert "/d/types.md" in shown


async def test_a_short_reports_judge_that_stops_is_overruled_by_the_documents_topics():
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    names = ["Photovoltaic Cells", "Inverters", "Panel Efficiency", "Installation Costs", "Battery Storage",
             "Recycling", "Siting", "Grid Connection", "Cell Types", "Module Glass", "Solar History", "Net Metering"]
    # Three pages, each with its headings: the parts cite each page, so every page's topics are the
    # report's own (an uncited page's are the judge's to choose, not the fallback's).
    hits = [Hit(text=f"{t}\nSolar {t.lower()}: passage about {t.lower()} with enough words to be useful evidence {i}.",
                source=f"/docs/solar-{i % 3}.md", title="Solar power") for i, t in enumerate(names, 1)]

    def reply(messages):
        if "Task: every planned part is written" in str(messages[1].content):
            return '<action>{"name": "nop"}</action>'  # every try, however short the report
        return simulated_reply(messages, extend_times=0)

    short = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits), ctx=replace(TAGGED, report_words=5000))
    extended = [n for _, n in short.outline.walk() if n.subsections]
    assert len(extended) == 1 and all(s.title in names and s.content for s in extended[0].subsections)
    assert any("topics from the documents" in note for note in short.notes)
    # With those topics to fall back on, the judge had its usual tries, not two more: the steps
    # they would take go to the extension's parts.
    judged = [e.attempt for e in short.trace if e.node == "judge_gaps"]
    assert judged[:TAGGED.max_tries + 1] == [*range(1, TAGGED.max_tries + 1), 1]  # then the next judge
    # Long enough, the judge's nop stands.
    enough = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits), ctx=replace(TAGGED, report_words=10))
    assert not any(n.subsections for _, n in enough.outline.walk())


async def test_a_short_reports_fallback_takes_no_topic_of_an_uncited_page_that_names_nothing_asked():
    """ap-stopping (stop 53): with the judge's nop refused, the fallback put other pages' headings
    ("Balancer Manager", "Limitations") under a part they had nothing to do with. The judge is
    still offered them; the fallback takes only topics of a cited page or naming the question's or
    the part's words."""
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    names = ["Balancer Manager", "Limitations", "Integrator", "Sequencer", "Rebasing", "Trailers", "Hooks",
             "Mailmap", "Attributes", "Submodules", "Worktrees", "Bundles"]
    hits = [Hit(text=f"{t}: a passage about {t.lower()} with enough words to be useful evidence {i}.",
                source=f"/docs/other-{i}.md", title=t) for i, t in enumerate(names, 1)]
    offered = []

    def reply(messages):
        prompt = str(messages[1].content)
        if "Task: every planned part is written" in prompt:
            offered.append(prompt)
            return '<action>{"name": "nop"}</action>'
        return simulated_reply(messages, extend_times=0)

    short = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits), ctx=replace(TAGGED, report_words=5000))
    assert offered and any(t in offered[0] for t in names)  # the judge saw the topics
    assert not any("topics from the documents" in note for note in short.notes)
    assert not any(n.subsections for _, n in short.outline.walk())


def test_topics_one_per_part_are_pooled_under_the_part_with_most():
    """A short venv report had one offered topic under each of two parts: no part had the two an
    extension needs, and the report stopped at 290 words."""
    from warp_report.nodes.judge_gaps import extension_from_topics
    from warp_report.protocol.actions import ActionContext
    from warp_report.state.outline import Node, Outline

    outline = Outline(title="Virtual environments", sections=[
        Node(title="What a venv is", plan="p", content="A venv is a directory [1]."),
        Node(title="Creating one", plan="p", content="Run python -m venv [2]."),
    ])
    actx = ActionContext(query="What is a venv?", outline=outline)
    single = extension_from_topics({"section-1": ["Managing Packages with pip"], "section-2": ["The EnvBuilder API"]}, actx)
    assert single is not None and single.position == "section-1"
    assert [s.title for s in single.subsections] == ["Managing Packages with pip", "The EnvBuilder API"]
    # A part with two of its own keeps its own.
    own = extension_from_topics({"section-1": ["Managing Packages with pip"],
                                 "section-2": ["The EnvBuilder API", "Activation Scripts"]}, actx)
    assert own is not None and own.position == "section-2" and len(own.subsections) == 2
    assert extension_from_topics({"section-1": ["Managing Packages with pip"]}, actx) is None
    assert extension_from_topics({}, actx) is None


async def test_a_chinese_question_gets_an_outline_of_four_parts_at_least(solar_search):
    """A CJK report over English documents cannot be extended with their (English) topics, so
    its outline starts one part larger; an English question's still starts at three."""
    prompts: list[str] = []

    def reply(messages):
        prompts.append(str(messages[-1].content))
        return "<action>{}</action>"  # no outline: only the request matters here

    for question, low in (("太阳能电池板如何把阳光变成电？", 4), ("How do solar panels work?", 3)):
        prompts.clear()
        await run(ScriptedChatModel(replies=[reply] * 40), solar_search,
                  ctx=Context(protocol="tagged", max_steps=10, english_first="off"), question=question)
        plan = next(p for p in prompts if "search keywords" not in p and "rejected" not in p)  # a CJK question searches first
        assert f"{low} to " in plan and f"{low - 1} to " not in plan, plan[-600:]


async def test_a_chinese_question_plans_from_its_english_keywords_passages(solar_hits):
    """Over English documents a Chinese question's own search finds nothing on its subject: the
    model's English keywords search first, their passages are what the outline is planned from,
    and they decide the documents on the subject. An English question plans from its own search."""
    off = Hit(text="Unrelated page that mentions nothing useful at all for this report whatsoever.",
              source="/docs/other.md", title="Other")
    search = ListSearch([off, *solar_hits])
    prompts: list[str] = []

    def reply(messages):
        prompts.append(str(messages[-1].content))
        if "search keywords" in prompts[-1] and len(prompts) == 1:
            return '<action>{"name": "search", "keywords": ["inverters", "逆变器"]}</action>'
        return "<action>{}</action>"

    state = await run(ScriptedChatModel(replies=[reply] * 40), search,
                      ctx=Context(protocol="tagged", max_steps=10, english_first="off"), question="逆变器是做什么的？")
    assert "search keywords" in prompts[0]
    plan = next(p for p in prompts if "search keywords" not in p and "rejected" not in p)
    # The question's own search ranks the unrelated page first; the keyword's passage leads now.
    assert "Solar inverters" in plan and plan.index("Solar inverters") < plan.index("Unrelated page")
    assert "inverters" in search.queries
    assert state.subject_query == "逆变器是做什么的？ inverters"
    # An English question asks for no keywords before its outline.
    prompts.clear()
    await run(ScriptedChatModel(replies=[reply] * 40), ListSearch(solar_hits), ctx=Context(protocol="tagged", max_steps=10))
    assert "search keywords" not in prompts[0]


async def test_a_report_well_short_of_its_length_gets_one_extension_more(solar_search):
    def reply(messages):
        return simulated_reply(messages, extend_times=3)

    short = await run(ScriptedChatModel(replies=[reply] * 80), solar_search,
                      ctx=replace(TAGGED, max_extend=1, report_words=5000))
    assert short.extensions == 2 and short.finish_reason == "extend_budget"
    enough = await run(ScriptedChatModel(replies=[reply] * 80), solar_search,
                       ctx=replace(TAGGED, max_extend=1, report_words=10))
    assert enough.extensions == 1


def test_the_extra_extension_is_not_the_trained_models():
    from warp_report.nodes.judge_gaps import extension_budget

    outline = Outline(title="T", sections=[Node(title="A", plan="p", content="Cells turn light into power. " * 10 + "[1]")])
    assert extension_budget(Context(max_extend=1, report_words=600), outline) == 2  # 50 words of 600
    assert extension_budget(Context(max_extend=1, report_words=60), outline) == 1  # over two thirds
    assert extension_budget(Context(max_extend=1, report_words=600, dialect="agentcpm"), outline) == 1


async def test_a_part_is_shown_the_sentences_of_a_long_passage_that_speak_to_it():
    from warp_report.state.passage import Hit

    filler = " ".join(f"Solar research began in laboratory {n} long ago." for n in range(30))
    hits = [Hit(text=f"{filler} Inverters convert the direct current of panels into alternating current for the grid.",
                source="/docs/solar.md", title="Solar panels"),
            Hit(text="Solar costs fell every year as factories grew.", source="/docs/costs.md", title="Solar costs")]
    plan = {"name": "init-plan", "title": "How solar panels work", "sections": [
        {"title": "Inverters and the grid", "plan": "How inverters convert current for the grid."},
        {"title": "Solar costs", "plan": "Costs over time."}, {"title": "Solar research", "plan": "Research."}]}
    prompts: dict[str, str] = {}

    def reply(messages):
        prompt = str(messages[1].content)
        if "Task: plan the report" in prompt:
            return f"<action>{json.dumps(plan)}</action>"
        if m := re.search(r'Task: write the part "(.*?)"', prompt):
            prompts.setdefault(m.group(1), prompt)
        return simulated_reply(messages, extend_times=0)

    await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits))
    inverters = prompts["Inverters and the grid"].split("Evidence for this step", 1)[1]
    assert "Inverters convert the direct current of panels into alternating current for the grid." in inverters
    assert "laboratory 0 long ago" not in inverters  # the passage's start holds none of the part's words
    assert "laboratory 0 long ago" in prompts["Solar research"]


def test_a_fallback_outline_short_of_three_parts_keeps_the_asks_that_are_headings():
    from warp_report.nodes.init_outline import fallback_plan
    from warp_report.protocol.actions import ActionContext
    from warp_report.state.citations import Passage, Registry

    question = "What does git stash do, and how are stashed changes listed or restored?"
    registry = Registry(passages={"1": Passage(id="1", text="Use git stash when you want a clean working directory.",
                                               source="/d/git-stash.html", title="git-stash(1)", hash="h1")})
    plan = fallback_plan(question, registry, ["1"], ActionContext(query=question), 4)
    assert plan is not None and plan.title == "What does git stash do"
    assert [s.title for s in plan.sections] == ["Overview", "How are stashed changes listed",
                                                "How are stashed changes restored"]
    assert fallback_plan(question, registry, [], ActionContext(query=question), 3) is None
    # A Chinese question's fallback is Chinese throughout: no English topic, no "Overview".
    zh = "SQLite 如何保证事务的原子性？崩溃后如何恢复？"
    plan = fallback_plan(zh, registry, ["1"], ActionContext(query=zh), 4)
    assert plan is not None and [s.title for s in plan.sections] == ["概述", "崩溃后如何恢复"]


def test_a_fallback_outline_gives_each_thing_an_ask_names_a_part():
    from warp_report.nodes.init_outline import fallback_plan
    from warp_report.protocol.actions import ActionContext
    from warp_report.state.citations import Passage, Registry

    # git-stash: two asks made a two-part, 340-word report; the second ask names three things.
    question = "What does git stash do, and how are stashed changes listed, restored and dropped?"
    registry = Registry(passages={"1": Passage(id="1", text="Use git stash when you want a clean working directory.",
                                               source="/d/git-stash.html", title="git-stash(1)", hash="h1")})
    plan = fallback_plan(question, registry, ["1"], ActionContext(query=question), 3)
    assert plan is not None and [s.title for s in plan.sections] == [
        "Overview", "How are stashed changes listed", "How are stashed changes restored", "How are stashed changes dropped"]


async def test_a_short_reports_judge_falls_back_on_api_entries_where_the_documents_have_no_other_topics(monkeypatch):
    """node-cluster (stop 42): every heading of Node.js's cluster page is an API entry, a line of
    code to the judge's topics; the judge was offered none, made no valid extension, 338 words."""
    from tests.conftest import ListSearch
    from warp_report.state.passage import Hit

    # "cluster.fork([env])", "cluster.isPrimary", ...: more entries than the written parts cite.
    names = [f"{verb}{thing}{args}" for verb in ("fork", "setup", "is") for thing in ("Primary", "Worker", "Settings")
             for args in ("", "([options])")]
    hits = [Hit(text=f"cluster.{n}\nThe cluster module's {n.split('(')[0]} entry: a passage about it with enough words "
                     f"to be useful evidence {i}.", source="/docs/cluster.md", title="Cluster") for i, n in enumerate(names)]
    monkeypatch.setattr("warp_report.nodes.uncovered.HITS_PER_PART", len(hits))  # a part's search finds them all

    def reply(messages):
        if "Task: every planned part is written" in str(messages[1].content):
            return '<action>{"name": "nop"}</action>'
        return simulated_reply(messages, extend_times=0)

    short = await run(ScriptedChatModel(replies=[reply] * 60), ListSearch(hits), ctx=replace(TAGGED, report_words=5000))
    extended = [n for _, n in short.outline.walk() if n.subsections]
    entries = {f"cluster.{n.split('(')[0]}" + ("()" if "(" in n else "") for n in names}
    assert len(extended) == 1 and all(s.title in entries and s.content for s in extended[0].subsections)
    assert any("topics from the documents" in note for note in short.notes)


class _AskSearch:
    """Passages on continuous archiving for any query that names it, the dump page first otherwise."""

    name = "asks"

    def __init__(self):
        from warp_report.state.passage import Hit

        self.dump = Hit(text="pg_dump writes a file of SQL commands that recreates the database as it was.",
                        source="/d/backup-dump.html", title="SQL Dump")
        self.pitr = [Hit(text=f"Continuous archiving keeps WAL segment {i} so that recovery can reach any point in time.",
                         source=f"/d/pitr-{i}.html", title="Continuous Archiving") for i in range(6)]
        self.queries: list[str] = []

    async def search(self, query: str, k: int):
        self.queries.append(query)
        return ([*self.pitr, self.dump] if "archiving" in query else [self.dump, *self.pitr])[:k]


BACKUP = ("What are the ways to back up a PostgreSQL database, and how does continuous archiving make "
          "point-in-time recovery possible?")


async def _backup_run(titles: list[str]) -> _AskSearch:
    """A run over ``_AskSearch`` whose outline has ``titles``; the model's keywords are "backups"."""

    sections = ",".join(f'{{"title":"{t}","plan":"p"}}' for t in titles)

    def reply(messages):
        prompt = str(messages[1].content)
        if "Task: plan the report" in prompt:
            return f'<action>{{"name":"init-plan","title":"Backups","sections":[{sections}]}}</action>'
        if "Task: choose 1 to 5" in prompt:
            return '<action>{"name":"search","keywords":["backups"]}</action>'
        return simulated_reply(messages, extend_times=0)

    search = _AskSearch()
    await run(ScriptedChatModel(replies=[reply] * 40), search,
              ctx=Context(protocol="tagged", max_steps=8, max_extend=0), question=BACKUP)
    return search


async def test_the_outline_is_planned_from_every_asks_passages():
    # pg-backup at stop 43: the whole question ranked its second ask's passages first, all six of them.
    prompts: list[str] = []

    def reply(messages):
        prompts.append(str(messages[-1].content))
        return "<action>{}</action>"

    search = _AskSearch()
    await run(ScriptedChatModel(replies=[reply] * 40), search,
              ctx=Context(protocol="tagged", max_steps=10, outline_top_k=4), question=BACKUP)
    assert search.queries[:3] == [BACKUP, "What are the ways to back up a PostgreSQL database",
                                  "How does continuous archiving make point-in-time recovery possible"]
    assert "pg_dump writes" in prompts[0]


async def test_a_part_titled_introduction_searches_the_question():
    search = await _backup_run(["Overview", "WAL archiving", "Recovery targets"])
    # After the outline's searches, the first part's first query is the question, not "Overview".
    assert "Overview" not in search.queries
    assert search.queries.count(BACKUP) >= 2


def test_an_ask_that_names_nothing_is_not_searched_on_its_own():
    from warp_report.nodes.init_outline import outline_queries

    # ap-stopping: "how do they differ" names nothing a search could find.
    stopping = ("What do the stop, graceful restart, restart and graceful-stop signals do to a running Apache httpd, "
                "and how do they differ?")
    assert outline_queries(stopping) == [stopping]
    assert outline_queries("How do solar panels work?") == ["How do solar panels work?"]
    assert len(outline_queries(BACKUP)) == 3
