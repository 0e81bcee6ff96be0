"""The report tree: ids, cursor, extension, pruning."""

from __future__ import annotations

import pytest

from warp_report.state.outline import MAX_DEPTH, Node, Outline, OutlineError, depth, number, parse_id


def tree() -> Outline:
    """section-1, section-2 (2.1, 2.2 (2.2.1)), section-3."""
    return Outline(
        title="Report",
        sections=[
            Node(title="A", plan="pa"),
            Node(
                title="B",
                plan="pb",
                subsections=[
                    Node(title="B1", plan="pb1"),
                    Node(title="B2", plan="pb2", subsections=[Node(title="B2a", plan="pb2a")]),
                ],
            ),
            Node(title="C", plan="pc"),
        ],
    )


def write_all(outline: Outline) -> Outline:
    for nid, _ in outline.walk():
        outline = outline.with_node(nid, content=f"text of {nid}")
    return outline


def test_walk_gives_ids_in_document_order() -> None:
    walked = tree().walk()
    assert [nid for nid, _ in walked] == [
        "section-1",
        "section-2",
        "section-2.1",
        "section-2.2",
        "section-2.2.1",
        "section-3",
    ]
    assert [n.title for _, n in walked] == ["A", "B", "B1", "B2", "B2a", "C"]


def test_cursor_is_first_node_without_content() -> None:
    t = tree()
    assert t.cursor == "section-1"
    t = t.with_node("section-1", content="x").with_node("section-2", content="y")
    assert t.cursor == "section-2.1"
    t = t.with_node("section-2.1", content="z").with_node("section-2.2", content="w")
    assert t.cursor == "section-2.2.1"


def test_cursor_skips_a_later_gap_only_after_earlier_ones() -> None:
    t = tree().with_node("section-3", content="x")
    assert t.cursor == "section-1"


def test_empty_string_content_counts_as_written() -> None:
    assert tree().with_node("section-1", content="").cursor == "section-2"


def test_failed_nodes_count_as_done() -> None:
    t = tree().with_node("section-1", failed=True)
    assert t.get("section-1").done
    assert t.cursor == "section-2"


def test_cursor_none_when_all_written() -> None:
    assert write_all(tree()).cursor is None
    assert Outline(title="empty").cursor is None


def test_extend_inserts_subsections_and_moves_cursor() -> None:
    t = write_all(tree())
    extended = t.extend("section-3", [("C1", "pc1"), ("C2", "pc2")], extension=2)
    new = extended.get("section-3").subsections
    assert [(n.title, n.plan, n.content, n.added_in_extension) for n in new] == [
        ("C1", "pc1", None, 2),
        ("C2", "pc2", None, 2),
    ]
    assert extended.cursor == "section-3.1"
    assert [nid for nid, _ in extended.walk()][-2:] == ["section-3.1", "section-3.2"]
    # the original is untouched
    assert t.get("section-3").subsections == []
    assert t.cursor is None


def test_extend_second_level_node() -> None:
    t = write_all(tree()).extend("section-2.1", [("x", "px"), ("y", "py")], extension=1)
    assert t.cursor == "section-2.1.1"
    assert t.get("section-2.1.2").title == "y"


def test_extend_as_parts_appends_top_level_parts_and_prunes_the_unwritten_ones() -> None:
    # Other documents than the chosen subsection's become parts of their own (README's run, stop 61).
    t = write_all(tree())
    extended = t.extend("section-2.1", [("Inverters", "pi"), ("Storage", "ps")], extension=1, as_parts=True)
    assert [n.title for n in extended.sections] == ["A", "B", "C", "Inverters", "Storage"]
    assert extended.get("section-2.1").subsections == []
    assert extended.cursor == "section-4"
    written = extended.with_node("section-4", content="text").with_node("section-5", failed=True)
    # The part the model could not write goes, and is named as a left-out extension; a planned part stays.
    assert [n.title for n in written.prune_unwritten_extensions().sections] == ["A", "B", "C", "Inverters"]
    assert [nid for nid, _ in written.failed_extensions()] == ["section-5"]
    planned = written.with_node("section-3", content=None, failed=True)
    assert "C" in [n.title for n in planned.prune_unwritten_extensions().sections]


def test_extend_refuses_node_with_subsections() -> None:
    with pytest.raises(OutlineError, match="already has subsections"):
        tree().extend("section-2", [("x", "px"), ("y", "py")], extension=1)


