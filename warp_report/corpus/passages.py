"""Passages as a small model should see them: no heading-only pieces, cut at sentence ends,
no second copy of a page.

A 0.5B model copies what it is shown: a passage that is only a title, a passage cut
mid-sentence with "...", or the same page twice (ingested as HTML and as reST) all end up in
its report. ``merge_heading_chunks`` runs at ingest after splitting, ``cut_at_sentence`` when a
passage is shown, ``keep_distinct`` when a step's evidence is chosen. Chinese: sentence ends
。！？, no word splitting, character shingles.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana and CJK ideographs

# --------------------------------------------------------------------------- heading-only chunks

# A line ending like this is prose (or introduces a list), not a title.
_NOT_TITLE_END = re.compile(r"[.!?。！？:;,，：；]['\"”’)\]」』）]*$")
_LIST_ITEM = re.compile(r"^(?:[-*+•]|\d+[.)])\s")


def is_heading_like(text: str) -> bool:
    """A heading, a signature or a label: at most three short lines, none ending or
    introducing a sentence, none a list item or indented (code)."""
    lines = [line.rstrip() for line in text.strip("\n").split("\n") if line.strip()]
    return (
        0 < len(lines) <= 3
        and sum(map(len, lines)) <= 200
        and all(
            len(line) <= 100 and not line[0].isspace() and not _NOT_TITLE_END.search(line)
            and not _LIST_ITEM.match(line)
            for line in lines
        )
    )


def merge_heading_chunks(chunks: Sequence[tuple[str, T]]) -> list[tuple[str, T]]:
    """Chunks with no heading-only piece: a chunk that is only a heading joins the chunk after
    it (keeping its own metadata, since the text now starts there); a heading left at the end
    of a chunk moves to the next chunk, which the splitter's overlap often already starts with.
    A last chunk that is only a heading is dropped: it heads nothing (a Sphinx index page whose
    table of contents was removed leaves only its title, and ingest then skips it as empty)."""
    out: list[tuple[str, T]] = []
    carry: tuple[str, T] | None = None
    items = [(text.strip(), meta) for text, meta in chunks if text.strip()]
    for n, (text, meta) in enumerate(items):
        last = n == len(items) - 1
        if carry is not None:
            if not text.startswith(carry[0] + "\n"):  # the splitter's overlap may have kept it
                text = f"{carry[0]}\n{text}"
            meta, carry = carry[1], None
        if is_heading_like(text) and not last:
            carry = (text, meta)
            continue
        head, sep, tail = text.rpartition("\n\n")
        if sep and not last and is_heading_like(tail) and not is_heading_like(head):
            text, carry = head.rstrip(), (tail.strip(), items[n + 1][1])
        if last and is_heading_like(text):
            continue
        out.append((text, meta))
    return out


# --------------------------------------------------------------------------- heading lines

_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d+)*\.?|[IVX]+\.)\s+\S")
_CJK_LINE = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\s\d.、：:（）()]{2,30}$")


def is_heading_line(line: str, title: str = "") -> bool:
    """A line that is a heading: numbered, Title Case, short CJK, or the document's title."""
    s = line.strip()
    number = _NUMBERED.match(s)
    if number and len(s) <= 100 and not _NOT_TITLE_END.search(s) and _title_case(s[number.end() - 1:]):
        # "5. Extended Result Code List": one number looks like a list item's, Title Case says heading.
        return True
    if not is_heading_like(line):
        return False
    if s.casefold() == title.strip().casefold() or number or _CJK_LINE.match(s):
        return True
    # Title Case ("Appropriate Uses For SQLite"), not the first line of a wrapped paragraph.
    return _title_case(s)


def _title_case(s: str) -> bool:
    long_words = [w for w in s.split() if len(w) >= 4 and w[0].isalpha()]
    return 0 < len(s.split()) <= 10 and bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6


def drop_heading_lines(text: str, title: str = "") -> str:
    """``text`` without the heading lines that open its paragraphs ("2.1. Checkpointing",
    "Appropriate Uses For SQLite"). Ingest keeps them, on a line of their own, with the text
    they head; shown to a small model with the lines joined they read as its first sentence,
    and it pastes them ("2.1. Checkpointing Of course, one wants ...")."""
    out: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        opens = i == 0 or not lines[i - 1].strip() or (out == [] and i > 0)
        if opens and line.strip() and is_heading_line(line, title):
            continue
        out.append(line)
    return "\n".join(out).strip() or text.strip()


