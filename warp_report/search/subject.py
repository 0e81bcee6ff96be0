"""Which of the user's documents a question is about: those its own search ranks well.

A folder often holds more than one manual. Searching a part's title or a keyword in it also
finds pages on other subjects ("Introduction" finds the Unicode HOWTO's introduction for a report
on SQLite's WAL mode; "logging" finds Python's Logging HOWTO), and a 0.5B writes from whatever it
is shown: a WAL report got a paragraph cited to the Logging HOWTO and two subsections on Unicode.
The question's own search, summed per document, says which documents are on the subject; hits
from others are shown only when too few on-subject ones are found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from warp_report.state.passage import Hit

#: hits of the question's own search that decide the subject
SUBJECT_HITS = 30
#: a document is on the subject when its hits' summed score reaches this share of the best
#: document's (measured on a 12-page folder of two manuals: see benchmarks/README.md)
SUBJECT_SHARE = 0.2
#: off-subject hits still shown when fewer on-subject ones than this were found
KEEP_AT_LEAST = 3
#: the question's best hits (scoring this share of the best hit at least), whose documents are on
#: the subject however few passages they have
SUBJECT_TOP, LEADER_SCORE = 3, 0.5


def subject_sources(hits: Iterable[Hit], share: float = SUBJECT_SHARE, top: int = SUBJECT_TOP) -> set[str]:
    """Sources whose summed hit score is at least ``share`` of the best source's, and those of the
    ``top`` best hits: a short page the question ranks first is on its subject (pg-mvcc's two-passage
    MVCC introduction, hits 1 and 2, summed 18% of the isolation page's 24 hits and was never shown)."""
    hits = list(hits)
    totals: dict[str, float] = defaultdict(float)
    for hit in hits:
        totals[hit.source] += max(hit.score, 0.0)
    if not totals:
        return set()
    best = max(totals.values())
    if best <= 0:
        return set(totals)
    ranked = sorted(hits, key=lambda h: -h.score)
    # Among the best by score too: two hits are always the "top" of a search of two.
    leaders = {h.source for h in ranked[:top] if h.score >= LEADER_SCORE * ranked[0].score}
    return leaders | {source for source, total in totals.items() if total >= share * best}


def on_subject(hits: Sequence[Hit], subject: set[str], keep_at_least: int = KEEP_AT_LEAST) -> list[Hit]:
    """``hits`` from the ``subject``'s documents, in their order; hits from other documents only
    to make up ``keep_at_least`` (an empty ``subject`` keeps every hit)."""
    if not subject:
        return list(hits)
    inside = [h for h in hits if h.source in subject]
    outside = [h for h in hits if h.source not in subject]
    return inside + outside[: max(0, keep_at_least - len(inside))]
