"""CLI side of the two-phase ingest and of ``warp-report search`` (progress bars, tables, JSON).

Kept apart from the command definitions so that ``cli`` only declares options.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from warp_report.cli.checks import unsupported_text
from warp_report.corpus.files import IngestReport
from warp_report.corpus.phased import PhasedReport, ingest_two_phase
from warp_report.state.passage import Hit


class _Rate(ProgressColumn):
    """``123 chunks/s`` (rich's own speed column formats bytes)."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "")
        return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s", style="progress.data.speed")


def ingest_phased(folder: Path, *, data_dir: Path, chroma_url: str | None, collection: str | None = None,
                  embed: bool = True, quiet: bool = False, err: Console | None = None) -> PhasedReport:
    """Two-phase ingest with one progress bar per phase (rate and ETA). Ctrl-C propagates
    as ``KeyboardInterrupt`` after the stores are left consistent."""
    err = err or Console(stderr=True, highlight=False)

    def client():
        from warp_report.corpus.chroma import make_chroma_client

        return make_chroma_client(data_dir, chroma_url)

    columns = (TextColumn("[bold]{task.fields[phase]:8}[/bold]"), BarColumn(), MofNCompleteColumn(), _Rate(),
               TimeRemainingColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=False, disable=quiet) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int, label: str) -> None:
            if phase not in tasks:
                unit = "files" if phase == "lexical" else "chunks"
                tasks[phase] = bar.add_task("", total=total, phase=phase, unit=unit)
            bar.update(tasks[phase], completed=done, total=total, description=label[-40:])

        report = ingest_two_phase(folder, collection, data_dir, client, None, progress, embed=embed)
    if not quiet:
        print_ingest_report(report, err)
    return report



def print_ingest_report(report: IngestReport, err: Console) -> None:
    """The summary, then the files not read by name (unsupported first, then skipped with reasons)."""
    err.print(report.summary())
    if report.unsupported_files:
        err.print(f"  [yellow]not read[/yellow]: {unsupported_text(report)}")
    for skipped in report.skipped[:20]:
        err.print(f"  [yellow]skipped[/yellow] {skipped.path}: {skipped.reason}")
    if len(report.skipped) > 20:
        err.print(f"  ... and {len(report.skipped) - 20} more skipped")


def locator(hit: Hit) -> str:
    """``path#chunk`` plus the PDF page: where in the folder a passage comes from."""
    meta = hit.metadata
    where = f"{meta.get('path', hit.source)}#{meta.get('chunk', '?')}"
    if "page" in meta:
        where += f" p.{meta['page']}"
    return where


def hit_record(rank: int, hit: Hit) -> dict[str, Any]:
    meta = hit.metadata
    record: dict[str, Any] = {"rank": rank, "score": round(hit.score, 6), "found_by": meta.get("found_by"),
                              "source": hit.source, "locator": locator(hit), "title": hit.title}
    for key in ("collection", "path", "chunk", "page", "start_index", "lexical_rank", "lexical_score",
                "dense_rank", "dense_score"):
        if key in meta:
            record[key] = meta[key]
    record["text"] = hit.text
    return record


def search_command(query: str, *, collections: list[str], corpus: list[Path], k: int, as_json: bool,
                   data_dir: Path, chroma_url: str | None, err: Console | None = None) -> list[Hit]:
    """What a run would retrieve for ``query``. Folders in ``corpus`` are brought up to date
    lexically first (fast, incremental); their dense vectors are used where already embedded."""
    from warp_report.corpus.files import default_collection_name
    from warp_report.corpus.lexical import LexicalIndex, lexical_path
    from warp_report.search.hybrid import HybridCorpusSearch

    err = err or Console(stderr=True, highlight=False)
    names = list(collections)
    for folder in corpus:
        name = default_collection_name(folder)
        ingest_phased(folder, data_dir=data_dir, chroma_url=chroma_url, collection=name, embed=False,
                      quiet=as_json, err=err)
        names.append(name)
    embedded = 0
    for name in names:
        path = lexical_path(data_dir, name)
        if path.exists():
            index = LexicalIndex(path)
            embedded += index.counts()["embedded"]
            index.close()
        else:  # ingested by the dense-only path: Chroma is all there is
            embedded += 1
    client = None
    if embedded:  # opening Chroma and loading the model only pays off when there are vectors
        from warp_report.corpus.chroma import make_chroma_client

        client = make_chroma_client(data_dir, chroma_url)
    backend = HybridCorpusSearch(names, data_dir, client)
    try:
        hits = backend.search_sync(query, k)
    finally:
        backend.close()
    out = Console(highlight=False, soft_wrap=as_json)
    if as_json:
        out.print_json(json.dumps([hit_record(i, h) for i, h in enumerate(hits, 1)], ensure_ascii=False))
        return hits
    if not hits:
        err.print("no passage matches")
        return hits
    table = Table(show_lines=False)
    for col in ("#", "score", "found by", "where", "title / passage"):
        table.add_column(col, overflow="fold")
    for i, hit in enumerate(hits, 1):
        snippet = " ".join(hit.text.split())[:200]
        table.add_row(str(i), f"{hit.score:.4f}", str(hit.metadata.get("found_by", "")), locator(hit),
                      Text.assemble((hit.title, "bold"), "\n", snippet))  # Text: no markup parsing of document text
    out.print(table)
    return hits
