"""A PDF's pages as prose: paragraphs, headings and no page furniture.

Read as plain text, a typeset page is a list of lines: every line wrapped mid-sentence, a running
head and a page number on each page ("Chapter 3: Basic Shell Features 25"), the table of contents
and the index as dot leaders, words broken across lines, a heading that looks like any other line,
a sentence that runs on to the next page and so is cut in two passages. A small model pastes all of
it (bash's reference manual as a PDF, stop 30). PDFium (pypdfium2) says where each line sits and
how large its type is, and that is what a reader goes by too:

- a line that stops short of the right margin ends its paragraph; a full line runs on, to the next
  page too (the sentence stays on the page it started on, so a passage holds all of it);
- a line in larger type than the body, or set out to the left of the body, is a heading;
- the first or last line of a page whose number follows the page count, or that repeats on three
  pages, is a running head or foot; lines of dot leaders ("Job Control . . . . 113") are a table of
  contents or an index;
- a word PDFium marks as hyphenated at a line end is joined, unless the document spells it with
  its hyphen elsewhere ("zero-padding");
- consecutive short lines at one indent (an example, a table) stay lines; a short label over a
  deeper-indented text (a man page's "BASHOPTS" over its description) heads that text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from warp_report.corpus.files import _Skip

_SOFT_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it took as a line-end word break
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*[\divxlc]+\s*$", re.I)
_ROMAN = re.compile(r"^[ivxlcdm]{1,7}$", re.I)
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\b|\b(\d{1,4})$")
_DIGITS = re.compile(r"\d+")
# Texinfo's cross-reference in print: "(see Section 3.4 [Shell Parameters], page 21)".
_XREF = re.compile(r"\b(?:Section|Chapter|Appendix)\s+[\dA-Z][\d.]*\s+\[([^\]\n]+)\],?\s+page\s+[\dvixlc]+", re.I)
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,3})*\.?\s+(?=\S)")
_CLOSERS = "['\"”’)\\]]*$"  # closing quotes and brackets after a line's last mark
_ENDS_SENTENCE = re.compile(r"[.!?:;,]" + _CLOSERS)
_ENDS_CLAUSE = re.compile(r"[.,;:]" + _CLOSERS)  # a heading may end in "?" or "!", never in these
_WORD_PART = re.compile(r"(\w+)" + _SOFT_HYPHEN + r"(\w+)")
_WORDS = re.compile(r"\w+(?:-\w+)*")
_MAN_NAME = re.compile(r"^[\w.+-]+(?:, [\w.+-]+)* - \S.{0,80}$")


@dataclass
class Line:
    """One line of a page: its text, its left and right edges and the size of its first letter
    (points; 0 when PDFium gave no geometry)."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0


# --------------------------------------------------------------------------- reading


def read_pdf(data: bytes) -> tuple[str, list[list[Line]]]:
    """The document's metadata title and each page's lines (raises ``_Skip``)."""
    import pypdfium2 as pdfium

    if not data.lstrip().startswith(b"%PDF-"):
        raise _Skip("not a PDF file")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _Skip("encrypted PDF") from None
        why = re.search(r"PDFium: ([^)]+)", str(exc))
        raise _Skip(f"PDF could not be parsed ({why.group(1) if why else type(exc).__name__})") from None
    try:
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip()
        except Exception:
            title = ""
        pages = []
        for page in pdf:
            try:
                pages.append(_page_lines(page))
            except Exception:  # one damaged page costs that page, not the document
                pages.append([])
    finally:
        pdf.close()
    return title, pages


def _page_lines(page) -> list[Line]:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    text = textpage.get_text_range()
    geometry = len(text) == textpage.count_chars()  # else indices do not line up: text only
    out: list[Line] = []
    start = 0
    for raw in text.replace("\r\n", "\n").split("\n"):
        end = start + len(raw)
        line = raw.strip()
        if line and geometry:
            first = start + len(raw) - len(raw.lstrip())
            last = start + len(raw.rstrip()) - 1
            size = float(pdfium_c.FPDFText_GetFontSize(textpage, first))
            left, right = textpage.get_charbox(first)[0], textpage.get_charbox(last)[2]
            out.append(Line(_spaced(text[first : last + 1], [_loose_box(textpage, k) for k in range(first, last + 1)], size),
                            left, right, size))
        elif line:
            out.append(Line(line))
        start = end + (2 if geometry else 1)  # "\r\n" counts two characters in PDFium's text
    return out


def _loose_box(textpage, index: int) -> tuple[float, float, float, float] | None:
    try:
        return textpage.get_charbox(index, loose=True)
    except Exception:  # a character PDFium made up has no box
        return None


