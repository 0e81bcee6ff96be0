"""Which section of its document a chunk sits under: the heading before it, kept as metadata.

Cleaning removes the marks that make a line a heading (``#``, reST underlines), and a chunk of a
reST page seldom starts at one, so most chunks carried no topic but their document's title. The
judge is offered uncited topics; once the report cited a document, its other chunks named none,
and a short report about venv found one topic in two manuals and stopped at 290 words. Headings
are read from the raw text, found again as whole lines of the cleaned text, and each chunk gets
the last one at or before its start.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_MARKDOWN = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
# A reST underline (or overline): one punctuation character repeated.
_RST_RULE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
MARKDOWN_KINDS = ("markdown", "html", "docx", "epub")
# Box titles, not topics: a chunk after "Note:" sits under the heading before the note.
_BOX_TITLES = frozenset({
    "note", "notes", "warning", "see also", "important", "tip", "hint", "caution", "attention", "danger",
    "example", "examples", "todo", "注意", "提示", "警告", "示例", "参见"})


def raw_headings(text: str, kind: str) -> list[str]:
    """The headings of ``text`` in document order, without their marks."""
    lines = text.split("\n")
    if kind in MARKDOWN_KINDS:
        return [m.group(1).strip() for line in lines if (m := _MARKDOWN.match(line))]
    if kind != "rst":
        return []
    out = []
    for line, under in zip(lines, lines[1:], strict=False):
        title = line.strip()
        if title and not _RST_RULE.match(line) and _RST_RULE.match(under) and len(under.strip()) >= len(title):
            out.append(title)
    return out


def heading_offsets(headings: list[str], cleaned: str) -> list[tuple[int, str]]:
    """(offset, heading) of each heading found again as a whole line of ``cleaned``, in order;
    a heading cleaning changed (markup inside it) and a box title ("Note:") are left out."""
    out: list[tuple[int, str]] = []
    pos = 0
    for heading in headings:
        m = re.compile(r"(?m)^[ \t]*" + re.escape(heading) + r"[ \t]*$").search(cleaned, pos)
        if m:
            if heading.strip().rstrip(":：").strip().lower() not in _BOX_TITLES:
                out.append((m.start(), heading))
            pos = m.end()
    return out


def section_at(offsets: list[tuple[int, str]], start: int) -> str:
    """The heading a chunk starting at ``start`` sits under ("" before the first heading)."""
    # A chunk may start on the whitespace just before its heading line.
    i = bisect_right([off for off, _ in offsets], start + 2)
    return offsets[i - 1][1] if i else ""
