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
) -> Literal["init_outline", "plan_subsections", "search_section", "judge_gaps", "finalize"]:
    if state.plan_feedback:
        return "init_outline"
    return after_planning(state)


def after_planning(state: WarpState) -> Literal["plan_subsections", "search_section", "judge_gaps", "finalize"]:
    """The baseline plans one section's subsections per step until every section was planned."""
    if state.policy == "plan-then-write" and not state.planned and state.finish_reason is None:
        return "plan_subsections"
    return after_draft(state)


def after_search(state: WarpState) -> Literal["write_section", "search_section", "judge_gaps", "finalize"]:
    """Write the node just searched for, unless it had no evidence (then it is marked failed)."""
    if state.finish_reason is None and state.outline is not None:
        cursor = state.outline.cursor
        if cursor is not None and state.shown.get(cursor):
            return "write_section"
    return after_draft(state)


def after_draft(state: WarpState) -> Literal["search_section", "judge_gaps", "finalize"]:
    if state.finish_reason is not None or state.outline is None:
        return "finalize"
    if state.outline.cursor is not None:
        return "search_section"
    # The baseline never extends: its outline was complete before writing began.
    return "finalize" if state.policy == "plan-then-write" else "judge_gaps"


def after_judge(state: WarpState) -> Literal["deepen", "search_section", "lengthen", "finalize"]:
    if state.pending_extension is not None and state.finish_reason is None:
        return "deepen"
    if state.finish_reason is None and state.outline is not None and state.outline.cursor is not None:
        return "search_section"  # a failed planned part sent back (``judge_gaps.second_chance``)
    return after_lengthen(state)


def after_lengthen(state: WarpState) -> Literal["lengthen", "finalize"]:
    """Written parts of a short report get more text, one per step, while any is left to try."""
    return "lengthen" if state.lengthen and state.finish_reason in ("nop", "extend_budget") else "finalize"
