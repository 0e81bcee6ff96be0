"""The ``write`` request for one part: what the reply is checked against, shared by the nodes that
write (``write_section`` a planned part, ``lengthen`` more text for a written one)."""

from __future__ import annotations

from warp_report.context import Context
from warp_report.nodes import common
from warp_report.protocol.actions import ActionContext
from warp_report.protocol.request import Request
from warp_report.state.state import WarpState


def write_request(ctx: Context, state: WarpState, cursor: str, ids: list[str], messages: list, instructions: str, *,
                  words: int, node: str = "write_section", salvage: bool = False) -> Request:
    """The ``write`` request for the part at ``cursor`` from the passages ``ids``: every part
    written so far (its own text too, when it is written) is what the reply must not repeat."""
    outline = state.outline
    assert outline is not None
    untrained = common.protocol_for(ctx) == "structured"
    return Request(
        kind="write", node=node, target=cursor,
        write_paragraphs=common.write_paragraphs(words), shape=common.shape_for(ctx, state.question, words=words),
        messages=messages, salvage=salvage,
        ctx=ActionContext(query=state.question, shown_ids=frozenset(ids), outline=outline,
                          written=tuple(n.content for _, n in outline.walk() if n.content),
                          node_title=outline.get(cursor).title, plan=outline.get(cursor).plan,
                          passages=common.passage_texts(state.registry, ids),
                          # No instructions (the trained layout): no rule lines either.
                          instructions=instructions, rules=rule_lines(messages) if instructions else "",
                          # A small model cites by pattern, the same ids under every paragraph.
                          attribute_to=common.shown_passages(state.registry, ids) if untrained else {},
                          # A 0.5B's sentence that holds too little of any one passage sentence was
                          # an invention in README's reports (stop 56), in a part as in lengthen's text.
                          one_source=untrained, on_part=node == "lengthen"),
    )


def rule_lines(messages: list) -> str:
    """The system prompt's rules and the instruction lines after the task line (no plan, no question)."""
    return "\n".join([str(messages[0].content), str(messages[-1].content).rsplit("Task:", 1)[-1].partition("\n")[2]])


def instruction_lines(messages: list, plan: str) -> str:
    """The rules and the instruction lines after the task line: a part that echoes them is not
    prose. The plan too: "Identify which aspects ... Plan how you will ..." is the plan, not prose."""
    return "\n".join([rule_lines(messages), plan])
