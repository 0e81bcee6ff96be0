"""The ``warp-report`` command."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Optional

import httpx
import typer
from pydantic import ValidationError
from rich.console import Console

from warp_report.cli.doctor import check_data_dir, check_dialect
from warp_report.cli.progress import ProgressPrinter
from warp_report.cli.serve import serve
from warp_report.context import PRESETS, Context, settings_message, with_preset
from warp_report.secrets import has_masked_password, scrub
from warp_report.state.state import check_question as state_check_question

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Long, cited research reports with a small model.")
# soft_wrap: messages carry paths and commands to copy; never break them at the terminal width.
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _root() -> None:
    """warp-report: research a question and write a long report whose every [n] resolves to a source."""


def with_settings(ctx: Context | None = None, **values: object) -> Context:
    """The run's settings, validated like the server validates them (one message for all)."""
    try:
        return replace(ctx, **values) if ctx is not None else Context(**values)
    except ValidationError as exc:
        raise UserError(settings_message(exc)) from None


CheckpointUrl = Annotated[Optional[str], typer.Option(
    "--checkpoint-url", envvar="WARP_CHECKPOINT_URL",
    help="postgresql://... to share checkpoints and run records between workers (default: the data dir).")]


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
    import os

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


def _describe_failure(exc: BaseException, ctx: Context) -> str | None:
    try:
        import openai
    except ImportError:  # pragma: no cover
        return None
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return f"the model server at {ctx.base_url} stopped answering ({type(exc).__name__})"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server at {ctx.base_url} answered HTTP {exc.status_code}"
    return None


async def _run_graph(thread_id: str, inputs: dict[str, Any] | None, ctx: Context, base: Path, printer: ProgressPrinter,
                     reviewer: Callable[[dict[str, Any]], Any] | None, checkpoint_url: str | None = None):
    from langgraph.types import Command

    from warp_report.graphs.warp import build_graph
    from warp_report.runs.checkpointer import open_checkpointer
    from warp_report.state.state import WarpState

    async with open_checkpointer(base, checkpoint_url) as saver:
        graph = build_graph(checkpointer=saver)
        config = {"configurable": {"thread_id": thread_id}}
        payload: Any = inputs
        while True:
            async for chunk in graph.astream(payload, config=config, context=ctx, stream_mode="custom"):
                printer.event(chunk)
            snapshot = await graph.aget_state(config)
            if snapshot.interrupts and reviewer is not None:
                answer = await asyncio.to_thread(printer.ask, reviewer, snapshot.interrupts[0].value)
                payload = Command(resume=answer)
                continue
            return WarpState.model_validate(snapshot.values), bool(snapshot.next)


def execute(thread_id: str, inputs: dict[str, Any] | None, ctx: Context, base: Path, out_dir: Path,
            printer: ProgressPrinter, *, question: str, corpus: list[str], checkpoint_url: str | None = None) -> int:
    from warp_report.cli.review_prompt import terminal_reviewer
    from warp_report.output.files import write_outputs
    from warp_report.runs.checkpointer import run_records

    save_run = run_records(base, checkpoint_url).save
    save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="running")
    printer.event({"event": "started", "thread_id": thread_id, "question": question})
    if not printer.json_events:
        err.print(f"thread id: [bold]{thread_id}[/bold]  (resume with: warp-report run --resume {thread_id})")
    started = time.monotonic()
    try:
        reviewer = terminal_reviewer() if ctx.review != "off" and not printer.json_events else None
        with printer:
            state, unfinished = asyncio.run(_run_graph(thread_id, inputs, ctx, base, printer, reviewer, checkpoint_url))
    except KeyboardInterrupt:
        save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="interrupted")
        err.print(f"[yellow]interrupted; resume with: warp-report run --resume {thread_id}[/yellow]")
        return 130
    except Exception as exc:
        save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="failed")
        reason = scrub(_describe_failure(exc, ctx) or f"{type(exc).__name__}: {exc}")
        err.print(f"[red]error:[/red] {reason}\nThe run is saved; resume with: warp-report run --resume {thread_id}")
        return 1
    if unfinished:
        save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="paused")
        printer.event({"event": "paused", "thread_id": thread_id, "reason": "outline review"})
        if not printer.json_events:
            err.print(f"[yellow]paused for outline review[/yellow]; answer it in a terminal with: "
                      f"warp-report run --resume {thread_id}")
        return 0
    try:
        paths = write_outputs(state, out_dir, {"thread_id": thread_id, "wall_seconds": round(time.monotonic() - started, 2)})
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write the outputs to {out_dir}: {exc.strerror or exc}. "
                  f"The run is saved; write them with: warp-report run --resume {thread_id} --out-dir OTHER_DIR")
        return 1
    save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="finished")
    printer.event({"event": "outputs", "thread_id": thread_id, **{k: str(v) for k, v in paths.items()}})
    if not printer.json_events:
        label = " (incomplete: see the note at its top)" if state.partial else ""
        err.print(f"report{label}: [bold]{paths['report']}[/bold]\nevidence: {paths['evidence']}\ntrace: {paths['trace']}")
    return 0


