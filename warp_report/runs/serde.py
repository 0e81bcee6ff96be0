"""Checkpoint serialisation that revives exactly the state's own types and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from warp_report.state.citations import Passage, Registry
from warp_report.state.outline import Extension, Node, Outline
from warp_report.state.trace import TraceEntry, Usage

STATE_TYPES = (Outline, Node, Registry, Passage, TraceEntry, Usage, Extension)


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=[(t.__module__, t.__name__) for t in STATE_TYPES])


@asynccontextmanager
async def sqlite_checkpointer(path: Path) -> AsyncIterator[object]:
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    path.parent.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(path)) as conn:
        yield AsyncSqliteSaver(conn, serde=serializer())