def _spaced(text: str, boxes: list[tuple[float, float, float, float] | None], size: float) -> str:
    """``text`` with a space wherever two letters stand apart on the page but PDFium put none
    between them: groff's justified man pages come out as "invokedas alogin shell" and
    "order,and" otherwise; and without one PDFium made up between two letters that touch. By
    their advance widths (loose boxes, so a narrow letter of a fixed-width font still touches its
    neighbours) the letters of a word touch and a word space is a fifth of the type size or more."""
    out = []
    for k, ch in enumerate(text):
        before, here = boxes[k - 1] if k else None, boxes[k]
        after = boxes[k + 1] if k + 1 < len(boxes) else None
        if size > 0 and before and here and not ch.isspace() and not text[k - 1].isspace() and ch != _SOFT_HYPHEN:
            if here[0] - before[2] > 0.2 * size:
                out.append(" ")
        elif (size > 0 and ch == " " and before and after and text[k - 1].isalpha() and text[k + 1].isalpha()
              and after[0] - before[2] < 0.05 * size):
            continue  # a space PDFium made up between letters that touch ("neg ative")
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- page furniture


def _edge_number(text: str) -> int | None:
    m = _EDGE_NUMBER.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _furniture(pages: list[list[Line]]) -> set[tuple[int, int]]:
    """(page, line) of running heads and feet: a first or last line that carries the page's
    printed number (numbers that follow the page count on three pages or more), that repeats with
    other digits on three pages, or that is only a Roman numeral."""
    edges = [(p, i) for p, lines in enumerate(pages) for i in {0, len(lines) - 1} if lines]
    offsets = Counter(n - p for p, i in edges if (n := _edge_number(pages[p][i].text)) is not None)
    shapes = Counter(_DIGITS.sub("#", pages[p][i].text.casefold()) for p, i in edges)
    drop = set()
    for p, i in edges:
        text = pages[p][i].text
        n = _edge_number(text)
        by_number = n is not None and offsets[n - p] >= 3 and len(text) <= 100
        by_shape = shapes[_DIGITS.sub("#", text.casefold())] >= 3
        if by_number or by_shape or _ROMAN.match(text):
            drop.add((p, i))
    return drop


def _is_contents(lines: list[Line]) -> bool:
    """A table of contents or an index page: most of its lines end in dot leaders."""
    leaders = sum(bool(_LEADERS.search(line.text)) for line in lines)
    return leaders >= 3 and leaders >= 0.4 * len(lines)


# --------------------------------------------------------------------------- layout


@dataclass
class _Metrics:
    size: float  # the body's type size
    left: float  # the body's left edge
    right: float  # the body's right margin
    em: float  # about a letter's width
    ragged: bool = False  # the document's lines stop short of the margin, unlike justified text


def _body_size(lines: list[Line]) -> float | None:
    sizes = Counter(round(line.size, 1) for line in lines if line.size > 0 and line.x1 > line.x0)
    return sizes.most_common(1)[0][0] if sizes else None


def _metrics(lines: list[Line], size: float | None) -> _Metrics | None:
    """The body's measures on one page (a book's odd and even pages have other margins)."""
    body = [line for line in lines if size and line.x1 > line.x0 and abs(line.size - size) < 0.3]
    if len(body) < 3 or size is None:
        return None
    right = statistics.quantiles([line.x1 for line in body], n=10, method="inclusive")[-1]
    em = size * 0.5
    # The body's edge is where its full lines start: a man page sets a term ("BASHOPTS") there
    # and its text deeper, and a term is not set out to the left of the body like a heading.
    full = [line.x0 for line in body if line.x1 >= right - 2 * em]
    left = min(full) if full else Counter(round(line.x0) for line in body).most_common(1)[0][0]
    return _Metrics(size, float(left), right, em)


def _is_heading(line: Line, m: _Metrics | None) -> bool:
    if m is None or line.size <= 0 or len(line.text) > 120 or len(line.text.split()) > 14:
        return False
    if not re.search(r"[^\W\d_]", line.text) or _ENDS_CLAUSE.search(line.text):
        return False
    larger = line.size >= m.size * 1.05 and line.x1 - line.x0 < (m.right - m.left) * 0.9
    outdented = line.x0 < m.left - m.em and line.x1 < m.left + (m.right - m.left) * 0.6
    return larger or (outdented and not _ENDS_SENTENCE.search(line.text))  # "1.2 What is a shell?"


_STOPS = re.compile(r"[.!?:]" + _CLOSERS)
_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[•·*–-]|\([a-z\d]\))\s")


@dataclass
class _Block:
    kind: str  # "heading", "para" or "lines"
    lines: list[Line]
    page: int
    cover: bool = False  # on a cover: read as one paragraph


