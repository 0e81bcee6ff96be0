"""revise_outline: apply the validated ``extend-plan`` to the tree."""

from __future__ import annotations

from typing import Any

from warp_report.nodes import common
from warp_report.prompts.views import outline_nodes
from warp_report.state.state import WarpState


async def revise_outline(state: WarpState) -> dict[str, Any]:
    ext = state.pending_extension
    assert ext is not None and state.outline is not None
    extension = state.extensions + 1
    outline = state.outline.extend(ext.position, ext.subsections, extension, as_parts=ext.as_parts)
    common.emit("outline_extended", position=ext.position, as_parts=ext.as_parts,
                subsections=[title for title, _ in ext.subsections], extension=extension, nodes=outline_nodes(outline))
    return {"outline": outline, "extensions": extension, "pending_extension": None}
