"""Making untrusted text safe to place in the report: file names, titles, URLs, the question.

Everything here is a pure function of one string. ``report.md`` and ``report.html`` build their
headings and reference lines only from these, so a newline, bracket, backtick or tag in a field
stays inside its field (it cannot start a line, a reference, a link or an element).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

from warp_report.secrets import mask_url

# Bidi overrides and isolates reorder what a reader sees ("Trojan source"); they never belong in a title.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# Markdown punctuation that can open syntax in the middle of a line (links, code, emphasis,
# autolinks/HTML, entities, headings' closing #, tables and strikethrough in GFM viewers).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~])")
_WS = re.compile(r"\s+")
# A backtick too: escaped as "\`" right before a title's code span it makes a run of two
# backticks to a reader that ignores the backslash there, and the span's "<" shows as a tag.
_ENTITY = {"<": "&lt;", "&": "&amp;", "`": "&#96;"}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _char_escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _unprintable(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # Cc: controls; Cs: lone surrogates (cannot even be written as UTF-8); Zl/Zp: line and paragraph separators.
    return cat in ("Cc", "Cs", "Zl", "Zp") or ord(ch) in _BIDI


def one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace or control characters becomes one space."""
    text = "".join(" " if _unprintable(ch) else ch for ch in str(text))
    return _WS.sub(" ", text).strip()


def visible(text: str) -> str:
    """``text`` with unprintable characters shown as escapes (``\\n``, ``\\xff``), for file names.

    A file name is an identifier: it is shown exactly, never reflowed, so a reader can tell
    ``a\\nb.md`` from ``a b.md``.
    """
    return "".join(_NAMED.get(ch) or _char_escape(ch) if _unprintable(ch) else ch for ch in str(text))


def md_text(text: str) -> str:
    """A field as inline Markdown text: one line, every syntax character escaped.

    ``<`` and ``&`` become entities, not backslash escapes: some Markdown renderers (Markdown.pl,
    Python-Markdown) do not honour ``\\<`` and would pass the tag after it through as HTML.
    """
    return _MD_SPECIAL.sub(_md_escape, one_line(text))


# A code span a model wrote in a title: one pair of single backticks around a name.
_TITLE_CODE = re.compile(r"`([^`\n]+)`")


def md_title(text: str) -> str:
    """A heading as inline Markdown: ``md_text``, but a code span the title holds stays one
    ("关于 `git reflog`"; escaped, its backticks showed as text)."""
    parts = _TITLE_CODE.split(one_line(text))
    # split() alternates: text, the inside of a span, text, ...
    return "".join(md_code(p.strip()) if i % 2 and p.strip() else _MD_SPECIAL.sub(_md_escape, p)
                   for i, p in enumerate(parts))


def _md_escape(match: re.Match[str]) -> str:
    ch = match.group(1)
    return _ENTITY.get(ch) or "\\" + ch


def md_code(text: str) -> str:
    """A file name as a Markdown code span (literal: no link, tag or citation inside is live)."""
    shown = visible(text) or "(no name)"
    if "`" not in shown:
        return f"`{shown}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", shown)) + 1)
    return f"{fence} {shown} {fence}"  # the spaces let a name start or end with a backtick


