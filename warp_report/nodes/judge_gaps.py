"""judge_gaps: the model reads the whole draft and answers ``extend-plan`` or ``nop``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from langgraph.runtime import Runtime
from pydantic import ValidationError

from warp_report.context import Context
from warp_report.nodes import common, lengthen
from warp_report.nodes.services import Services
from warp_report.nodes.translate_topics import translate_topics
from warp_report.nodes.uncovered import TOPICS_PER_PART, cited_pages, topics_view, uncovered_topics
from warp_report.nodes.write_section import write_tries
from warp_report.prompts.trained import report_view
from warp_report.prompts.views import outline_view
from warp_report.protocol.actions import ActionContext, ExtendPlanAction
from warp_report.protocol.request import Outcome, Request
from warp_report.state.outline import MAX_DEPTH, Extension, Outline, depth
from warp_report.state.state import WarpState


def extendable(outline: Outline) -> list[str]:
    """Written nodes that may still get subsections (none yet, not at the deepest level)."""
    return [
        nid for nid, node in outline.walk()
        if node.content is not None and not node.subsections and depth(nid) < MAX_DEPTH
    ]


#: Steps an extension needs once accepted: a search and a write for each of its (at least two)
#: subsections.
EXTENSION_STEPS = 4


def room_for_extension(ctx: Context, steps_done: int) -> bool:
    """Whether a judge's try and the extension it may plan still fit the step budget. With fewer
    steps left, an accepted extension ends the run with its subsections unwritten: node-cluster
    (stop 37) spent steps 20-22 of 24 on three refused extensions and lengthen got one step."""
    return ctx.max_steps - steps_done >= 1 + EXTENSION_STEPS


def judge_tries(ctx: Context, outline: Outline, steps_done: int = 0, *, fallback: bool = False) -> int:
    """Tries the judge gets: two more while the written parts fall short of ``report_words`` and
    no extension from the documents' topics (``fallback``) would be made after its last one, but
    never so many that the extension it plans could not be written in the steps left.

    With a fallback, the two tries more bought little and cost the parts' steps: over stop 40's
    sixteen runs, a short report's judge took three or four tries in seven, mostly refused for
    titles already in the outline or cut from the draft, and node-cluster (343 words) had one
    step for each of its extension's subsections, each written short.

    An extension is the only way a short report gets more parts, a small model's extension is
    mostly refused for reusing titles the outline already has, and a judge's reply is short. The
    steps an extension needs (``EXTENSION_STEPS``: a search and a write for each of two
    subsections) are kept from the judge's tries; with ``max_tries`` of four or fewer that also
    keeps ``lengthen``'s steps, and its own cap does where more tries are set (a py-venv run of 268
    words had spent the quick budget's last four steps on refused extensions, too late to write one
    anyway, and lengthen never ran). One try is always left."""
    tries = ctx.max_tries + (2 if common.written_words(outline) < ctx.report_words and not fallback else 0)
    cap = ctx.max_steps - steps_done - EXTENSION_STEPS
    if lengthen.candidates(ctx, outline):
        cap = min(cap, ctx.max_steps - steps_done - ctx.max_tries)
    return max(1, min(tries, cap))


def second_chance(ctx: Context, outline: Outline, steps_done: int) -> str | None:
    """A planned part the model gave no valid text for, to be searched and written once more now
    that the others are written, or None. Left unwritten it labels the whole report Incomplete,
    and an extension only deepens parts that are there: at stop 42, node-cluster's "Conclusion"
    (three replies about the report) and node-child's "Spawn" (a reply cut off, one about the task,
    one repeating part 1) failed early, and the judge then spent ten steps on extensions. A new
    search shows passages the written parts do not cite yet. Only where the steps left hold the
    search and all of a planned part's tries, and only once per part."""
    again = next((nid for nid, node in outline.walk()
                  if node.failed and not node.added_in_extension and not node.retried), None)
    if again is None or ctx.max_steps - steps_done < 1 + write_tries(ctx, outline, again, steps_done):
        return None
    return again


def extension_budget(ctx: Context, outline: Outline) -> int:
    """``max_extend``, and one more while the written parts are under two thirds of
    ``report_words``: an extension whose subsection was left out, or that drew on few passages,
    left quick reports of 323-398 words. Not for the trained model (its budget is the paper's)."""
    if common.well_short(ctx, outline):
        return ctx.max_extend + 1
    return ctx.max_extend


def shortfall(ctx: Context, outline: Outline) -> str:
    """Why a nop is refused ("290 of the 600 words asked"), or "" when the report is long enough.
    Not for the trained model: when to stop is part of what it learned."""
    words = common.written_words(outline)
    if common.is_trained(ctx) or words >= ctx.report_words:
        return ""
    return f"{words} of the {ctx.report_words} words asked"