_INDENTED = re.compile(r"^(?: {4,}|\t)\S")
_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s")
_CODE_OPENER = re.compile(r"^\s*(?:#|//|/\*|\$ |>>> |% |--|\.\.\.)")  # "... etc ..." elides code
_CLOSERS = "['\"”’)\\]»]*"  # quotes and brackets that may follow a sentence's stop
_PROSE_END = re.compile(rf"[.!?]{_CLOSERS}$")
_STATEMENT_END = re.compile(r"[;{}]$")  # "(void) sscanf( yytext + 1, "%o", &result );"
_COMMENT_LINE = re.compile(r"^\s+\*(?:\s|$)")


def _is_code_line(line: str) -> bool:
    """An indented line that is no list item and no sentence: a code block's line (Markdown,
    html2text and reST indent them). An indented sentence (a definition's text) stays."""
    if not _INDENTED.match(line) or _LIST_ITEM.match(line):
        return False
    s = line.strip()
    if _CODE_OPENER.match(s):
        return True
    if s.endswith(":") and s[:1].isupper() and len(s.split()) >= 4:  # "The individual files are:"
        return not all(_PLAIN_WORD.fullmatch(w) for w in s.split())
    return not (_PROSE_END.search(s) and len(s.split()) >= 3)


_BLOCK_END = re.compile(rf"[.!?:]{_CLOSERS}$")
_ADDRESS = re.compile(r"://|^\(?www\.|^/")
_PLAIN_WORD = re.compile(r"[(\"'“‘]?[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*[)\"'”’]?[.,;:!?]?[)\"'”’]?")


