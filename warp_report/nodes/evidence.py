"""Searching, registering and remembering passages: shared by the nodes that retrieve."""

from __future__ import annotations

from dataclasses import dataclass

from warp_report.context import Context
from warp_report.corpus.passages import keep_distinct
from warp_report.nodes.common import emit
from warp_report.nodes.services import Services
from warp_report.search.base import MemoryItem
from warp_report.search.merge import search_keywords
from warp_report.search.subject import on_subject
from warp_report.state.citations import Registry, content_hash
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

#: The released retriever's hits per keyword before the merge.
TRAINED_HITS_PER_KEYWORD = 20


@dataclass
class Evidence:
    registry: Registry
    ids: list[str]
    notes: list[str]


def _within_budget(registry: Registry, ids: list[str], *, passage_chars: int, max_chars: int) -> list[str]:
    """The first ids whose shown text fits ``max_chars`` (the first one always does)."""
    kept: list[str] = []
    used = 0
    for pid in ids:
        size = min(len(registry.passages[pid].text), passage_chars)
        if kept and used + size > max_chars:
            break
        kept.append(pid)
        used += size
    return kept


async def gather(
    services: Services,
    ctx: Context,
    state: WarpState,
    keywords: list[str],
    *,
    limit: int,
    memory_query: str | None = None,
    registry: Registry | None = None,
    trained: bool = False,
    exclude: frozenset[str] = frozenset(),
    then_excluded: int = 0,
    lead: int = 1,
) -> Evidence:
    """Search ``keywords``, register the hits, store them in memory, add related memory.

    The ids returned are exactly what the model is shown for the step, so the write check
    ("every cited id was shown") uses them as they are. ``trained`` (agentcpm dialect): as the
    released pipeline, 20 hits per keyword merged block-wise into ``limit`` passages, shown
    whole, and nothing added from memory (the model was trained on the last search's passages).
    ``exclude``: content hashes of passages not to show (those the report already cites); as many
    more hits are searched, so that the first new ones are found. ``then_excluded``: how many of
    the best-ranked excluded hits (else the excluded passages the run's memory relates to the
    step) follow the new ones, last (what a part may build on), outside the evidence budget as the
    new ones fill it. ``lead``: hits per round of the first keyword in the merge.
    """
    registry = registry or state.registry
    backend = await services.search_backend(ctx, state.corpus, state.collections)
    built_on: list[Hit] = []
    if trained:
        hits = await search_keywords(backend, keywords, limit, merge="block-wise", per_keyword=TRAINED_HITS_PER_KEYWORD)
        memory_query = None
    else:
        local = ctx.search == "local"
        # Twice the hits where some may be off the subject: the first ``limit`` are the same.
        hits = await search_keywords(backend, keywords, (2 * limit if local else limit) + len(exclude), lead=lead)
        built_on = [h for h in hits if content_hash(h.text) in exclude][:then_excluded]
        hits = [h for h in hits if content_hash(h.text) not in exclude]
        if local:
            # A folder of several manuals: a part's keywords also find pages on other subjects.
            # (A failed subject search is empty: the keywords' hits are there, only unsorted.)
            hits = on_subject(hits, await services.subject(backend, state.subject_query or state.question))[:limit]
    registry, ids = registry.register(hits)
    memory = await services.evidence_memory(ctx)
    vectors = {content_hash(h.text): h.embedding for h in hits if h.embedding is not None}
    await memory.add(state.run_id, [
        MemoryItem(id=p.id, text=p.text, source=p.source, title=p.title, embedding=vectors.get(p.hash))
        for p in (registry.passages[i] for i in ids)
    ])
    notes = [f"search warning: {w}" for w in getattr(backend, "warnings", [])[-3:]]
    remembered: list[str] = []  # excluded passages the memory relates to this step, best first
    if memory_query and ctx.memory_top_k:
        for pid in await memory.relevant(state.run_id, memory_query, ctx.memory_top_k + len(ids)):
            if pid not in registry.passages or pid in ids:
                continue
            if registry.passages[pid].hash in exclude:
                remembered.append(pid)
            elif len(ids) < limit + ctx.memory_top_k:
                ids.append(pid)
    # One page ingested twice (HTML and reST) gives near-identical passages: show one of them.
    ids = [ids[n] for n in keep_distinct([registry.passages[pid].text for pid in ids])]
    if not trained:
        ids = _within_budget(registry, ids, passage_chars=ctx.passage_chars, max_chars=ctx.evidence_chars)
        if then_excluded:
            # The search's own best excluded hits first; where it found none (a part's keywords
            # only find its own topic), the ones the run's memory relates to the part.
            registry, last = registry.register(built_on)
            ids += [pid for pid in dict.fromkeys([*last, *remembered]) if pid not in ids][:then_excluded]
    emit("search", keywords=list(keywords), found=len(hits), shown=len(ids), passages=len(registry.passages))
    return Evidence(registry=registry, ids=ids, notes=notes)
