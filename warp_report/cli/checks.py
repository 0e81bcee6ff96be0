"""What the CLI checks before a run starts: each check raises ``UserError`` with a message the user
can act on, so that nothing is saved, ingested or sent to a model for a run that cannot succeed."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from rich.console import Console

from warp_report.context import Context
from warp_report.state.state import check_question as state_check_question

if TYPE_CHECKING:
    from warp_report.corpus.files import IngestReport

#: What a run writes to its out dir (summary.json last: it names the run's thread id).
OUTPUT_NAMES = ("report.md", "report.html", "evidence.json", "trace.jsonl", "summary.json")

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


def describe_failure(exc: BaseException, ctx: Context) -> str | None:
    """What went wrong with the model server, in words (None: not a server failure)."""
    try:
        import openai
    except ImportError:  # pragma: no cover
        return None
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return f"the model server at {ctx.base_url} stopped answering ({type(exc).__name__})"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server at {ctx.base_url} answered HTTP {exc.status_code}"
    return None


def check_data_folder(base: Path) -> None:
    from warp_report.cli.doctor import check_data_dir

    writable = check_data_dir(base)
    if not writable.ok:
        raise UserError(writable.detail)


def check_resume_question(question: str | None, record: dict[str, Any]) -> None:
    """A resumed run continues its own research: a different question would be silently ignored."""
    if question and question.strip() and question.strip() != str(record["question"]).strip():
        raise UserError(f"the question of a resumed run cannot change: run {record['thread_id']} researches "
                        f"{record['question']!r}; drop the question to resume it, or start a new run without --resume")


def check_out_dir(out_dir: Path, corpus: list[str], *, given: bool = True) -> None:
    """Before anything runs: the outputs must not land in a corpus (the next run would ingest its own
    report as evidence), and the folder must be writable (not found after an hour of model calls)."""
    label = f"--out-dir {out_dir}" if given else f"the output folder {out_dir}"
    out = Path(out_dir).expanduser().resolve()
    for folder in corpus:
        root = Path(folder).expanduser().resolve()
        if out.is_relative_to(root):
            raise UserError(f"{label} is inside the corpus folder {root}: the next run would read its reports as "
                            "evidence; write them outside it with --out-dir DIR")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".warp-write-check-"):
            pass
    except OSError as exc:
        why = "it is a file, not a folder" if out.is_file() else (exc.strerror or str(exc))
        raise UserError(f"cannot write to {label}: {why}; choose another --out-dir") from None


def outputs_owner(out_dir: Path) -> str | None:
    """The thread id in ``summary.json`` (written last by every run), if any."""
    try:
        summary = json.loads((Path(out_dir) / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    owner = summary.get("thread_id") if isinstance(summary, dict) else None
    return str(owner) if owner else None


def check_outputs_free(out_dir: Path, thread_id: str | None, force: bool) -> None:
    """Outputs are never replaced silently: only a run's own files, or any with ``--force``."""
    present = [name for name in OUTPUT_NAMES if (Path(out_dir) / name).exists()]
    if force or not present:
        return
    owner = outputs_owner(out_dir)
    if owner is not None and owner == thread_id:
        return
    what = f"the outputs of run {owner}" if owner else f"{', '.join(present)} (not written by a run)"
    raise UserError(f"{out_dir} already holds {what}; choose another --out-dir, or pass --force to replace them")


def open_chroma(ctx: Context) -> Any:
    """The Chroma client, or one line saying which server does not answer."""
    from warp_report.corpus.chroma import make_chroma_client
    from warp_report.errors import SearchError

    try:
        return make_chroma_client(ctx.data_dir, ctx.chroma_url)
    except SearchError as exc:
        raise UserError(str(exc)) from None


def check_collections(ctx: Context, names: list[str]) -> None:
    """Chroma answers and every ``--collection`` exists (in Chroma, or lexically only after
    ``ingest --no-embed``): before a run is saved, not in its first search."""
    from warp_report.corpus.lexical import lexical_path
    from warp_report.runs.records import data_dir

    client = open_chroma(ctx)
    if not names:
        return
    base = data_dir(ctx.data_dir)
    existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    lexical = {p.stem for p in (base / "lexical").glob("*.sqlite")}
    known = sorted((existing | lexical) - {"warp_memory"})
    for name in names:
        try:
            found = name in existing or lexical_path(base, name).is_file()
        except ValueError as exc:  # not a valid collection name at all
            raise UserError(str(exc)) from None
        if not found:
            raise UserError(f"collection {name!r} not found; ingest a folder into it first: warp-report ingest DIR "
                            f"--collection {name}" + (f" (ingested: {', '.join(known)})" if known else ""))


def unsupported_text(report: IngestReport, first: int = 5) -> str:
    """``8 unsupported files (a.xlsx, ... and 3 more; .xlsx 8)``: names, not only counts."""
    files = report.unsupported_files
    names = ", ".join(files[:first]) + (f" and {len(files) - first} more" if len(files) > first else "")
    kinds = ", ".join(f"{ext} {n}" for ext, n in report.unsupported.items())
    return f"{len(files)} unsupported file{'s' if len(files) != 1 else ''} ({names}; {kinds})"


def check_documents(reports: list[IngestReport]) -> None:
    """A corpus with nothing to search stops the run before any model call, saying what it holds."""
    from warp_report.corpus.files import KINDS

    for report in reports:
        if report.chunks_total:
            continue
        found = []
        if report.unsupported_files:
            found.append(unsupported_text(report))
        if report.skipped:
            shown = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
            more = f" and {len(report.skipped) - 3} more" if len(report.skipped) > 3 else ""
            found.append(f"{len(report.skipped)} skipped ({shown}{more})")
        if report.hidden:
            found.append(f"{report.hidden} hidden (ignored)")
        raise UserError(f"no documents to use in the corpus folder {report.root}: "
                        f"{'; '.join(found) or 'the folder is empty'}. Readable: {', '.join(KINDS)}, "
                        "README/NEWS/INSTALL-style names, and any of these gzipped (.gz)")
