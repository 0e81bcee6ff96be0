"""Checks and repairs for the headings a small model proposes: length, copied text, plans,
slot names, numbering, a report title that names the task."""

from __future__ import annotations

import re

from warp_report.protocol.markers import CJK, SELF_GLOSS
from warp_report.protocol.repair import HAS_WORD, sentence_starts, shingles, word_count, words

# "这是因为二进制浮点符号中存在一个" ("this is because ..."): a sentence's opening, never a heading.
_CJK_SENTENCE = re.compile(r"^\s*(?:这是|这些|那是|因为|所以|但是|然而|例如|比如|此外|如果|虽然|因此)")
# "Example Typenames From The": a heading cut before its last word.
#: words a title cannot end on ("... From The"): what stays of a title cut before its object
DANGLING_END = frozenset({"the", "a", "an", "of", "from", "and", "or", "to", "with", "for", "in", "on", "by", "at",
                          # "Disadvantages include": a sentence's subject and verb, cut before what it says.
                          "include", "includes", "including", "is", "are", "was", "were", "as", "than", "into",
                          "that", "which"})
# "Author: Kenneth Reitz": a page's byline, not a topic.
_BYLINE_TITLE = re.compile(r"^\s*(?:authors?|release|date|version|copyright|maintainer)\s*:", re.I)
_LABEL_END = re.compile(r"[:：]\s*$")
# 'ProxyPass "/images/" "balancer://myset/"' (ap-proxy, stop 28): a configuration line, not a topic.
# "Flag| String| Description" (ap-proxy, stop 28): a table's header row, its cells as html2text joins them.
# "// Prints: 1" (node-events, stop 35): a code sample's comment, or its output, made a title.
# "SELECT *" (pg-indexes, stop 37): a bare asterisk is a query's or a glob's, never a topic's.
# "console.log(data.toString())", "grep.stderr.on('data', ...)" (node-child, stop 44): a call with its
# arguments, the whole title, is a line of a code sample; a function's name ("child_process.fork()") is a topic.
_CODE_TITLE = re.compile(r"://|[\"'“][/.~]|\||^\s*(?://|/\*|<!--|>>>|\$\s|#\s)|\bprints?:\s|(?:^|\s)\*(?:\s|$)"
                         r"|^\s*`?[\w$]+(?:\.[\w$]+)*\(\s*[^)\s][^\n]*\)`?;?\s*$", re.I)
# "Event: 'setup'", "Class: NodeEventTarget", "事件：消息" (node-cluster, stop 29): an API page's entry
# label, one event or class the page documents, not the report's topic.
_API_ENTRY = re.compile(r"^\s*(?:event|class|(?:static )?method|property|interface|事件|类|方法|属性)\s*[:：]", re.I)
# Latin letters outside ASCII ("é", "Ü", "ł"): a title may use one that the question or a shown text writes.
_ACCENTED = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_PLAN_PHRASES = re.compile(r"\b(?:the report|this (?:section|part)|will (?:cover|discuss|explain|describe))\b", re.I)


def quoted(title: str, most: int = 60) -> str:
    """``title`` as a refusal quotes it: whole words only. Cut mid-word ("... project-specific features,
    userFrie"), the quote came back in the model's next title (mk-deploy, stop 33)."""
    if len(title) <= most:
        return title
    cut = title[:most]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:-–—")


