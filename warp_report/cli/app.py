"""The ``warp-report`` command."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from pydantic import ValidationError
from rich.console import Console

from warp_report.cli.checks import (
    UserError,
    check_collections,
    check_corpus,
    check_data_folder,
    check_documents,
    check_evidence,
    check_local_model,
    check_out_dir,
    check_outputs_free,
    check_question,
    check_resume_question,
    check_server,
    describe_failure,
    err,
    open_chroma,
)
from warp_report.cli.doctor import check_dialect
from warp_report.cli.progress import ProgressPrinter
from warp_report.cli.serve import serve
from warp_report.context import PRESETS, Context, settings_message, with_preset
from warp_report.secrets import has_masked_password, scrub

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Long, cited research reports with a small model.")


@app.callback()
def _root() -> None:
    """warp-report: research a question and write a long report whose every [n] resolves to a source."""


def fail(exc: Exception) -> NoReturn:
    """One line, secrets scrubbed: bad input exits 2, anything else 1."""
    if isinstance(exc, typer.Exit):
        raise exc
    err.print(f"[red]error:[/red] {scrub(str(exc))}")
    raise typer.Exit(2 if isinstance(exc, (UserError, ValueError, FileNotFoundError)) else 1) from None


def with_settings(ctx: Context | None = None, **values: object) -> Context:
    """The run's settings, validated like the server validates them (one message for all)."""
    try:
        return replace(ctx, **values) if ctx is not None else Context(**values)
    except ValidationError as exc:
        raise UserError(settings_message(exc)) from None


