"""Outline review by a person: the answers a reviewer can give and how they change the state.

An answer is ``"accept"`` or a dict: ``{"action": "accept"}``,
``{"action": "edit", "markdown": "# Title\\n\\n## Section\\nplan..."}`` (or ``"outline": {...}``
as JSON: ``{"title": ..., "sections": [{"title", "plan"}]}``), ``{"action": "feedback",
"text": "..."}`` to have the model plan again, and for an extension ``{"action": "drop"}``.
Edited outlines pass the same checks as the model's ``init-plan``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from warp_report.protocol.actions import ActionContext, InitPlanAction
from warp_report.state.outline import Outline


class ReviewError(ValueError):
    """The reviewer's answer cannot be applied; the message says why."""


def outline_markdown(outline: Outline) -> str:
    lines = [f"# {outline.title}", ""]
    for nid, node in outline.walk():
        lines.append(f"{'#' * (nid.count('.') + 2)} {node.title}")
        lines.append(node.plan)
        lines.append("")
    return "\n".join(lines)


def parse_outline_markdown(text: str) -> dict[str, Any]:
    """``# Title`` then ``## Section`` headings, each followed by its plan."""
    title = ""
    sections: list[dict[str, str]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("## ") and not line.startswith("### "):
            sections.append({"title": line[3:].strip(), "plan": ""})
        elif line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("#"):
            raise ReviewError("only top-level sections (## headings) can be planned before writing starts")
        elif sections and line.strip():
            sep = " " if sections[-1]["plan"] else ""
            sections[-1]["plan"] += sep + line.strip()
    return {"name": "init-plan", "title": title, "sections": sections}


def _answer(answer: Any) -> dict[str, Any]:
    if answer is None or answer == "accept":
        return {"action": "accept"}
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except json.JSONDecodeError:
            raise ReviewError(f"unknown review answer {answer!r}; use accept, edit, feedback or drop") from None
    if not isinstance(answer, dict) or answer.get("action") not in {"accept", "edit", "feedback", "drop"}:
        raise ReviewError("a review answer needs action = accept, edit, feedback or drop")
    return answer


def apply_review(answer: Any, outline: Outline, *, question: str, extension: int) -> dict[str, Any]:
    """The state update for a reviewer's answer (empty when accepted)."""
    ans = _answer(answer)
    action = ans["action"]
    if action == "accept":
        return {}
    if extension:
        if action != "drop":
            raise ReviewError("an extension can be accepted or dropped")
        return {"outline": outline.drop_extension(extension)}
    if action == "drop":
        raise ReviewError("the initial outline cannot be dropped; edit it or give feedback")
    if action == "feedback":
        text = str(ans.get("text", "")).strip()
        if not text:
            raise ReviewError("feedback is empty; say what the outline should change")
        return {"plan_feedback": text}
    if "outline" in ans:
        data = ans["outline"] if isinstance(ans["outline"], dict) else json.loads(str(ans["outline"]))
        data = {"name": "init-plan", **data}
    elif "markdown" in ans:
        data = parse_outline_markdown(str(ans["markdown"]))
    else:
        raise ReviewError("an edit needs the new outline as 'markdown' or 'outline'")
    try:
        plan = InitPlanAction.model_validate(data, context=ActionContext(query=question))
    except ValidationError as exc:
        reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise ReviewError(f"the edited outline is not valid: {reasons}") from None
    return {"outline": plan.outline()}
