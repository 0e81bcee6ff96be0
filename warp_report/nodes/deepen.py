"""deepen: searches aimed at the gap the model chose, so the new subsections have evidence."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.services import Services
from warp_report.state.state import WarpState


def gap_queries(parent_title: str, subsection_titles: list[str]) -> list[str]:
    """One query per new subsection, anchored in its parent's topic."""
    return [f"{parent_title} {t}".strip() for t in subsection_titles][:7]


def make(services: Services):
    async def deepen(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        if common.is_trained(ctx):
            # The trained flow searches for each new subsection right before writing it; passages
            # found here would never be shown (that dialect shows no memory), only renumber ids.
            return {}
        ext = state.pending_extension
        assert ext is not None and state.outline is not None
        # New top-level parts are other documents than the part the judge chose: their titles alone find them.
        parent = "" if ext.as_parts else state.outline.get(ext.position).title
        queries = gap_queries(parent, [title for title, _ in ext.subsections])
        # Found passages go to the registry and the memory; drafting the subsections finds them there.
        found = await evidence.gather(services, ctx, state, queries, limit=ctx.section_top_k)
        return {"registry": found.registry, "notes": found.notes}

    return deepen
