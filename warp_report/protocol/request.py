"""One way for nodes to ask the model for an action and get back a validated action.

This is the one owner of the step budget: every try is a step of the run, no try is made
past ``max_steps``, and ``Outcome.out_of_budget`` says when the budget is gone. A reply that fails parsing or the action checks is never
returned: the error goes back to the model and it tries again, at most ``max_tries`` times
and never past the step budget. What happened on every try lands in the trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, TypeAdapter, ValidationError

from warp_report.protocol import schemas
from warp_report.protocol.actions import Action, ActionContext, WriteAction
from warp_report.protocol.repair import states_something
from warp_report.protocol.tagged import ReplyFormatError, parse_json_object, split_reply
from warp_report.protocol.trained import parse_trained_reply
from warp_report.state.trace import TraceEntry, Usage

#: (error, expected action) -> the correction the model reads before trying again.
RetryPrompt = Callable[[str, str], str]

Kind = Literal["search", "init-plan", "write", "judge", "extend", "translate"]
Protocol = Literal["tagged", "structured"]
Dialect = Literal["warp", "agentcpm"]

_ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
_EXPECTED: dict[str, tuple[str, ...]] = {
    "search": ("search",),
    "init-plan": ("init-plan",),
    "write": ("write",),
    "judge": ("extend-plan", "nop"),
    "extend": ("extend-plan",),
    "translate": ("translate",),
}


@dataclass
class Outcome:
    action: BaseModel | None
    thought: str = ""
    trace: list[TraceEntry] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    steps_used: int = 0
    error: str | None = None
    #: no valid action because the run's step budget is spent (the run must finish)
    out_of_budget: bool = False
    #: replies that parsed as the action but failed its checks (not a reply in another format)
    refused_by_checks: int = 0


@dataclass
class Request:
    kind: Kind
    messages: list[BaseMessage]
    ctx: ActionContext
    node: str
    target: str | None = None
    #: for structured ``judge``: the positions the model may extend.
    positions: list[str] = field(default_factory=list)
    write_paragraphs: int = 4
    #: for ``translate``: how many headings are asked
    headings: int = 0
    #: for ``translate``: each field's length bounds where it is not a title
    field_chars: tuple[tuple[int, int], ...] = ()
    #: bounds of the structured reply schemas (thought, script, counts)
    shape: schemas.Shape = field(default_factory=schemas.Shape)
    #: for ``write``: when every try is refused, keep the longest clean remainder of a refused
    #: reply (see ``ActionContext.salvage``) instead of no text at all
    salvage: bool = False


def validate_action(kind: Kind, data: dict, ctx: ActionContext) -> BaseModel:
    """Check a reply's action JSON against the protocol and the hard-mode rules."""
    name = data.get("name")
    if name not in _EXPECTED[kind]:
        wanted = " or ".join(f'"{n}"' for n in _EXPECTED[kind])
        raise ReplyFormatError(f'expected a {wanted} action, got name={json.dumps(name)}')
    return _ACTION_ADAPTER.validate_python(data, context=ctx)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors(include_url=False):
            # The first location is the action's tag in the union; the model knows which it sent.
            loc = ".".join(str(p) for p in err["loc"][1:])
            msg = err["msg"].removeprefix("Value error, ")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return "; ".join(parts)
    return str(exc)


def _usage(message: AIMessage | None) -> Usage:
    meta = getattr(message, "usage_metadata", None) or {}
    cached = (meta.get("input_token_details") or {}).get("cache_read") or 0
    timing = getattr(message, "response_metadata", None) or {}
    return Usage(
        calls=1,
        input_tokens=meta.get("input_tokens", 0),
        output_tokens=meta.get("output_tokens", 0),
        cached_input_tokens=cached,
        model_ms=float(timing.get("prefill_ms") or 0) + float(timing.get("decode_ms") or 0),
        prefill_ms=float(timing.get("prefill_ms") or 0),
    )


