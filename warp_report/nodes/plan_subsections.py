"""plan_subsections: the plan-then-write baseline plans every section's subsections before writing.

This is the comparison policy of the paper, not WARP: the whole outline is fixed up front and
never extended while writing.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.protocol.request import Request
from warp_report.nodes.common import ask, bookkeeping, context_of, emit, messages_for
from warp_report.nodes.services import Services
from warp_report.protocol.actions import ActionContext, ExtendPlanAction
from warp_report.state.state import WarpState
from warp_report.prompts.views import outline_nodes, outline_view


def make(services: Services):
    async def plan_subsections(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = context_of(runtime)
        outline = state.outline
        assert outline is not None
        outcomes = []
        for index, section in enumerate(outline.sections, 1):
            position = f"section-{index}"
            if section.subsections:
                continue
            done = state.steps + sum(o.steps_used for o in outcomes)
            if done >= ctx.max_steps:
                break
            outcome = await ask(services, ctx, state.model_copy(update={"steps": done}), Request(
                kind="extend", node="plan_subsections", target=position, positions=[position],
                messages=messages_for(ctx, "plan_subsections", question=state.question,
                                      draft=outline_view(outline, None), node_title=section.title, position=position),
                ctx=ActionContext(query=state.question, outline=outline),
            ))
            outcomes.append(outcome)
            if isinstance(outcome.action, ExtendPlanAction) and outcome.action.position == position:
                outline = outline.extend(position, [(s.title, s.plan) for s in outcome.action.subsections], 0)
        emit("outline", title=outline.title, sections=[s.title for s in outline.sections], nodes=outline_nodes(outline))
        return {"outline": outline, "planned": True, **bookkeeping(state, "plan_subsections", *outcomes)}

    return plan_subsections
