"""The five WARP actions (and a helper request's, ``translate``) and their hard-mode checks
(docs/architecture.md, "The protocol").

Checks that need the run's situation (the question's language, the passages shown for this
step, the current outline) read it from pydantic's validation context, an ``ActionContext``.
A reply that fails any check never reaches the report: the protocol layer feeds the error
back to the model and asks again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from warp_report.corpus.passages import is_heading_like
from warp_report.protocol.attribution import UNBACKED_PARAGRAPH, UNBACKED_TAIL, attribute
from warp_report.protocol.glue import Lexicon, word_pairs
from warp_report.protocol.headings import (
    GENERIC_SUBTITLE,
    TITLE_SEPARATORS,
    apart_from_title,
    heading_problem,
    quoted,
    report_title_problem,
    sentence_case,
    shorten_title,
    title_from_question,
    with_question_word,
    without_taken_head,
)
from warp_report.protocol.language import cjk_language, is_cjk_text, language_error
from warp_report.protocol.markers import CITATION, cited_ids
from warp_report.protocol.prose import ABOUT_THE_TASK, INTERNAL_ID
from warp_report.protocol.repair import BROKEN, TITLE_AND_QUESTION, repair_text
from warp_report.protocol.restatement import RESTATED, UNBACKED, UNSOURCED, content_words, share, stems
from warp_report.protocol.translation import translation_error
from warp_report.state.outline import MAX_DEPTH, Node, Outline, OutlineError, depth, parse_id

#: What a written part must keep after repeated sentences are dropped (about 30 words).
MIN_REPAIRED_CHARS = 180
_HEADING = re.compile(r"^\s{0,3}#", re.MULTILINE)
_JOINED_TITLES = re.compile(r",|&|\band\b|/")
#: Why the repair drops a sentence about the task instead of the subject.


@dataclass
class ActionContext:
    """What the checks need to know about the step the reply answers."""

    query: str = ""
    shown_ids: frozenset[str] = frozenset()
    outline: Outline | None = None
    check_language: bool = True
    #: texts of the parts already written (a new part must not repeat one of them)
    written: tuple[str, ...] = ()
    #: title of the part being written (a part must not start by repeating it)
    node_title: str = ""
    #: texts of the passages shown for this step (headings must not copy them)
    passages: tuple[str, ...] = ()
    #: the prompt's instructions (a part must not echo them)
    instructions: str = ""
    #: the plan of the part being written (a sentence must not open by saying it back)
    plan: str = ""
    #: an outline must name what the question or the passages are about (off for the trained model)
    check_subject: bool = True
    #: the prompt's fixed rule lines alone (no plan): five words of them in a row are an echo
    rules: str = ""
    #: no try follows this one: a short but clean part beats a part never written
    last_try: bool = False
    #: the tries are spent: what the repair left of a reply counts however short it is, as long
    #: as it passes every other check (a sentence or two beats a part never written)
    salvage: bool = False
    #: for ``translate`` of report text: the English texts, in order, each translation is checked against
    sources: tuple[str, ...] = ()
    #: why the report is still short ("290 of the 600 words asked"): a judge's nop is refused then
    short: str = ""
    #: shown passages (id -> title and text) to cite each sentence to the one it came from; empty
    #: keeps the model's citations as written (the trained model cites deliberately)
    attribute_to: dict[str, str] = field(default_factory=dict)
    #: topics the judge was offered, per extendable part (they stand in for refused titles)
    offered: dict[str, list[str]] = field(default_factory=dict)
    #: each sentence must say what one shown passage sentence says (an untrained model's text)
    one_source: bool = False
    #: text added to a written part from passages no part cites (``lengthen``): each sentence must
    #: also be about the part or the question (``repair_text``)
    on_part: bool = False
    #: the documents the written parts cite (casefolded passage titles): one of them is no new part
    cited_pages: frozenset[str] = frozenset()


def _ctx(info: ValidationInfo) -> ActionContext:
    ctx = info.context
    if isinstance(ctx, ActionContext):
        return ctx
    return ActionContext()


def _check_language(ctx: ActionContext, text: str) -> None:
    if ctx.check_language and ctx.query:
        err = language_error(ctx.query, text)
        if err:
            raise ValueError(err)


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", CITATION.sub(" ", text).casefold())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0))}


def repeated_share(text: str, earlier: str) -> float:
    """Share of ``text``'s 6-word sequences that already occur in ``earlier``."""
    mine = _shingles(text)
    return len(mine & _shingles(earlier)) / len(mine) if mine else 0.0




