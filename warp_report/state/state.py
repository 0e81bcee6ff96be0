"""The one typed state every node of the WARP graph reads and updates."""

from __future__ import annotations

import operator
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from warp_report.state.citations import Registry
from warp_report.state.outline import Extension, Outline
from warp_report.state.trace import TraceEntry, Usage, merge_usage

MAX_QUESTION_CHARS = 4000


def check_question(value: str) -> str:
    """The question, stripped; ValueError says what is wrong with it (CLI and graph input alike)."""
    value = (value or "").strip()
    if not value:
        raise ValueError("the question is empty")
    if len(value) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"the question is {len(value):,} characters long (limit {MAX_QUESTION_CHARS:,}); "
            "put background material into a corpus and ask a short question"
        )
    return value


Question = Annotated[str, AfterValidator(check_question)]

FinishReason = Literal["nop", "extend_budget", "step_budget", "no_outline", "plan_complete"]
Policy = Literal["warp", "plan-then-write"]


class WarpInput(BaseModel):
    """What a caller gives the graph (Studio shows this form)."""

    question: Question = Field(description="The research question the report answers.")
    corpus: list[str] = Field(
        default_factory=list, description="Folders of local documents to use as evidence (ingested on first use)."
    )
    collections: list[str] = Field(
        default_factory=list, description="Names of already-ingested corpus collections to search."
    )


class WarpOutput(BaseModel):
    """What the graph hands back."""

    report: str = ""
    title: str = ""
    finish_reason: FinishReason | None = None
    partial: bool = False
    references: list[dict[str, str]] = Field(default_factory=list)


class WarpState(BaseModel):
    question: Question
    corpus: list[str] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    run_id: str = ""
    policy: Policy = "warp"
    #: plan-then-write: the subsections of every section are planned
    planned: bool = False
    #: plan-then-write: sections whose subsections were asked for already
    plan_tried: list[str] = Field(default_factory=list)

    outline: Outline | None = None
    registry: Registry = Field(default_factory=Registry)
    #: ids shown to the model for the node being drafted (set by the search step).
    shown: dict[str, list[str]] = Field(default_factory=dict)
    #: what decides which documents the question is about (``search/subject.py``) where the
    #: question alone cannot: a CJK question over English documents, with the model's English keywords
    subject_query: str | None = None
    #: the question as asked, where the run researches and writes its English translation
    #: (``question``) and translates the report at the end (nodes/english_question.py)
    asked: str | None = None
    steps: int = 0
    extensions: int = 0
    pending_extension: Extension | None = None
    #: written parts that may still get more text from passages no part cites (a short report
    #: of an untrained model whose judge stopped), fewest words first
    lengthen: list[str] = Field(default_factory=list)
    #: a reviewer's request to plan the outline again
    plan_feedback: str | None = None
    finish_reason: FinishReason | None = None
    notes: Annotated[list[str], operator.add] = Field(default_factory=list)

    trace: Annotated[list[TraceEntry], operator.add] = Field(default_factory=list)
    usage: Annotated[dict[str, Usage], merge_usage] = Field(default_factory=dict)

    report: str = ""
    title: str = ""
    partial: bool = False
    references: list[dict[str, str]] = Field(default_factory=list)