def web_url(source: str) -> str | None:
    """``source`` as a safe absolute http(s) URL (credentials masked, unsafe characters
    percent-encoded), or ``None`` when it is not one."""
    raw = str(source).strip()
    if not raw.lower().startswith(("http://", "https://")):
        return None
    try:
        if not urlsplit(raw).hostname:
            return None
    except ValueError:
        return None
    # Percent-encode whitespace, controls, quotes, <, >, backslash, backtick and non-ASCII:
    # the result can end neither an autolink nor an HTML attribute.
    safe = "!#$%&'()*+,/:;=?@[]~-._"
    try:
        return quote(mask_url(raw), safe=safe, errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no file-name byte
        return quote(mask_url(raw), safe=safe, errors="replace")


LINK_SCHEMES = re.compile(r"^(?:https?|file):", re.IGNORECASE)


def link_allowed(url: str) -> bool:
    """Only web pages, local files and places in the report itself may be linked."""
    return bool(url.startswith("#") or LINK_SCHEMES.match(url))


# What starts raw HTML in Markdown: a tag, closing tag, comment, declaration or processing instruction.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_WEB_AUTOLINK = re.compile(r"<https?://[^\s<>]*>", re.IGNORECASE)
_BLANK = re.compile(r"(\n[ \t]*\n)")


def _inert_inline(text: str) -> str:
    """``text`` (no code block, no blank line) with each ``<`` that could open HTML written ``&lt;``,
    except inside code spans and http(s) autolinks, which show or link what they hold."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            # "\<" is text in CommonMark but a backslash and a live tag elsewhere: the entity is text everywhere.
            out.append("&lt;" if text.startswith("<", i + 1) else text[i:i + 2])
            i += 2
        elif ch == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(text, i + run)
            end = close.end() if close else i + run  # an unmatched run is literal backticks
            out.append(text[i:end])
            i = end
        elif ch == "<" and (link := _WEB_AUTOLINK.match(text, i)):
            out.append(link.group())
            i = link.end()
        else:
            out.append("&lt;" if ch == "<" and _TAG_START.match(text, i) else ch)
            i += 1
    return "".join(out)


def _has_html(text: str) -> bool:
    tokens = _parsers()[0].parse(text)
    inline = [child for tok in tokens for child in tok.children or []]
    return any(t.type.startswith("html") for t in tokens + inline)


def inert_html(text: str) -> str:
    """Model-written Markdown in which no raw HTML is left: ``<img src=x onerror=...>`` becomes the text
    ``&lt;img src=x onerror=...>``, so a Markdown viewer that renders HTML shows it instead of running it.

    Everything else stays Markdown: citations, emphasis, links, http(s) autolinks, and code blocks
    and spans (HTML inside them is shown as written, never run).
    """
    if "<" not in text:
        return text
    lines = text.split("\n")
    in_code = [False] * len(lines)
    for tok in _parsers()[0].parse(text):
        if tok.type in ("fence", "code_block") and tok.map:
            in_code[tok.map[0]:tok.map[1]] = [True] * (tok.map[1] - tok.map[0])
    out: list[str] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or in_code[i] != in_code[start]:
            chunk = "\n".join(lines[start:i])
            # A code span ends at a blank line: each paragraph is scanned on its own.
            parts = _BLANK.split(chunk)
            out.append(chunk if in_code[start] else "".join(
                part if k % 2 else _inert_inline(part) for k, part in enumerate(parts)))
            start = i
    result = "\n".join(out)
    if _has_html(result):  # a construct read otherwise than here: make every "<" text, code included
        result = _TAG_START.sub("&lt;", text.replace("\\<", "&lt;"))
    return result


_PROBE = "warp-report-end-of-part-probe"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_PARSERS: list = []  # CommonMark with HTML on (as Markdown viewers read report.md) and off (as report.html is built)


def _parsers() -> list:
    if not _PARSERS:
        from markdown_it import MarkdownIt

        _PARSERS.extend([MarkdownIt("commonmark"), MarkdownIt("commonmark", {"html": False})])
    return _PARSERS


def _leaks(text: str) -> bool:
    """Whether ``text`` swallows what follows it (an unclosed code fence or HTML block), read either way."""
    for parser in _parsers():
        tokens = parser.parse(f"{text}\n\n{_PROBE}\n")
        if not (len(tokens) >= 3 and tokens[-3].type == "paragraph_open" and tokens[-2].content == _PROBE):
            return True
    return False


def _open_fence(text: str) -> str | None:
    """The code fence still open at the end of ``text`` (as its closing line), if any."""
    opened: str | None = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if not match:
            continue
        run = match.group(1)
        if opened is None:
            opened = run
        elif run[0] == opened[0] and len(run) >= len(opened) and line.strip() == run:
            opened = None
    return opened


# A line of "=" or "-" alone under a paragraph makes that paragraph a heading (setext), which
# would number among the report's own; a lone carriage return ends a line as "\n" does.
_UNDERLINE = re.compile(r"^( {0,3})([=-])(?=[=\- \t]*$)", re.MULTILINE)
_LINE_END = re.compile(r"\r\n?")


def no_underlines(text: str) -> str:
    """Model-written Markdown in which no line turns the paragraph above it into a heading."""
    return _UNDERLINE.sub(lambda m: f"{m[1]}\\{m[2]}", _LINE_END.sub("\n", text))


def contain(text: str) -> str:
    """Model-written Markdown that cannot run on into the next heading or the reference list.

    A truncated or hostile text can leave a code fence or an HTML comment open; in report.md
    that would swallow every later section and the references.
    """
    if not _leaks(text):
        return text
    opened = _open_fence(text)
    if opened:
        closed = f"{text}\n{opened}"
        if not _leaks(closed):
            return closed
    return contain(text.replace("<", "\\<")) if "<" in text else text.replace("`", "\\`").replace("~", "\\~")
