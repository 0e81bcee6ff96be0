"""plan_subsections: the plan-then-write baseline plans every section's subsections before writing.

This is the comparison policy of the paper, not WARP: the whole outline is fixed up front and
never extended while writing.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.prompts.views import outline_nodes, outline_view
from warp_report.protocol.actions import ActionContext, ExtendPlanAction
from warp_report.protocol.request import Request
from warp_report.state.state import WarpState


def make(services: Services):
    async def plan_subsections(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline = state.outline
        assert outline is not None
        todo = [i for i, section in enumerate(outline.sections, 1)
                if not section.subsections and f"section-{i}" not in state.plan_tried]
        if not todo:  # a reviewer's outline may come with every section planned
            return {"planned": True}
        position = f"section-{todo[0]}"
        section = outline.get(position)
        outcome = await common.ask(services, ctx, state, Request(
            kind="extend", node="plan_subsections", target=position, positions=[position],
            shape=common.shape_for(ctx, state.question),
            messages=common.messages_for(ctx, "plan_subsections", question=state.question,
                                  draft=outline_view(outline, None), node_title=section.title, position=position),
            ctx=ActionContext(query=state.question, outline=outline, passages=common.passage_texts(state.registry)),
        ))
        if isinstance(outcome.action, ExtendPlanAction) and outcome.action.position == position:
            outline = outline.extend(position, [(s.title, s.plan) for s in outcome.action.subsections], 0)
            common.emit("outline", title=outline.title, sections=[s.title for s in outline.sections],
                 nodes=outline_nodes(outline))
        # One section per step, so each model call is its own checkpointed, retried node run.
        return {"outline": outline, "plan_tried": [*state.plan_tried, position], "planned": len(todo) == 1,
                **common.bookkeeping(state, "plan_subsections", outcome)}

    return plan_subsections
