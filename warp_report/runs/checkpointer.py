"""Where a run's checkpoints and record live: the data dir (SQLite + JSON), or a shared PostgreSQL database.

The URL is chosen per process (``--checkpoint-url`` / ``WARP_CHECKPOINT_URL``), like the data dir,
never stored in a run's ``Context``: a run started on one worker is resumed on another that knows
the same URL but has its own data dir.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from warp_report.secrets import mask_url


class CheckpointStoreError(ValueError):
    """The shared database is unusable: a bad URL, missing packages, or the server cannot be reached."""


def open_checkpointer(base: Path, url: str | None) -> AbstractAsyncContextManager[Any]:
    """SQLite in the data dir, or LangGraph's PostgreSQL saver when a URL is given."""
    if url:
        from warp_report.runs.postgres import postgres_checkpointer

        return postgres_checkpointer(url)
    from warp_report.runs.records import checkpoint_db
    from warp_report.runs.serde import sqlite_checkpointer

    return sqlite_checkpointer(checkpoint_db(base))


def run_records(base: Path, url: str | None) -> Any:
    """An object with ``save(thread_id, **fields)``, ``load(thread_id)`` and ``list()``, wherever the records live."""
    if url:
        from warp_report.runs.postgres import PostgresRunRecords

        return PostgresRunRecords(url)
    from warp_report.runs import records

    return SimpleNamespace(save=partial(records.save_run, base), load=partial(records.load_run, base),
                           list=partial(records.list_runs, base))


def check_checkpoint_url(base: Path, url: str) -> None:
    """Before any work: is the URL a PostgreSQL one, are the packages installed, does the database answer?"""
    try:
        import psycopg  # noqa: F401

        from warp_report.runs.postgres import is_postgres_url
    except ImportError:
        raise CheckpointStoreError('--checkpoint-url needs the PostgreSQL packages: pip install -e ".[postgres]"') from None
    if not is_postgres_url(url):
        raise CheckpointStoreError(f"--checkpoint-url must be a postgresql:// URL, not {mask_url(url)!r}")
    run_records(base, url).list()  # connects, creates the table if needed
