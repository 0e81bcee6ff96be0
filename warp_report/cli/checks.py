"""What the CLI checks before a run starts: each check raises ``UserError`` with a message the user
can act on, so that nothing is saved, ingested or sent to a model for a run that cannot succeed."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
from rich.console import Console

from warp_report.context import Context
from warp_report.state.state import check_question as state_check_question

# soft_wrap: messages carry paths and commands to copy; never break them at the terminal width.
err = Console(stderr=True, highlight=False, soft_wrap=True)


class UserError(Exception):
    """Something the user can fix; printed without a traceback."""


def check_question(question: str | None) -> str:
    try:
        return state_check_question(question or "")
    except ValueError as exc:
        hint = ('; give the question to research, e.g. warp-report run "How do X and Y compare?"'
                if not (question or "").strip() else "")
        raise UserError(f"{exc}{hint}") from None


def check_corpus(corpus: list[Path]) -> list[str]:
    out = []
    for path in corpus:
        if not path.exists():
            raise UserError(f"corpus folder not found: {path}")
        if not path.is_dir():
            raise UserError(f"corpus must be a folder of documents, not a file: {path}")
        out.append(str(path.resolve()))
    return out


def check_evidence(ctx: Context, corpus: list[str], collections: list[str]) -> None:
    if ctx.search not in ("local", "web", "both"):
        raise UserError(f"unknown search {ctx.search!r}; use local, web or both")
    if ctx.search == "local" and not corpus and not collections:
        raise UserError("no evidence to search: pass --corpus DIR (or --collection NAME), or --search web")
    if ctx.search in ("web", "both"):
        if not os.environ.get("TAVILY_API_KEY"):
            raise UserError("--search web needs a Tavily API key in TAVILY_API_KEY")
        from warp_report.search.base import SearchError
        from warp_report.search.web import SearchAuthError, TavilySearch

        try:
            asyncio.run(TavilySearch().check())
        except SearchAuthError as exc:
            raise UserError(str(exc)) from None
        except SearchError as exc:  # Tavily unreachable now: the run may still use local evidence
            err.print(f"[yellow]warning:[/yellow] {exc}")


def check_local_model(spec: str) -> None:
    """Before a long run: is the embedded model installed and intact?"""
    if not (spec == "local" or spec.startswith(("local:", "gguf:"))):
        return
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise UserError('the embedded model needs llama-cpp-python: pip install -e ".[local]" '
                        "(or pass --base-url to use a model server)") from None
    from warp_report.models.local_models import LocalModelError, resolve_model_path

    try:
        resolve_model_path(spec)
    except LocalModelError as exc:
        raise UserError(str(exc)) from None


def check_server(base_url: str) -> None:
    """Fail fast, naming the URL, when the model server does not answer at all."""
    try:
        httpx.get(base_url.rstrip("/") + "/models", timeout=10.0)
    except httpx.HTTPError as exc:
        raise UserError(f"cannot reach the model server at {base_url} ({type(exc).__name__}); is it running?") from None