def heading_problem(title: str, *, plan: str = "", sources: tuple[str, ...] = (), max_words: int = 12,
                    question: str = "", draft: tuple[str, ...] = ()) -> str | None:
    """Why ``title`` is not a heading (too long, a sentence, copied text), or None.

    Words the title shares with the ``question`` are the subject's own name, not copied text.
    ``draft``: the parts written so far, whose sentences' first words are no title either."""
    w = words(title)
    cjk = sum(1 for x in w if CJK.match(x))
    size = word_count(title)
    if size > max_words:
        return f'the title "{quoted(title)}" has {size} words; use at most {max_words}'
    if _PLAN_PHRASES.search(title):
        return f'the title "{quoted(title)}" reads like a plan; give a short topic name'
    # "photons w/" (README's first command at a7fd5f1): "with" written short, and nothing after it.
    if w and w[-1] in DANGLING_END and len(w) > 1 or "..." in title or "…" in title or title.rstrip().endswith("/"):
        return f'the title "{quoted(title)}" is cut off; give a short topic name'
    if len(w) > 1 and not cjk and _cut_word(w[-2], w[-1], (question, *sources, *draft), plan):
        return f'the title "{quoted(title)}" is cut off inside a word; give a short topic name'
    if _LAST_LETTER.search(title):
        # "Exported environment v" (ap-proxy's judge, stop 63; no source showed the word it began): a lone
        # lowercase letter last is what is left of a word.
        return f'the title "{quoted(title)}" is cut off; give a short topic name'
    if sources and (stray := _stray_letter(title, (question, plan, *sources, *draft))):
        # "Monocrystalline, thin-film, and photovoltaic cells, theirÜ" (README's first command, stop 61):
        # the sampler's debris, in a report over English pages on an English question.
        return f'the title "{quoted(title)}" has a stray character "{stray}"; give a short topic name'
    if _API_ENTRY.match(title):
        return f'the title "{quoted(title)}" is the entry of one API page; name the topic in a few words'
    if SELF_GLOSS.search(title):
        return f'the title "{quoted(title)}" repeats a term inside its own gloss; give a short topic name'
    if _CODE_TITLE.search(title):
        return f'the title "{quoted(title)}" is a line of configuration, code or a table; give a short topic name'
    if _TWO_SENTENCES.search(title):
        # "Why Use Git Rebase? It enables developers to integrate changes from another" (git-rebase-merge, stop 36)
        return f'the title "{quoted(title)}" runs into a sentence; give a short topic name'
    if _ABOUT_THE_REPORT.search(title):
        return f'the title "{quoted(title)}" is about the report, not its subject; name a topic the evidence describes'
    if _CJK_SENTENCE.match(title):
        return f'the title "{quoted(title)}" starts like a sentence; give a short topic name'
    if _NO_TOPIC.match(title) or _SAID_TWICE.match(title) or not HAS_WORD.search(title) or _BYLINE_TITLE.match(title) or _LABEL_END.search(title):
        # "{5}, {": debris; "状态:", "Available Languages:" (ap-mpm, stop 28): a passage's row label.
        return f'the title "{quoted(title)}" names no topic; give a short topic name'
    if _NUMBERED_PLACE.search(title):
        return f'the title "{quoted(title)}" is about the report, not its subject; name a topic the evidence describes'
    if cjk == len(w) == 1:
        # "真": "True" (a line of code output) translated; one character names nothing.
        return f'the title "{quoted(title)}" names no topic; give a short topic name'
    start = 8 if cjk > len(w) // 2 else 4  # eight CJK characters: about four words
    if len(w) >= start and tuple(w[:start]) in sentence_starts(draft, start) - shingles(question, start):
        # "The venv module is used to create Python", "To activate a virtual": a judge's title
        # cut from the start of a draft sentence, shorter than the six-word copy test below.
        # (Four CJK characters were too few: "浮点数的" starts many a good title.)
        return f'the title "{quoted(title)}" is the start of a sentence of the draft; name the topic in a few words'
    # Six words in a row (ten CJK characters) from a passage, its title or the plan: a document's
    # own section heading ("File Locking And Concurrency In SQLite Version 3") is not the report's.
    n = 10 if cjk > len(w) // 2 else 6
    if len(w) >= n:
        mine = shingles(title, n) - (shingles(question, n) if question else set())
        for s in (plan, *sources):
            if s and mine & shingles(s, n):
                return f'the title "{quoted(title)}" copies text from the evidence or plan; name the topic in a few words'
    return None


def _stray_letter(title: str, texts: tuple[str, ...]) -> str | None:
    """A letter with a diacritic in ``title`` that none of ``texts`` writes, or None."""
    return next((c for c in _ACCENTED.findall(title) if not any(c in t for t in texts)), None)


#: the longest word end ``_cut_word`` reads as a word cut short
_CUT_LETTERS = 2


def _cut_word(before: str, last: str, texts: tuple[str, ...], plan: str = "") -> bool:
    """Whether a title's ``last`` word is the start of a longer one the ``texts`` write after
    ``before``, and no word of theirs: "Node.js's EventEmitter call the li" ("... call the
    listeners ...", the question's), "Which means that an 'error' event i" (node-events' judge, stop
    44, copying the draft until its title field ended). The ``plan`` of the same reply may show the
    longer word, but its own copy of the cut title vouches for nothing: "Exported Environment V",
    planned as "Exported Environment V" (ap-proxy, stop 59; the passage's "Exported Environment
    Variables")."""
    if len(last) > _CUT_LETTERS or not last.isalpha():
        return False
    run = re.compile(rf"\b{re.escape(before)}\W+{re.escape(last)}(\w?)", re.I)
    found = [m.group(1) for t in texts if t for m in run.finditer(t)]
    found += [m.group(1) for m in run.finditer(plan) if m.group(1)]
    return bool(found) and all(found)


