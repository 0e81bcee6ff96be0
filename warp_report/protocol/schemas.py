"""JSON schemas for the structured protocol, one per request kind.

They are what a constrained decoder (llama.cpp grammar, vLLM ``response_format``, tool
calling) enforces at decode time. The ``write`` schema is built per step so that citations
can only name ids shown for that step, and the ``judge`` schema so that the position can
only name a node that may still be extended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, create_model

from warp_report.protocol.language import OTHER_SCRIPTS
from warp_report.protocol.markers import CITATION

#: What a CJK writer may type in a written field: Han, kana, hangul, CJK and full-width
#: punctuation, digits, spaces and a little ASCII punctuation; no Latin letters (a tiny model
#: asked a Chinese question over English passages otherwise answers in English), and no quote
#: or backslash (the field sits inside a JSON string).
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\u3000-\u303f\uff00-\uffef0-9 .,;:()%+/-"

#: A name in a code span, the one place a CJK writer may type Latin letters: a report in Chinese
#: on git's manual pages could not write `git worktree add` and wrote "--0", "--1" for its options.
CJK_CODE = "`[A-Za-z0-9_ .@{}<>/:=~^-]{1,40}`"

#: What a non-CJK writer may type: anything but CJK script and punctuation (a 0.5B model wrote
#: "their uniform结构 lets electrons move"), control characters, quotes and backslashes (the field
#: sits inside a JSON string: no escapes to get wrong).
NOT_CJK = r"[^\x00-\x1f\"\\\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef]"
#: What a writer of a question in Latin letters may type: NOT_CJK without the letters of other
#: alphabets (a 0.5B wrote "hits another и gets a second chance" in an English report).
LATIN_ONLY = NOT_CJK[:-1] + OTHER_SCRIPTS + "]"


@dataclass(frozen=True)
class Shape:
    """How tight the reply schemas are. The defaults are the paper's bounds; tiny models get
    fewer sections, short titles and no free "thought" (``thought_chars=0``): a 0.5B model fills
    a thought with the passage it then copies, and thought was half of its output tokens."""

    thought_chars: int = 400
    cjk: bool = False
    #: the question is in Latin letters: written fields hold no other alphabet either
    latin: bool = False
    min_sections: int = 3
    max_sections: int = 12
    max_subsections: int = 7
    min_paragraphs: int = 1
    paragraphs: int = 4
    paragraph_chars: tuple[int, int] = (80, 1000)


#: A heading: at most 80 characters here, 12 words in the action checks.
TITLE_CHARS = (3, 80)
PLAN_CHARS = (10, 300)


def _text(bounds: tuple[int, int], cjk: bool, latin: bool = False) -> Any:
    low, high = bounds
    if cjk:
        # A CJK character carries about a word: the same field needs a third of the characters.
        low, high = max(2, low // 3), max(4, high // 3)
        # A command's name in a code span: without one, "git reflog" could not be named in a
        # Chinese title ("关于使用", about using) or plan, and a part wrote "--上游" for --upstream.
        unit = f"([{CJK_CHARS}]|{CJK_CODE})"
        return (str, Field(pattern=f"^{unit}{{{low},{high}}}$"))
    return (str, Field(pattern=f"^{LATIN_ONLY if latin else NOT_CJK}{{{low},{high}}}$"))


def _thought(shape: Shape) -> dict[str, Any]:
    return {"thought": (str, Field(max_length=shape.thought_chars))} if shape.thought_chars else {}


def plan_item_schema(shape: Shape = Shape()) -> type[BaseModel]:
    return create_model("PlanItemReply", title=_text(TITLE_CHARS, shape.cjk, shape.latin),
                        plan=_text(PLAN_CHARS, shape.cjk, shape.latin))


#: An English keyword: Latin letters, digits and a little punctuation, starting with a letter.
ENGLISH_KEYWORD = r"^[A-Za-z][A-Za-z0-9 .'()_+-]{1,40}$"


def search_reply_schema(shape: Shape = Shape()) -> type[BaseModel]:
    keyword = Annotated[str, Field(min_length=2, max_length=60)]
    if not shape.cjk:
        return create_model("SearchReply", **_thought(shape),
                            keywords=(list[keyword], Field(min_length=1, max_length=5)))  # type: ignore[valid-type]
    # A CJK question's keywords in English too, as a field of their own: asked in the prompt
    # only, a 0.5B gave Chinese keywords over English documents ("编码", "文件编码"), which the
    # lexical index cannot match and the dense one matches loosely, so each part got the same few
    # passages and the parts repeated each other.
    english = Annotated[str, Field(pattern=ENGLISH_KEYWORD)]
    return create_model("SearchReply", **_thought(shape),
                        keywords=(list[keyword], Field(min_length=1, max_length=3)),  # type: ignore[valid-type]
                        english_keywords=(list[english], Field(min_length=1, max_length=2)))  # type: ignore[valid-type]


def init_plan_reply_schema(shape: Shape = Shape()) -> type[BaseModel]:
    return create_model(
        "InitPlanReply", **_thought(shape), title=_text((3, 120), shape.cjk, shape.latin),
        sections=(list[plan_item_schema(shape)], Field(min_length=shape.min_sections,  # type: ignore[misc]
                                                       max_length=shape.max_sections)),
    )


SearchReply = search_reply_schema()
InitPlanReply = init_plan_reply_schema()
PlanItemReply = plan_item_schema()


def write_reply_schema(shown_ids: list[str], *, paragraphs: int | None = None, min_chars: int | None = None,
                       shape: Shape = Shape()) -> type[BaseModel]:
    cite = Literal[tuple(shown_ids)] if shown_ids else str  # type: ignore[valid-type]
    low, high = shape.paragraph_chars
    paragraph = create_model(
        "Paragraph",
        text=_text((min_chars or low, high), shape.cjk, shape.latin),
        cites=(list[cite], Field(min_length=1, max_length=3)),  # type: ignore[valid-type]
    )
    most = paragraphs or shape.paragraphs
    return create_model(
        "WriteReply", **_thought(shape),
        paragraphs=(list[paragraph], Field(min_length=min(shape.min_paragraphs, most),  # type: ignore[valid-type]
                                           max_length=most)),
    )


def judge_reply_schema(positions: list[str], *, allow_nop: bool = True, shape: Shape = Shape()) -> type[BaseModel]:
    """Either stop, or extend one of ``positions`` with 2-7 subsections: a union, so a
    constrained decoder cannot produce an extension without subsections."""
    extend = create_model(
        "Extend",
        decision=(Literal["extend-plan"], ...),
        position=(Literal[tuple(positions)], ...),  # type: ignore[valid-type]
        subsections=(list[plan_item_schema(shape)], Field(min_length=2,  # type: ignore[misc]
                                                          max_length=max(2, shape.max_subsections))),
    )
    choice: object = extend
    if allow_nop:
        nop = create_model("Stop", decision=(Literal["nop"], ...))
        choice = Union[nop, extend]  # type: ignore[valid-type]
    return create_model("JudgeReply", **_thought(shape), choice=(choice, ...))


def translate_reply_schema(count: int, shape: Shape = Shape(),
                           chars: tuple[tuple[int, int], ...] = ()) -> type[BaseModel]:
    """One field per heading to translate (t1, t2, ...), each a title in the question's script.
    Asked for a list, a 0.5B gave the part's own title first and headings of its own after; a
    field per heading gets one translation each. ``chars``: each field's bounds where it is not
    a title (a paragraph, a question)."""
    fields = {f"t{i}": _text(chars[i - 1] if i <= len(chars) else TITLE_CHARS, shape.cjk, shape.latin)
              for i in range(1, count + 1)}
    return create_model("TranslateReply", **fields)


_INLINE_MARK = re.compile(r"\s*" + CITATION.pattern)
# Bracketed fragments that are neither citations (gone by then) nor Markdown links ("[para]",
# "[2 ent state]"), left by small models.
_STRAY_BRACKET = re.compile(r"\[[^\]\[]*\](?!\()")


def reply_to_action(kind: str, reply: dict) -> dict:
    """Turn a structured reply into the action's JSON (the tagged protocol's shape)."""
    if kind == "search":
        # English keywords first: they reach the lexical index, and the action keeps five.
        keywords = [*reply.get("english_keywords", []), *reply.get("keywords", [])]
        return {"name": "search", "keywords": list(dict.fromkeys(keywords))[:5]}
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
    if kind == "translate":
        keys = sorted((k for k in reply if re.fullmatch(r"t\d+", k)), key=lambda k: int(k[1:]))
        return {"name": "translate", "titles": [reply[k] for k in keys]}
    raise ValueError(f"unknown request kind {kind!r}")
