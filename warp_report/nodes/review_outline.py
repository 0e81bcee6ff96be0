"""review_outline: with review on, pause for a person to accept, edit or re-plan the outline."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from warp_report.context import Context
from warp_report.nodes import common
from warp_report.protocol.review import ReviewError, apply_review, outline_markdown
from warp_report.state.state import WarpState


def wants_review(review: str, extensions: int) -> bool:
    return review == "all" or (review == "outline" and extensions == 0)


async def review_outline(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = common.context_of(runtime)
    outline = state.outline
    if outline is None or not wants_review(ctx.review, state.extensions):
        return {"plan_feedback": None}
    payload: dict[str, Any] = {
        "kind": "extension" if state.extensions else "outline",
        "question": state.question,
        "outline": outline.model_dump(),
        "markdown": outline_markdown(outline),
        "choices": ["accept", "drop"] if state.extensions else ["accept", "edit", "feedback"],
        "error": None,
    }
    while True:
        # Each invalid answer asks again with the reason; resumes replay earlier answers in order.
        answer = interrupt(payload)
        try:
            update = apply_review(answer, outline, question=state.question, extension=state.extensions)
        except ReviewError as exc:
            payload = {**payload, "error": str(exc)}
            continue
        return {"plan_feedback": None, **update}
