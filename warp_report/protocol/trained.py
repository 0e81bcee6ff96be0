"""Reading AgentCPM-Report's replies in the ``agentcpm`` dialect (the trained reply format).

Stricter than the ``warp`` dialect's lenient parsing, as the released pipeline is: the action
must stand inside ``<action>...</action>`` (a prose answer without tags is refused, not taken as
the text), and a written text cites ``\\cite{textidN}``, which becomes the run's ``[N]`` here,
before the action checks (shown ids, 1-12 citations, language, repetition) judge it.
"""

from __future__ import annotations

import re

from warp_report.protocol.markers import CiteKeyError, cites_to_marks
from warp_report.protocol.tagged import ReplyFormatError, parse_json_object, strip_reasoning

_THOUGHT = re.compile(r"<thought>(.*?)</thought>", re.DOTALL | re.IGNORECASE)
_ACTION = re.compile(r"<action>(.*?)</action>", re.DOTALL | re.IGNORECASE)


def parse_trained_reply(text: str, kind: str) -> tuple[str, dict]:
    """(thought, action data) of a reply; ReplyFormatError when it is not in the trained format."""
    text = strip_reasoning(text)
    action = _ACTION.search(text)
    if action is None:
        raise ReplyFormatError("the reply has no <action>...</action>")
    thought = _THOUGHT.search(text)
    body = action.group(1).strip()
    if kind == "write":
        try:
            return (thought.group(1).strip() if thought else ""), {"name": "write", "content": cites_to_marks(body)}
        except CiteKeyError as exc:
            raise ReplyFormatError(str(exc)) from None
    return (thought.group(1).strip() if thought else ""), parse_json_object(body)
