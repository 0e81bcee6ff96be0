"""The contract every evidence source fulfils.

A search backend turns one keyword query into hits; the graph registers hits in the run's
citation registry (state) and shows them to the model. Backends never assign citation ids:
ids belong to a run, backends are shared by many runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from warp_report.errors import SearchError
from warp_report.state.passage import Hit

__all__ = ["EvidenceMemory", "Hit", "MemoryItem", "PassageLike", "SearchBackend", "SearchError"]


@runtime_checkable
class SearchBackend(Protocol):
    """Async keyword search over some evidence source."""

    name: str

    async def search(self, query: str, k: int) -> list[Hit]:
        """Return at most ``k`` hits for ``query``, best first."""
        ...


@runtime_checkable
class EvidenceMemory(Protocol):
    """Everything one run has retrieved, searchable by meaning.

    ``run_id`` isolates runs: ``relevant`` only ever returns ids that were ``add``-ed with the
    same ``run_id``. Ids are the run's citation ids (``Passage.id``).
    """

    async def add(self, run_id: str, passages: list[PassageLike]) -> None: ...

    async def relevant(self, run_id: str, query: str, k: int) -> list[str]: ...


class PassageLike(Protocol):
    id: str
    text: str
    source: str
    title: str


@dataclass
class MemoryItem:
    """A passage on its way into memory, with its vector when one is already known."""

    id: str
    text: str
    source: str
    title: str
    embedding: list[float] | None = None
