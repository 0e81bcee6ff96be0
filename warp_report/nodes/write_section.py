"""write_section: the model's ``write`` for the node at the cursor, from the passages just found."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.nodes.write_request import instruction_lines, write_request
from warp_report.prompts.trained import focus_view, instruction, passages_block
from warp_report.prompts.views import evidence_view, outline_view, text_before
from warp_report.protocol.actions import WriteAction
from warp_report.state.outline import Outline
from warp_report.state.state import WarpState

#: steps an unwritten part after the cursor needs at least: its search and one try
STEPS_PER_PART = 2


def write_tries(ctx: Context, outline: Outline, cursor: str, steps_done: int) -> int:
    """Tries for the part at ``cursor``: one more than the run's setting for a planned part (left
    unwritten it labels the whole report Incomplete), and for an extension's subsection while the
    steps left still hold a search and a try for every part after it (a subsection the judge planned
    and the model could not write is left out: 2 of Apache's 29 parts at stop 38, each after two
    tries; a refused try's reasons make the next one differ). Nor does a subsection's own retry
    take the search and the try of a subsection after it: node-cluster (stop 50) planned a fallback
    extension with four steps left, its first subsection's two refused tries spent the second's
    write, and the report ended at 332 words with that subsection unwritten. One try is always
    left."""
    more = ctx.max_tries + 1
    if not outline.get(cursor).added_in_extension:
        return more
    walk = outline.walk()
    at = next(i for i, (nid, _) in enumerate(walk) if nid == cursor)
    after = [nid for nid, n in walk[at + 1:] if n.content is None and not n.failed]
    spare = ctx.max_steps - steps_done - STEPS_PER_PART * len(after)
    return more if spare >= more else max(1, min(ctx.max_tries, spare))


def make(services: Services):
    async def write_section(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline, cursor, node = common.at_cursor(state)
        ids = state.shown.get(cursor, [])
        words = common.part_words(ctx, outline)
        if common.is_trained(ctx):
            messages = common.trained_messages(ctx, "write", user_query=state.question, current_survey=focus_view(outline, cursor),
                                        current_instruction=instruction(cursor),
                                        current_information=passages_block(state.registry, ids))
            instructions = ""  # the trained layout has no rule lines for a model to echo
        else:
            messages = common.messages_for(
                ctx, "write",
                question=state.question, draft=outline_view(outline, cursor), node_title=node.title,
                node_plan=node.plan,
                # Tiny models copy whatever text they see; the quick preset shows none of the last part.
                context=text_before(outline, cursor, max_chars=ctx.context_chars) if ctx.context_chars else "",
                evidence=evidence_view(state.registry, ids, max_chars=ctx.passage_chars, focus=f"{node.title} {node.plan}"),
                words=words,
                example_id=ids[0] if ids else "1",
            )
            instructions = instruction_lines(messages, node.plan)
        tries = write_tries(ctx, outline, cursor, state.steps)
        # Salvage: a part whose every reply was refused keeps the longest clean remainder
        # of one (lengthen may add to it later, salvaging likewise).
        request = write_request(ctx, state, cursor, ids, messages, instructions, words=words, salvage=True)
        outcome = await common.ask(services, ctx, state, request, max_tries=tries)
        update = common.bookkeeping(state, "write_section", outcome)
        if isinstance(outcome.action, WriteAction):
            update["outline"] = outline.with_node(cursor, content=outcome.action.content)
            common.emit("section_written", id=cursor, title=node.title, chars=len(outcome.action.content),
                 citations=outcome.action.citations)
        elif not outcome.out_of_budget:
            update["outline"] = outline.with_node(cursor, failed=True)
            update["notes"] = [f"{node.title}: no valid text after {tries} tries"]
            common.emit("section_failed", id=cursor, title=node.title)
        return update

    return write_section
