"""Conditional edges of the WARP graph: pure functions of the state."""

from __future__ import annotations

from typing import Literal

from warp_report.state.state import WarpState


def after_init(state: WarpState) -> Literal["review_outline", "finalize"]:
    if state.outline is None or state.finish_reason is not None:
        return "finalize"
    return "review_outline"


def after_review(
    state: WarpState,
) -> Literal["init_outline", "plan_subsections", "draft_section", "judge_gaps", "finalize"]:
    if state.plan_feedback:
        return "init_outline"
    if state.policy == "plan-then-write" and not state.planned and state.finish_reason is None:
        return "plan_subsections"
    return after_draft(state)


def after_draft(state: WarpState) -> Literal["draft_section", "judge_gaps", "finalize"]:
    if state.finish_reason is not None or state.outline is None:
        return "finalize"
    if state.outline.cursor is not None:
        return "draft_section"
    # The baseline never extends: its outline was complete before writing began.
    return "finalize" if state.policy == "plan-then-write" else "judge_gaps"


def after_judge(state: WarpState) -> Literal["deepen", "finalize"]:
    return "deepen" if state.pending_extension is not None and state.finish_reason is None else "finalize"
