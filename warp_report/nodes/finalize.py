"""finalize: the Markdown report with renumbered citations and a reference list.

It also drops every passage the report does not cite from the state: a finished thread is what a
LangGraph server returns to its clients, and it should carry the report's evidence, not the whole
of what the run read (issue 15). Earlier checkpoints keep the full registry a resume needs.
"""

from __future__ import annotations

from typing import Any

from warp_report.nodes import common
from warp_report.output.markdown import render_report
from warp_report.state.state import WarpState


async def finalize(state: WarpState) -> dict[str, Any]:
    rendered = render_report(state.outline, state.registry, question=state.question, notes=state.notes)
    references = [
        {"n": str(n), "id": pid, "title": state.registry.passages[pid].title,
         "source": state.registry.passages[pid].source}
        for n, pid in rendered.cited.items()
    ]
    # Only the plan-then-write baseline gets here with no reason: its fixed outline is done.
    finish_reason = state.finish_reason or "plan_complete"
    common.emit("finished", finish_reason=finish_reason, partial=rendered.partial, steps=state.steps)
    return {
        "finish_reason": finish_reason,
        "report": rendered.markdown,
        "title": state.outline.title if state.outline else "",
        "partial": rendered.partial,
        "references": references,
        "registry": state.registry.cited_only(rendered.cited.values()),
    }