@dataclass
class _Placed:
    """A line with its page's measures: where it sits against the body's left edge and right margin."""

    line: Line
    m: _Metrics | None

    @property
    def indent(self) -> float:
        return self.line.x0 - self.m.left if self.m else 0.0

    @property
    def gap(self) -> float:
        """How far short of the right margin the line stops, in letters."""
        return (self.m.right - self.line.x1) / self.m.em if self.m else 0.0


def _runs_on(a: _Placed, b: _Placed) -> bool:
    """Line ``b`` continues the paragraph line ``a`` is in."""
    if a.m is None or b.m is None or a.line.size <= 0 or b.line.size <= 0:
        return not _STOPS.search(a.line.text)  # no geometry: only punctuation tells
    em = a.m.em
    if _ITEM.match(b.line.text) and b.indent < a.indent - em / 2:
        return False  # the next item of a list
    stop = _STOPS.search(a.line.text)
    if _ITEM.match(a.line.text) and not _ITEM.match(b.line.text) and b.indent > a.indent + em / 2:
        # A list item's text goes on under its hanging indent, from a full line or into lower case.
        return not stop and (a.gap < 2.0 or b.line.text[:1].islower())
    if abs(a.indent) < em and em < b.indent - a.indent < 6 * em:
        return False  # a first-line indent opens the next paragraph
    if b.indent < a.indent - 6 * em:
        return False  # back out of a hanging indent: the next term of a list of definitions
    # A justified line reaches the margin; one that ends a sentence short of it ends its paragraph.
    if a.gap < (0.6 if stop else 2.0):
        return True
    # Ragged right (LaTeX's \raggedright, a word processor): a line at least half full that stops
    # mid-sentence runs on into one that starts in lower case and is not set deeper (an example is).
    half = (a.m.right - a.m.left) / em / 2
    return (a.m.ragged and not stop and b.line.text[:1].islower() and a.gap < half
            and b.indent <= a.indent + em / 2)


def _blocks(pages: list[list[Line]], drop: set[tuple[int, int]]) -> list[_Block]:
    size = _body_size([line for lines in pages for line in lines])
    bodies = [[] if _is_contents(lines) else
              [line for i, line in enumerate(lines) if (p, i) not in drop and not _LEADERS.search(line.text)]
              for p, lines in enumerate(pages)]
    measures = [_metrics(lines, size) for lines in bodies]
    # A page of nothing but definitions (a man page's variables) has no full line at the body's
    # edge; it shares the edge most pages have.
    edges = Counter(round(m.left) for m in measures if m)
    for m in measures:
        if m and edges and m.left > (usual := edges.most_common(1)[0][0]) + 6 * m.em:
            m.left = float(usual)
    # Justified text: most lines that come near the margin reach it. Ragged text (a word processor,
    # LaTeX's \raggedright) reads by other rules; in justified text they would run examples together.
    near = [(m.right - line.x1) / m.em for lines, m in zip(bodies, measures, strict=True) if m
            for line in lines if line.x1 > line.x0 and (m.right - line.x1) / m.em < 10]
    ragged = bool(near) and sum(g < 0.6 for g in near) < 0.4 * len(near)
    for m in measures:
        if m:
            m.ragged = ragged
    blocks: list[_Block] = []
    last: _Placed | None = None  # the last line of the last paragraph, None after a heading
    for p, (body, metrics) in enumerate(zip(bodies, measures, strict=True)):
        if not body:
            last = None
            continue
        # A cover (a first page with a title in large type) heads nothing and is one paragraph: its
        # authors' line, set larger than the body or on a line of its own, became a report's
        # subsection ("Brian Fox, Free Software Foundation").
        cover = p == 0 and size is not None and any(line.size >= size * 1.3 for line in body)
        for line in body:
            if not cover and _is_heading(line, metrics):
                prev = blocks[-1] if blocks else None
                if prev and prev.kind == "heading" and prev.page == p and abs(prev.lines[-1].size - line.size) < 0.3:
                    prev.lines.append(line)  # a heading set on two lines
                else:
                    blocks.append(_Block("heading", [line], p))
                last = None
                continue
            here = _Placed(line, metrics)
            if last is not None and (cover or (not blocks[-1].cover and _runs_on(last, here))):
                blocks[-1].lines.append(line)
            else:
                blocks.append(_Block("para", [line], p, cover))
            last = here
    return _grouped(_labelled(blocks))


