"""search_section: the model's ``search`` keywords for the node at the cursor, then evidence.

The passages found (this step's searches plus related ones from the run's memory) are what
``write_section`` shows the model; they are kept in the state under the node's id.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.services import Services
from warp_report.prompts.trained import compact_view, instruction
from warp_report.prompts.views import outline_view
from warp_report.protocol.actions import ActionContext, SearchAction
from warp_report.protocol.markers import cited_ids
from warp_report.protocol.request import Request
from warp_report.state.state import WarpState


def make(services: Services):
    async def search_section(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline, cursor, node = common.at_cursor(state)
        common.emit("section_started", id=cursor, title=node.title)
        trained = common.is_trained(ctx)
        if trained:
            messages = common.trained_messages(ctx, "search", user_query=state.question, current_outline=compact_view(outline),
                                        current_instruction=instruction(cursor))
        else:
            messages = common.messages_for(ctx, "search", question=state.question, draft=outline_view(outline, cursor),
                                    node_title=node.title, node_plan=node.plan)
        searched = await common.ask(services, ctx, state, Request(
            kind="search", node="search_section", target=cursor, messages=messages,
            shape=common.shape_for(ctx, state.question),
            ctx=ActionContext(query=state.question, check_language=False),
        ))
        update = common.bookkeeping(state, "search_section", searched)
        if searched.out_of_budget:
            return update
        # A model that cannot name keywords still gets evidence: the node's own title.
        keywords = searched.action.keywords if isinstance(searched.action, SearchAction) else [node.title]
        if not trained and node.title.casefold() not in {k.casefold() for k in keywords}:
            # The part's own title first: a 0.5B's keywords for "Types of solar cells" were the
            # question's words again, and its evidence the passages every part had seen.
            keywords = [node.title, *keywords]
        found = await evidence.gather(
            services, ctx, state, keywords, limit=ctx.section_top_k, memory_query=f"{node.title} {node.plan}",
            trained=trained,
        )
        if not trained:  # the trained model sees the released (block-wise) order
            # Passages no earlier part cited come first: small models lean on the first ones they see.
            cited = {c for _, n in outline.walk() if n.content for c in cited_ids(n.content)}
            found.ids.sort(key=lambda pid: pid in cited)
            fresh = [pid for pid in found.ids if pid not in cited]
            if len(fresh) < 2 and cited:
                found = await _past_cited(services, ctx, state, keywords, found, cited, memory_query=f"{node.title} {node.plan}")
                fresh = [pid for pid in found.ids if pid not in cited]
            if len(fresh) >= 2:
                # Enough passages no earlier part used: show those (a small model copies whatever
                # it is shown, and the same passages twice make the same text twice), plus one that
                # an earlier part cited, last, so a part can still build on what came before.
                found.ids[:] = fresh + [pid for pid in found.ids if pid in cited][:1]
        update.update(registry=found.registry, notes=found.notes, shown={**state.shown, cursor: found.ids})
        if not found.ids:
            # Nothing to cite: asking for cited text would only burn steps on invalid replies.
            common.emit("section_failed", id=cursor, title=node.title, reason="no evidence")
            update["outline"] = outline.with_node(cursor, failed=True)
            update["notes"] = [*found.notes, f"{node.title}: no evidence found for keywords {keywords}"]
        return update

    return search_section


async def _past_cited(services: Services, ctx: Context, state: WarpState, keywords: list[str], found: evidence.Evidence,
                      cited: set[str], *, memory_query: str) -> evidence.Evidence:
    """``found`` with the passages ranked past those earlier parts cited put first.

    Every passage a part's search found was cited already (py-venv: "Packages installed" after a
    part that wrote about pip): shown them again, a 0.5B wrote the earlier part again, three tries
    in a row. The next passages of the same search are the part's own."""
    registry = found.registry
    more = await evidence.gather(services, ctx, state, keywords, limit=ctx.section_top_k, memory_query=memory_query,
                                 registry=registry,
                                 exclude=frozenset(registry.passages[c].hash for c in cited if c in registry.passages))
    ids = list(dict.fromkeys([*more.ids, *found.ids]))
    return evidence.Evidence(registry=more.registry, ids=ids, notes=list(dict.fromkeys([*found.notes, *more.notes])))