# A lone lowercase letter after a word, last in a title ("Exported environment v"); a capital one may be a name ("Plan B").
_LAST_LETTER = re.compile(r"\w\s+[a-z]\s*$")

# "Method: Method" (node-cluster, stop 37): a label said again as its own topic.
_SAID_TWICE = re.compile(r"^\s*(.+?)\s*[:：]\s*\1\s*$", re.I)
# A question or a sentence's stop with words after it: the title goes on as prose.
_TWO_SENTENCES = re.compile(r"[?!？！]\s*\w|(?<![A-Z0-9])\.\s+[A-Za-z]{2,}\s")
# "Top-level sections", "What are the top-level sections of this report?" (git-reset-revert and
# git-stash at stop 35): the planning prompt's words made a part's title.
# "Photovoltaic Cells, Part 3", "Effectiveness of ..., Part 2.1: Types" (README's first command, stop 50):
# a numbered place in the report added to a topic ("Part 1 of the question" is a plan's slot name, and
# "Section 2.1" alone names no topic).
_NUMBERED_PLACE = re.compile(r"\w.*(?:,\s*(?:part|section|chapter)\s+\d|\b(?:part|section|chapter)\s+\d+\.\d)", re.I)
_ABOUT_THE_REPORT = re.compile(r"\btop[- ]level\s+(?:sections?|parts?|headings?)\b|\b(?:this|the|our)\s+(?:report|outline)\b"
                               r"|本报告|该报告|这份报告|顶级章节|一级章节", re.I)
# "Subsection", "Section 2", "Part B", "New subsection": a slot, not a topic.
# "Warning", "Note", "See also": a documentation admonition's label, not a topic either.
# "References", "Further reading": the report's own back matter, which finalize writes (a judge
# named a "References" subsection and the 0.5B filled it with restated sentences).
# "Subsection Title 1" (an extension's three subsections, pg-vacuum at stop 27), "子章节标题1" too.
_SLOT = r"(?:sub)?(?:section|part|chapter|heading|title)s?"
# "扩展部分 2", "Extension 3" (an extension's subsections, flex-yacc-zh at stop 32): a slot too.
_NO_TOPIC = re.compile(rf"^\s*(?:(?:new |another |extension |extended |additional |extra )?{_SLOT}(?:\s+{_SLOT})*(?:\s+[\w.]{{1,4}})?"
                       r"|extensions?\s+\d[\d.]{0,3}"
                       # "Task Plan" (mk-theme, stop 33): the prompt's task named, not the subject.
                       r"|task\s*(?:plan|outline|\d{1,2})?|plan|outline"
                       # "Extensions Made So Far" (pg-indexes, stop 37): the judge prompt's own labels.
                       r"|extensions?(?:\s+made)?\s+so\s+far|(?:the\s+)?whole\s+draft|draft"
                       r"|parts?\s+(?:that\s+)?may\s+get\s+subsections|topics?\s+in\s+the\s+documents.*"
                       r"|(?:新的?|另一个|扩展|拓展|延伸|补充)?[子小]?(?:章节|小节|节|部分|标题|题目)(?:标题|题目)?\s*[\dA-Za-z一二三四五六七八九十]{0,3}"
                       r"|warnings?|notes?|tips?|see also|important|caution|hint|attention|danger|todo|deprecated"
                       # "Example" (node-child, stop 35): a page's label for its code sample
                       r"|examples?|an example|示例|例子"
                       # "The first one", "Method" (node-cluster, stop 37: an extension's two subsections under
                       # "Cluster Methods"): a pointer at a sibling, a bare kind word; neither says which.
                       r"|(?:the\s+)?(?:first|second|third|last|other|next|former|latter|same)(?:\s+ones?)?"
                       r"|(?:the\s+)?(?:methods?|approach(?:es)?|ways?|steps?|process(?:es)?|details?|things?|aspects?|items?|points?)"
                       r"|references?|bibliography|sources|citations|works cited|further reading|external links"
                       r"|参考文献|参考资料|引用)\s*$", re.I)
#: Titles that name a part's place in a report, not its subject: the base of the three lists of
#: generic titles (a subsection's, a report's, a page heading offered as a topic), each of which
#: adds words the others must keep ("report" is a fine subsection title, "contents" no topic).
GENERIC_WORDS = r"introduction|overview|summary|conclusions?|background|概述|简介|总结|结论|背景|引言"
#: a subsection title that names no topic of its own ("1.2 Introduction" under a written part)
GENERIC_SUBTITLE = re.compile(rf"^\s*(?:{GENERIC_WORDS})\s*$", re.I)
# A report title that names the prompt's task ("Task 3: Outline the Report", "Report Outline").
_TASK_TITLE = re.compile(
    rf"^\s*(?:{GENERIC_WORDS}|report|untitled)\s*$"
    r"|^\s*(?:task|step|answer|reply|response)\b|^\s*(?:a |the )?plan (?:for|of)\b|\b(?:outline|plan)(?:ning)? (?:of |for )?(?:the |this |a )?report\b"
    r"|^\s*(?:report )?(?:outline|title|plan)\s*$|\breport (?:title|outline|plan)\b", re.I)