@app.command()
def run(
    question: Annotated[Optional[str], typer.Argument(help="The research question.")] = None,
    corpus: Annotated[Optional[list[Path]], typer.Option("--corpus", help="Folder of documents to use as evidence (repeatable; indexed on first use).")] = None,
    collection: Annotated[Optional[list[str]], typer.Option("--collection", help="An already ingested collection (repeatable).")] = None,
    search: Annotated[Optional[str], typer.Option(help="Evidence: local (corpora) | web (Tavily) | both.")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", help="Chroma server URL (default: embedded).")] = None,
    model: Annotated[Optional[str], typer.Option(help="'local', 'gguf:/path.gguf', a served model name, or 'provider:model'.")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="OpenAI-compatible server, e.g. http://localhost:8000/v1.")] = None,
    protocol: Annotated[Optional[str], typer.Option(help="tagged | structured | auto.")] = None,
    dialect: Annotated[Optional[str], typer.Option(help="auto | agentcpm (the interface AgentCPM-Report was trained on) | warp.")] = None,
    prompts_dir: Annotated[Optional[str], typer.Option("--prompts-dir", help="agentcpm: render DIR/surveycpm_*.jinja instead of the built-in prompts.")] = None,
    preset: Annotated[str, typer.Option(help=f"Budgets: {' | '.join(PRESETS)}.")] = "default",
    policy: Annotated[Optional[str], typer.Option(help="warp (default) | plan-then-write (the paper's baseline).")] = None,
    max_steps: Annotated[Optional[int], typer.Option("--max-steps", min=1)] = None,
    max_extend: Annotated[Optional[int], typer.Option("--max-extend", min=0)] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", help="Where report.md, evidence.json and trace.jsonl go.")] = None,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir", help="Where checkpoints and indexes live.")] = None,
    resume: Annotated[Optional[str], typer.Option("--resume", help="Continue the run with this thread id.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Pause to review the outline before writing.")] = False,
    review_all: Annotated[bool, typer.Option("--review-all", help="Also review every outline extension.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print only where the outputs are.")] = False,
    json_events: Annotated[bool, typer.Option("--json-events", help="One JSON event per line on stdout.")] = False,
    checkpoint_url: CheckpointUrl = None,
) -> None:
    """Research QUESTION and write a cited report."""
    from warp_report.runs.checkpointer import check_checkpoint_url, run_records
    from warp_report.runs.records import data_dir as resolve_data_dir

    printer = ProgressPrinter(quiet=quiet, json_events=json_events)
    base = resolve_data_dir(data_dir)
    try:
        if checkpoint_url:
            check_checkpoint_url(base, checkpoint_url)
        if resume:
            record = run_records(base, checkpoint_url).load(resume)
            # The data dir is this worker's, not the one that started the run (maybe another machine).
            ctx = with_settings(**{**record["context"], "data_dir": str(base)})
            if base_url:
                ctx = with_settings(ctx, base_url=base_url)
            elif has_masked_password(ctx.base_url):
                raise UserError(f"run {resume} used a --base-url with a password, which is never stored; "
                                f"give it again: warp-report run --resume {resume} --base-url URL")
            target = out_dir or Path(record["out_dir"])
            if ctx.base_url:
                check_server(ctx.base_url)
            code = execute(resume, None, ctx, base, target, printer, question=record["question"], corpus=record["corpus"],
                           checkpoint_url=checkpoint_url)
            raise typer.Exit(code)
        q = check_question(question)
        dirs = check_corpus(corpus or [])
        writable = check_data_dir(base)
        if not writable.ok:
            raise UserError(writable.detail)
        ctx = with_preset(with_settings(), preset)
        overrides = {k: v for k, v in {"model": model, "base_url": base_url, "protocol": protocol,
                                       "max_steps": max_steps, "max_extend": max_extend,
                                       "data_dir": str(base), "policy": policy, "search": search,
                                       "chroma_url": chroma_url, "dialect": dialect, "prompts_dir": prompts_dir,
                                       "review": "all" if review_all else ("outline" if review else None),
                                       }.items() if v is not None}
        ctx = check_dialect(with_settings(ctx, **overrides))
        if ctx.base_url:
            check_server(ctx.base_url)
        else:
            check_local_model(ctx.model)
        check_evidence(ctx, dirs, collection or [])
        # Indexed here, with a progress bar; the graph then reads the collections as they are
        # instead of scanning the folders a second time.
        ingested = [ingest_with_progress(Path(folder), data_dir=base, chroma_url=ctx.chroma_url,
                                         quiet=quiet or json_events).collection for folder in dirs]
        thread_id = uuid.uuid4().hex[:12]
        target = out_dir or Path("warp-output") / thread_id
        inputs = {"question": q, "corpus": [], "collections": [*ingested, *(collection or [])]}
        code = execute(thread_id, inputs, ctx, base, target, printer, question=q, corpus=dirs,
                       checkpoint_url=checkpoint_url)
        raise typer.Exit(code)
    except (UserError, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(2) from None


def ingest_with_progress(folder: Path, *, data_dir: Path, chroma_url: str | None, collection: str | None = None,
                         quiet: bool = False):
    """Ingest (incrementally) with a progress bar; returns the IngestReport."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from warp_report.search.corpus import open_corpus

    with Progress(TextColumn("[bold]indexing[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task(folder.name, total=None)

        def progress(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=path[-50:])

        _, report = open_corpus(folder, str(data_dir), chroma_url, progress, collection_name=collection)
    if not quiet:
        err.print(report.summary())
        for skipped in report.skipped[:20]:
            err.print(f"  [yellow]skipped[/yellow] {skipped.path}: {skipped.reason}")
        if len(report.skipped) > 20:
            err.print(f"  ... and {len(report.skipped) - 20} more skipped")
    return report


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="Folder of documents (md, txt, rst, html, pdf).")],
    collection: Annotated[Optional[str], typer.Option("--collection", help="Collection name (default: derived from the path).")] = None,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", help="Chroma server; embedded Chroma when empty.")] = None,
) -> None:
    """Index a folder of documents for use with --corpus / --collection (incremental)."""
    from warp_report.runs.records import data_dir as resolve_data_dir

    try:
        check_corpus([folder])
        report = ingest_with_progress(folder.resolve(), data_dir=resolve_data_dir(data_dir), chroma_url=chroma_url,
                                      collection=collection)
    except (UserError, ValueError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(2) from None
    except Exception as exc:
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(1) from None
    Console().print(f"collection: {report.collection}")


async def _load_state(base: Path, thread_id: str, checkpoint_url: str | None = None):
    from warp_report.graphs.warp import build_graph
    from warp_report.runs.checkpointer import open_checkpointer
    from warp_report.state.state import WarpState

    async with open_checkpointer(base, checkpoint_url) as saver:
        snapshot = await build_graph(checkpointer=saver).aget_state({"configurable": {"thread_id": thread_id}})
    if not snapshot.values:
        raise UserError(f"run {thread_id} has no checkpoint yet")
    return WarpState.model_validate(snapshot.values), bool(snapshot.next)


@app.command()
def runs(
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    checkpoint_url: CheckpointUrl = None,
) -> None:
    """List runs with their status."""
    from rich.table import Table

    from warp_report.runs.checkpointer import run_records
    from warp_report.runs.records import data_dir as resolve_data_dir

    table = Table("thread id", "status", "question", "outputs")
    try:
        records = run_records(resolve_data_dir(data_dir), checkpoint_url).list()
    except ValueError as exc:  # the shared database is unusable; said without a traceback
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(2) from None
    for record in records:
        q = record["question"]
        table.add_row(record["thread_id"], record["status"], q if len(q) < 60 else q[:57] + "...", record["out_dir"])
    Console().print(table)


@app.command()
def show(
    thread_id: Annotated[str, typer.Argument(help="The run's thread id.")],
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", help="Write the outputs here instead.")] = None,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    checkpoint_url: CheckpointUrl = None,
) -> None:
    """Print a run's outline; for a finished run, write its outputs again."""
    from rich.markdown import Markdown

    from warp_report.output.files import write_outputs
    from warp_report.protocol.review import outline_markdown
    from warp_report.runs.checkpointer import run_records
    from warp_report.runs.records import data_dir as resolve_data_dir

    base = resolve_data_dir(data_dir)
    try:
        record = run_records(base, checkpoint_url).load(thread_id)
        state, unfinished = asyncio.run(_load_state(base, thread_id, checkpoint_url))
    except (UserError, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(2) from None
    console = Console()
    console.print(f"[bold]{record['question']}[/bold]  ({record['status']}, {state.steps} steps)")
    if state.outline:
        console.print(Markdown(outline_markdown(state.outline)))
    if state.report and not unfinished:
        paths = write_outputs(state, out_dir or Path(record["out_dir"]), {"thread_id": thread_id})
        console.print(f"report: {paths['report']}")
    else:
        console.print(f"not finished; continue with: warp-report run --resume {thread_id}")


@app.command()
def doctor(
    model: Annotated[Optional[str], typer.Option(help="Model to check (as for run).")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url")] = None,
    protocol: Annotated[Optional[str], typer.Option()] = None,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url")] = None,
) -> None:
    """Check the model, the search backends and the data dir, and say what is wrong."""
    from warp_report.cli.doctor import run_checks
    from warp_report.runs.records import data_dir as resolve_data_dir

    base = resolve_data_dir(data_dir)
    overrides = {k: v for k, v in {"model": model, "base_url": base_url, "protocol": protocol,
                                   "chroma_url": chroma_url}.items() if v is not None}
    ctx = with_settings(data_dir=str(base), **overrides)
    checks = asyncio.run(run_checks(ctx, base))
    console = Console()
    for check in checks:
        mark = "[green]ok[/green]  " if check.ok else "[red]FAIL[/red]"
        console.print(f"{mark} {check.name}: {scrub(check.detail)}", soft_wrap=True)
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)


# The server stack in one command (warp_report/cli/serve.py).
app.command()(serve)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
