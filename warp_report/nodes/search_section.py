"""search_section: the model's ``search`` keywords for the node at the cursor, then evidence.

The passages found (this step's searches plus related ones from the run's memory) are what
``write_section`` shows the model; they are kept in the state under the node's id.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import evidence
from warp_report.nodes.common import ask, bookkeeping, context_of, emit, messages_for, shape_for
from warp_report.nodes.services import Services
from warp_report.prompts.views import outline_view
from warp_report.protocol.actions import ActionContext, SearchAction
from warp_report.protocol.markers import cited_ids
from warp_report.protocol.request import Request
from warp_report.state.state import WarpState


def make(services: Services):
    async def search_section(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = context_of(runtime)
        outline = state.outline
        assert outline is not None and outline.cursor is not None, "search_section needs a node to write"
        cursor = outline.cursor
        node = outline.get(cursor)
        emit("section_started", id=cursor, title=node.title)
        searched = await ask(services, ctx, state, Request(
            kind="search", node="search_section", target=cursor, shape=shape_for(ctx, state.question),
            messages=messages_for(ctx, "search", question=state.question, draft=outline_view(outline, cursor),
                                  node_title=node.title, node_plan=node.plan),
            ctx=ActionContext(query=state.question, check_language=False),
        ))
        update = bookkeeping(state, "search_section", searched)
        if searched.out_of_budget:
            return update
        # A model that cannot name keywords still gets evidence: the node's own title.
        keywords = searched.action.keywords if isinstance(searched.action, SearchAction) else [node.title]
        found = await evidence.gather(
            services, ctx, state, keywords, limit=ctx.section_top_k, memory_query=f"{node.title} {node.plan}"
        )
        # Passages no earlier part cited come first: small models lean on the first ones they see.
        cited = {c for _, n in outline.walk() if n.content for c in cited_ids(n.content)}
        found.ids.sort(key=lambda pid: pid in cited)
        fresh = [pid for pid in found.ids if pid not in cited]
        if len(fresh) >= 2:
            # Enough passages no earlier part used: show those and one already cited (memory may
            # carry support from an earlier part), not all of them: a small model copies whatever
            # it is shown, and the same passages twice make the same text twice.
            found.ids[:] = fresh + [pid for pid in found.ids if pid in cited][:1]
        update.update(registry=found.registry, notes=found.notes, shown={**state.shown, cursor: found.ids})
        if not found.ids:
            # Nothing to cite: asking for cited text would only burn steps on invalid replies.
            emit("section_failed", id=cursor, title=node.title, reason="no evidence")
            update["outline"] = outline.with_node(cursor, failed=True)
            update["notes"] = [*found.notes, f"{node.title}: no evidence found for keywords {keywords}"]
        return update

    return search_section
