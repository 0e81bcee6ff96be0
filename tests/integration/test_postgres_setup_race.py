"""Several workers opening the PostgreSQL checkpointer at once on an empty database: all get it, none deadlocks.

The saver's migrations run ``CREATE INDEX CONCURRENTLY``; a session blocked in ``pg_advisory_lock``
meanwhile made PostgreSQL report a deadlock (seen with two batch workers starting together)."""

from __future__ import annotations

import asyncio

from tests.support.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
from warp_report.runs.postgres import postgres_checkpointer

WORKERS = 6


async def open_one(url: str) -> int:
    async with postgres_checkpointer(url) as saver, saver.conn.cursor() as cur:
        await cur.execute("SELECT count(*) AS n FROM checkpoint_migrations")
        return (await cur.fetchone())["n"]


async def test_workers_starting_together_all_set_up(postgres_url):  # noqa: F811
    counts = await asyncio.wait_for(asyncio.gather(*(open_one(postgres_url) for _ in range(WORKERS))), 120)
    assert len(set(counts)) == 1 and counts[0] > 0
