"""Checkpoints and run records in one shared PostgreSQL database, so any worker can list, show and resume any run.

The checkpointer is LangGraph's own ``AsyncPostgresSaver`` with our restricted serializer; the run
records are the same dicts as the data dir's JSON files (``records.py``), one row per thread id.
Both create their tables on first use; several workers starting at once are serialised by a
PostgreSQL advisory lock, because ``CREATE TABLE IF NOT EXISTS`` alone races between sessions.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warp_report.context import Context
from warp_report.runs.checkpointer import CheckpointStoreError
from warp_report.runs.serde import serializer
from warp_report.secrets import mask_url, scrub_data

if TYPE_CHECKING:
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

# Arbitrary but fixed keys for pg_advisory_lock: one per kind of schema we create.
_CHECKPOINT_SCHEMA_LOCK = 0x57A2_0001
_RECORDS_SCHEMA_LOCK = 0x57A2_0002

RECORDS_TABLE = """
CREATE TABLE IF NOT EXISTS warp_runs (
    thread_id  text PRIMARY KEY,
    record     jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
)"""


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and url.split("://", 1)[0] in ("postgresql", "postgres")


async def _advisory_lock(conn: Any, key: int) -> None:
    """Take the lock by polling, never by a blocking ``pg_advisory_lock``: the saver's migrations run
    ``CREATE INDEX CONCURRENTLY``, which waits for every open transaction, including a session blocked
    in ``pg_advisory_lock`` on the lock the migrating session holds. Two workers starting together on
    an empty database deadlocked that way; between polls this session has no transaction open."""
    while True:
        async with conn.cursor() as cur:
            await cur.execute("SELECT pg_try_advisory_lock(%s) AS locked", (key,))
            row = await cur.fetchone()
        if (row["locked"] if isinstance(row, dict) else row[0]):
            return
        await asyncio.sleep(0.1)


@asynccontextmanager
async def postgres_checkpointer(url: str) -> AsyncIterator[AsyncPostgresSaver]:
    """An ``AsyncPostgresSaver`` on ``url`` with its tables in place; closes the connection on exit."""
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

    async with AsyncPostgresSaver.from_conn_string(url, serde=serializer()) as saver:
        await _advisory_lock(saver.conn, _CHECKPOINT_SCHEMA_LOCK)
        try:
            await saver.setup()
        finally:
            async with saver.conn.cursor() as cur:
                await cur.execute("SELECT pg_advisory_unlock(%s)", (_CHECKPOINT_SCHEMA_LOCK,))
        yield saver


class PostgresRunRecords:
    """Run records (``thread_id``, ``question``, ``corpus``, ``context``, ``out_dir``, ``status``) in ``warp_runs``.

    Synchronous like the JSON records: the CLI writes them outside the graph's event loop. Each call
    opens a short connection, so a record written by one worker is visible to every other at once.
    """

    def __init__(self, url: str):
        self.url = url
        self._ready = False

    def _connect(self):
        import psycopg

        try:
            conn = psycopg.connect(self.url, autocommit=False)
        except psycopg.OperationalError as exc:  # unreachable, refused, unknown database: the CLI says so
            raise CheckpointStoreError(f"cannot use the checkpoint database {mask_url(self.url)}: "
                                       f"{str(exc).strip()}") from None
        if not self._ready:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_RECORDS_SCHEMA_LOCK,))
                conn.execute(RECORDS_TABLE)
            self._ready = True
        return conn

    def save(self, thread_id: str, *, question: str, corpus: list[str], ctx: Context, out_dir: Path,
             status: str) -> None:
        record = {"thread_id": thread_id, "question": question, "corpus": corpus, "context": asdict(ctx),
                  "out_dir": str(out_dir), "status": status}
        record = scrub_data(record)  # as in the JSON records: a URL's password is never stored
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO warp_runs (thread_id, record) VALUES (%s, %s::jsonb) "
                "ON CONFLICT (thread_id) DO UPDATE SET record = EXCLUDED.record, updated_at = now()",
                (thread_id, json.dumps(record, ensure_ascii=False)))

    def load(self, thread_id: str) -> dict[str, Any]:
        with self._connect() as conn:
            row = conn.execute("SELECT record FROM warp_runs WHERE thread_id = %s", (thread_id,)).fetchone()
        if row is None:  # the same error as the JSON records, so the CLI's handling does not change
            raise FileNotFoundError(f"no run with thread id {thread_id!r} in {mask_url(self.url)}")
        return row[0]

    def list(self) -> list[dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute("SELECT record FROM warp_runs ORDER BY thread_id").fetchall()
        return [row[0] for row in rows]
