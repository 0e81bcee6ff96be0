"""Parsing the trained AgentCPM-Report reply format: ``<thought>...</thought><action>...</action>``.

Small models wrap, truncate and decorate the format; parsing is lenient about the wrapping
(code fences, missing closing tags, text around the tags, ``<think>`` reasoning blocks) and
strict about the content, which the action checks judge afterwards.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_THOUGHT = re.compile(r"<thought>(.*?)(?:</thought>|(?=<action>)|$)", re.DOTALL | re.IGNORECASE)
_ACTION = re.compile(r"<action>(.*?)(?:</action>|$)", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^\s*```[\w-]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


class ReplyFormatError(ValueError):
    """The reply could not be read as an action at all."""


@dataclass
class TaggedReply:
    thought: str
    body: str


def strip_reasoning(text: str) -> str:
    """Remove ``<think>`` blocks of reasoning models (and an unclosed leading one)."""
    text = _THINK.sub("", text)
    if "</think>" in text.lower():
        text = re.split(r"</think>", text, flags=re.IGNORECASE)[-1]
    return text.strip()


def split_reply(text: str) -> TaggedReply:
    """Thought and action body of a reply (JSON for most actions, Markdown for ``write``)."""
    text = strip_reasoning(text)
    thought_match = _THOUGHT.search(text)
    thought = thought_match.group(1).strip() if thought_match else ""
    action_match = _ACTION.search(text)
    if action_match:
        body = action_match.group(1)
    else:
        # No tags: the action is whatever stands outside the thought (JSON in it is reasoning).
        body = _THOUGHT.sub("", text) if thought_match else text
    body = unfence(body.strip())
    if not body:
        raise ReplyFormatError("the reply has no action; put it inside <action>...</action>")
    return TaggedReply(thought=thought, body=body)


def unfence(text: str) -> str:
    match = _FENCE.match(text)
    return match.group(1).strip() if match else text


def parse_json_object(text: str) -> dict:
    """The first JSON object in ``text``."""
    start = text.find("{")
    if start < 0:
        raise ReplyFormatError("the action must be a JSON object like {\"name\": ...}")
    try:
        obj, _ = json.JSONDecoder().raw_decode(text[start:])
    except json.JSONDecodeError as exc:
        raise ReplyFormatError(f"the action is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(obj, dict):
        raise ReplyFormatError("the action must be a JSON object")
    return obj
