"""search_outline: the model's ``search`` before there is an outline (agentcpm dialect).

AgentCPM-Report was trained to choose its own keywords for the question first ("There is no
survey." / "You need to update outline"); their passages (block-wise merged, ``outline_top_k``)
are what ``init_outline`` plans from. In the warp dialect this node passes straight through and
``init_outline`` searches with the question itself.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.init_outline import run_id_for_this_thread
from warp_report.nodes.services import Services
from warp_report.prompts.trained import NO_OUTLINE, instruction
from warp_report.protocol.actions import ActionContext, SearchAction
from warp_report.protocol.request import Request
from warp_report.state.state import WarpState

#: Where the outline search's passage ids are kept in ``WarpState.shown``.
OUTLINE = "outline"


def make(services: Services):
    async def search_outline(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        if not common.is_trained(ctx):
            return {}
        state = state.model_copy(update={"run_id": state.run_id or run_id_for_this_thread()})
        searched = await common.ask(services, ctx, state, Request(
            kind="search", node="search_outline", target=OUTLINE,
            messages=common.trained_messages(ctx, "search", user_query=state.question, current_outline=NO_OUTLINE,
                                      current_instruction=instruction(None)),
            ctx=ActionContext(query=state.question, check_language=False),
        ))
        update = {"run_id": state.run_id, **common.bookkeeping(state, "search_outline", searched)}
        if searched.out_of_budget:
            return update
        # A model that cannot name keywords still gets evidence: the question itself.
        keywords = searched.action.keywords if isinstance(searched.action, SearchAction) else [state.question]
        found = await evidence.gather(services, ctx, state, keywords, limit=ctx.outline_top_k, trained=True)
        update.update(registry=found.registry, notes=found.notes, shown={**state.shown, OUTLINE: found.ids})
        return update

    return search_outline
