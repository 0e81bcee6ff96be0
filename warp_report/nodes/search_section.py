"""search_section: the model's ``search`` keywords for the node at the cursor, then evidence.

The passages found (this step's searches plus related ones from the run's memory) are what
``write_section`` shows the model; they are kept in the state under the node's id.
"""

from __future__ import annotations

import re
from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.services import Services
from warp_report.nodes.uncovered import cited_hashes
from warp_report.prompts.trained import compact_view, instruction
from warp_report.prompts.views import outline_view
from warp_report.protocol.actions import ActionContext, SearchAction
from warp_report.protocol.headings import GENERIC_SUBTITLE, question_asks
from warp_report.protocol.markers import cited_ids
from warp_report.protocol.request import Request
from warp_report.protocol.restatement import stems
from warp_report.state.citations import Registry
from warp_report.state.outline import Outline
from warp_report.state.state import WarpState


def make(services: Services):
    async def search_section(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline, cursor, node = common.at_cursor(state)
        common.emit("section_started", id=cursor, title=node.title)
        trained = common.is_trained(ctx)
        if trained:
            messages = common.trained_messages(ctx, "search", user_query=state.question, current_outline=compact_view(outline),
                                        current_instruction=instruction(cursor))
        else:
            messages = common.messages_for(ctx, "search", question=state.question, draft=outline_view(outline, cursor),
                                    node_title=node.title, node_plan=node.plan)
        searched = await common.ask(services, ctx, state, Request(
            kind="search", node="search_section", target=cursor, messages=messages,
            shape=common.shape_for(ctx, state.question),
            ctx=ActionContext(query=state.question, check_language=False),
        ))
        update = common.bookkeeping(state, "search_section", searched)
        if searched.out_of_budget:
            return update
        # A model that cannot name keywords still gets evidence: the node's own title.
        keywords = searched.action.keywords if isinstance(searched.action, SearchAction) else [node.title]
        if not trained:
            # The part's own title first: a 0.5B's keywords for "Types of solar cells" were the
            # question's words again, and its evidence the passages every part had seen.
            others = [n.title for nid, n in outline.walk() if nid != cursor]
            keywords = [lead_keyword(node.title, state.question, node.plan),
                        *own_keywords(keywords, node.title, others=others, question=state.question)]
        # ``title`` is what the search leads with (the question for an "Introduction"); the trained
        # model's evidence does not read it.
        found = await _evidence(services, ctx, state, keywords, outline, title=keywords[0],
                                memory_query=f"{node.title} {node.plan}")
        if not trained:
            found.ids = own_section(own_documents(found.ids, found.registry, outline, cursor), found.registry,
                                    node.title, cursor)
        update.update(registry=found.registry, notes=found.notes, shown={**state.shown, cursor: found.ids})
        if not found.ids:
            # Nothing to cite: asking for cited text would only burn steps on invalid replies.
            common.emit("section_failed", id=cursor, title=node.title, reason="no evidence")
            update["outline"] = outline.with_node(cursor, failed=True)
            update["notes"] = [*found.notes, f"{node.title}: no evidence found for keywords {keywords}"]
        return update

    return search_section


def lead_keyword(title: str, question: str, plan: str = "") -> str:
    """What a part searches first: its title, or the question where the title names only the part's
    place in the report ("Introduction", "Overview", "Conclusion"). Searched, such a title found
    other pages' introductions; pg-backup's "Overview" never saw the page on SQL dumps, nor
    pg-mvcc's parts the MVCC introduction the question ranks first (stop 43: 2 of 5 key points each).
    Where such a part's plan is one of the question's asks (the fallback outline's first ask, renamed
    "Overview" apart from the report's title, which is that ask), the ask: the whole question ranked
    the passages of its other ask first, and pg-backup at stop 44 had no word on SQL dumps."""
    if not GENERIC_SUBTITLE.match(title):
        return title
    asks = question_asks(question)
    ask = plan.strip().rstrip("?.").strip()
    return ask if len(asks) > 1 and ask.casefold() in {a.casefold() for a in asks} else question


#: passages a part named after a document keeps at least, others' documents left out
MIN_OWN = 2


def own_documents(ids: list[str], registry: Registry, outline: Outline, cursor: str) -> list[str]:
    """``ids`` less the passages of documents another part is named after, where this part is named
    after a document too: README's "Storage and costs" (stop 45), shown the inverter page beside its
    own, wrote on inverters, and its sibling "Inverters and grid connection" then on batteries. A
    subsection so named (an extension's, a narrower topic than its part's) is shown its document's
    passages alone where ``MIN_OWN`` of them were found: stop 48's "Storage and costs" opened on the
    module's glass ("The front is a sheet of tempered glass ..."), from a page no part is named
    after. A part named after no document (a question's ask, a topic of the model's) keeps every
    passage; so does a part left with fewer than ``MIN_OWN``. (A section keeps the other pages: README's
    "Solar panel efficiency" shown its own page alone wrote half as much, at 4b970dc.)"""
    docs = {p.title.strip().casefold() for p in registry.passages.values() if p.title.strip()}
    mine = outline.get(cursor).title.strip().casefold()
    if mine not in docs:
        return ids
    others = {t for nid, n in outline.walk() if nid != cursor and (t := n.title.strip().casefold()) in docs} - {mine}
    kept = [pid for pid in ids if registry.passages[pid].title.strip().casefold() not in others]
    own = [pid for pid in kept if registry.passages[pid].title.strip().casefold() == mine]
    if "." in cursor and len(own) >= MIN_OWN:
        return own
    return kept if len(kept) >= MIN_OWN else ids


_ARGUMENTS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")


def _heading_words(line: str) -> tuple[str, ...]:
    """A heading line's words, casefolded, without a leading number ("10. Caveats" -> ("caveats",)) and
    an API entry's arguments ("cluster.disconnect([callback])" reads as the offered "cluster.disconnect()")."""
    bare = _ARGUMENTS.sub("()", re.sub(r"^\s*[#\d.]*\s*", "", line.replace("`", "")))
    return tuple(re.findall(r"[^\W_][\w.+()'-]*", bare.casefold()))


def own_section(ids: list[str], registry: Registry, title: str, cursor: str) -> list[str]:
    """``ids`` with the passages that hold a heading line reading the subsection's ``title`` first, then
    other passages of their documents, the other documents' left out where those two kinds are
    ``MIN_OWN`` or more. An extension's subsection is named after a heading the documents hold (the
    judge's offered topics), and is a narrower topic than its part: at stop 60 a quarter of the
    subsections (14 of 56, over the four benchmark sets) had no paragraph on their heading,
    written from the other pages the search found ("Graduation" under git's merge workflows on
    rebase; "Caveats" of continuous archiving on recovery timelines). A section keeps every passage."""
    if "." not in cursor:
        return ids
    head = _heading_words(title)
    if not head:
        return ids
    holders = [pid for pid in ids if any(_heading_words(line) == head
                                         for line in registry.passages[pid].text.split("\n")
                                         if 0 < len(line.split()) <= 12 and not line[:1].isspace())]
    if not holders:
        return ids
    sources = {registry.passages[pid].source for pid in holders}
    kept = holders + [pid for pid in ids if pid not in holders and registry.passages[pid].source in sources]
    return kept if len(kept) >= MIN_OWN else kept + [pid for pid in ids if pid not in kept]


def own_keywords(keywords: list[str], title: str, *, others: list[str], question: str = "") -> list[str]:
    """``keywords`` less the part's ``title`` and those that name another part of the outline
    (``others``: its titles) and nothing of this one: README's "Inverters and grid connection" searched
    "photovoltaic cells" (part 2's topic) and wrote a paragraph on the band gap; "History and end of
    life" searched "solar panel efficiency" and "photovoltaic cells work" (parts 1 and 2). A
    keyword of the question's words alone stays: the question names every part's subject."""
    asked, mine = stems(question), stems(title)
    theirs = [stems(t) - asked for t in others]
    kept = []
    for k in keywords:
        words = stems(k) - asked
        if k.casefold() == title.casefold() or (words and not words & mine and any(words <= t for t in theirs)):
            continue
        kept.append(k)
    return kept


async def _evidence(services: Services, ctx: Context, state: WarpState, keywords: list[str], outline: Outline, *,
                    memory_query: str, title: str = "") -> evidence.Evidence:
    """The passages a part is shown.

    The trained model sees the released (block-wise) order. An untrained one sees passages no
    earlier part cited, searched past the cited ones (they rank first), then the best-ranked cited
    one, last, so a part can still build on what came before: a small model copies whatever it is
    shown, and the same passages twice made the same text twice (py-venv's "Packages installed"
    was shown the pip passage the part before it had used, and its three tries wrote that part
    again). The cited one only where its shown text holds a word of the part's ``title`` that the
    question does not: README's "How photovoltaic cells work" and "History and end of life" (stop
    39), shown part 1's efficiency passage last, wrote about efficiency; without it they wrote on
    their titles (showing no cited passage at all cost Node.js's parts words and support, stop 40).
    Where fewer than two new ones are found, the search's passages are shown as they come, cited
    ones last."""
    if common.is_trained(ctx):
        return await evidence.gather(services, ctx, state, keywords, limit=ctx.section_top_k,
                                     memory_query=memory_query, trained=True)
    cited = {c for _, n in outline.walk() if n.content for c in cited_ids(n.content)}
    # The title (first keyword) gives two hits a round: py-venv's "Packages installed and recorded in
    # it?" never saw the "pip freeze > requirements.txt" passage, its title's second hit, behind one
    # hit each of "pip" and "installation".
    found = await evidence.gather(services, ctx, state, keywords, limit=ctx.section_top_k, memory_query=memory_query,
                                  exclude=frozenset(cited_hashes(state, outline)), then_excluded=1, lead=2)
    about = stems(title) - stems(state.question)
    found.ids = [pid for pid in found.ids if pid not in cited
                 or about & stems(found.registry.passages[pid].text[: ctx.passage_chars])]
    if len([pid for pid in found.ids if pid not in cited]) >= 2 or not cited:
        return found
    found = await evidence.gather(services, ctx, state, keywords, limit=ctx.section_top_k, memory_query=memory_query,
                                  registry=found.registry, lead=2)
    found.ids.sort(key=lambda pid: pid in cited)
    return found