def report_title_problem(title: str, sources: tuple[str, ...] = (), question: str = "") -> str | None:
    """Why ``title`` cannot be the report's title, or None. ``sources``: the passages shown, whose
    document titles are no report title ("File Locking And Concurrency In SQLite Version 3" for a
    question on atomic commit names one page, not the report)."""
    if _TASK_TITLE.search(title):
        return f'the title "{quoted(title)}" names the task, not the subject'
    return heading_problem(title, max_words=16, sources=sources, question=question)


# Where a question's first ask ends: "..., and how should an application ...", "？", ";".
_NEXT_ASK = re.compile(r",?\s+and\s+(?=(?:how|what|why|when|which|where|who|whether|is|are|does|do|can|should)\b)"
                       r"|,\s+(?=(?:how|what|why|when|which|where)\b)|[?？;；]", re.I)


_PHRASE_START = frozenset({"using", "with", "by", "via", "through", "when", "while", "for", "in", "on", "under",
                           "across", "from", "into", "without", "after", "before", "during", "because", "so"})


def title_from_question(question: str) -> str:
    """The question's first ask as a title: one line, without its question mark, at most 16
    words. The whole of a two-part question was a 25-word report title."""
    return _as_title(_NEXT_ASK.split(" ".join(question.split()), maxsplit=1)[0])


def question_asks(question: str) -> list[str]:
    """Each ask of the question as a title ("What does git stash do", "How are stashed changes
    listed, restored and dropped"), in order, without repeats."""
    asks = [_as_title(a) for a in _NEXT_ASK.split(" ".join(question.split())) if a and words(a)]
    asks = [a[:1].upper() + a[1:] for a in asks if a != "Report"]
    return list(dict.fromkeys(asks))


# An ask ending in a series of single words: "How are stashed changes listed, restored and dropped".
_SERIES = re.compile(r"^(?P<head>.*?\S)\s+(?P<items>[A-Za-z][\w-]*(?:,\s+[A-Za-z][\w-]*)*,?\s+(?:and|or)\s+[A-Za-z][\w-]*)$")


def split_series(ask: str) -> list[str]:
    """An ask that ends in a series, one title per item ("How are stashed changes listed",
    "... restored", "... dropped"); the ask alone when it does not, or when an item is a word
    of the head's kind that joins, not names ("between A and B")."""
    found = _SERIES.match(ask)
    if not found or found["head"].split()[-1].casefold() in ("between", "of", "both", "either"):
        return [ask]
    items = re.split(r",?\s+(?:and|or)\s+|,\s+", found["items"])
    return [f"{found['head']} {item}" for item in items]


def _as_title(head: str) -> str:
    w = head.split()
    if len(w) > 16:
        # Cut before the last phrase that starts within the limit, not in its middle ("... power
        # failures using its rollback" was an 18-word question's title).
        starts = [i for i in range(6, 17) if w[i].casefold() in _PHRASE_START]
        w = w[:starts[-1]] if starts else w[:16]
    while len(w) > 1 and w[-1].casefold().strip(",") in DANGLING_END:
        w.pop()
    return " ".join(w).rstrip("?？ ,") or "Report"


# "4. ", "2.1 ", "IV. ", "Chapter 3: ", "Part 2 - ", "第三章 ": a document's numbering, not a heading.
_NUMBERING = re.compile(
    # "Subsection 4: Rebasing merges" (git-reset-revert, stop 37): the extension's slot named before its topic.
    r"^\s*(?:(?:chapter|(?:sub)?section|part|step)\s+(?:\d{1,2}|[ivxlc]+)\s*[:.\-–—]\s*|\d{1,2}(?:\.\d+)*[.):]?\s+|[ivxlc]+[.)]\s+"
    r"|第[一二三四五六七八九十\d]+[章节部分步]\s*[:：、]?\s*|[一二三四五六七八九十]+[、.．]\s*)"
    r"(?=[^\W\d_]|`)", re.I)  # numbering only when words (or a name in code) follow: "0.1 + 0.2 = 0.3" is a title of its own


