"""The run's citation registry: every distinct passage gets one stable id for the whole run.

The registry is plain data inside the graph state (never a module or class global), so two
runs never share ids and a checkpoint restores it exactly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from pydantic import BaseModel, Field, model_validator

from warp_report.state.passage import Hit

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the normalised text: case and whitespace do not make a passage new."""
    norm = _SPACE.sub(" ", text).strip().casefold()
    # surrogatepass: text from a non-UTF-8 file name (lone surrogates) hashes instead of crashing
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Passage(BaseModel):
    id: str
    text: str
    source: str
    title: str = ""
    hash: str
    #: where in the source: "p. 4", "passage 2 of 5" (several passages of one file are told apart)
    locator: str = ""


def locator_of(hit: Hit) -> str:
    meta = hit.metadata
    if "page" in meta:
        return f"p. {meta['page']}"
    if "chunk" in meta and int(meta.get("n_chunks", 0) or 0) > 1:
        return f"passage {int(meta['chunk']) + 1} of {meta['n_chunks']}"
    return ""


class Registry(BaseModel):
    """id -> passage, plus the hash index that keeps ids stable."""

    passages: dict[str, Passage] = Field(default_factory=dict)
    by_hash: dict[str, str] = Field(default_factory=dict)
    #: passages registered in the run (ids run 1..registered); it outlives ``cited_only``, so a
    #: passage registered afterwards never takes the id of a dropped one
    registered: int = 0

    @model_validator(mode="after")
    def _count_existing(self) -> Registry:
        # Checkpoints written before the counter existed: every id so far is 1..len(passages).
        top = max((int(pid) for pid in self.passages if pid.isdigit()), default=0)
        self.registered = max(self.registered, top)
        return self

    def register(self, hits: list[Hit]) -> tuple[Registry, list[str]]:
        """Return a new registry holding ``hits`` and their ids, in order, duplicates merged."""
        passages = dict(self.passages)
        by_hash = dict(self.by_hash)
        registered = self.registered
        ids: list[str] = []
        for hit in hits:
            if not hit.text.strip():
                continue
            h = content_hash(hit.text)
            pid = by_hash.get(h)
            if pid is None:
                registered += 1
                pid = str(registered)
                passages[pid] = Passage(id=pid, text=hit.text, source=hit.source, title=hit.title, hash=h,
                                        locator=locator_of(hit))
                by_hash[h] = pid
            if pid not in ids:
                ids.append(pid)
        return Registry(passages=passages, by_hash=by_hash, registered=registered), ids

    def cited_only(self, ids: Iterable[str]) -> Registry:
        """Only the passages ``ids`` (what the report cites): the rest of the run's evidence leaves the state.

        A finished thread is what a server hands its clients; it carries the passages behind the
        report's references, never every passage the run retrieved (issue 15).
        """
        keep = {pid: self.passages[pid] for pid in ids if pid in self.passages}
        by_hash = {h: pid for h, pid in self.by_hash.items() if pid in keep}
        return Registry(passages=keep, by_hash=by_hash, registered=self.registered)
