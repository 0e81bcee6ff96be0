"""Routers are pure functions of the state: every transition from hand-built states."""

from warp_report.graphs import routers
from warp_report.state.outline import Extension, Node, Outline
from warp_report.state.state import WarpState


def state(**kw) -> WarpState:
    return WarpState(question="q", **kw)


def outline(*contents: str | None) -> Outline:
    return Outline(title="T", sections=[Node(title=f"S{i}", plan="p", content=c) for i, c in enumerate(contents)])


EXT = Extension(position="section-1", subsections=[("a", "b"), ("c", "d")])


def test_after_init_goes_to_review_when_an_outline_exists():
    assert routers.after_init(state(outline=outline(None, None, None))) == "review_outline"


def test_after_review_replans_on_feedback_else_drafts():
    assert routers.after_review(state(outline=outline(None, None, None), plan_feedback="more on costs")) == "init_outline"
    assert routers.after_review(state(outline=outline(None, None, None))) == "search_section"
    assert routers.after_review(state(outline=outline("a", "b", "c"))) == "judge_gaps"


def test_after_init_finalizes_without_outline():
    assert routers.after_init(state(finish_reason="no_outline")) == "finalize"
    assert routers.after_init(state()) == "finalize"


def test_after_draft_keeps_drafting_while_the_cursor_points_at_a_node():
    assert routers.after_draft(state(outline=outline("x", None, None))) == "search_section"


def test_after_draft_judges_when_everything_is_written():
    assert routers.after_draft(state(outline=outline("x", "y", "z"))) == "judge_gaps"


def test_after_draft_finalizes_when_the_step_budget_is_spent():
    assert routers.after_draft(state(outline=outline("x", None, None), finish_reason="step_budget")) == "finalize"


def test_after_draft_treats_failed_nodes_as_done():
    tree = outline("x", "y", None)
    tree.sections[2].failed = True
    assert routers.after_draft(state(outline=tree)) == "judge_gaps"


def test_after_judge_deepens_on_extension():
    assert routers.after_judge(state(outline=outline("x", "y", "z"), pending_extension=EXT)) == "deepen"


def test_after_judge_searches_again_for_a_part_sent_back():
    # judge_gaps.second_chance cleared a failed planned part's mark: it is the cursor again.
    tree = outline("x", None, "z")
    assert routers.after_judge(state(outline=tree)) == "search_section"
    assert routers.after_judge(state(outline=tree, finish_reason="step_budget")) == "finalize"


def test_after_judge_finalizes_on_nop_and_budgets():
    for reason in ("nop", "extend_budget", "step_budget"):
        assert routers.after_judge(state(outline=outline("x", "y", "z"), finish_reason=reason)) == "finalize"


def test_plan_then_write_routes_to_planning_once_and_never_to_judging():
    ptw = dict(policy="plan-then-write")
    assert routers.after_review(state(outline=outline(None, None, None), **ptw)) == "plan_subsections"
    assert routers.after_review(state(outline=outline(None, None, None), planned=True, **ptw)) == "search_section"
    assert routers.after_draft(state(outline=outline("a", "b", "c"), planned=True, **ptw)) == "finalize"


def test_after_search_writes_the_node_it_found_evidence_for():
    found = state(outline=outline("x", None, None), shown={"section-2": ["1", "2"]})
    assert routers.after_search(found) == "write_section"


def test_after_search_moves_on_when_the_node_had_no_evidence():
    failed = Outline(title="T", sections=[Node(title="S0", plan="p", content="x"),
                                          Node(title="S1", plan="p", failed=True),
                                          Node(title="S2", plan="p")])
    assert routers.after_search(state(outline=failed, shown={"section-2": []})) == "search_section"
    assert routers.after_search(state(outline=outline("x", None), shown={"section-2": ["1"]},
                                      finish_reason="step_budget")) == "finalize"


def test_the_baseline_plans_one_section_per_step_until_all_are_planned():
    ptw = {"policy": "plan-then-write"}
    assert routers.after_planning(state(outline=outline(None, None), **ptw)) == "plan_subsections"
    assert routers.after_planning(state(outline=outline(None, None), planned=True, **ptw)) == "search_section"
