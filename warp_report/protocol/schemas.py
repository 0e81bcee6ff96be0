"""JSON schemas for the structured protocol, one per request kind.

They are what a constrained decoder (llama.cpp grammar, vLLM ``response_format``, tool
calling) enforces at decode time. The ``write`` schema is built per step so that citations
can only name ids shown for that step, and the ``judge`` schema so that the position can
only name a node that may still be extended.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field, create_model

from warp_report.protocol.markers import CITATION


class PlanItemReply(BaseModel):
    # Bounded so a small model under a grammar cannot ramble past its token budget.
    title: str = Field(min_length=3, max_length=120)
    plan: str = Field(min_length=10, max_length=400)


class SearchReply(BaseModel):
    thought: str = Field(max_length=400)
    keywords: list[Annotated[str, Field(min_length=2, max_length=60)]] = Field(min_length=1, max_length=5)


class InitPlanReply(BaseModel):
    thought: str = Field(max_length=400)
    title: str = Field(min_length=3, max_length=200)
    sections: list[PlanItemReply] = Field(min_length=3, max_length=12)


def write_reply_schema(shown_ids: list[str], *, paragraphs: int = 4, min_chars: int = 80) -> type[BaseModel]:
    cite = Literal[tuple(shown_ids)] if shown_ids else str  # type: ignore[valid-type]
    paragraph = create_model(
        "Paragraph",
        text=(str, Field(min_length=min_chars, max_length=1000)),
        cites=(list[cite], Field(min_length=1, max_length=3)),  # type: ignore[valid-type]
    )
    return create_model(
        "WriteReply",
        thought=(str, Field(max_length=400)),
        paragraphs=(list[paragraph], Field(min_length=1, max_length=paragraphs)),  # type: ignore[valid-type]
    )


def judge_reply_schema(positions: list[str], *, allow_nop: bool = True) -> type[BaseModel]:
    """Either stop, or extend one of ``positions`` with 2-7 subsections: a union, so a
    constrained decoder cannot produce an extension without subsections."""
    extend = create_model(
        "Extend",
        decision=(Literal["extend-plan"], ...),
        position=(Literal[tuple(positions)], ...),  # type: ignore[valid-type]
        subsections=(list[PlanItemReply], Field(min_length=2, max_length=7)),
    )
    choice: object = extend
    if allow_nop:
        nop = create_model("Stop", decision=(Literal["nop"], ...))
        choice = Union[nop, extend]  # type: ignore[valid-type]
    return create_model("JudgeReply", thought=(str, Field(max_length=400)), choice=(choice, ...))


_INLINE_MARK = re.compile(r"\s*" + CITATION.pattern)
# Bracketed fragments that are neither citations nor Markdown links ("[para]"), left by small models.
_STRAY_BRACKET = re.compile(r"\[(?!\d)[^\]\[]*\](?!\()")


def reply_to_action(kind: str, reply: dict) -> dict:
    """Turn a structured reply into the action's JSON (the tagged protocol's shape)."""
    if kind == "search":
        return {"name": "search", "keywords": reply.get("keywords", [])}
    if kind == "init-plan":
        return {"name": "init-plan", "title": reply.get("title", ""), "sections": reply.get("sections", [])}
    if kind == "write":
        paras = []
        for p in reply.get("paragraphs", []):
            marks = "".join(f"[{c}]" for c in dict.fromkeys(p.get("cites", [])))
            # The constrained "cites" field is the citation; markers typed into the text are not.
            text = _INLINE_MARK.sub("", p.get("text", ""))
            text = _STRAY_BRACKET.sub("", text).rstrip(" [").strip()
            paras.append(f"{text} {marks}".strip())
        return {"name": "write", "content": "\n\n".join(paras)}
    if kind in ("judge", "extend"):
        choice = reply.get("choice") or {}
        if choice.get("decision") == "nop":
            return {"name": "nop"}
        return {"name": "extend-plan", "position": choice.get("position", ""), "subsections": choice.get("subsections", [])}
    raise ValueError(f"unknown request kind {kind!r}")