CheckpointUrl = Annotated[Optional[str], typer.Option(
    "--checkpoint-url", envvar="WARP_CHECKPOINT_URL",
    help="postgresql://... to share checkpoints and run records between workers (default: the data dir).")]


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
            printer: ProgressPrinter, *, question: str, corpus: list[str], force: bool = False,
            checkpoint_url: str | None = None) -> int:
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
        reason = scrub(describe_failure(exc, ctx) or f"{type(exc).__name__}: {exc}")
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
        check_outputs_free(out_dir, thread_id, force)  # again: another run may have written there meanwhile
        paths = write_outputs(state, out_dir, {"thread_id": thread_id, "wall_seconds": round(time.monotonic() - started, 2)})
    except UserError as exc:
        err.print(f"[red]error:[/red] {exc}. The run is saved; write them with: warp-report show {thread_id} --out-dir OTHER_DIR")
        return 1
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write the outputs to {out_dir}: {exc.strerror or exc}. "
                  f"The run is saved; write them with: warp-report run --resume {thread_id} --out-dir OTHER_DIR")
        return 1
    save_run(thread_id, question=question, corpus=corpus, ctx=ctx, out_dir=out_dir, status="finished")
    printer.event({"event": "outputs", "thread_id": thread_id, **{k: str(v) for k, v in paths.items()}})
    if state.outline is None:
        # No outline, no report: say why and fail, so scripts do not take the stub for a report.
        reason = "; ".join(state.notes[-2:]) or "the model gave no valid outline"
        err.print(f"[red]no report written[/red]: {scrub(reason)}\ntrace: {paths['trace']}")
        return 1
    if not printer.json_events:
        if state.partial:
            err.print("[yellow]the report is incomplete: see the note at its top[/yellow]")
        print(*paths.values(), sep="\n")  # the result on stdout, so $(warp-report run ...) gets the paths
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
    english_first: Annotated[Optional[str], typer.Option("--english-first", help="auto | on | off: a Chinese/Japanese/Korean question over English documents is researched and written in English, then translated (auto: the embedded models).")] = None,
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
    force: Annotated[bool, typer.Option("--force", help="Replace another run's outputs in --out-dir.")] = False,
    checkpoint_url: CheckpointUrl = None,
) -> None:
    """Research QUESTION and write a cited report."""
    from warp_report.cli.search import ingest_phased
    from warp_report.runs.checkpointer import check_checkpoint_url, run_records
    from warp_report.runs.records import data_dir as resolve_data_dir

    printer = ProgressPrinter(quiet=quiet, json_events=json_events)
    base = resolve_data_dir(data_dir)
    try:
        if checkpoint_url:
            check_checkpoint_url(base, checkpoint_url)
        if resume:
            record = run_records(base, checkpoint_url).load(resume)
            check_resume_question(question, record)
            # The data dir is this worker's, not the one that started the run (maybe another machine).
            ctx = with_settings(**{**record["context"], "data_dir": str(base)})
            if base_url:
                ctx = with_settings(ctx, base_url=base_url)
            elif has_masked_password(ctx.base_url):
                raise UserError(f"run {resume} used a --base-url with a password, which is never stored; "
                                f"give it again: warp-report run --resume {resume} --base-url URL")
            target = out_dir or Path(record["out_dir"])
            check_out_dir(target, record["corpus"])
            check_outputs_free(target, resume, force)
            if ctx.base_url:
                check_server(ctx.base_url)
            code = execute(resume, None, ctx, base, target, printer, question=record["question"], corpus=record["corpus"],
                           force=force, checkpoint_url=checkpoint_url)
            raise typer.Exit(code)
        q = check_question(question)
        dirs = check_corpus(corpus or [])
        check_data_folder(base)
        ctx = with_preset(with_settings(), preset)
        overrides = {k: v for k, v in {"model": model, "base_url": base_url, "protocol": protocol,
                                       "max_steps": max_steps, "max_extend": max_extend,
                                       "data_dir": str(base), "policy": policy, "search": search,
                                       "chroma_url": chroma_url, "dialect": dialect, "prompts_dir": prompts_dir,
                                       "english_first": english_first,
                                       "review": "all" if review_all else ("outline" if review else None),
                                       }.items() if v is not None}
        ctx = check_dialect(with_settings(ctx, **overrides))
        if ctx.base_url:
            check_server(ctx.base_url)
        else:
            check_local_model(ctx.model)
        check_evidence(ctx, dirs, collection or [])
        thread_id = uuid.uuid4().hex[:12]
        target = out_dir or Path("warp-output") / thread_id
        check_out_dir(target, dirs, given=out_dir is not None)
        check_outputs_free(target, None, force)
        if dirs or collection:
            check_collections(ctx, collection or [])
        # Indexed here, with a progress bar; the graph then reads the collections as they are
        # instead of scanning the folders a second time.
        ingested = [ingest_phased(Path(folder), data_dir=base, chroma_url=ctx.chroma_url, err=err,
                                  quiet=quiet or json_events) for folder in dirs]
        check_documents(ingested)
        inputs = {"question": q, "corpus": [], "collections": [*(r.collection for r in ingested), *(collection or [])]}
        code = execute(thread_id, inputs, ctx, base, target, printer, question=q, corpus=dirs, force=force,
                       checkpoint_url=checkpoint_url)
        raise typer.Exit(code)
    except (UserError, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {scrub(str(exc))}")
        raise typer.Exit(2) from None


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="Folder of documents (md, txt, rst, html, pdf).")],
    collection: Annotated[Optional[str], typer.Option("--collection", help="Collection name (default: derived from the path).")] = None,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", help="Chroma server; embedded Chroma when empty.")] = None,
    no_embed: Annotated[bool, typer.Option("--no-embed", help="Stop after the lexical phase: searchable at once; a later ingest adds the dense vectors.")] = False,
) -> None:
    """Index a folder of documents for use with --corpus / --collection (incremental).

    Phase 1 makes the folder searchable lexically (seconds); phase 2 embeds it (dense vectors).
    Ctrl-C leaves a consistent index: run the same command again to resume."""
    from warp_report.cli.search import ingest_phased
    from warp_report.runs.records import data_dir as resolve_data_dir

    try:
        check_corpus([folder])
        base = resolve_data_dir(data_dir)
        check_data_folder(base)
        if not no_embed:  # before the lexical phase, and one line when it does not answer
            open_chroma(with_settings(data_dir=str(base), chroma_url=chroma_url))
        report = ingest_phased(folder.resolve(), data_dir=base, chroma_url=chroma_url,
                               collection=collection, embed=not no_embed, err=err)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: the index is consistent; run the same ingest again to resume")
        raise typer.Exit(130) from None
    except Exception as exc:
        fail(exc)
    Console().print(f"collection: {report.collection}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for (any words; Chinese works too).")],
    collection: Annotated[Optional[list[str]], typer.Option("--collection", help="An ingested collection (repeatable).")] = None,
    corpus: Annotated[Optional[list[Path]], typer.Option("--corpus", help="A folder (repeatable); brought up to date lexically first.")] = None,
    k: Annotated[int, typer.Option("-k", help="Number of passages.", min=1, max=200)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    data_dir: Annotated[Optional[str], typer.Option("--data-dir")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", help="Chroma server; embedded Chroma when empty.")] = None,
) -> None:
    """Show what a run would retrieve for QUERY: scores, source, locator and which index found it."""
    from warp_report.cli.search import search_command
    from warp_report.runs.records import data_dir as resolve_data_dir

    try:
        if not collection and not corpus:
            raise UserError("nothing to search: pass --collection NAME or --corpus DIR")
        dirs = [Path(d) for d in check_corpus(corpus or [])]
        search_command(query, collections=collection or [], corpus=dirs, k=k, as_json=as_json,
                       data_dir=resolve_data_dir(data_dir), chroma_url=chroma_url, err=err)
    except Exception as exc:
        fail(exc)


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
    force: Annotated[bool, typer.Option("--force", help="Replace another run's outputs in that folder.")] = False,
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
        if state.report and not unfinished:
            check_outputs_free(out_dir or Path(record["out_dir"]), thread_id, force)
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
