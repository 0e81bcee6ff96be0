"""draft_section: for the node at the cursor, ``search`` keywords -> evidence -> ``write``."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.protocol.request import Request
from warp_report.nodes import evidence
from warp_report.nodes.common import ask, bookkeeping, context_of, emit, messages_for
from warp_report.nodes.services import Services
from warp_report.protocol.actions import ActionContext, SearchAction, WriteAction, cited_ids
from warp_report.state.state import WarpState
from warp_report.prompts.views import evidence_view, outline_view, text_before


def make(services: Services):
    async def draft_section(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = context_of(runtime)
        outline = state.outline
        assert outline is not None and outline.cursor is not None, "draft_section needs a node to write"
        cursor = outline.cursor
        node = outline.get(cursor)
        emit("section_started", id=cursor, title=node.title)
        draft = outline_view(outline, cursor)
        base = dict(question=state.question, draft=draft, node_title=node.title, node_plan=node.plan)

        if state.steps >= ctx.max_steps:
            return {"finish_reason": "step_budget"}
        searched = await ask(services, ctx, state, Request(
            kind="search", node="draft_section", target=cursor,
            messages=messages_for(ctx, "search", **base),
            ctx=ActionContext(query=state.question, check_language=False),
        ))
        # A model that cannot name keywords still gets evidence: the node's own title.
        keywords = searched.action.keywords if isinstance(searched.action, SearchAction) else [node.title]
        after_search = state.model_copy(update={"steps": state.steps + searched.steps_used})
        found = await evidence.gather(
            services, ctx, after_search, keywords, limit=ctx.section_top_k, memory_query=f"{node.title} {node.plan}"
        )

        # Passages no earlier part cited come first: small models lean on the first ones they see.
        cited = {c for _, n in outline.walk() if n.content for c in cited_ids(n.content)}
        found.ids.sort(key=lambda pid: pid in cited)
        outcomes = [searched]
        if not found.ids:
            # Nothing to cite: asking for cited text would only burn steps on invalid replies.
            emit("section_failed", id=cursor, title=node.title, reason="no evidence")
            return {
                "registry": found.registry,
                "outline": outline.with_node(cursor, failed=True),
                "notes": [*found.notes, f"{node.title}: no evidence found for keywords {keywords}"],
                **bookkeeping(state, "draft_section", searched),
            }
        if after_search.steps < ctx.max_steps:
            outcomes.append(await ask(services, ctx, after_search, Request(
                kind="write", node="draft_section", target=cursor,
                write_paragraphs=max(1, min(4, ctx.words_per_section // 80)),
                messages=messages_for(
                    ctx, "write", **base,
                    # Tiny models copy whatever text they see; the quick preset shows none of the last part.
                    context=text_before(outline, cursor, max_chars=ctx.context_chars) if ctx.context_chars else "",
                    evidence=evidence_view(found.registry, found.ids, max_chars=ctx.passage_chars),
                    words=ctx.words_per_section,
                    example_id=found.ids[0] if found.ids else "1",
                ),
                ctx=ActionContext(query=state.question, shown_ids=frozenset(found.ids),
                                  written=tuple(n.content for _, n in outline.walk() if n.content)),
            )))
        written = outcomes[-1].action if isinstance(outcomes[-1].action, WriteAction) else None
        steps = state.steps + sum(o.steps_used for o in outcomes)

        update: dict[str, Any] = {
            "registry": found.registry,
            "shown": {**state.shown, cursor: found.ids},
            "notes": found.notes,
            **bookkeeping(state, "draft_section", *outcomes),
        }
        if written is not None:
            update["outline"] = outline.with_node(cursor, content=written.content)
            emit("section_written", id=cursor, title=node.title, chars=len(written.content),
                 citations=written.citations)
        elif steps >= ctx.max_steps:
            update["finish_reason"] = "step_budget"
        else:
            update["outline"] = outline.with_node(cursor, failed=True)
            update["notes"] = [*found.notes, f"{node.title}: no valid text after {ctx.max_tries} tries"]
            emit("section_failed", id=cursor, title=node.title)
        return update

    return draft_section