class PlanItem(BaseModel):
    title: str
    plan: str

    @field_validator("title", "plan")
    @classmethod
    def _not_blank(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        if info.field_name == "title":
            # "Defining your own levels...": a passage's cut mark, copied; a heading is never cut text.
            value = re.sub(r"\s*(?:\.\.\.|…)$", "", value).strip()
            # "浮点数的表示误差。", "Set the level.": a heading ends without a full stop.
            value = re.sub(r"(?<!\.)[.。]$", "", value).strip()
        if not value:
            raise ValueError("titles and plans must not be empty")
        return value


def _title_key(title: str) -> str:
    """A title as compared with others: "When is SQLite a good choice?" is "When Is SQLite a Good Choice"."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def _title_keys(title: str) -> set[str]:
    """The keys a later title must not repeat: the title's, and its head before a subtitle
    ("Appropriate Uses for SQLite and Client/Server Database Engines" under a part named that
    ": Comparison" is the same heading twice in the report, in four of the benchmark's runs)."""
    head = re.split("|".join(map(re.escape, TITLE_SEPARATORS)), title, maxsplit=1)[0]
    return {_title_key(title), _title_key(head)} - {""}


def _topic(title: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """A title's content words in any order, and its numbers and letters in theirs ("Step 1" and
    "Step 2", "Option A" and "Option B", "Detail 1 of part 2" and "Detail 2 of part 1" are two)."""
    words = content_words(title)
    return (frozenset(words), tuple(re.findall(r"\b(?:\d+|[A-Z])\b", title))) if words else None


def _widens(title: str, topics: set[tuple[frozenset[str], tuple[str, ...]]]) -> bool:
    """Whether ``title`` holds every content word of an earlier title of three or more: "Inverters
    and grid connection in large solar farms" under "How photovoltaic cells work", after part 1's
    "Inverters and grid connection" (README's first command, stop 39), was that part written again.
    Over 659 headings of the benchmark's reports all 13 such titles were one topic twice; two words
    are a topic's rightful subtopic ("Git rebase risks" under "What is git rebase?"). Not for CJK
    script, whose content words are character pairs: a topic's name holds several."""
    if is_cjk_text(title):
        return False
    words = content_words(title)
    return any(len(earlier) >= 3 and earlier < words for earlier, _ in topics)


def _without_repeats(items: list[PlanItem], taken: list[str] = ()) -> list[PlanItem]:  # type: ignore[assignment]
    """``items`` minus any whose title repeats an earlier one (small models repeat themselves).

    The count checks run afterwards, so a plan that is mostly repeats is still refused."""
    seen = {_title_key(t) for t in taken}
    heads = set().union(*(_title_keys(t) for t in taken))
    # "Start Condition Scope" after "Scope of Start Conditions" (flex-start, stop 32): the same words
    # in another order are the same topic, and its two parts were refused as repeats of each other.
    topics = {w for t in taken if (w := _topic(t))}
    kept = []
    for item in items:
        key = _title_key(item.title)
        # "How to Use Logging in Python, Example Configuration": two titles of the outline joined.
        pieces = [_title_key(p) for p in _JOINED_TITLES.split(item.title.casefold()) if _title_key(p)]
        # Either way round: "X" after "X: Y", and "X: Y" after "X".
        repeated = (key in heads or bool(_title_keys(item.title) & seen) or _topic(item.title) in topics
                    or _widens(item.title, topics))
        if not repeated and not (len(pieces) > 1 and all(p in seen for p in pieces)):
            seen.add(key)
            heads |= _title_keys(item.title)
            if topic := _topic(item.title):
                topics.add(topic)
            kept.append(item)
    return kept


def _good_headings(items: list[PlanItem], ctx: ActionContext) -> tuple[list[PlanItem], list[str]]:
    """``items`` with titles cut before a trailing sentence, minus those that are no headings."""
    kept, problems = [], []
    # The outline's plans too: "Setting Up Apache httpd as a Reverse Proxy" under the introduction,
    # cut from the next part's plan ("... how to set up Apache httpd as a reverse proxy ...", ap-proxy
    # at stops 50-52), is that part's topic a second time.
    plans = tuple(n.plan for _, n in ctx.outline.walk() if n.plan) if ctx.outline is not None else ()
    sources = (*ctx.passages, *ctx.written, *plans)
    for item in items:
        problem = heading_problem(item.title, plan=item.plan, sources=sources, question=ctx.query, draft=ctx.written)
        if problem:
            problems.append(problem)
        else:
            kept.append(item)
    return kept, problems


# "For section-1: Datatypes In SQLite": the judge's topic list ("- for section-1: A; B") copied.
_TOPIC_LINE = re.compile(r"^\s*-?\s*for\s+section-\d+(?:\.\d+)*\s*:\s*", re.IGNORECASE)
_PLAN_ID = re.compile(r"\bsection-\d+(?:\.\d+)*", re.IGNORECASE)


def _id_name(nid: str, outline: Outline | None) -> str:
    """A part's id as its title ("section-1" -> '"Logging Basics"'), else "this part"."""
    try:
        return f'"{outline.get(nid.lower()).title}"' if outline is not None else "this part"
    except OutlineError:
        return "this part"


def plan_without_sources(plan: str, title: str, passages: tuple[str, ...]) -> str:
    """``plan`` without the evidence's numbers, and the part's ``title`` where the plan only listed the
    shown documents' titles: "[1] Start Conditions [2] Start Conditions [3] Flex is not matching my
    patterns ..." (flex-start, stop 32) is the evidence block read back, and its writer pasted the
    page titles into its part."""
    bare = re.sub(r"\s+(?=[.,;:!?])", "", " ".join(CITATION.sub(" ", plan).split()))
    if bare == " ".join(plan.split()):
        return plan
    words = content_words(bare)
    # Most words, not all: a title read back is a title reworded ("in the same sequence that I defined them").
    titled = set().union(*(content_words(p.partition("\n")[0]) for p in passages))
    if len(words - titled) * 5 <= len(words):
        return title
    return bare or title


def _own_plans(items: list[PlanItem]) -> None:
    """A plan that says an earlier item's plan again becomes its own title: "Types of solar cells"
    planned with "Section 1 outlines the concept of inverters ...", its sibling's plan copied (README's
    first command, stop 37), searched for inverters and was written about them. A plan of a few words
    ("Cover aspect 2 of the question.") is too short to tell a copy by."""
    seen: list[set[str]] = []
    for item in items:
        mine = content_words(item.plan)
        if len(mine) >= 5 and any(share(mine, other) >= RESTATED for other in seen):
            item.plan = item.title
        else:
            seen.append(mine)


def _checked_items(items: list[PlanItem], ctx: ActionContext, *, what: str, low: int, high: int,
                   taken: list[str] | None = None) -> list[PlanItem]:
    """A plan's items as headings: titles cut to a heading, repeats (of each other or of the
    outline's ``taken`` titles) and non-headings dropped; then between ``low`` and ``high`` remain."""
    # "Storage and costs; Types of solar cells; inverters": the judge's offered topics copied as
    # one title are that many subsections (a heading never lists topics with semicolons).
    items = [PlanItem(title=_TOPIC_LINE.sub("", t), plan=item.plan) for item in items for t in item.title.split(";")
             if _TOPIC_LINE.sub("", t).strip()]
    lexicon = Lexicon.of(ctx.query, *ctx.passages)
    doc_titles = tuple(p.partition("\n")[0] for p in ctx.passages)
    for item in items:  # cut first: "Topic: a sentence" may repeat another "Topic"
        # "Databaseengines": the copy penalty's glue, in a title too.
        # Sentence case after the respelling, which gives a manual's "SUBCOMMANDS" its capitals back.
        item.title = sentence_case(lexicon.respell(lexicon.unglue(shorten_title(without_taken_head(item.title, taken or [])))))
        item.title = with_question_word(item.title, doc_titles)
        # "Extend section-1 with ...": the writer reads the plan and says the id back.
        item.plan = plan_without_sources(_PLAN_ID.sub(lambda m: _id_name(m.group(0), ctx.outline), item.plan),
                                         item.title, ctx.passages)
    distinct = _without_repeats(items, taken or [])
    _own_plans(distinct)
    kept, problems = _good_headings(distinct, ctx)
    if what != "the outline":
        # "1.2 Introduction" (p-strict): a subsection's topic is part of its part's, never the whole.
        generic = [i.title for i in kept if GENERIC_SUBTITLE.match(i.title)]
        kept = [i for i in kept if i.title not in generic]
        problems += [f'the title "{t}" names no topic of its own' for t in generic[:1]]
    repeated = [t.title for t in items if t not in distinct]
    if repeated:
        problems.append(f"titles already in the outline: {', '.join((taken or [])[:4])}" if taken
                        else f'the title "{quoted(repeated[0])}" is repeated')
    if not low <= len(kept) <= high:
        raise ValueError(_count_error(what, low, high, len(kept), problems))
    return kept


def _count_error(what: str, low: int, high: int, n: int, problems: list[str]) -> str:
    why = f" ({'; '.join(problems[:2])})" if problems else ""
    return f"{what} needs {low} to {high} {'sections' if what == 'the outline' else 'subsections'} with distinct, short titles, not {n}{why}"


class SearchAction(BaseModel):
    name: Literal["search"] = "search"
    keywords: list[str]

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        value = [k.strip() for k in value]
        if any(not k for k in value):
            raise ValueError("keywords must not be empty strings")
        if not 1 <= len(value) <= 5:
            raise ValueError(f"give 1 to 5 keywords, not {len(value)}")
        return value


def off_subject(titles: list[str], ctx: ActionContext) -> list[str]:
    """The ``titles`` that share no content word with the question or the shown passages, when
    they are most of the outline's titles (generic ones such as "Introduction" aside): "Tasks",
    "Designs", "Implementation" for "What does git stash do ...?" (a 0.5B's second try, a
    template's outline). One abstract title among topics ("Limitations") is an outline's right."""
    if not ctx.check_subject or not ctx.query or not ctx.passages or is_cjk_text(ctx.query):
        return []
    known = stems(ctx.query).union(*(stems(p) for p in ctx.passages))
    named = [t for t in titles if not GENERIC_SUBTITLE.match(t) and stems(t)]
    off = [t for t in named if not stems(t) & known]
    return off if len(named) >= 2 and len(off) * 2 > len(named) else []


class InitPlanAction(BaseModel):
    name: Literal["init-plan"] = "init-plan"
    title: str = Field(description="the report's title")
    sections: list[PlanItem] = Field(description="the top-level sections only: the outline starts sparse")

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> InitPlanAction:
        self.title = self.title.strip()
        if not self.title:
            raise ValueError("the report title must not be empty")
        ctx = _ctx(info)
        if ctx.query and report_title_problem(self.title, sources=ctx.passages, question=ctx.query):
            # "Task 3: Outline the Report" names the prompt, not the subject; the question does.
            self.title = title_from_question(ctx.query)
        self.sections = _checked_items(self.sections, ctx, what="the outline", low=3, high=12)
        language = cjk_language(self.title) if is_cjk_text(self.title) else ""
        for item, title in zip(self.sections, apart_from_title([s.title for s in self.sections], self.title, language), strict=True):
            item.title = title
        _check_language(ctx, " ".join([self.title, *(f"{s.title} {s.plan}" for s in self.sections)]))
        named = [s.title for s in self.sections if not GENERIC_SUBTITLE.match(s.title)]
        if ctx.check_subject and len(named) < 2:
            # "How do they differ?", "Summary", "Conclusion" (ap-stopping, stop 28): one topic and two
            # wrappers; the report never had a part on any of the four signals the question names.
            generic = [s.title for s in self.sections if s.title not in named]
            raise ValueError(f"the outline names {len(named)} topic (the titles {', '.join(repr(t) for t in generic[:3])} "
                             "name none); give at least two sections on topics the question asks about")
        if off := off_subject([s.title for s in self.sections], ctx):
            raise ValueError(f"the titles {', '.join(repr(t) for t in off[:3])} name nothing the question or the evidence "
                             "is about; name the topics the question asks about")
        return self

    def outline(self) -> Outline:
        """The sparse outline this plan describes: top-level sections, nothing written."""
        return Outline(title=self.title, sections=[Node(title=s.title, plan=s.plan) for s in self.sections])


#: How much of what the repair took out of a written part the trace keeps (sentences, characters each).
DROPPED_KEPT, DROPPED_CHARS = 12, 160


class WriteAction(BaseModel):
    name: Literal["write"] = "write"
    content: str
    # What the repair took out of the reply, and why: kept for the trace (a user can see what a part
    # lost), never part of the action's data or of the report.
    _dropped: list[tuple[str, str]] = PrivateAttr(default_factory=list)
    _restored: list[tuple[str, str]] = PrivateAttr(default_factory=list)

    @property
    def citations(self) -> list[str]:
        return cited_ids(self.content)

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> WriteAction:
        ctx = _ctx(info)
        if ctx.passages:  # first, so that a glued copy of a sentence is seen as a repeat
            lexicon = Lexicon.of(ctx.query, *ctx.passages)
            self.content = lexicon.unglue(self.content, extra=word_pairs(self.content, *ctx.written))
            # The parts already written count for compounds too: one spelling throughout the report.
            self.content = Lexicon.of(ctx.query, *ctx.passages, *ctx.written).unjoin(self.content)
            self.content = lexicon.respell(lexicon.rejoin(self.content))
        repaired = repair_text(self.content, title=ctx.node_title, earlier=ctx.written,
                               sources=_titles(ctx.passages, ctx.outline), passages=ctx.passages,
                               instructions=ctx.instructions, rules=ctx.rules, plan=ctx.plan,
                               # Words tell what a passage backs only in its own language; and the
                               # trained model's parts are left as it wrote them (as its citations).
                               backed_by=(ctx.query, *ctx.attribute_to.values())
                               if ctx.attribute_to and not is_cjk_text(ctx.query) else (),
                               question=ctx.query, one_source=ctx.one_source, on_part=ctx.on_part,
                               subject=ctx.outline.title if ctx.on_part and ctx.outline else "")
        dropped = list(repaired.dropped)
        # Before the gate below: a part cut down by attribution's drops is sent back for more, as one
        # the sentence repair cut down is (node-cluster at stop 41 kept a 168-character part).
        self.content = attribute(repaired.text, ctx.attribute_to, dropped) if ctx.attribute_to else repaired.text
        self._dropped = [(sentence[:DROPPED_CHARS], why) for sentence, why in dropped[:DROPPED_KEPT]]
        self._restored = repaired.restored[:DROPPED_KEPT]
        repeats = [s for s, why in dropped if why == "repeats an earlier part"]
        # A part cut down to a sentence or two by the repair is no part: ask again instead.
        least = MIN_REPAIRED_CHARS // 3 if ctx.query and is_cjk_text(ctx.query) else MIN_REPAIRED_CHARS
        if ctx.last_try:
            least //= 2
        if dropped and len(self.content) < least and not ctx.salvage:
            if any(why == "names an internal id" for _, why in dropped):
                raise ValueError("do not mention internal ids such as section-2.1; refer to topics by name")
            if repeats:
                raise ValueError(f'this text repeats a part that is already written (e.g. "{repeats[0][:120]}"); '
                                 "write new material for this part")
            meta = [s for s, why in dropped if why in ABOUT_THE_TASK]
            if meta:
                # "This question asks about ...", "In this section, we will explore ...": a first part
                # written about the task; told it "repeats itself", a 0.5B wrote the same again.
                raise ValueError(f'state what the passages say about {ctx.node_title or "the topic"} as facts; do not '
                                 f'describe the question, the report or what it will cover (not "{meta[0][:100]}")')
            empty = [s for s, why in dropped if why == TITLE_AND_QUESTION]
            if len(empty) == len(dropped):
                raise ValueError(f'write what the shown passages say about {ctx.node_title or "the topic"}; '
                                 f'"{empty[0][:100]}" only names the topic and the question')
            unbacked = [s for s, why in dropped if why in (UNBACKED, UNSOURCED, UNBACKED_TAIL, UNBACKED_PARAGRAPH)]
            if unbacked:
                raise ValueError(f'write what the shown passages say about {ctx.node_title or "the topic"}; none of '
                                 f'them says "{unbacked[0][:100]}"')
            broken = [why for _, why in dropped if why.startswith(BROKEN)]
            if len(broken) == len(dropped):
                raise ValueError(f'write about {ctx.node_title or "the topic"} in whole, correctly spelt words; '
                                 f'{broken[0].removeprefix(BROKEN).strip(" ()")} is no word')
            # Not quoted: a 0.5B shown the debris it wrote ("Log Files <== you are here}, [16] Log Files")
            # wrote it again, or said the refusal back (ap-proxy, node-modules, stop 38); the reasons are named.
            reasons = ", ".join(dict.fromkeys(why for _, why in dropped[:6]))
            raise ValueError(f"this text is not prose about {ctx.node_title or 'the topic'} ({reasons}); write whole "
                             "sentences in your own words on what the evidence says, each citing its [n]; copy no line "
                             "of the draft, no evidence title, no table row and no code")
        if len(self.content) <= 50 and repeats:
            raise ValueError(f'this text repeats a part that is already written (e.g. "{repeats[0][:120]}"); '
                             "write new material for this part")
        if len(self.content) <= 50:
            raise ValueError(f"the text is too short ({len(self.content)} characters, need more than 50)")
        if _HEADING.search(self.content):
            raise ValueError("do not use '#' headings; the outline already provides them")
        if INTERNAL_ID.search(self.content):
            raise ValueError("do not mention internal ids such as section-2.1; refer to topics by name")
        cites = self.citations
        if not 1 <= len(cites) <= 12:
            raise ValueError(f"cite 1 to 12 of the shown passages as [n], not {len(cites)}")
        unknown = [c for c in cites if c not in ctx.shown_ids]
        if unknown:
            shown = ", ".join(sorted(ctx.shown_ids, key=int)) or "none"
            raise ValueError(
                f"cited ids {', '.join(unknown)} were not shown for this step; cite only shown ids ({shown})"
            )
        for earlier in ctx.written:  # what the sentence repair left must still be new as a whole
            if repeated_share(self.content, earlier) >= 0.5:
                raise ValueError("this text repeats a part that is already written; write new material for this part")
        _check_language(ctx, self.content)
        return self


def page_names(passages: Iterable[str]) -> dict[str, str]:
    """Each document's names, casefolded, to its title's: its title line, and the heading a passage's
    text opens with ("Inverters and grid connection" in inverters.txt; a later chunk's section heading
    names a part of the same document)."""
    names: dict[str, str] = {}
    for p in passages:
        title, _, text = p.partition("\n")
        if not (key := title.strip().casefold()):
            continue
        names[key] = key
        first = text.lstrip().split("\n", 1)[0].strip()
        if first and first != text.strip() and is_heading_like(first):
            names.setdefault(first.casefold(), key)
    return names


def pages_under_page(title: str, subtitles: Iterable[str], passages: Iterable[str]) -> list[str]:
    """The ``subtitles`` that name another document than the one ``title`` names, where it names one:
    README's judge planned "Inside a solar module" and "Types of solar cells", pages of their own,
    as subsections of "Storage and costs" (stop 49), and the report read as if batteries held the cells."""
    names = page_names(passages)
    if (mine := names.get(title.strip().casefold())) is None:
        return []
    return [s for s in subtitles if names.get(s.strip().casefold(), mine) != mine]


def _titles(passages: tuple[str, ...], outline: Outline | None) -> tuple[str, ...]:
    """Titles the model saw: the shown passages' (each passage text starts with its title line,
    and its text may start with a heading: "Inverters and grid connection" in inverters.txt)
    and the draft's parts'; longest first."""
    found = set()
    for p in passages:
        title, _, text = p.partition("\n")
        first = text.lstrip().split("\n", 1)[0].strip()
        found |= {title.strip(), first} if first and first != text.strip() and is_heading_like(first) else {title.strip()}
    found |= {n.title.strip() for _, n in outline.walk()} if outline is not None else set()
    return tuple(sorted(found - {""}, key=lambda t: (-len(t), t)))


def _completed(item: PlanItem, offered: dict[str, list[str]]) -> PlanItem:
    """``item`` with a title cut off inside a word completed from the offered topic it begins: "Exported
    environment v" -> "Exported Environment Variables" (ap-proxy, stop 61: the judge's reply ended inside
    its last title, and the heading stood cut). A plan that was the cut title becomes the topic too."""
    cut = item.title.strip()
    for topic in (t for topics in offered.values() for t in topics):
        if cut and len(topic) > len(cut) and topic.casefold().startswith(cut.casefold()) and topic[len(cut)].isalnum():
            return PlanItem(title=topic, plan=topic if item.plan.strip() == cut else item.plan)
    return item


#: top-level parts an outline may grow to when an extension's pages become parts of their own
MAX_TOP_PARTS = 12


def new_pages(titles: Iterable[str], passages: Iterable[str], cited: frozenset[str]) -> list[str]:
    """The ``titles`` that name a document no written part cites (``cited``: casefolded titles)."""
    names = page_names(passages)
    return [t for t in titles if (page := names.get(t.strip().casefold())) is not None and page not in cited]


class ExtendPlanAction(BaseModel):
    name: Literal["extend-plan"] = "extend-plan"
    position: str
    subsections: list[PlanItem]
    #: the subsections are new top-level parts, not ``position``'s (``as_parts``)
    _parts: bool = PrivateAttr(default=False)

    @property
    def as_parts(self) -> bool:
        return self._parts

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> ExtendPlanAction:
        ctx = _ctx(info)
        self.position = self.position.strip()
        try:
            parse_id(self.position)
        except OutlineError as exc:
            raise ValueError(str(exc)) from None
        if depth(self.position) > MAX_DEPTH - 1:
            raise ValueError("the position may be at most section-x.y (the report has at most three levels)")
        # The report's own title too: a subsection named like the whole report says it all again.
        taken = [ctx.outline.title, *(n.title for _, n in ctx.outline.walk())] if ctx.outline is not None else []
        self.subsections = [_completed(item, ctx.offered) for item in self.subsections]
        try:
            self.subsections = _checked_items(self.subsections, ctx, what="the extension", low=2, high=7, taken=taken)
        except ValueError:
            # Only topics in the report's language: a Chinese report's English topics were offered
            # for the judge to translate, and would be refused as they are.
            offered = [t for t in ctx.offered.get(self.position, []) if language_error(ctx.query, t) is None]
            if len(offered) < 2:
                raise
            # The judge chose the part to extend, but a 0.5B's titles are the draft's own or a draft
            # sentence; the topics it was offered for that part (headings of passages no part
            # cites) stand in, as a repaired text keeps what was good in a reply.
            # The plan is the topic: "What the documents say about X" came back as prose.
            self.subsections = _checked_items([PlanItem(title=t, plan=shorten_title(t)) for t in offered], ctx,
                                              what="the extension", low=2, high=7, taken=taken)
        offered_titles = {t.casefold() for topics in ctx.offered.values() for t in topics}
        for item in self.subsections:
            if item.title.casefold() in offered_titles and not content_words(item.title) & content_words(item.plan):
                # An offered topic copied as the title, with a plan about something else ("Storage
                # and costs": "Inverters are crucial for solar panels ..."): the part is written to
                # its plan, so the topic is the plan.
                item.plan = item.title
        if ctx.outline is not None:
            try:
                node = ctx.outline.get(self.position)
            except OutlineError as exc:
                raise ValueError(str(exc)) from None
            if node.subsections:
                raise ValueError(f"{self.position} already has subsections; it cannot be extended again")
            # A section may take other pages: where every part is named after one (README's three), they are
            # the only topics left to extend with. A subsection so named is one page's topic.
            if "." in self.position and (
                    stray := pages_under_page(node.title, [s.title for s in self.subsections], ctx.passages)):
                self._rehome(stray, node.title, ctx)
        _check_language(ctx, " ".join(f"{s.title} {s.plan}" for s in self.subsections))
        return self

    def _rehome(self, stray: list[str], title: str, ctx: ActionContext) -> None:
        """Subsections that name other documents than the subsection ``title`` names: with two of its own
        topics left, those stay and the others go; else the documents no part cites become parts of
        their own. README's judge put "Inverters and grid connection" and "Storage and costs" under
        "Types of solar cells" (stop 61); refused, its next try was two subsections named after their
        parent, with garbled text ("Monocrystalline, thin-film, and photovoltaic cells, theirÜ")."""
        own = [s for s in self.subsections if s.title not in stray]
        if len(own) >= 2:
            self.subsections = own
            return
        room = MAX_TOP_PARTS - len(ctx.outline.sections) if ctx.outline is not None else 0
        pages = new_pages(stray, ctx.passages, ctx.cited_pages)[:room]
        if not pages:
            raise ValueError(f"'{stray[0]}' is a document of its own, not part of '{title}': give "
                             f"{self.position} subsections on its own topic, or extend another part")
        self.subsections = [self._named_for_page(s, ctx) for s in self.subsections if s.title in pages]
        self._parts = True

    @staticmethod
    def _named_for_page(item: PlanItem, ctx: ActionContext) -> PlanItem:
        """A page's section heading that names nothing of the question stands, as a part of its own,
        under its document's title: "Observations" was part 4 of ap-vhosts (stop 62), a heading of "An
        In-Depth Discussion of Virtual Host Matching". Under a part named after its page, the heading
        had that page's title above it; its plan keeps what the part is to say."""
        if is_cjk_text(ctx.query) or stems(item.title) & stems(ctx.query):
            return item
        page = page_names(ctx.passages).get(item.title.strip().casefold())
        written = next((t for p in ctx.passages if (t := p.partition("\n")[0].strip()).casefold() == page), "")
        taken = {n.title.strip().casefold() for _, n in ctx.outline.walk()} if ctx.outline is not None else set()
        if not written or written.casefold() in taken | {item.title.strip().casefold()} or len(written.split()) > 12:
            return item
        return PlanItem(title=written, plan=item.plan if item.plan.strip() != item.title.strip() else item.title)


class TranslateAction(BaseModel):
    """Headings translated into the question's language, in the order asked (not a WARP
    action: the judge of a report in Chinese over English documents is offered topics it can
    use as they are)."""

    name: Literal["translate"] = "translate"
    titles: list[str]

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> TranslateAction:
        ctx = _ctx(info)
        self.titles = [" ".join(t.split()) for t in self.titles]
        if not self.titles or any(not t for t in self.titles):
            raise ValueError("give one translated title per heading")
        _check_language(ctx, " ".join(self.titles))
        for n, (source, title) in enumerate(zip(ctx.sources, self.titles, strict=False), 1):
            error = translation_error(source, title)
            if error:
                raise ValueError(f"t{n}: {error}")
        return self


class NopAction(BaseModel):
    name: Literal["nop"] = "nop"

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> NopAction:
        ctx = _ctx(info)
        # A small model stops at once; a report short of its length needs the extension. On the
        # last try a nop stands: the report is complete either way.
        if ctx.short and not ctx.last_try:
            raise ValueError(f"the report is still short ({ctx.short}): choose the part most in need of depth "
                             "and give it 2 to 7 subsections with new titles")
        return self


Action = Annotated[
    Union[SearchAction, InitPlanAction, WriteAction, ExtendPlanAction, NopAction, TranslateAction],
    Field(discriminator="name"),
]

ACTION_TYPES: dict[str, type[BaseModel]] = {
    "search": SearchAction,
    "init-plan": InitPlanAction,
    "write": WriteAction,
    "extend-plan": ExtendPlanAction,
    "nop": NopAction,
}