def extension_from_topics(topics: dict[str, list[str]], actx: ActionContext) -> ExtendPlanAction | None:
    """An extension made of the offered ``topics`` (position -> topics) for the part with most
    of them that pass the extension's checks, or None. When no part has the two an extension
    needs, the part with most takes the others' topics too (a short report about venv had one
    topic under each of two parts, and stopped at 290 words)."""
    ranked = sorted(topics, key=lambda p: -len(topics[p]))
    pooled = [t for p in ranked for t in topics[p]][:TOPICS_PER_PART]
    choices = [(p, topics[p]) for p in ranked] + ([(ranked[0], pooled)] if ranked else [])
    for position, titles in choices:
        try:
            return ExtendPlanAction.model_validate(
                {"position": position, "subsections": [{"title": t, "plan": t} for t in titles]}, context=actx)
        except ValidationError:
            continue
    return None


def make(services: Services):
    async def judge_gaps(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        update = await decide(state, runtime)
        if update.get("finish_reason") in ("nop", "extend_budget"):
            # The judge is done; a report still short may get more text in its written parts.
            update["lengthen"] = lengthen.candidates(common.context_of(runtime), state.outline)
        return update

    async def decide(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline = state.outline
        assert outline is not None
        if (again := second_chance(ctx, outline, state.steps)) is not None:
            title = outline.get(again).title
            common.emit("section_retried", id=again, title=title)
            return {"outline": outline.with_node(again, failed=False, retried=True),
                    "notes": [f"{title}: searched and written once more after the other parts"]}
        if state.extensions >= (budget := extension_budget(ctx, outline)):
            return {"finish_reason": "extend_budget"}
        if not room_for_extension(ctx, state.steps):
            return {"finish_reason": "nop", "notes": [f"{ctx.max_steps - state.steps} steps left: too few to write "
                                                      "an extension; the judge was not asked"]}
        positions = extendable(outline)
        if not positions:
            return {"finish_reason": "nop", "notes": ["no part of the outline can be extended further"]}
        topics: dict[str, list[str]] = {}
        fallback: dict[str, list[str]] = {}
        entries: dict[str, list[str]] = {}
        translated: Outcome | None = None
        asked = state
        if common.is_trained(ctx):
            messages = common.trained_messages(ctx, "extend_plan", user_query=state.question, current_survey=report_view(outline))
        else:
            found = await uncovered_topics(services, ctx, state, outline, positions)
            topics, entries = found.topics, found.entries
            topics, translated = await translate_topics(services, ctx, state, topics)
            # Translated, the topics are the judge's offer and the fallback alike (what was
            # grounded is not told apart after translation).
            fallback = found.grounded if translated is None else topics
            if translated is not None:  # the judge's tries are counted after the translation's
                asked = state.model_copy(update={"steps": state.steps + translated.steps_used})
            messages = common.messages_for(
                ctx, "judge",
                question=state.question,
                draft=outline_view(outline, None, far_chars=200),
                topics=topics_view(topics),
                extensions=state.extensions,
                max_extend=budget,
                positions=", ".join(positions),
                example_position=positions[0],
            )
        actx = ActionContext(query=state.question, outline=outline,
                             # New headings must not be sentences copied from the draft.
                             written=tuple(n.content for _, n in outline.walk() if n.content),
                             passages=common.passage_texts(state.registry), short=shortfall(ctx, outline),
                             offered=topics, cited_pages=cited_pages(state, outline))
        # A short report whose judge names no valid subsections (or stops): the documents' own
        # uncited topics (those ``grounded``) extend the part that has most of them; with none, the
        # API entries its passages document (an API reference's headings are all code).
        # The fallback's own topics also stand in for its refused titles: all of the judge's would
        # bring back the ungrounded ones.
        offered = (extension_from_topics(fallback, replace(actx, offered=fallback))
                   or extension_from_topics(entries, actx)) if actx.short else None
        outcome = await common.ask(services, ctx, asked, Request(
            kind="judge", node="judge_gaps", positions=positions, messages=messages,
            shape=common.shape_for(ctx, state.question), ctx=actx,
        ), max_tries=(tries := judge_tries(ctx, outline, asked.steps, fallback=offered is not None)))
        update = common.bookkeeping(state, "judge_gaps", *([translated] if translated else []), outcome)
        if offered is not None and not outcome.out_of_budget and not isinstance(outcome.action, ExtendPlanAction):
            outcome.action = offered
            update["notes"] = [f"the judge gave no valid extension; {offered.position} extended with "
                               "topics from the documents"]
        if isinstance(outcome.action, ExtendPlanAction):
            common.emit("extension_planned", position=outcome.action.position, as_parts=outcome.action.as_parts,
                 subsections=[s.title for s in outcome.action.subsections])
            update["pending_extension"] = Extension(
                position=outcome.action.position,
                subsections=[(s.title, s.plan) for s in outcome.action.subsections],
                as_parts=outcome.action.as_parts,
            )
        elif outcome.action is not None:
            update["finish_reason"] = "nop"
        elif not outcome.out_of_budget:
            update["finish_reason"] = "nop"
            update["notes"] = [f"no valid extend-plan/nop decision after {tries} tries; finishing"]
        return update

    return judge_gaps
