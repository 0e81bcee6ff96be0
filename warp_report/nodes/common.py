"""What every node needs: asking the model within the run's budgets, and progress events."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from warp_report.context import Context, make_context
from warp_report.models.backends import dialect_for, protocol_for
from warp_report.nodes.services import Services
from warp_report.prompts import render
from warp_report.prompts.trained import step_prompt
from warp_report.protocol.language import is_cjk_text, is_latin_text
from warp_report.protocol.markers import count_words
from warp_report.protocol.request import Outcome, Request, request_action
from warp_report.protocol.schemas import Shape
from warp_report.state.citations import Registry
from warp_report.state.outline import Node, Outline
from warp_report.state.state import WarpState
from warp_report.state.trace import Usage


def context_of(runtime: Runtime[Context] | None) -> Context:
    ctx = getattr(runtime, "context", None)
    if ctx is None:
        return Context()
    if isinstance(ctx, dict):  # the server hands over the JSON the user typed
        return make_context(**ctx)
    return ctx


def at_cursor(state: WarpState) -> tuple[Outline, str, Node]:
    """The outline, the cursor's id and its node: what the drafting nodes work on."""
    outline = state.outline
    assert outline is not None and outline.cursor is not None, "drafting needs a node without text"
    return outline, outline.cursor, outline.get(outline.cursor)


def emit(event: str, **data: Any) -> None:
    """A custom stream event (CLI view, Studio, SDK all receive these)."""
    try:
        writer = get_stream_writer()
    except RuntimeError:  # called outside a graph run (unit tests of helpers)
        return
    writer({"event": event, **data})


def shape_for(ctx: Context, question: str, *, max_sections: int | None = None, words: int | None = None,
              min_sections: int = 3) -> Shape:
    """Bounds of the structured replies for this run (ignored by the tagged protocol);
    ``words``: the part's target length when it differs from ``words_per_section``."""
    words = words or ctx.words_per_section
    return Shape(
        thought_chars=ctx.thought_chars,
        cjk=is_cjk_text(question),
        latin=is_latin_text(question),
        min_sections=min_sections,
        max_sections=max_sections or ctx.max_sections,
        max_subsections=ctx.max_subsections,
        # Two paragraphs at least: a single short one was what a 0.5B model tended to give; a
        # 250-character paragraph is about 45 words, so a long part needs three.
        min_paragraphs=1 if words < 100 else (2 if words < 160 else 3),
        paragraphs=write_paragraphs(words),
        # About 45 words at least, 55 in a long part (repair drops some sentences of each). Not
        # for CJK: its third of the characters is already more text, and more of it repeated itself.
        paragraph_chars=(250 if words < 160 or is_cjk_text(question) else 320, 900),
    )


def part_words(ctx: Context, outline: Outline) -> int:
    """Words asked of one part: ``words_per_section``, or more when the outline has too few
    parts to reach ``report_words`` (a three-part quick report was 300 words)."""
    parts = max(1, len(outline.walk()))
    return max(ctx.words_per_section, -(-ctx.report_words // parts))


def written_words(outline: Outline) -> int:
    """Prose words of the parts written so far (each CJK character one word)."""
    return sum(count_words(n.content) for _, n in outline.walk() if n.content)


def least_words(ctx: Context) -> int:
    """Two thirds of ``report_words``: a report of an untrained model under it is well short,
    and gets an extension more and, once the judge is done, more text in its parts."""
    return ctx.report_words * 2 // 3


def well_short(ctx: Context, outline: Outline) -> bool:
    return not is_trained(ctx) and written_words(outline) < least_words(ctx)


def passage_texts(registry: Registry, ids: list[str] | None = None) -> tuple[str, ...]:
    """Title and text of the passages ``ids`` (default: every passage found so far), for the
    checks that a heading or a part does not copy them; the title counts, the model sees it."""
    return tuple(shown_passages(registry, list(registry.passages) if ids is None else ids).values())


def shown_passages(registry: Registry, ids: list[str]) -> dict[str, str]:
    """Id -> title and text of the passages ``ids``."""
    return {i: f"{registry.passages[i].title}\n{registry.passages[i].text}" for i in ids if i in registry.passages}


def write_paragraphs(words: int) -> int:
    return max(2, min(4, words // 50))


def messages_for(ctx: Context, prompt: str, **values: Any) -> list:
    tagged = protocol_for(ctx) == "tagged"
    cjk = is_cjk_text(str(values.get("question", "")))
    return [
        SystemMessage(content=render("system", tagged=tagged, thought=ctx.thought_chars > 0, cjk=cjk)),
        HumanMessage(content=render(prompt, tagged=tagged, thought=ctx.thought_chars > 0, cjk=cjk, **values)),
    ]


def trained_messages(ctx: Context, step: str, **values: str) -> list:
    """agentcpm dialect: the one user message the model was trained on (no system message)."""
    return [HumanMessage(content=step_prompt(step, ctx.prompts_dir, **values))]


def is_trained(ctx: Context) -> bool:
    return dialect_for(ctx) == "agentcpm"


async def ask(services: Services, ctx: Context, state: WarpState, req: Request, *, max_tries: int | None = None,
              correct: bool = True) -> Outcome:
    """``req`` asked until valid (``max_tries``, the step budget); a refused reply's reason goes back
    to the model unless ``correct`` is off (then the same prompt is sampled again: asked to
    translate, the 0.5B translated the correction itself)."""
    outcome = await request_action(
        await services.chat_model(ctx),
        req,
        protocol=protocol_for(ctx),  # type: ignore[arg-type]
        max_tries=max_tries or ctx.max_tries,
        steps_done=state.steps,
        max_steps=ctx.max_steps,
        # The trained model never saw a correction turn: it is sampled again on the same prompt.
        retry_prompt=None if dialect_for(ctx) == "agentcpm" or not correct else retry_prompt,
        dialect=dialect_for(ctx),  # type: ignore[arg-type]
    )
    emit(
        "step",
        step=state.steps + outcome.steps_used,
        max_steps=ctx.max_steps,
        action=req.kind,
        valid=outcome.action is not None,
        retries=max(len(outcome.trace) - 1, 0),
        error=outcome.error,
        tokens=outcome.usage.input_tokens + outcome.usage.output_tokens,
    )
    return outcome


def retry_prompt(error: str, action: str) -> str:
    return render("retry", error=error, action=action)


def bookkeeping(state: WarpState, node: str, *outcomes: Outcome) -> dict[str, Any]:
    """The state update the node's model calls make: steps, trace, usage."""
    usage = Usage()
    for o in outcomes:
        usage = usage.plus(o.usage)
    update: dict[str, Any] = {
        "steps": state.steps + sum(o.steps_used for o in outcomes),
        "trace": [entry for o in outcomes for entry in o.trace],
        "usage": {node: usage} if usage.calls else {},
    }
    if any(o.out_of_budget for o in outcomes):
        update["finish_reason"] = "step_budget"
    return update
