"""init_outline: search for the question, then the model's ``init-plan`` (a sparse outline)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime
from pydantic import ValidationError

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.services import Services
from warp_report.nodes.uncovered import pick_topics
from warp_report.prompts.trained import passages_block
from warp_report.prompts.views import evidence_view, outline_nodes
from warp_report.protocol.actions import ActionContext, InitPlanAction, PlanItem
from warp_report.protocol.headings import (
    apart_from_title,
    heading_problem,
    question_asks,
    split_series,
    title_from_question,
)
from warp_report.protocol.language import cjk_language, is_cjk_text, language_error
from warp_report.protocol.request import Request
from warp_report.protocol.restatement import stems
from warp_report.protocol.review import outline_markdown
from warp_report.state.citations import Registry
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState


def run_id_for_this_thread() -> str:
    try:
        thread = get_config().get("configurable", {}).get("thread_id")
    except RuntimeError:
        thread = None
    return str(thread) if thread else uuid.uuid4().hex


def _own_lines(text: str) -> list[str]:
    """Short capitalised lines without a stop that stand before a longer line: headings."""
    lines = [line.strip() for line in text.split("\n")]
    return [a for a, b in zip(lines, lines[1:], strict=False)
            if a[:1].isupper() and 2 <= len(a.split()) <= 6 and a[-1:].isalnum() and len(b) > len(a)]


#: content words an ask needs to be searched on its own ("How do they differ" names nothing)
ASK_WORDS = 2


def outline_queries(question: str) -> list[str]:
    """What the outline's passages are searched with: the question, then each of its asks that names
    two things or more, merged hit by hit. The whole question ranks the passages of its most
    specific ask first: pg-backup's six passages were all on continuous archiving, none on the
    "ways to back up a database" it asked first, and no part of the report named SQL dumps."""
    asks = [a for a in question_asks(question) if len(stems(a)) >= ASK_WORDS]
    return [question, *asks] if len(asks) > 1 else [question]


def fallback_plan(question: str, registry: Registry, ids: list[str], actx: ActionContext,
                  min_sections: int) -> InitPlanAction | None:
    """An outline of the question's asks, topped up with the headings of the passages found for
    it to ``min_sections``, checked as the model's would be; short of that, the asks alone that
    pass as headings; None when not one does."""
    if not ids:  # nothing found: no part could cite anything
        return None
    asks = question_asks(question)
    if len(asks) < min_sections:
        # An ask naming several things gives a part each: git-stash's outline of two asks made a
        # 340-word report, and a man page's own sections (OPTIONS, EXAMPLES) are no topic to add.
        asks = list(dict.fromkeys(t for ask in asks for t in split_series(ask)))
    passages = [registry.passages[i] for i in ids]
    # A heading in sentence case ("Interrupted workflow", a man page's) is a line of its own too.
    hits = [Hit(text=p.text, source=p.source, title=p.title) for p in passages] + [
        Hit(text=p.text, source=p.source, title=p.title, metadata={"section": head})
        for p in passages for head in _own_lines(p.text)]
    topics = pick_topics(hits, cited=set(), taken=asks, question=question, limit=max(0, min_sections - len(asks)) + 1)
    # Each title in the question's language: a Chinese report's parts are not named in English.
    sections = [{"title": t, "plan": t} for t in [*asks, *topics] if language_error(question, t) is None]
    title = title_from_question(question)
    try:
        return InitPlanAction.model_validate({"title": title, "sections": sections}, context=actx)
    except ValidationError:
        pass
    # Fewer parts than an outline needs (git-stash: two asks, no heading among six passages): the
    # asks that pass as headings still make a report, which the judge's extension then deepens.
    # An ask is the user's own words: up to the 16 words a title from the question may have.
    kept = [PlanItem(**s) for s in sections if heading_problem(s["title"], question=question, max_words=16) is None]
    if not kept:
        return None
    language = cjk_language(title) if is_cjk_text(title) else ""
    for item, named in zip(kept, apart_from_title([i.title for i in kept], title, language), strict=True):
        item.title = named
    return InitPlanAction.model_construct(title=title, sections=kept)


def make(services: Services):
    async def init_outline(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        state = state.model_copy(update={"run_id": state.run_id or run_id_for_this_thread()})
        max_sections, min_sections = 12, 3
        if common.is_trained(ctx):
            # The model's own outline search (search_outline) found these passages.
            found = evidence.Evidence(registry=state.registry, ids=state.shown.get("outline", []), notes=[])
            messages = common.trained_messages(ctx, "init_plan", user_query=state.question,
                                        current_information=passages_block(found.registry, found.ids))
        elif state.shown.get("outline"):  # a CJK question's English keywords found these (search_outline)
            found = evidence.Evidence(registry=state.registry, ids=state.shown["outline"], notes=[])
        else:
            found = await evidence.gather(services, ctx, state, outline_queries(state.question), limit=ctx.outline_top_k)
        if not common.is_trained(ctx):
            # An outline the evidence cannot fill leaves parts that all draw on the same few passages.
            max_sections = max(3, min(ctx.max_sections, len(found.ids) - 1))
            if is_cjk_text(state.question) and max_sections >= 4:
                # One part more for a CJK question: its judge cannot extend the report with the
                # documents' topics when they are English (a title must be in the report's
                # language), and three Chinese parts from a 0.5B came to 322 characters.
                min_sections = 4
            messages = common.messages_for(
                ctx,
                "init_plan",
                question=state.question,
                evidence=evidence_view(found.registry, found.ids, max_chars=ctx.passage_chars),
                min_sections=min_sections,
                max_sections=max_sections,
                feedback=state.plan_feedback or "",
                previous=outline_markdown(state.outline) if state.outline and state.plan_feedback else "",
            )
        req = Request(kind="init-plan", node="init_outline", messages=messages,
                      shape=common.shape_for(ctx, state.question, max_sections=max_sections, min_sections=min_sections),
                      ctx=ActionContext(query=state.question, shown_ids=frozenset(found.ids),
                                        passages=common.passage_texts(found.registry, found.ids),
                                        # The trained model plans as it learned to; the subject test is for tiny ones.
                                        check_subject=not common.is_trained(ctx)))
        # Without an outline there is no report: this one action gets at least three tries.
        outcome = await common.ask(services, replace(ctx, max_tries=max(ctx.max_tries, 3)), state, req)
        update: dict[str, Any] = {
            "run_id": state.run_id,
            "policy": ctx.policy,
            "registry": found.registry,
            "notes": found.notes,
            **common.bookkeeping(state, "init_outline", outcome),
        }
        # Only where the model speaks the protocol and its outlines failed the checks: a model
        # that answers in another format (a trained dialect asked in ours) gets the hint below.
        if not isinstance(outcome.action, InitPlanAction) and not common.is_trained(ctx) and outcome.refused_by_checks and (
                plan := fallback_plan(state.question, found.registry, found.ids, req.ctx, min_sections)) is not None:
            # Three replies refused: the question's own asks and the evidence's headings make an
            # outline the checks accept, and the model writes every part of it (a run without an
            # outline has no report at all).
            outcome.action = plan
            update["notes"] = [*found.notes, f"no valid outline from the model ({outcome.error}); planned from the "
                               "question and the headings of its passages"]
        if not isinstance(outcome.action, InitPlanAction):
            update["finish_reason"] = "no_outline"
            hint = ("; a model trained on another prompt layout (AgentCPM-Report) needs --dialect agentcpm"
                    if ctx.base_url and not common.is_trained(ctx) else "")
            update["notes"] = [*found.notes, f"no valid outline from the model: {outcome.error}{hint}"]
            return update
        outline = outcome.action.outline()
        common.emit("outline", title=outline.title, sections=[s.title for s in outline.sections], nodes=outline_nodes(outline))
        update["outline"] = outline
        update["plan_feedback"] = None
        return update

    return init_outline