# What joins a topic to more words in a small model's title: "Topic: ...", "Topic - ...".
TITLE_SEPARATORS = (": ", " - ", " – ", " — ", "：")


def without_taken_head(title: str, taken: list[str]) -> str:
    """"Existing Title: New Topic" -> "New Topic": a small model puts the part it extends
    before each new title. Cut only when what follows reads as a title (short, starting with a
    capital, no full stop), not as a sentence about the part ("...: the module keeps cells safe")."""
    for sep in TITLE_SEPARATORS:
        head, found, tail = title.partition(sep)
        tail = tail.strip()
        if found and tail and not tail[0].islower() and word_count(tail) <= 8 and not tail.endswith(".") and any(
                head.strip().casefold() == t.strip().casefold() for t in taken):
            return tail
    return title


# "MERGE STRATEGIES", "Sequencer SUBCOMMANDS": a manual page's section name in capitals (or the
# model's half-copy of one); a report's heading is in sentence case.
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}[A-Z0-9]*\b")


def sentence_case(title: str) -> str:
    """``title`` in sentence case when its longest word (five letters at least) is in capitals
    and so is every word after the first: one short capitalised word is an acronym ("WAL mode")."""
    w = re.findall(r"[A-Za-z][\w'-]*", title)
    caps = _CAPS_WORD.findall(title)
    longest = max(w, key=len, default="")
    if len(w) < 2 or len(longest) < 5 or longest not in caps or not all(x in caps for x in w[1:]):
        return title
    # A word with a digit is a name ("UTF-8"), as it was written.
    low = re.sub(r"[A-Za-z][\w'-]*", lambda m: m.group(0) if any(c.isdigit() for c in m.group(0)) else m.group(0).lower(), title)
    return low[:1].upper() + low[1:]


_UNCLOSED = re.compile(r"\s*[(\[（][^)\]）]*$")


def shorten_title(title: str) -> str:
    """A title without leading numbering, cut before a colon or dash that starts a sentence
    ("Topic: The topic is ..."), in sentence case if it was in capitals."""
    title = sentence_case(_NUMBERING.sub("", title, count=1) or title)
    # "Making a Base Backup with Continuous Archiving (also c": a title the grammar's bound cut
    # inside a passage's parenthesis (pg-backup, stop 27); the words before it are the topic.
    if (m := _UNCLOSED.search(title)) and words(title[: m.start()]):
        title = title[: m.start()].rstrip(" ,;:-–—")
    for sep in (*TITLE_SEPARATORS, ":"):
        head, found, tail = title.partition(sep)
        if found and len(words(head)) >= 1 and len(words(tail)) >= 5:
            return head.strip()
    return title.strip()


_QUESTION_WORD = re.compile(r"^(?:how|why|what|when|where|which)\s+(.+)$", re.I)


def with_question_word(title: str, doc_titles: tuple[str, ...]) -> str:
    """A shown document's title whose question word the model left out ("Photovoltaic cells work" from
    "How photovoltaic cells work", README's first command at stop 33; the part's first sentence then
    began "Photovoltaic cells work are ..."): that title whole, in sentence case."""
    key = " ".join(words(title))
    for doc in doc_titles:
        if (m := _QUESTION_WORD.match(doc.strip())) and " ".join(words(m.group(1))) == key:
            return sentence_case(doc.strip())
    return title


# A part named as the whole report ("When Is SQLite a Good Choice for an Application" under the
# report of that name; "浮点数的表示误差和精确分析" after the parts "浮点数的表示误差" and
# "浮点数的精确分析"): 20 of 90 benchmark reports had one. Such a part holds an overview when it
# comes first and a summary anywhere else; its heading says which instead of the title again.
_OVERVIEW_SUMMARY = {"Chinese": ("概述", "总结"), "Japanese": ("概要", "まとめ"), "Korean": ("개요", "요약")}
_TITLE_NOISE = re.compile(r"[\s\W_]+")


def apart_from_title(titles: list[str], report_title: str, language: str = "") -> list[str]:
    """``titles`` with any that repeat ``report_title`` (case, spacing and punctuation aside)
    named "Overview" when first and "Summary" otherwise (in ``language``, a CJK language's name
    such as "Chinese", when given)."""
    def key(text: str) -> str:
        return _TITLE_NOISE.sub("", text).casefold()

    overview, summary = _OVERVIEW_SUMMARY.get(language.split(" ")[0], ("Overview", "Summary"))
    taken = {key(t) for t in titles}
    out = []
    for i, title in enumerate(titles):
        name = overview if i == 0 else summary
        out.append(name if key(title) == key(report_title) and key(name) not in taken else title)
        taken.add(key(out[-1]))
    return out
