"""``warp-report doctor``: is everything a run needs there and working? Plain answers."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from langchain_core.messages import HumanMessage, SystemMessage

from warp_report.context import Context
from warp_report.models.backends import dialect_for, make_chat_model, protocol_for
from warp_report.nodes.common import retry_prompt
from warp_report.prompts import render
from warp_report.prompts.trained import NO_OUTLINE, instruction, step_prompt
from warp_report.protocol.actions import ActionContext
from warp_report.protocol.request import Request, request_action


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_data_dir(path: Path) -> Check:
    if path.is_file():  # mkdir would say "File exists", which names neither the path nor the fix
        return Check("data dir", False, f"{path} is a file, not a folder; choose a folder with --data-dir")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("data dir", False, f"{path} is not writable ({exc.strerror or exc}); choose another with --data-dir")
    return Check("data dir", True, str(path))


def check_dialect(ctx: Context) -> Context:
    """Before a run: --prompts-dir is absolute, belongs to the agentcpm dialect, and its templates
    exist and render (a ValueError names the file or the variable)."""
    from warp_report.prompts.prompts_dir import check

    if not ctx.prompts_dir:
        return ctx
    ctx = replace(ctx, prompts_dir=str(Path(ctx.prompts_dir).expanduser().resolve()))  # resume runs elsewhere
    if dialect_for(ctx) != "agentcpm":
        raise ValueError("--prompts-dir holds agentcpm templates; it needs --dialect agentcpm (or auto)")
    check(ctx.prompts_dir)
    return ctx


async def check_model(ctx: Context) -> Check:
    where = f"the model server at {ctx.base_url}" if ctx.base_url else f"model {ctx.model!r}"
    started = time.monotonic()
    try:
        model = await asyncio.to_thread(make_chat_model, ctx)
        tagged = protocol_for(ctx) == "tagged"
        if dialect_for(ctx) == "agentcpm":
            messages = [HumanMessage(content=step_prompt(
                "search", ctx.prompts_dir, user_query="How do solar panels work?", current_outline=NO_OUTLINE,
                current_instruction=instruction(None)))]
        else:
            messages = [SystemMessage(content=render("system", tagged=tagged)),
                        HumanMessage(content=render("search", tagged=tagged, question="How do solar panels work?",
                                                    draft="Title: Solar power", node_title="Photovoltaic cells",
                                                    node_plan="How cells turn light into electricity."))]
        outcome = await request_action(
            model, Request(kind="search", messages=messages, ctx=ActionContext(check_language=False), node="doctor"),
            protocol=protocol_for(ctx), max_tries=2, steps_done=0, max_steps=2,  # type: ignore[arg-type]
            retry_prompt=None if dialect_for(ctx) == "agentcpm" else retry_prompt,
            dialect=dialect_for(ctx))  # type: ignore[arg-type]
    except Exception as exc:
        return Check("model", False, f"{where} failed: {type(exc).__name__}: {str(exc)[:200]}")
    seconds = time.monotonic() - started
    if outcome.action is None:
        return Check("model", False, f"{where} answered but gave no valid action in 2 tries: {outcome.error}")
    return Check("model", True, f"{where} gave a valid search action in {seconds:.1f}s "
                                f"({dialect_for(ctx)} dialect, {protocol_for(ctx)} protocol): {outcome.action.keywords}")  # type: ignore[attr-defined]


async def check_web() -> Check:
    if not os.environ.get("TAVILY_API_KEY"):
        return Check("web search", True, "not configured (set TAVILY_API_KEY to use --search web)")
    from warp_report.search.web import TavilySearch

    try:
        await TavilySearch().check()
    except Exception as exc:
        return Check("web search", False, str(exc))
    return Check("web search", True, "Tavily accepted the key")


def check_corpora(ctx: Context) -> Check:
    from warp_report.corpus.chroma import make_chroma_client

    try:
        client = make_chroma_client(ctx.data_dir, ctx.chroma_url)
        names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    except Exception as exc:
        return Check("corpora", False, f"cannot open Chroma: {exc}")
    corpora = sorted(n for n in names if n != "warp_memory")
    if not corpora:
        return Check("corpora", True, "none ingested yet (warp-report ingest DIR, or run --corpus DIR)")
    return Check("corpora", True, ", ".join(corpora))


async def run_checks(ctx: Context, data_dir: Path) -> list[Check]:
    checks = [check_data_dir(data_dir)]
    checks.append(await check_model(ctx))
    checks.append(await check_web())
    checks.append(await asyncio.to_thread(check_corpora, ctx))
    return checks