def test_extend_refuses_third_level() -> None:
    assert MAX_DEPTH == 3
    with pytest.raises(OutlineError, match="deepest level"):
        tree().extend("section-2.2.1", [("x", "px"), ("y", "py")], extension=1)


def test_extend_refuses_unknown_node() -> None:
    with pytest.raises(OutlineError, match="does not exist"):
        tree().extend("section-9", [("x", "px"), ("y", "py")], extension=1)


def test_get_returns_nodes() -> None:
    t = tree()
    assert t.get("section-2.2.1").title == "B2a"
    assert t.get(" section-3 ").title == "C"


@pytest.mark.parametrize("nid", ["section-0", "section-4", "section-1.1", "section-2.3", "section-2.1.1"])
def test_get_unknown_ids(nid: str) -> None:
    with pytest.raises(OutlineError, match="does not exist"):
        tree().get(nid)


@pytest.mark.parametrize("nid", ["2", "section", "section-1.2.3.4", "Section-1", "section-x"])
def test_get_malformed_ids(nid: str) -> None:
    with pytest.raises(OutlineError, match="not a node id"):
        tree().get(nid)


def test_outline_error_is_a_value_error() -> None:
    assert issubclass(OutlineError, ValueError)


def test_with_node_does_not_mutate_original() -> None:
    t = tree()
    changed = t.with_node("section-2.1", content="new", failed=True)
    assert changed.get("section-2.1").content == "new"
    assert changed.get("section-2.1").failed
    assert t.get("section-2.1").content is None
    assert not t.get("section-2.1").failed
    # deep copy: nested lists are not shared either
    assert changed.get("section-2").subsections is not t.get("section-2").subsections


def test_with_node_unknown_id() -> None:
    with pytest.raises(OutlineError):
        tree().with_node("section-7", content="x")


def test_prune_drops_unwritten_subsections_under_written_parent() -> None:
    t = Outline(
        title="R",
        sections=[
            Node(
                title="A",
                plan="p",
                content="parent text",
                subsections=[
                    Node(title="A1", plan="p", content="a1", added_in_extension=1),
                    Node(title="A2", plan="p", added_in_extension=1),
                    Node(title="A3", plan="p", failed=True, added_in_extension=1),
                ],
            ),
            Node(title="B", plan="p", subsections=[Node(title="B1", plan="p", added_in_extension=2)]),
        ],
    )
    pruned = t.prune_unwritten_extensions()
    # A2 was never reached; A3, which an extension added, the model could not write: both go.
    assert [n.title for n in pruned.get("section-1").subsections] == ["A1"]
    assert [nid for nid, _ in t.failed_extensions()] == ["section-1.3"]
    # under an unwritten parent nothing is dropped
    assert [n.title for n in pruned.get("section-2").subsections] == ["B1"]
    # the original is untouched
    assert len(t.get("section-1").subsections) == 3


def test_prune_keeps_unwritten_subsection_with_written_children() -> None:
    t = Outline(
        title="R",
        sections=[
            Node(
                title="A",
                plan="p",
                content="x",
                subsections=[
                    Node(title="A1", plan="p", subsections=[Node(title="A1a", plan="p", content="y")]),
                    Node(title="A2", plan="p", subsections=[Node(title="A2a", plan="p")]),
                ],
            )
        ],
    )
    pruned = t.prune_unwritten_extensions()
    assert [nid for nid, _ in pruned.walk()] == ["section-1", "section-1.1", "section-1.1.1"]


def test_prune_recurses_into_written_subsections() -> None:
    t = Outline(
        title="R",
        sections=[
            Node(
                title="A",
                plan="p",
                content="x",
                subsections=[Node(title="A1", plan="p", content="y", subsections=[Node(title="A1a", plan="p")])],
            )
        ],
    )
    pruned = t.prune_unwritten_extensions()
    assert pruned.get("section-1.1").subsections == []
    assert pruned.cursor is None


def test_parse_id_depth_number() -> None:
    assert parse_id("section-2") == [2]
    assert parse_id("section-2.1") == [2, 1]
    assert parse_id("section-12.3.4") == [12, 3, 4]
    assert depth("section-2.1") == 2
    assert number("section-2") == "2"
    assert number("section-2.1") == "2.1"
    assert number("section-10.2.3") == "10.2.3"
    with pytest.raises(OutlineError):
        number("2.1")