async def _tagged_try(model: BaseChatModel, req: Request, messages: list[BaseMessage]) -> tuple[AIMessage, str, dict]:
    reply = await model.ainvoke(messages)
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    try:
        parsed = split_reply(text)
        if req.kind == "write":
            body = parsed.body
            # A model that wraps its text as the JSON of the action is still understood.
            if body.lstrip().startswith("{") and '"content"' in body:
                data = parse_json_object(body)
            else:
                data = {"name": "write", "content": body}
        else:
            data = parse_json_object(parsed.body)
    except ReplyFormatError as exc:
        exc.raw = reply  # type: ignore[attr-defined]  # its tokens count, its text goes to the trace
        raise
    return reply, parsed.thought, data


async def _trained_try(model: BaseChatModel, req: Request, messages: list[BaseMessage]) -> tuple[AIMessage, str, dict]:
    reply = await model.ainvoke(messages)
    thought, data = parse_trained_reply(reply.content if isinstance(reply.content, str) else str(reply.content), req.kind)
    return reply, thought, data


def _structured_schema(req: Request) -> type[BaseModel]:
    if req.kind == "search":
        return schemas.search_reply_schema(req.shape)
    if req.kind == "init-plan":
        return schemas.init_plan_reply_schema(req.shape)
    if req.kind == "write":
        ids = sorted(req.ctx.shown_ids, key=lambda s: (len(s), s))
        return schemas.write_reply_schema(ids, paragraphs=req.write_paragraphs, shape=req.shape)
    if req.kind == "translate":
        return schemas.translate_reply_schema(req.headings, req.shape, req.field_chars)
    return schemas.judge_reply_schema(req.positions, allow_nop=req.kind == "judge", shape=req.shape)


def model_for_try(model: BaseChatModel, attempt: int) -> BaseChatModel:
    """The model for try ``attempt``: later tries sample differently when the model can.

    A refused reply asked again with the same sampling comes back identical from a small model
    at low temperature; models with ``for_retry`` (the embedded one) get a new seed and a
    higher temperature per try."""
    varied = getattr(model, "for_retry", None)
    return varied(attempt) if attempt > 1 and callable(varied) else model


async def _structured_try(model: BaseChatModel, req: Request, messages: list[BaseMessage]) -> tuple[AIMessage, str, dict]:
    runnable = model.with_structured_output(_structured_schema(req), method="json_schema", include_raw=True)
    out = await runnable.ainvoke(messages)
    raw = out.get("raw")
    if out.get("parsing_error") is not None or out.get("parsed") is None:
        exc = ReplyFormatError(f"the reply does not match the JSON schema ({out.get('parsing_error')})")
        exc.raw = raw if isinstance(raw, AIMessage) else None  # type: ignore[attr-defined]
        raise exc
    parsed = out["parsed"]
    reply = parsed.model_dump() if isinstance(parsed, BaseModel) else dict(parsed)
    if not isinstance(raw, AIMessage):
        raw = AIMessage(content=json.dumps(reply, ensure_ascii=False))
    elif not raw.content:
        raw = AIMessage(content=json.dumps(reply, ensure_ascii=False), usage_metadata=raw.usage_metadata)
    return raw, str(reply.get("thought", "")), schemas.reply_to_action(req.kind, reply)


