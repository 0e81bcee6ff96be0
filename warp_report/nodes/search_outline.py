"""search_outline: the model's ``search`` before there is an outline.

AgentCPM-Report was trained to choose its own keywords for the question first ("There is no
survey." / "You need to update outline"); their passages (block-wise merged, ``outline_top_k``)
are what ``init_outline`` plans from. In the warp dialect ``init_outline`` searches with the
question itself, except for a question in Chinese or Japanese: over English documents its own
search finds only the names it spells in Latin letters ("CMake 的生成器表达式是什么？" found code
examples that say "CMake", cm-genex at stop 31), so the model names keywords in English first, and
those also decide which documents the question is about (``WarpState.subject_query``).
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
from warp_report.protocol.language import is_cjk_text
from warp_report.protocol.request import Request
from warp_report.protocol.schemas import Shape
from warp_report.state.state import WarpState

#: Where the outline search's passage ids are kept in ``WarpState.shown``.
OUTLINE = "outline"


def make(services: Services):
    async def search_outline(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        if not common.is_trained(ctx):
            return await _english_keywords_first(services, ctx, state) if is_cjk_text(state.question) else {}
        state, update, action = await _ask_keywords(services, ctx, state, common.trained_messages(
            ctx, "search", user_query=state.question, current_outline=NO_OUTLINE, current_instruction=instruction(None)))
        if action is None:
            return update
        # A model that cannot name keywords still gets evidence: the question itself.
        keywords = action.keywords if isinstance(action, SearchAction) else [state.question]
        found = await evidence.gather(services, ctx, state, keywords, limit=ctx.outline_top_k, trained=True)
        update.update(registry=found.registry, notes=found.notes, shown={**state.shown, OUTLINE: found.ids})
        return update

    return search_outline


async def _ask_keywords(services: Services, ctx: Context, state: WarpState, messages: list,
                        shape: Shape | None = None) -> tuple[WarpState, dict[str, Any], Any]:
    """The model's ``search`` before the outline: (state with its run id, the state update so far,
    the action or None when the step budget is spent)."""
    state = state.model_copy(update={"run_id": state.run_id or run_id_for_this_thread()})
    searched = await common.ask(services, ctx, state, Request(
        kind="search", node="search_outline", target=OUTLINE, messages=messages, shape=shape or Shape(),
        ctx=ActionContext(query=state.question, check_language=False),
    ))
    update = {"run_id": state.run_id, **common.bookkeeping(state, "search_outline", searched)}
    return state, update, None if searched.out_of_budget else searched.action


async def _english_keywords_first(services: Services, ctx: Context, state: WarpState) -> dict[str, Any]:
    """warp dialect, CJK question: the model's keywords (English ones among them), then their
    passages and the question's for ``init_outline``, ranked by documents on their subject."""
    state, update, action = await _ask_keywords(services, ctx, state, common.messages_for(
        ctx, "search_outline", question=state.question), common.shape_for(ctx, state.question))
    if not isinstance(action, SearchAction):
        return update  # init_outline searches with the question, as for any other
    keywords = [k for k in action.keywords if not is_cjk_text(k)]
    if not keywords:
        return update
    subject = f"{state.question} {' '.join(keywords)}"
    state = state.model_copy(update={"subject_query": subject})
    found = await evidence.gather(services, ctx, state, [*keywords, state.question], limit=ctx.outline_top_k)
    update.update(subject_query=subject, registry=found.registry, notes=found.notes,
                  shown={**state.shown, OUTLINE: found.ids})
    return update
