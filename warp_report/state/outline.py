"""The report tree and its cursor.

Node ids follow the paper's protocol: ``section-2`` is the second top-level section,
``section-2.1`` its first subsection, ``section-2.1.3`` a sub-subsection (the deepest level).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

MAX_DEPTH = 3
_ID = re.compile(r"^section-(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


class OutlineError(ValueError):
    """An operation on the tree that the WARP protocol does not allow."""


class Node(BaseModel):
    title: str
    plan: str
    content: str | None = None
    failed: bool = Field(default=False, description="the model gave no valid text for this node")
    retried: bool = Field(default=False, description="a planned part that failed, sent back once after the others")
    added_in_extension: int = Field(default=0, description="0 for the initial outline, n for the n-th extension")
    subsections: list[Node] = Field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.content is not None or self.failed


class Extension(BaseModel):
    """A checked ``extend-plan`` waiting to be applied: new subsections under ``position``."""

    position: str
    subsections: list[tuple[str, str]] = Field(description="(title, plan) of each new subsection")
    as_parts: bool = Field(default=False, description="new top-level parts after the last, not position's "
                                                      "subsections (other documents than position's)")


class Outline(BaseModel):
    title: str
    sections: list[Node] = Field(default_factory=list)

    def walk(self) -> list[tuple[str, Node]]:
        """Every node with its id, in document order."""
        out: list[tuple[str, Node]] = []

        def visit(nodes: list[Node], prefix: str) -> None:
            for i, node in enumerate(nodes, 1):
                nid = f"{prefix}{i}" if prefix else f"section-{i}"
                out.append((nid, node))
                visit(node.subsections, nid + ".")

        visit(self.sections, "")
        return out

    @property
    def cursor(self) -> str | None:
        """The first node, in document order, that still needs writing."""
        for nid, node in self.walk():
            if not node.done:
                return nid
        return None

    def get(self, node_id: str) -> Node:
        path = parse_id(node_id)
        nodes = self.sections
        node: Node | None = None
        for index in path:
            if index < 1 or index > len(nodes):
                raise OutlineError(f"{node_id} does not exist in the outline")
            node = nodes[index - 1]
            nodes = node.subsections
        assert node is not None
        return node

    def with_node(self, node_id: str, **changes: object) -> Outline:
        """A copy of the tree where ``node_id`` has ``changes`` applied."""
        tree = self.model_copy(deep=True)
        node = tree.get(node_id)
        for key, value in changes.items():
            setattr(node, key, value)
        return tree

    def extend(self, node_id: str, subsections: list[tuple[str, str]], extension: int,
               as_parts: bool = False) -> Outline:
        """A copy of the tree where ``node_id`` gains ``subsections`` (title, plan), or, ``as_parts``, the
        tree gains them as its last top-level parts."""
        if as_parts:
            tree = self.model_copy(deep=True)
            tree.sections += [Node(title=title, plan=plan, added_in_extension=extension) for title, plan in subsections]
            return tree
        if depth(node_id) >= MAX_DEPTH:
            raise OutlineError(f"{node_id} is at the deepest level ({MAX_DEPTH}); it cannot get subsections")
        tree = self.model_copy(deep=True)
        node = tree.get(node_id)
        if node.subsections:
            raise OutlineError(f"{node_id} already has subsections; choose another position")
        node.subsections = [
            Node(title=title, plan=plan, added_in_extension=extension) for title, plan in subsections
        ]
        return tree

    def drop_extension(self, extension: int) -> Outline:
        """A copy without the unwritten nodes the ``extension``-th extension added."""
        tree = self.model_copy(deep=True)

        def drop(nodes: list[Node]) -> list[Node]:
            kept = [n for n in nodes if not (n.added_in_extension == extension and not n.done)]
            for n in kept:
                n.subsections = drop(n.subsections)
            return kept

        tree.sections = drop(tree.sections)
        return tree

    def prune_unwritten_extensions(self) -> Outline:
        """Drop unwritten subsections under written parents (a budget ran out mid-extension), and
        subsections an extension added that the model gave no valid text for.

        The parent's own text already covers its topic, so the report stays complete: an
        extension deepens a written part, and one the evidence cannot fill is left out (the
        report says which, ``failed_extensions``), as a planned part never is.
        """
        tree = self.model_copy(deep=True)

        def prune(nodes: list[Node]) -> None:
            for node in nodes:
                if node.content is not None:
                    node.subsections = [s for s in node.subsections if _kept(s)]
                prune(node.subsections)

        prune(tree.sections)
        # A top-level part an extension added is left out likewise (the planned parts stay: unwritten,
        # they label the report Incomplete).
        tree.sections = [s for s in tree.sections if not s.added_in_extension or _kept(s)]
        return tree

    def failed_extensions(self) -> list[tuple[str, Node]]:
        """(id, node) of the extension subsections ``prune_unwritten_extensions`` leaves out
        because the model gave no valid text for them."""
        written = {nid for nid, n in self.walk() if n.content is not None}
        return [(nid, n) for nid, n in self.walk()
                if n.failed and n.added_in_extension and (nid.rpartition(".")[0] in written or "." not in nid)]


def _kept(node: Node) -> bool:
    """Written, a planned part that failed (the report says so), or above such a node."""
    return (node.content is not None or (node.failed and not node.added_in_extension)
            or any(_kept(s) for s in node.subsections))


def parse_id(node_id: str) -> list[int]:
    match = _ID.match(node_id.strip())
    if not match:
        raise OutlineError(f"{node_id!r} is not a node id like section-2 or section-2.1")
    return [int(g) for g in match.groups() if g is not None]


def depth(node_id: str) -> int:
    return len(parse_id(node_id))


def number(node_id: str) -> str:
    """``section-2.1`` -> ``2.1`` (the heading number readers see)."""
    return ".".join(str(i) for i in parse_id(node_id))
