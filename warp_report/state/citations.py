"""The run's citation registry: every distinct passage gets one stable id for the whole run.

The registry is plain data inside the graph state (never a module or class global), so two
runs never share ids and a checkpoint restores it exactly.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel, Field

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

    def register(self, hits: list[Hit]) -> tuple[Registry, list[str]]:
        """Return a new registry holding ``hits`` and their ids, in order, duplicates merged."""
        passages = dict(self.passages)
        by_hash = dict(self.by_hash)
        ids: list[str] = []
        for hit in hits:
            if not hit.text.strip():
                continue
            h = content_hash(hit.text)
            pid = by_hash.get(h)
            if pid is None:
                pid = str(len(passages) + 1)
                passages[pid] = Passage(id=pid, text=hit.text, source=hit.source, title=hit.title, hash=h,
                                        locator=locator_of(hit))
                by_hash[h] = pid
            if pid not in ids:
                ids.append(pid)
        return Registry(passages=passages, by_hash=by_hash), ids