async def request_action(
    model: BaseChatModel,
    req: Request,
    *,
    protocol: Protocol,
    max_tries: int,
    steps_done: int,
    max_steps: int,
    retry_prompt: RetryPrompt | None = None,
    dialect: Dialect = "warp",
) -> Outcome:
    """Ask until the model gives a valid action, the tries run out or the step budget does."""
    outcome = Outcome(action=None)
    messages = list(req.messages)
    attempt = 0
    refused: list[tuple[int, dict]] = []  # (try, parsed reply) whose checks failed: salvage material
    while attempt < max_tries and steps_done + outcome.steps_used < max_steps:
        attempt += 1
        outcome.steps_used += 1
        raw: AIMessage | None = None
        thought = ""
        data: dict | None = None
        try:
            if dialect == "agentcpm":
                raw, thought, data = await _trained_try(model, req, messages)
            elif protocol == "tagged":
                raw, thought, data = await _tagged_try(model_for_try(model, attempt), req, messages)
            else:
                raw, thought, data = await _structured_try(model_for_try(model, attempt), req, messages)
            last = attempt == max_tries or steps_done + outcome.steps_used >= max_steps
            action = validate_action(req.kind, data, replace(req.ctx, last_try=True) if last else req.ctx)
        except (ReplyFormatError, ValidationError, ValueError) as exc:
            error = _error_text(exc)
            if data is not None and not isinstance(exc, ReplyFormatError):
                refused.append((attempt, data))
                outcome.refused_by_checks += 1
            raw = raw or getattr(exc, "raw", None)
            outcome.usage = outcome.usage.plus(_usage(raw))
            rejected = str(raw.content) if raw is not None else ""
            # The trace keeps the start of the rejected reply, so a user can see why a part failed.
            outcome.trace.append(_entry(req, outcome, steps_done, attempt, False, thought, error,
                                        {"reply": rejected[:400]} if rejected else {}))
            outcome.error = error
            if retry_prompt is not None:
                correction = HumanMessage(content=retry_prompt(error, _action_label(req.kind)))
                if protocol == "tagged":
                    # The rejected reply goes back with the reason; it is never stored anywhere else.
                    messages = [*messages, AIMessage(content=rejected), correction]
                else:
                    # A small model shown its own rejected JSON copies it: only the reason goes back.
                    messages = [*req.messages, correction]
            # Without a retry prompt the same prompt is simply sampled again.
            continue
        outcome.usage = outcome.usage.plus(_usage(raw))
        outcome.action, outcome.thought, outcome.error = action, thought, None
        outcome.trace.append(_entry(req, outcome, steps_done, attempt, True, thought, None, _detail(action)))
        return outcome
    if req.salvage and refused and _salvage(req, refused, outcome, steps_done):
        return outcome
    outcome.out_of_budget = steps_done + outcome.steps_used >= max_steps
    return outcome


def _salvage(req: Request, refused: list[tuple[int, dict]], outcome: Outcome, steps_done: int) -> bool:
    """Keep the longest remainder of a refused reply that passes every check but the length one.

    A 0.5B model's tries at a part may each repeat an earlier part around a new sentence or paste a
    console session; the repair drops those sentences, and what is left (where a clean, cited
    sentence or two is) was lost with the reply. No model call: the replies are checked again with
    ``salvage`` set. Where every remainder fails another check too (py-venv's part 4), or none holds
    one whole sentence (README's debris of pasted titles and comment marks), nothing is kept."""
    kept: list[tuple[int, BaseModel]] = []
    for attempt, data in refused:
        try:
            action = validate_action(req.kind, data, replace(req.ctx, last_try=True, salvage=True))
        except (ReplyFormatError, ValidationError, ValueError):
            continue
        if states_something(getattr(action, "content", "")):
            kept.append((attempt, action))
    if not kept:
        return False
    attempt, action = max(kept, key=lambda t: (len(getattr(t[1], "content", "")), -t[0]))
    outcome.action, outcome.error = action, None
    outcome.trace.append(_entry(req, outcome, steps_done, attempt, True, "", None,
                                {**_detail(action), "salvaged": True}))
    return True


def _action_label(kind: Kind) -> str:
    return {"judge": "extend-plan or nop", "extend": "extend-plan"}.get(kind, kind)


def _detail(action: BaseModel) -> dict[str, object]:
    if isinstance(action, WriteAction):
        # The sentences the repair took out, so a user can see why a part is shorter than its reply.
        dropped = [{"text": text, "why": why} for text, why in action._dropped]
        restored = [{"written": written, "passage": passage} for written, passage in action._restored]
        return {"chars": len(action.content), "citations": action.citations, **({"dropped": dropped} if dropped else {}),
                **({"restored": restored} if restored else {})}
    return action.model_dump(exclude={"name"})


def _entry(req: Request, outcome: Outcome, steps_done: int, attempt: int, valid: bool, thought: str, error: str | None, detail: dict) -> TraceEntry:
    name = req.kind
    if valid and outcome.action is not None:
        name = getattr(outcome.action, "name", req.kind)
    return TraceEntry(
        step=steps_done + outcome.steps_used,
        node=req.node,
        action=name,
        target=req.target,
        valid=valid,
        attempt=attempt,
        thought=thought[:2000],
        error=error,
        detail=detail,
    )
