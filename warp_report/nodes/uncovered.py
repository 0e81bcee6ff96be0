"""Topics the user's documents hold that no written part cites yet: what the judge may extend with.

A 0.5B judge asked for "narrower topics" names the draft's own titles again, or a title glued
to a draft sentence ("Solar Panel Efficiency: Several factors lower ..."), and every such
extension is refused. Offered the headings of passages that no part cites, found by searching
each part's title, it has real topics to choose from, and each of them has evidence to write
from. Local corpora only: a web search per part would spend the user's search credits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from warp_report.context import Context
from warp_report.corpus.passages import is_heading_line
from warp_report.errors import SearchError
from warp_report.nodes.services import Services
from warp_report.protocol.actions import pages_under_page
from warp_report.protocol.headings import GENERIC_WORDS, heading_problem, shorten_title
from warp_report.protocol.language import is_cjk_text
from warp_report.protocol.markers import cited_ids
from warp_report.protocol.prose import SUMMARY_LABELS
from warp_report.protocol.restatement import stems
from warp_report.state.citations import Passage, content_hash
from warp_report.state.outline import Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

#: hits searched per part, and topics offered per part
HITS_PER_PART = 12
TOPICS_PER_PART = 3
# "INFO:root", "os.path", "foo()": a line of code or output that starts a passage, not a topic.
_CODE_LIKE = re.compile(r"\w[:=_./]\w|[(){}<>=`$]")
# "Introduction", "API": a page's generic section names say nothing a subsection could be about
# ("1.3 Introduction" under "What is a Python virtual environment?").
# A manual page's standard sections ("NAME", "SYNOPSIS", "OPTIONS", "SEE ALSO") say as little.
_GENERIC = re.compile(rf"^(?:{GENERIC_WORDS}|contents|index|api|reference|examples?|usage|notes?|see also|name|synopsis"
                      r"|description|options|configuration|environment(?: variables)?|files|bugs|authors?|exit status"
                      r"|return value|diagnostics|git"
                      # An API page's stability label ("Experimental", node-events at stop 45: a subsection's title).
                      r"|experimental|stable|deprecated|legacy)$", re.I)


# "TEXT", "NULL": one word in capitals is a list's keyword (the affinities SQLite lists), no heading.
# "True", "None": a line of a code example's output, no heading either.
_KEYWORD = re.compile(r"^[A-Z][A-Z0-9_]+$|^(?:True|False|None|Null|NaN|Inf)$")


# "cluster.fork([env])", "worker.send(message[, sendHandle])": an API reference's entry heading, a
# line of its own; "cluster.workers." (a sentence's end) and "cluster.setupPrimary({" (code) are not.
_API_ENTRY = re.compile(r"^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)(\(.*\))?$")


# "Status: Extension" (ap-proxy, stop 43: a subsection's title): a field of an Apache module's or
# directive's summary table, a label and its value, no heading.
_FIELD_LABEL = re.compile(rf"^{SUMMARY_LABELS}\s*:", re.I)


def _names_a_topic(name: str, title: str) -> bool:
    """Not empty, not the document's title, no line of code, no generic section name, no keyword,
    no field of a summary table."""
    return (bool(name) and name != title and not _CODE_LIKE.search(name) and not _GENERIC.match(name)
            and not _KEYWORD.match(name) and not _FIELD_LABEL.match(name))


def topic_of(hit: Hit, cited_titles: Iterable[str] = ()) -> str:
    """A passage's own heading (a heading line in it, the first one that is no line of code),
    else the section it sits under, else its document's title, unless a part already cites that
    document (``cited_titles``): then the title names what the report covers ("Logging HOWTO" for a report on logging), and
    its part only repeats others."""
    title = hit.title.strip()
    # A heading inside the passage counts too: chunks of a reST page seldom start at its headings.
    # Never an indented line: code or a list's inner block ("    AllowOverride None", "    Options
    # +ExecCGI", require()'s pseudocode "   b. STOP": subsections of ap-htaccess and node-modules at stop
    # 60). Over the four benchmark corpora, every indented line that reads as a heading is code or a table.
    lines = ["" if line[:1].isspace() else line.strip().lstrip("#").strip() for line in hit.text.split("\n")]
    # The line after "See also" is a link's title ("Python Packaging User Guide: ..."), no heading.
    heads = (h for before, h in zip(["", *lines], lines, strict=False) if before.casefold() != "see also")
    topic = next((h for h in heads if _names_a_topic(h, title) and is_heading_line(h, title)), "")
    # Else the section it sits under (ingest keeps it), which names it better than its document.
    section = str(hit.metadata.get("section") or "").strip()
    if not topic and _names_a_topic(section, title):
        topic = section
    if not topic and title not in cited_titles and not _CODE_LIKE.search(title):
        topic = title
    if not topic:
        return ""
    topic = shorten_title(topic)  # "10. Backwards Compatibility": the document's numbering is not the topic's
    # A text file's title is its name ("inverters"); the model copies it as the heading as is.
    return topic[:1].upper() + topic[1:]


def entry_of(hit: Hit) -> str:
    """The API entry a passage documents, as a heading ("cluster.fork()"), or "". ``topic_of``
    takes its heading line for a line of code, rightly for the judge (a 0.5B copies what it is
    offered, arguments and all), but a reference's pages have no other headings: node-cluster's
    judge was offered nothing, made no valid extension, and the report stayed at 338 words."""
    for line in hit.text.split("\n"):
        m = _API_ENTRY.match(line.strip().strip("`"))
        if m:
            return m.group(1) + ("()" if m.group(2) else "")
    return ""


def pick_entries(hits: Iterable[Hit], *, cited: set[str], taken: Iterable[str],
                 limit: int = TOPICS_PER_PART) -> list[str]:
    """The API entries (``entry_of``) of the ``hits`` no part cites, not already a title, each once."""
    seen = {t.strip().casefold() for t in taken}
    entries: list[str] = []
    for hit in hits:
        entry = entry_of(hit) if content_hash(hit.text) not in cited else ""
        if entry and entry.casefold() not in seen:
            seen.add(entry.casefold())
            entries.append(entry)
    return entries[:limit]


def pick_topics(hits: Iterable[Hit], *, cited: set[str], taken: Iterable[str], question: str = "",
                limit: int = TOPICS_PER_PART, cited_titles: Iterable[str] = ()) -> list[str]:
    """Headings of the ``hits`` whose text no part cites (``cited``: content hashes), that are
    not a title the outline already has (``taken``) and pass as a heading themselves."""
    seen = {t.strip().casefold() for t in taken}
    cjk = is_cjk_text(question)
    topics: list[str] = []
    foreign: list[str] = []  # a Chinese question's English topics: the judge names them in Chinese
    for hit in hits:
        if content_hash(hit.text) in cited:
            continue
        topic = topic_of(hit, cited_titles)
        if not topic or topic.casefold() in seen:
            continue
        seen.add(topic.casefold())
        # A heading of six words or more copies its passage or title ("An Introduction To The
        # SQLite C/C++ Interface"): the same rule as for the model's own titles, so offer none such.
        # The section a chunk belongs to counts as its text: "Use of WAL Without Shared-Memory"
        # (wal.html's heading, outside the chunk the search found) became a report's heading as is.
        origin = f"{hit.title}\n{hit.metadata.get('section') or ''}\n{hit.text}"
        if heading_problem(topic, sources=(origin,), question=question) is None:
            (foreign if cjk and not is_cjk_text(topic) else topics).append(topic)
        if len(topics) >= limit:
            break
    # Topics in the question's language first. Offered none, a 0.5B judge of a Chinese report over
    # English documents named the draft's own titles four times over and the report stayed short.
    return (topics + foreign)[:limit]


def _cited(state: WarpState, outline: Outline) -> list[Passage]:
    reg = state.registry.passages
    return [reg[c] for _, n in outline.walk() if n.content for c in cited_ids(n.content) if c in reg]


def cited_pages(state: WarpState, outline: Outline) -> frozenset[str]:
    """The casefolded titles of the passages the written parts cite."""
    return frozenset(p.title.strip().casefold() for p in _cited(state, outline))


def cited_hashes(state: WarpState, outline: Outline) -> set[str]:
    return {p.hash for p in _cited(state, outline)}


@dataclass
class Uncovered:
    """What the documents hold that no part cites, per part (position -> titles): ``topics``
    (their headings, offered to the judge), ``grounded`` (those of them an extension may be made
    of when the judge names none, by ``grounded()``) and ``entries`` (API entries, an extension's
    last resort where no topic is found)."""

    topics: dict[str, list[str]] = field(default_factory=dict)
    grounded: dict[str, list[str]] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)


def grounded(topic: str, source: str, cited_sources: set[str], about: str) -> bool:
    """Whether ``topic`` (found in ``source``) may extend a part without the judge choosing it: its
    document is one the report cites already, or it names a word of ``about`` (the question and the
    part's title). The judge reads the draft and picks among the topics; the fallback picks by the
    search's rank alone, and an on-subject page's other headings came under parts they have nothing
    to do with: "Balancer Manager" and "Limitations" (the reverse proxy guide's and the event MPM's)
    under ap-stopping's "Graceful Restart", "Integrator" under git-reset-revert's "Understanding Git
    Commands" (stop 53)."""
    return source in cited_sources or bool(stems(topic) & stems(about))


async def uncovered_topics(services: Services, ctx: Context, state: WarpState, outline: Outline,
                           positions: list[str]) -> Uncovered:
    """Per position, up to ``TOPICS_PER_PART`` uncited topics (and API entries) found by
    searching its title."""
    if ctx.search != "local":
        return Uncovered()
    backend = await services.search_backend(ctx, state.corpus, state.collections)
    # Only documents the question itself finds: in a mixed folder a part's title also finds
    # pages on other subjects ("Creating Venvs" offered to a report on logging).
    on_subject = await services.subject(backend, state.subject_query or state.question)
    if not on_subject:  # the search failed: topics only help the judge; the judge works without them
        return Uncovered()
    cited = cited_hashes(state, outline)
    cited_titles = {p.title.strip() for p in _cited(state, outline)}
    cited_sources = {p.source for p in _cited(state, outline)}
    taken = [outline.title, *(n.title for _, n in outline.walk())]
    ranked: dict[str, list[str]] = {}
    kept: dict[str, list[str]] = {}
    entries: dict[str, list[str]] = {}
    found: dict[str, list[Hit]] = {}

    async def search(query: str) -> list[Hit] | None:
        try:
            hits = await backend.search(query, HITS_PER_PART)
        except SearchError:  # topics only help the judge; the judge works without them
            return None
        return [h for h in hits if h.source in on_subject]

    def topics_in(hits: list[Hit]) -> list[str]:
        return pick_topics(hits, cited=cited, taken=taken, question=state.question, limit=HITS_PER_PART,
                           cited_titles=cited_titles)

    picked: dict[str, list[str]] = {}
    for position in positions:
        title = outline.get(position).title
        if (hits := await search(title)) is None:
            continue
        topics = topics_in(hits)
        if not topics and (again := await search(f"{title} {state.question}")):
            # A title that names the report's subject only by its place in it ("Introduction", "The
            # Search Process", "Automating the Search" of git-bisect, stop 55) finds other manual pages,
            # or the page's cited passages: no topic, no extension, the report at 331 of 400 words.
            # With the question, the page's own sections ("Bisect run", "Bisect reset").
            hits, topics = again, topics_in(again)
        found[position], picked[position] = hits, topics
    pages = [f"{p.title}\n{p.text}" for p in state.registry.passages.values()]
    pages += [f"{h.title}\n{h.text}" for hits in found.values() for h in hits]
    for position, hits in found.items():
        topics = picked[position]
        # Another document's title is no topic of a subsection named after a document: the extension
        # would be refused (``pages_under_page``); offered under a part it belongs to, it is used.
        strays = set(pages_under_page(outline.get(position).title, topics, pages)) if "." in position else set()
        ranked[position] = [t for t in topics if t not in strays]
        # The first hit a topic is read from is the one it was picked from (``pick_topics`` keeps the first).
        sources = {topic_of(h, cited_titles): h.source for h in reversed(hits)}
        about = f"{state.question}\n{outline.get(position).title}"
        kept[position] = [t for t in ranked[position] if grounded(t, sources.get(t, ""), cited_sources, about)]
        entries[position] = pick_entries(hits, cited=cited, taken=taken, limit=HITS_PER_PART)
    topics = assign_topics(ranked)
    # Kept out of the offer, not out of the ranking: each grounded topic stays under the part the
    # judge is offered it for (ranked among the grounded alone, pg-mvcc's isolation levels went from
    # "Transaction Isolation Levels" to "Querying Data Without Blocking Each Other").
    grounded_topics = {p: [t for t in found if t in kept[p]] for p, found in topics.items()}
    return Uncovered(topics=topics, grounded={p: t for p, t in grounded_topics.items() if t},
                     entries=assign_topics(entries))


def assign_topics(ranked: dict[str, list[str]], limit: int = TOPICS_PER_PART) -> dict[str, list[str]]:
    """Each topic under the one part whose search ranked it highest (``ranked``: position ->
    topics, best first), at most ``limit`` per part. Offered under the first part that found it,
    "Inverters" went under "Solar Panel Efficiency" and its text repeated the inverter part."""
    offers = sorted((rank, order, position, topic) for order, (position, topics) in enumerate(ranked.items())
                    for rank, topic in enumerate(topics))
    given: set[str] = set()
    found: dict[str, list[str]] = {}
    for _, _, position, topic in offers:
        mine = found.setdefault(position, [])
        if topic.casefold() not in given and len(mine) < limit:
            given.add(topic.casefold())
            mine.append(topic)
    return {p: found[p] for p in ranked if found.get(p)}


def topics_view(found: dict[str, list[str]]) -> str:
    """One line per part: ``- for section-2: Topic A; Topic B``. Not "Part title: topic": the
    model copies that pattern into its titles whole."""
    return "\n".join(f"- for {pid}: {'; '.join(topics)}" for pid, topics in found.items())