_TERM = re.compile(r"\s+[^\W\d_][\w'’./+-]*(?: [\w'’./+-]+){0,4}:?\s*")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _indented_prose(lines: list[str], code: list[bool]) -> None:
    """Paragraphs a plain-text document indents (the Debian FAQ indents all its text by four
    spaces) are prose, not code, though their wrapped lines end without a stop: a run of indented
    lines whose words are mostly plain words and that ends a sentence is kept (``code`` updated in
    place), and so is a term over its definition (``lines`` gets its colon)."""
    i = 0
    while i < len(lines):
        if not (code[i] and _INDENTED.match(lines[i])):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip() and _INDENTED.match(lines[j]):
            j += 1
        block = " ".join(x.strip() for x in lines[i:j] if _WORD.search(x))  # "..." ends no sentence
        words = [w for w in block.split() if not _ADDRESS.search(w)]  # a web address is neither
        if (len(words) >= 8 and _BLOCK_END.search(block) and not _CODE_OPENER.match(lines[i])
                and sum(bool(_PLAIN_WORD.fullmatch(w)) for w in words) >= 0.8 * len(words)):
            code[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    # A definition list's term on its own line ("preinst", "Freedom:") over its indented text: kept,
    # with a colon, or the text loses what it defines ("This script is executed before ...").
    for i, line in enumerate(lines):
        if not _TERM.fullmatch(line):
            continue
        nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
        if nxt is not None and not code[nxt] and _indent(lines[nxt]) > _indent(line):
            code[i] = False
            lines[i] = line.rstrip() if line.rstrip().endswith(":") else line.rstrip() + ":"


def drop_code_blocks(text: str) -> str:
    """``text`` without its code blocks, or ``text`` itself when nothing else is left.

    Joined into one line for the model, a code block reads as a sentence, and a 0.5B pastes it
    into prose ("cmake-buildsystem(7) add_executable(consumer) # Link consumer to archive ...",
    cm-usage at stop 31, a comment line and all). A passage that starts inside a block lost the
    first line's indent when it was cut, so a first line with no sentence end before an indented
    line, or one that ends a C statement, goes with the block. The words a block leaves hanging
    go with it (``_cut_dangling``)."""
    lines = text.split("\n")
    # A line of marks only ("%%", "*/", "}") is code wherever it stands.
    code = [_is_code_line(x) or bool(x.strip() and not _WORD.search(x)) for x in lines]
    _indented_prose(lines, code)
    first = lines[0].strip()
    if len(lines) > 1 and not code[0] and first and not _PROSE_END.search(first) and (
            code[1] or _STATEMENT_END.search(first)):
        code[0] = True
    # A C comment's "* ..." lines read as list items; right under a line of code they are its own.
    for i in range(1, len(lines)):
        if code[i - 1] and not code[i] and _COMMENT_LINE.match(lines[i]):
            code[i] = True
    if all(c or not x.strip() for x, c in zip(lines, code, strict=True)):
        return text.strip()
    prose = "\n".join(x for x, c in zip(lines, code, strict=True) if not c)
    _cut_dangling(lines, code)
    kept = "\n".join(x for x, c in zip(lines, code, strict=True) if not c)
    # A lead-in and its example only: the lead-in is what there is to read.
    return re.sub(r"\n{3,}", "\n\n", kept).strip() or re.sub(r"\n{3,}", "\n\n", prose).strip()


# Words a lead-in ends on when it only points at the code: "... can be loaded with:", "first use:".
_POINTING = re.compile(
    r"\b(?:with|like|as|by|to|is|are|be|use|using|run|follows|following|below|above|written|this|these|"
    r"example|instance|e\.g\.|type|enter|do|try)\s*:$", re.I)
_EXAMPLE_LEAD = re.compile(r"^(?:for (?:example|instance)|e\.g\.|here is|here are|say)\b", re.I)


# The first word of the rest of a sentence a block interrupted ("is identical to", "will be active
# only when", "where ctr is an array"); a sentence that starts with a name ("flex provides ...",
# "mod_cache will run ...") is the page's own.
_GOES_ON = re.compile(
    r"(?:which|where|whereas|that|and|or|but|nor|then|so|is|are|was|were|will|would|can|could|should|"
    r"may|might|must|has|have|had|does|do|to|in|on|at|for|with|without|by|from|into|as|if|when|while|"
    r"because|since|after|before|until|also|only|not|be|matches|generates|gives|prints|produces|"
    r"returns|writes|yields|becomes|causes|creates|sets|makes|means|shows|outputs)\b")


def _is_statement(lead: str) -> bool:
    """A sentence that ends in ":" before code but says something on its own (eight words or more,
    not "For example, ..." and not ending on a word that points at the code)."""
    return (lead.endswith(":") and len(lead.split()) >= 8 and not _POINTING.search(lead)
            and not _EXAMPLE_LEAD.match(lead))


def _cut_dangling(lines: list[str], code: list[bool]) -> None:
    """The words a dropped code block leaves hanging, cut from ``lines`` in place: the sentence
    that led into it ("For example,", "The set of rules:", "could instead be written") and the
    lowercase rest of a sentence it interrupted ("will be active only when ..., and"). Read
    without the code they are nonsense a 0.5B copies ("For example, will be active only when").
    A lead-in that says something on its own ends with a full stop instead (``_is_statement``)."""
    prose = [i for i, x in enumerate(lines) if x.strip() and not code[i]]
    for i in range(len(lines)):
        if not code[i] or (i and code[i - 1]):
            continue
        before = [k for k in prose if k < i]
        k = before[-1] if before else -1
        # The paragraph over the block: its unfinished last sentence goes, over wrapped lines too.
        while k >= 0 and lines[k].strip() and not code[k] and not _PROSE_END.search(lines[k].strip()):
            line = lines[k].strip()
            last = sentence_offsets(line)[-1]
            lead = line[last:]
            if lead.endswith(";"):  # a list of clauses, not a lead-in
                break
            if _is_statement(lead):  # "... can be used to enable no languages:" says something
                lines[k] = line[:-1] + "."
                break
            lines[k] = line[:last].strip()
            if last:
                break
            k -= 1
        end = next((k for k in range(i, len(lines)) if not code[k] and lines[k].strip()), None)
        if end is not None and _GOES_ON.match(lines[end].lstrip()):  # the rest of an interrupted sentence
            rest = lines[end].strip()
            starts = sentence_offsets(rest)
            lines[end] = rest[starts[1]:] if len(starts) > 1 else ""


# --------------------------------------------------------------------------- cutting

_LATIN_END = re.compile(rf"[.!?]{_CLOSERS}(?=\s)")
_CJK_END = re.compile(r"[。！？][」』”’）)]*")
_CLAUSE = re.compile(r"[;:，、；：](?=\s|[^\x00-\x7f])")
# Not sentence ends ("etc." is left out: it ends sentences as often as not).
_ABBREV = {"e.g.", "i.e.", "vs.", "cf.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "fig.", "approx.", "resp."}
_WORD = re.compile(r"\w", re.UNICODE)
_CJK_CHAR = re.compile(f"[{_IDEOGRAPHS}]")


def _is_sentence_end(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    token = text[: dot + 1].rsplit(None, 1)[-1].lower().lstrip("(\"'“‘")
    if token in _ABBREV or token[:-1].isdigit():  # "e.g.", list numbers "1."
        return False
    return not re.fullmatch(r"[a-z]\.", token)  # initials "J."


def sentence_offsets(text: str) -> list[int]:
    """Offsets where the sentences of ``text`` start, the first at 0 (after the ends ``cut_at_sentence`` cuts at; not ``repair.sentence_starts``, the opening words of sentences)."""
    ends = [m.end() for m in _LATIN_END.finditer(text) if _is_sentence_end(text, m.start())]
    ends += [m.end() for m in _CJK_END.finditer(text)]
    starts = {0}
    for e in ends:
        nxt = len(text) - len(text[e:].lstrip())
        if nxt < len(text):
            starts.add(nxt)
    return sorted(starts)


def _word_boundary(text: str, limit: int) -> int:
    """Last cut position <= ``limit`` that splits no word (CJK characters are words)."""
    for i in range(limit, 0, -1):
        a, b = text[i - 1], text[i] if i < len(text) else " "
        if a.isspace() or b.isspace() or _CJK_CHAR.match(a) or _CJK_CHAR.match(b):
            return i
        if not (_WORD.match(a) and _WORD.match(b)) and not (a in "._-/" or b in "._-/("):
            return i
    return limit


def cut_at_sentence(text: str, max_chars: int) -> str:
    """``text`` shortened to at most ``max_chars`` characters, ending at the last sentence end
    that keeps at least a quarter of that; else at a clause or word boundary, trailing
    punctuation trimmed. No "..." is added: a small model copies cut marks into its prose."""
    text = text.strip()
    if len(text) <= max_chars:
        return text
    window = text[: max_chars + 1]  # + 1: a sentence end exactly at the limit is followed by a space
    ends = [m.end() for m in _LATIN_END.finditer(window) if m.end() <= max_chars and _is_sentence_end(window, m.start())]
    ends += [m.end() for m in _CJK_END.finditer(window) if m.end() <= max_chars]
    floor = max_chars // 4
    good = [e for e in ends if e >= floor]
    if good:
        return text[: max(good)].rstrip()
    clauses = [m.end() for m in _CLAUSE.finditer(window) if floor * 2 <= m.end() <= max_chars]
    cut = max(clauses) if clauses else _word_boundary(text, max_chars)
    return text[:cut].rstrip().rstrip(",;:，、；：-–—(").rstrip()


# --------------------------------------------------------------------------- near-duplicates

_TOKEN = re.compile(f"[{_IDEOGRAPHS}]|[^\\W_{_IDEOGRAPHS}]+")


def shingles(text: str, k: int = 4) -> set[int]:
    """Hashes of the ``k``-token windows of ``text``: words, lower-cased, punctuation and
    markup-style differences ignored; each CJK character is a token (CJK has no spaces)."""
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) <= k:
        return {zlib.crc32(" ".join(tokens).encode())} if tokens else set()
    return {zlib.crc32(" ".join(tokens[i : i + k]).encode()) for i in range(len(tokens) - k + 1)}


def keep_distinct(texts: Sequence[str], threshold: float = 0.7, k: int = 4) -> list[int]:
    """Indices of the texts to keep, in order: a text is dropped when at least ``threshold`` of
    its shingles already occur in the texts kept before it (together, so a passage that
    straddles two kept ones counts as seen). That catches one page ingested twice (HTML and
    reST chunked at different places), which a hash of the text misses.

    Exact sets, not MinHash: a step shows tens of passages, so the sets are small."""
    seen: set[int] = set()
    kept: list[int] = []
    for n, text in enumerate(texts):
        sh = shingles(text, k)
        if sh and len(sh & seen) >= threshold * len(sh):
            continue
        kept.append(n)
        seen |= sh
    return kept