def _grouped(blocks: list[_Block]) -> list[_Block]:
    """Consecutive one-line paragraphs at one indent (an example, a table, a short list) kept
    as one block of lines rather than as paragraphs of one line each."""
    out: list[_Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (prev is not None and block.kind == "para" and len(block.lines) == 1 and prev.kind in ("para", "lines")
                and (prev.kind == "lines" or len(prev.lines) == 1)
                and block.lines[0].size > 0 and abs(prev.lines[-1].x0 - block.lines[0].x0) < 2.0):
            prev.kind = "lines"
            prev.lines.append(block.lines[0])
            continue
        out.append(block)
    return out


# --------------------------------------------------------------------------- text


def _vocabulary(pages: list[list[Line]]) -> set[str]:
    return {w.casefold() for lines in pages for line in lines for w in _WORDS.findall(line.text.replace(_SOFT_HYPHEN, " "))}


def _join_hyphenated(text: str, words: set[str]) -> str:
    """A word PDFium split at a line end, joined: "expres-sions" reads "expressions"; kept with
    its hyphen when the document spells it so elsewhere and never as one word."""
    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        whole, hyphened = (a + b).casefold(), f"{a}-{b}".casefold()
        return f"{a}-{b}" if hyphened in words and whole not in words else a + b

    return _WORD_PART.sub(join, text).replace(_SOFT_HYPHEN, "-")


# groff sets an option's dashes as minus signs ("−−login"), a tilde and a caret as accents
# ("˜/.bashrc", "ˆZ"): a reader types "--login", "~/.bashrc" and "^Z".
_TYPED = str.maketrans({"\u2212": "-", "\u02dc": "~", "\u02c6": "^"})


def _tidy(text: str) -> str:
    return _XREF.sub(r"\1", text.translate(_TYPED))


def _render(block: _Block, words: set[str]) -> str:
    texts = [_join_hyphenated(line.text, words) for line in block.lines]
    if block.kind == "heading":
        return _HEADING_NUMBER.sub("", _tidy(" ".join(texts)))
    return _tidy(("\n" if block.kind == "lines" else " ").join(texts))


def pages_as_text(pages: list[list[Line]]) -> list[tuple[int, str, list[str]]]:
    """(page number from 1, text, headings) for each page that starts something: paragraphs
    apart by a blank line, a heading on its own line right above its text."""
    drop = _furniture(pages)
    words = _vocabulary(pages)
    blocks = _blocks(pages, drop)
    for block, after in zip(reversed(blocks[:-1]), reversed(blocks[1:]), strict=True):
        if block.kind == "heading":
            block.page = after.page  # a heading at a page's foot heads the next page's text
    by_page: dict[int, list[_Block]] = {}
    for block in blocks:
        by_page.setdefault(block.page, []).append(block)
    out = []
    for p, page_blocks in sorted(by_page.items()):
        parts: list[str] = []
        headings: list[str] = []
        for block in page_blocks:
            text = _render(block, words)
            if block.kind == "heading":
                headings.append(text)
                parts.append(text + "\n")
            else:
                parts.append(text + "\n\n")
        page_text = "".join(parts).strip()
        if page_text:
            out.append((p + 1, page_text, headings))
    return out


def _labelled(blocks: list[_Block]) -> list[_Block]:
    """A one-line label over a deeper-indented paragraph ("BASHOPTS" over "A colon-separated
    list of ...") becomes that paragraph's opening words: "BASHOPTS: A colon-separated ..."."""
    out: list[_Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (prev is not None and block.kind == "para" and prev.kind == "para" and len(prev.lines) == 1 and not prev.cover
                and prev.lines[0].size > 0 and block.lines[0].x0 > prev.lines[0].x0 + 8
                and not _ENDS_SENTENCE.search(prev.lines[0].text) and len(prev.lines[0].text) <= 40):
            label = prev.lines[0]
            block.lines.insert(0, Line(label.text + ":", label.x0, label.x1, label.size))
            block.page = prev.page
            out[-1] = block
            continue
        out.append(block)
    return out


def title_from_pages(pages: list[list[Line]]) -> str:
    """The first page's largest type, when it is clearly larger than the body: a PDF without a
    metadata title still has one on its cover ("Bash Reference Manual")."""
    size = _body_size([line for lines in pages for line in lines])
    first = next((lines for lines in pages if lines), [])
    if size is None or not first:
        return ""
    top = max(line.size for line in first)
    if top < size * 1.3:
        # A man page typeset by groff has no cover: its NAME section names it ("bash - GNU
        # Bourne-Again SHell"), where its file name alone ("bash") says less in a reference list.
        names = [n for n, line in enumerate(first[:6]) if line.text.strip() == "NAME"]
        if names and names[0] + 1 < len(first) and _MAN_NAME.match(nxt := _tidy(first[names[0] + 1].text)):
            return nxt
        return ""
    title = " ".join(line.text for line in first if abs(line.size - top) < 0.3)
    return title if len(title.split()) <= 15 else ""
