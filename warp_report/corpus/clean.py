"""Document text as a small model should see it: the words, not the markup.

A 0.5B model copies what it is shown, so a reST role, a Sphinx pilcrow, a heading underline
or a page's navigation in a passage tends to end up in the report. These pure functions run
at ingest, before splitting (``warp_report.corpus.passages`` shapes the pieces after).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser

_HEAD = "\x01"  # line prefix: a heading, kept on its own line and glued to the text it heads
_SLOT = re.compile(r"\x00(\d+)\x00")  # protected text (code, literals) while inline markup goes
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"

# --------------------------------------------------------------------------- HTML


# Elements that only move the reader around the site: a small model pastes their "Prev | Up | Next"
# bars and lists of section titles as if they were text. Matched on the tag, the ARIA role, or a
# class/id token that generators use for them (DocBook's navheader/navfooter/toc, Sphinx's sidebar,
# Texinfo 7's nav-panel).
# Also the page's own header and footer (site name, copyright, licence) and the "related" tables and
# bars (Sphinx's top bar, the Apache manual's related-modules table): lists of names, not text.
# A code block's caption ("TODO 1: MathFunctions/CMakeLists.txt") names code the model is not shown.
_CHROME_TOKENS = frozenset({
    "navheader", "navfooter", "navbar", "navigation", "breadcrumb", "breadcrumbs", "toc", "sidebar",
    "sphinxsidebar", "footer", "page-header", "site-header", "masthead", "related", "seealso",
    "code-block-caption", "nav-panel"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo"})

# A block that holds only links (two or more) with bar marks between them, after at most a short
# label ("Available Languages: en | fr | ja", "Modules | Directives | FAQ", "Apache > Docs > 2.4"):
# a menu or a language bar, whatever the generator called it.
_LINK_BAR_BLOCKS = frozenset({"p", "div", "ul", "ol", "td", "span", "header"})
_BAR_MARKS = re.compile(r"[\s|>»›<«‹/·•,;:()\[\]–—-]*")
_BAR_LABEL = re.compile(r"\s*[^\W\d][\w ]{0,30}:\s*")
# Texinfo heads and ends every page with "Next: <a>, Previous: <a>, Up: <a> [Contents][Index]": the
# labels sit between the links, where prose would have words.
_NAV_LABEL = re.compile(r"\b(?:next|prev(?:ious)?|up|top|home|forward|back)\s*:", re.I)


def _is_chrome(tag: str, attrs: dict[str, str | None]) -> bool:
    # <summary> is a fold's handle ("TODO 1: Click to show/hide answer"), not text. An inline <svg> is a
    # drawing: its labels came out as one line of names ("cluster_on_config on_config ..." from MkDocs'
    # plugin events graph).
    if tag in ("nav", "footer", "summary", "svg") or attrs.get("role") in _CHROME_ROLES:
        return True
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split()
    # docutils' local table of contents (`.. contents::`) is a "contents topic": its links go with
    # the link-bar rule, but its "Contents" title stayed and opened passages. "contents" alone is
    # Doxygen's main text, so it takes both tokens.
    return any(t in _CHROME_TOKENS for t in tokens) or {"contents", "topic"} <= set(tokens)


_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp"})
# A footnote's or citation's mark: a number (in brackets or not) linked to a note on the page. Left
# in, it glues to the word it marks ("GNU bison7") or reads as one of the report's own "[n]".
_NOTE_MARK = re.compile(r"\s*[\[(]?\d{1,3}[\])]?\s*")
_NOTE_LINK = re.compile(r"foot|fn|note|cite|ref", re.I)
_LISTED_NAMES = 8  # the most links in a list of names kept as content


class _Block:
    """An open block element, measured for the link-bar test."""

    def __init__(self, tag: str, start: int, introduced: bool = False, nested: bool = False) -> None:
        self.tag, self.start, self.links = tag, start, 0
        self.nested = nested  # a list inside another list
        self.coded = 0  # links whose text is code: names of commands, functions, options
        self.introduced = introduced  # a list after text that ends in ":" ("... commands are:")
        self.label: list[str] = []  # text before its first link
        self.other: list[str] = []  # text outside links after it

    def is_link_bar(self) -> bool:
        if self.links < 2 or _BAR_MARKS.fullmatch(_NAV_LABEL.sub("", "".join(self.other))) is None:
            return False
        # A list the text announces is the page's content (Sphinx links every command it lists),
        # not a menu: dropping it left "... commands are:" hanging. So is a sublist of names set as
        # code under an item ("Authentication type (see AuthType)" over mod_auth_basic, ...); a
        # list of such names under a heading ("Helpful Resources") only repeats names, and goes.
        # A long one (twenty Android properties) is an index a 0.5B pastes as a run of names.
        if self.links <= _LISTED_NAMES and (self.introduced or (self.nested and self.coded == self.links)):
            return False
        label = "".join(self.label)
        return _BAR_MARKS.fullmatch(label) is not None or _BAR_LABEL.fullmatch(label) is not None


class _PageParts(HTMLParser):
    """Offsets of the inner HTML of the page's main element (``<main>`` or ``role="main"``) and
    of the navigation elements and link bars to cut from it (from the start tag to the end tag's "<")."""

    def __init__(self, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = line_starts
        self.tag: str | None = None
        self.depth = 0
        self.start = self.end = -1
        self.chrome: list[tuple[int, int]] = []
        self._chrome_tag: str | None = None
        self._chrome_depth = 0
        self._chrome_start = -1
        self._blocks: list[_Block] = []
        self._in_link = 0
        self._in_code = 0
        self._link_coded = False  # the open link's text is (partly) code
        self._last_char = ""  # the last character of text outside tags, for "introduced" lists
        self._in_sup = 0
        # An open in-page link: [start, its text, whether it looks like a note's (in <sup>, or named so)]
        self._note: list | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LINK_BAR_BLOCKS:
            is_list = tag in ("ul", "ol")
            introduced = is_list and self._last_char == ":"
            nested = is_list and any(b.tag in ("ul", "ol") for b in self._blocks)
            self._blocks.append(_Block(tag, self._offset(), introduced, nested))
        elif tag == "a" and dict(attrs).get("href") is not None:
            self._in_link += 1
            a = dict(attrs)
            href, names = a.get("href") or "", f"{a.get('class') or ''} {a.get('id') or ''}"
            if href.startswith("#"):
                self._note = [self._offset(), [], bool(self._in_sup or _NOTE_LINK.search(f"{href} {names}"))]
            self._link_coded = False
            for block in self._blocks:
                block.links += 1
            if self._in_code:  # <code><a>name</a></code>
                self._count_coded_link()
        elif tag in _CODE_TAGS:
            self._in_code += 1
            if self._in_link:  # <a><code>name</code></a>
                self._count_coded_link()
        elif tag == "sup":
            self._in_sup += 1
            if self._note is not None:  # DocBook: <a href="#id1"><sup>[5]</sup></a>
                self._note[2] = True
        if self._chrome_tag is not None:
            self._chrome_depth += tag == self._chrome_tag
        elif _is_chrome(tag, dict(attrs)):
            self._chrome_tag, self._chrome_depth, self._chrome_start = tag, 1, self._offset()
        if self.end >= 0:
            return
        if self.tag is None and (tag == "main" or dict(attrs).get("role") == "main"):
            self.tag, self.depth = tag, 1
            self.start = self._offset() + len(self.get_starttag_text() or "")
        elif tag == self.tag:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <div class="toc"/> holds nothing; and it must not open an element

    def _count_coded_link(self) -> None:
        if not self._link_coded:
            self._link_coded = True
            for block in self._blocks:
                block.coded += 1

    def handle_data(self, data: str) -> None:
        if self._note is not None:
            self._note[1].append(data)
        if data.strip():
            self._last_char = data.rstrip()[-1]
        if not self._in_link:
            for block in self._blocks:
                (block.other if block.links else block.label).append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&#{name};"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_link:
            self._in_link -= 1
            if self._note is not None and self._note[2] and _NOTE_MARK.fullmatch("".join(self._note[1])):
                self.chrome.append((self._note[0], self._offset()))
            self._note = None
        elif tag == "sup" and self._in_sup:
            self._in_sup -= 1
        elif tag in _CODE_TAGS and self._in_code:
            self._in_code -= 1
        if tag in _LINK_BAR_BLOCKS:
            # Unclosed blocks (a <p> ended by the next one) are closed with the one that ends here.
            at = next((i for i in range(len(self._blocks) - 1, -1, -1) if self._blocks[i].tag == tag), None)
            if at is not None:
                block = self._blocks[at]
                del self._blocks[at:]
                if block.is_link_bar():
                    self.chrome.append((block.start, self._offset()))
        if tag == self._chrome_tag:
            self._chrome_depth -= 1
            if self._chrome_depth == 0:
                self.chrome.append((self._chrome_start, self._offset()))  # to the end tag's "<"
                self._chrome_tag = None
        if tag == self.tag and self.end < 0:
            self.depth -= 1
            if self.depth == 0:
                self.end = self._offset()


def main_html(page: str) -> str:
    """The main content of an HTML page, without the navigation, sidebar and footer that
    documentation generators (Sphinx, MkDocs, DocBook) put around it: the element marked main if
    there is one (else the whole page), less its navigation elements."""
    starts, pos = [0], 0
    while (pos := page.find("\n", pos) + 1) > 0:
        starts.append(pos)
    parts = _PageParts(starts)
    try:
        parts.feed(page)
        parts.close()
    except Exception:  # malformed HTML: keep everything
        return page
    lo, hi = (parts.start, parts.end) if 0 <= parts.start <= parts.end else (0, len(page))
    kept, at = [], lo
    for start, end_tag in sorted(parts.chrome):  # a link bar may sit inside (or around) another cut
        start, end = max(start, lo, at), min(page.find(">", end_tag) + 1 or end_tag, hi)
        if start >= end:
            continue
        kept.append(page[at:start])
        at = end
    kept.append(page[at:hi])
    return "".join(kept)


# --------------------------------------------------------------------------- inline markup

_ROLE = re.compile(r":((?:[A-Za-z][\w+.-]*:){1,2})`([^`]+)`")
_EXPLICIT_TITLE = re.compile(r"(.*?)\s*<([^<>]*)>", re.S)
_RST_LITERAL = re.compile(r"``(.+?)``", re.S)
_RST_LINK = re.compile(r"`([^`<]*?)\s*(?:<[^<>`]*>)?`__?")
_RST_INTERPRETED = re.compile(r"`([^`]+)`")
_RST_FOOTREF = re.compile(r"\s?\[(?:#[\w-]*|\d+|[A-Za-z][\w.-]*)\]_")
_RST_WORDREF = re.compile(r"\b([A-Za-z][\w-]*[A-Za-z0-9])__?(?![\w])")
_RST_SUBST = re.compile(r"(?<![\w|])\|(\w[\w .-]*?)\|(?:__?)?(?![\w|])")
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])", re.S)
_EMPH = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]*?)(?<=[^\s*\\])\*(?![\w*])")
# Markdown's underscore forms ("_not_", "__beginning__"); never inside a word, so "max_old_space_size"
# stays. Markdown only: html2text writes no emphasis, and an HTML page's "_default_" is a name.
_STRONG_U = re.compile(r"(?<![\w\\])__(?=[^\s_])([^\n]+?)(?<=[^\s_])__(?!\w)")
_EMPH_U = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]*?)(?<=[^\s_\\])_(?!\w)")
_MD_CODE = re.compile(r"(`{1,2})(?=\S)(.+?)(?<=\S)\1(?!`)")
_MD_IMAGE = re.compile(r"[ \t]*!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_MD_LINK = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_HTML_DROP = re.compile(r"<!--.*?-->|<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# Tags inside a word's line vanish; block tags (and <br>) separate words.
_HTML_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|big|cite|code|del|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|"
    r"sub|sup|tt|u|var)\b[^<>]*>", re.I)
_HTML_TAG = re.compile(
    r"</?(?:article|aside|blockquote|br|center|dd|details|div|dl|dt|figcaption|figure|footer|"
    r"h[1-6]|header|hr|iframe|img|li|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|"
    r"tr|ul)\b[^<>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _role(match: re.Match[str]) -> str:
    name, body = match.group(1).rstrip(":").split(":")[-1], " ".join(match.group(2).split())
    explicit = _EXPLICIT_TITLE.fullmatch(body)
    if explicit and explicit.group(1):
        return explicit.group(1)
    body = body.lstrip("!")
    if body.startswith("~"):  # Sphinx shows only the last dotted component
        body = body[1:].rsplit(".", 1)[-1]
    body = body.lstrip(".")
    if name in ("pep", "rfc"):
        return f"{name.upper()} {body.split('#')[0]}"
    return body


def _inline(text: str, fmt: str, keep: list[str]) -> str:
    """Inline markup removed from ``text``; code and literals are parked in ``keep``."""

    def park(value: str) -> str:
        keep.append(value)
        return f"\x00{len(keep) - 1}\x00"

    if fmt == "rst":
        text = _ROLE.sub(lambda m: park(_role(m)), text)
        text = _RST_LITERAL.sub(lambda m: park(" ".join(m.group(1).split())), text)
        text = _RST_LINK.sub(lambda m: m.group(1), text)
        text = _RST_INTERPRETED.sub(lambda m: park(m.group(1)), text)
        text = _RST_FOOTREF.sub("", text)
        text = _RST_WORDREF.sub(r"\1", text)
        text = _RST_SUBST.sub(r"\1", text)
        text = text.replace("\\ ", "").replace(" --- ", " — ")
    elif fmt in ("markdown", "html"):
        text = _MD_CODE.sub(lambda m: park(m.group(2)), text)
        text = _HTML_DROP.sub("", text)
        if fmt == "markdown":  # html2text writes neither (ignore_links): "[A-Z][A-Z0-9]*" is a pattern
            text = _MD_IMAGE.sub("", text)
            text = _MD_LINK.sub(r"\1", text)
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub(" ", _HTML_INLINE_TAG.sub("", text))
    if fmt == "markdown":
        text = _EMPH_U.sub(r"\1", _STRONG_U.sub(r"\1", text))
    if fmt in ("rst", "markdown"):
        # html2text writes no emphasis marks (ignore_emphasis): a "*" in a page's text is the text's
        # own, as in a C comment's "between ‘/*’ and ‘*/’" (taken for emphasis, both went).
        text = _STRONG.sub(r"\1", text)
        text = _EMPH.sub(r"\1", text)
    if fmt in ("rst", "markdown", "html"):
        text = _MD_ESCAPE.sub(r"\1", text)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


# --------------------------------------------------------------------------- reST blocks

_RST_ADORN = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")  # any punctuation, repeated
_TABLE_BORDER = re.compile(r"^\s*(?:\+(?:[-=]+\+)+|=+(?: +=+)+)\s*$")  # grid and simple tables
_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_DIRECTIVE = re.compile(r"^\s*\.\.\s+([\w:.+-]+)::(?:\s+(.*))?$")
_FOOTNOTE = re.compile(r"^\s*\.\.\s+\[[^\]]+\]\s*(.*)$")
_OPTION = re.compile(r"^\s+:[\w .-]+:(?:\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#\.)\s")

# Directives whose content is not prose (tables of contents, index entries, includes, images,
# module context, autodoc): dropped with their content.
_DROP = set(
    ["toctree", "index", "include", "literalinclude", "image", "figure", "raw", "contents", "sectionauthor", "moduleauthor", "codeauthor", "highlight", "currentmodule", "module", "testsetup", "testcleanup", "meta", "tabularcolumns", "audit-event", "audit-event-table", "autosummary", "automodule", "autoclass", "autofunction", "automethod", "autoattribute", "autodata", "autoexception", "default-role", "default-domain", "role", "program"]
)
# Object descriptions: the signature in the argument is what the text is about.
_OBJECT = set(
    ["function", "class", "method", "staticmethod", "classmethod", "attribute", "data", "exception", "decorator", "decoratormethod", "coroutinefunction", "coroutinemethod", "abstractmethod", "property", "type", "macro", "member", "var", "struct", "union", "enum", "enumerator", "envvar", "option", "cmdoption", "describe", "object", "opcode", "pdbcommand", "2to3fixer", "awaitablefunction", "awaitablemethod", "monitoring-event"]
)
_CODE = set(["code-block", "code", "sourcecode", "doctest", "testcode", "testoutput", "productionlist", "parsed-literal"])
_TITLED = set(["rubric", "topic", "sidebar", "centered"])
# As Sphinx renders them: version notes inline before their text, admonitions as a title line.
_INLINE_LABEL = {
    "versionadded": "New in version {}", "versionchanged": "Changed in version {}",
    "deprecated": "Deprecated since version {}", "impl-detail": "CPython implementation detail",
    "availability": "Availability",
    "deprecated-removed": "Deprecated since version {}, will be removed in version {}",
}
_ADMONITIONS = {"note": "Note", "warning": "Warning", "seealso": "See also", "important": "Important",
                "tip": "Tip", "hint": "Hint", "caution": "Caution", "attention": "Attention",
                "danger": "Danger", "error": "Error", "todo": "Todo"}


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """First line after the block indented deeper than ``indent`` that starts at ``start``."""
    end = start
    for j in range(start, len(lines)):
        if lines[j].strip():
            if len(lines[j]) - len(lines[j].lstrip()) <= indent:
                break
            end = j + 1
    return end


def _directive(name: str, arg: str, block: list[str]) -> list[str]:
    name = name.split(":")[-1].lower()  # py:function -> function
    k = 0
    while k < len(block) and _OPTION.match(block[k]):
        k += 1
    content = _dedent(block[k:])
    if name in _DROP:
        return []
    if name in _CODE:
        return ["", *content, ""]
    body = _rst(content)
    if name in _OBJECT or name in _TITLED:
        return ["", *(_HEAD + a.strip() for a in arg.split("\\\n") if a.strip()), *body, ""]
    if name in _ADMONITIONS or name == "admonition":
        title = arg if name == "admonition" else _ADMONITIONS[name]
        rest = [] if name == "admonition" or not arg else [arg]
        return ["", _HEAD + title, *rest, *body, ""]
    if name not in _INLINE_LABEL:
        return ["", *body, ""]  # unknown directive: its content is still text
    label, words = _INLINE_LABEL[name], arg.split()
    n = label.count("{}")
    label, rest = label.format(*(words + ["?"] * n)[:n]), " ".join(words[n:])
    lines = ([rest] if rest else []) + body
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return ["", label + ".", ""]
    if lines[first].startswith(_HEAD) or _LIST_ITEM.match(lines[first]):
        return ["", label + ":", *lines, ""]
    lines[first] = f"{label}: {lines[first].lstrip()}"
    return ["", *lines, ""]


def _rst(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        explicit = _EXPLICIT.match(line)
        if explicit:
            end = _block_end(lines, i + 1, len(explicit.group(1)))
            if line.strip() != "..":  # a bare ".." ends a construct and holds nothing
                if d := _DIRECTIVE.match(line):
                    out += _directive(d.group(1), (d.group(2) or "").strip(), lines[i + 1 : end])
                elif f := _FOOTNOTE.match(line):
                    out += ["", *_rst([f.group(1), *_dedent(lines[i + 1 : end])]), ""]
                # labels, hyperlink targets, substitution definitions, comments: nothing to show
                i = end
            else:
                i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _TABLE_BORDER.match(line):
            i += 1
            continue
        if _RST_ADORN.match(line):
            after = lines[i + 2] if i + 2 < len(lines) else ""
            if nxt.strip() and not _RST_ADORN.match(nxt) and after.strip() == line.strip():
                out += ["", _HEAD + nxt.strip()]  # overlined title
                i += 3
            else:
                i += 1  # transition or stray underline
            continue
        if line.strip() and not line[0].isspace() and _RST_ADORN.match(nxt):
            out += ["", _HEAD + line.strip()]
            i += 2
            continue
        if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            stem = line.rstrip()[:-2]  # "Example::" shows as "Example:", a lone "::" as nothing
            line = stem + ":" if stem and not stem[-1].isspace() else stem.rstrip()
        out.append(line)
        i += 1
    return out


# --------------------------------------------------------------------------- Markdown / HTML blocks

_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LINKDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_QUOTE = re.compile(r"^\s*>\s?")


# A two-column table row whose first cell is a label ("Syntax:| AllowOverride All"): html2text's
# cell bar is noise a model copies; the label's colon already joins the two.
_LABEL_ROW = re.compile(r"^(\s*[^|\n]{1,40}:)\s*\|\s*(?=\S)")


# An API reference's typed parameter ("* `eventName` {string|symbol} The event name", "* Returns:
# {boolean}") and stability banner ("> Stability: 2 - Stable"), as Node.js's pages write them: a model
# pastes the braces and the banner; the name, what it means and a status other than stable are words.
_TYPED_ITEM = re.compile(r"^(\s*[*+-]\s+)(`[^`\n]+`|Returns:|Extends:|)\s*\{[\w.|<>\[\]\\]+\}\s*(.*)$")
_STABILITY = re.compile(r"^\s*>\s*Stability:\s*\d+(?:\.\d+)?\s*[-–—]\s*(.*)$")


def _api_line(line: str) -> str | None:
    """``line`` as words when it is a typed parameter or a stability banner ("" to drop it: a type
    with nothing said, a stable API), None when it is neither."""
    if m := _TYPED_ITEM.match(line):
        bullet, name, said = m.groups()
        if not said or name == "Extends:":  # a type, or a class's parent type, with nothing said
            return ""
        return f"{bullet}{name.rstrip(':')}: {said}" if name else f"{bullet}{said}"
    if m := _STABILITY.match(line):
        return "" if m.group(1).rstrip(".").strip().lower() == "stable" else m.group(1)
    return None


@dataclass
class _Fenced:
    """A fenced code block of a Markdown page, as ``_markdown`` read it."""

    start: int
    language: str
    lines: list[str] = field(default_factory=list)
    end: int = 0

    def twin(self, other: _Fenced) -> bool:
        """``other`` is this example in a second language or dialect ("```mjs" then "```cjs", tabs
        a page shows side by side): two named languages and mostly the same tokens."""
        if not (self.language and other.language and self.language != other.language):
            return False
        mine, theirs = (_CODE_TOKEN.findall(" ".join(b.lines)) for b in (self, other))
        return bool(mine and theirs) and SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= 0.6


_CODE_TOKEN = re.compile(r"\w+|[^\w\s]")


def _markdown(lines: list[str], keep: list[str], is_html: bool) -> list[str]:
    out: list[str] = []
    fence = ""
    # The last heading while nothing but blank lines followed it: (its index in out, its level). A
    # heading followed by one of the same or a higher level heads nothing (a sidebar's "See also"
    # once its links are cut, "Topics" over a list of links) and goes.
    empty: tuple[int, int] | None = None
    # The fenced block being read and the one before it: (its first line in out, its language, its
    # lines, where it ended in out).
    block: _Fenced | None = None
    last: _Fenced | None = None
    for line in lines:
        s = line.strip()
        if fence and block is not None:
            if s.startswith(fence) or fence == "</pre>" and s.lower().startswith(fence):
                fence, block.end = "", len(out)
                if last is not None and last.twin(block) and not any(x.strip() for x in out[last.end:block.start]):
                    del out[last.end:]  # the example again in a second dialect: a passage holds it once
                    block = last
                out.append("")
                last = block
            else:
                keep.append(line)
                block.lines.append(s)
                out.append(f"\x00{len(keep) - 1}\x00")
            continue
        if s.startswith(("```", "~~~")):
            fence, empty = s[:3], None
            out.append("")
            block = _Fenced(len(out), s[3:].strip("`~ ").lower())
            continue
        if not is_html and s.lower() == "<pre>":
            # "<pre>" / "require(X) from module at path Y" / "1. If X is a core module, ..." (Node.js's
            # modules.md): a pseudocode block in HTML, code as a fenced one is, not numbered prose.
            fence, empty = "</pre>", None
            out.append("")
            block = _Fenced(len(out), "")
            continue
        if m := _ATX.match(line):
            level = len(line.lstrip()) - len(line.lstrip().lstrip("#"))
            if empty is not None and level <= empty[1]:
                del out[empty[0]:]
            out += ["", _HEAD + m.group(1)]
            empty = (len(out) - 2, level)
            continue
        elif _SETEXT.match(line) and out and out[-1].strip() and not out[-1].startswith(_HEAD):
            out[-1] = _HEAD + out[-1].strip()
        elif _HR.match(line):
            out.append("")
        elif _TABLE_RULE.match(line) or _LINKDEF.match(line):
            continue
        elif is_html and (s.endswith("¶") or s in _ADMONITIONS.values()):
            out += ["", _HEAD + s]  # Sphinx marks headings and signatures with a pilcrow
        elif is_html:
            out.append(_LABEL_ROW.sub(r"\1 ", _QUOTE.sub("", line)))
        elif (api := _api_line(line)) is not None:
            if api:
                out.append(api)
        else:
            out.append(_QUOTE.sub("", line))
        if s:
            empty = None
    if empty is not None:
        del out[empty[0]:]  # a heading at the very end heads nothing either
    return out


# --------------------------------------------------------------------------- clean_text

_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
# Zero-width marks and soft hyphens; and the Private Use Area, where icon fonts put their glyphs: MkDocs
# ends every heading with a permalink drawn as Font Awesome's U+F0C1 ("Requirements\uf0c1"), never a
# letter of any language.
ICON_GLYPHS = "\ue000-\uf8ff"
_ZERO_WIDTH = re.compile(f"[\u200b-\u200d\u2060\ufeff\u00ad{ICON_GLYPHS}]")
_CJK_AT_END = re.compile(f"[{CJK_CHARS}]$")
_CJK_AT_START = re.compile(f"^[{CJK_CHARS}]")
# A page's footer stamp ("This page last modified on 2018-11-26 12:01:01 UTC"): about the page,
# not its subject, and a small model pastes it into the report.
_PAGE_STAMP = re.compile(
    r"^\s*(?:this page (?:was )?last (?:modified|updated|changed)|last (?:modified|updated|changed)(?: on)?\s*(?::|\d{4}-\d\d)|"
    r"page (?:generated|updated) on\b).*$"
    # git's manual pages end each with "Part of the git(1) suite" (pasted as "`git part of the git`").
    r"|^\s*part of the \S+ suite\.?\s*$", re.I)


# A heading's section number ("13.3.1. Table-Level Locks", "Chapter 8. The Debian package management
# tools", DocBook's manuals): a small model copies it into its own titles. Only the dotted form, so
# "3.12 What's new" keeps its version.
_SECTION_NUMBER = re.compile(r"^(?:(?:Chapter|Appendix|Part)\s+(?:\d+|[A-Z]|[IVXLC]+)\.\s+|(?:\d+\.)+\s+)(?=[^\W\d_])")


# A plain-text document's table of contents (the Debian FAQ's text, an RFC's): numbered entries
# under a "Table of Contents" line, wrapped ones included. Searched, its list of titles matches every
# question and crowds out the text; shown, it is pasted as a run of titles.
_CONTENTS_HEAD = re.compile(r"^\s*(?:table of )?contents:?\s*$", re.I)
_ENTRY_KIND = re.compile(r"^\s*(?:chapter|appendix|part|section)\s+", re.I)
_CONTENTS_ENTRY = re.compile(rf"(?:{_ENTRY_KIND.pattern})?\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVXLC]+\.)\s+\S", re.I)


# Text rendered from HTML or DocBook (lynx, w3m, the Debian FAQ's text) numbers its headings and writes a link's address
# after its words, in parentheses, and wraps addresses at any "/": "see https://www.gnu.org/software/
# hurd (https://www.gnu.org\n/software/hurd) for more". A footnote's mark reads "^[7]".
_URL_IN_PARENS_BREAK = re.compile(r"\(((?:https?|ftp)://[^\s()]*)[ \t]*\n[ \t]*([^\s()]+)\)")
_URL_BREAK = re.compile(
    r"((?:https?|ftp):/[^\s()]*[/:#?=&-])[ \t]*\n[ \t]*(?=[\w~%-]*[/.][\w./#~%?=&+-]*)"  # "https://" / "www.x.org/"
    r"|((?:https?|ftp)://[^\s()]*)[ \t]*\n[ \t]*(?=/)")  # "https://www.gnu.org" / "/software/hurd"
_URL_TWICE = re.compile(r"((?:https?|ftp)://[^\s()]+)\s+\(\1\)")
_URL_AFTER_WORDS = re.compile(r"(?<=\w)\s+\((?:https?|ftp)://[^\s()]+\)(?:\s+(?=[.,;:]))?")
_TEXT_NOTE_MARK = re.compile(r"\^\[\d{1,3}\]\s?")
# A section's number at the start of its heading line ("1.5. What is the difference ..."): two
# levels at least, so a list's "1. Install" keeps its number.
_TEXT_SECTION_NUMBER = re.compile(r"^(?:\d+\.){2,}[ \t]+(?=[A-Z])", re.M)


def _text_furniture(text: str) -> str:
    while (joined := _URL_IN_PARENS_BREAK.sub(r"(\1\2)", text)) != text:
        text = joined
    text = _URL_BREAK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _URL_TWICE.sub(r"\1", text)
    text = _TEXT_SECTION_NUMBER.sub("", text)
    return _TEXT_NOTE_MARK.sub("", _URL_AFTER_WORDS.sub("", text))


def _without_contents(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _CONTENTS_HEAD.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j, titles, after_entry = i + 1, set(), False
        while j < len(lines):
            line = lines[j]
            entry = _CONTENTS_ENTRY.match(line)
            if entry:
                title = " ".join(_ENTRY_KIND.sub("", line).split()).lower()  # "chapter 1. x" is "1. x"
                if title in titles:  # the text's own first heading: the contents ended
                    break
                titles.add(title)
            elif line.strip() and not (after_entry and line[:1].isspace()):  # not a wrapped entry
                break
            after_entry = bool(entry) or (after_entry and bool(line.strip()))
            j += 1
        if len(titles) >= 3:
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


# A line of code or a table's row, never a wrapped sentence: a statement's marks, an arrow, a
# comment or prompt opener, a cell bar.
_NOT_PROSE_LINE = re.compile(r"[{}=|@]|=>|\[-|^\s*(?://|/\*|#|\$ |>>> |% |--)")
# A sentence's last word before the break: a plain word, maybe a closing mark and a comma or
# semicolon after it ("... but it is not this function;" / "it is disconnect()."); never a
# statement's ";" after a call.
_PROSE_LINE_END = re.compile(r"(?:^|\s)[A-Za-z]+[)\"'’”]?[,;]?$")
# Words no sentence ends on: a line ending on one goes on in the next, whatever that starts with
# ("... a named pipe server in a" / "Worker.").
_OPEN_END = re.compile(r"\b(?:the|a|an|of|to|in|for|with|and|or|by|from|on|at|as|is|are|was|were|be|that|which|"
                       r"via|than|into|its|their|this|these|can|may|will|not)$", re.I)
# What a piece of code kept aside (``_SLOT``) reads as where lines are joined: a plain word.
_SLOT_WORD = "code"
# "Status: MPM": a label and its value, a line of its own.
_LABEL_LINE = re.compile(r"^[^\s:]+:\s")


def soft_wrapped(before: str, line: str) -> bool:
    """Whether ``line`` goes on the sentence ``before`` left open: a page wrapped at a fixed width
    ("... may block workers from disconnecting, it" / "may be useful to send a message", Node.js's
    Markdown at 80 columns). The model reads a passage's lines joined, so its copies run across
    the break; checked line by line, such a copy matched no passage sentence. Only prose: a line
    of five words or more ending on a plain word, then a line that starts in lower case, or any
    line after a word no sentence ends on; never an indented line (code, a list's inner block), a
    list item, a line of code or a table, a label ("Status: MPM") or a list of names, one a line
    ("ignore-space-change" / "ignore-all-space"). Code kept aside reads as a word: "... a modified subset
    of the" / "`EventEmitter` API that allows it ..." (Node.js's events.md) is one sentence."""
    before, line = _SLOT.sub(_SLOT_WORD, before), _SLOT.sub(_SLOT_WORD, line)
    if not before or not line or before[0].isspace() or line[0].isspace() or _LIST_ITEM.match(line):
        return False
    if (_NOT_PROSE_LINE.search(before) or _NOT_PROSE_LINE.search(line) or _LABEL_LINE.match(line)
            or len(before.split()) < 5 or not _PROSE_LINE_END.search(before)):
        return False
    heads = [w for w in before.split() if len(w) > 3]
    if sum(w[0].isupper() for w in heads) * 5 >= len(heads) * 4 or (len(line.split()) < 2 and line.rstrip()[-1] not in ".!?"):
        # "Letting Readline Type For You": a heading; "chet.ramey@case.edu": an address under a name.
        return False
    return line[0].islower() or (_OPEN_END.search(before.rstrip(",")) is not None and line[0].isalnum())


def wrapped_item(before: str, line: str, indent: int) -> bool:
    """Whether ``line`` goes on a list item's text ``before`` left open, indented to the item's text
    (``indent``, the width of its marker): "* child_process.exec(): spawns a shell and runs a command
    within that" / "  shell, passing the stdout ..." (Node.js's Markdown at 80 columns). Kept apart,
    the item's sentence was two lines to the checks and a copy of it matched neither. Only prose, as
    ``soft_wrapped`` reads it; never a deeper line (code inside the item) or another item."""
    before, line = _SLOT.sub(_SLOT_WORD, before), _SLOT.sub(_SLOT_WORD, line)
    lead = len(line) - len(line.lstrip(" "))
    if not 1 < lead <= indent or not line.strip() or _LIST_ITEM.match(line):
        return False
    if _NOT_PROSE_LINE.search(line.lstrip()) or not _PROSE_LINE_END.search(before):
        return False
    return line.lstrip()[0].islower() or (_OPEN_END.search(before.rstrip(",")) is not None and line.lstrip()[0].isalnum())


def _render(lines: list[str]) -> str:
    """Paragraphs separated by one blank line; a heading glued to what follows it, so the
    splitter (which cuts at blank lines first) keeps a heading with its text."""
    out: list[str] = []
    heading = False
    item = 0  # the text indent of the list item the last line belongs to, 0 outside one
    for line in lines:
        if item and out and out[-1] and wrapped_item(out[-1], line, item):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
            continue
        marker = _LIST_ITEM.match(line)
        # An item's own line after a sentence it ended ("2. ... the full EventEmitter API." / "   Specifically
        # the prependListener(), ..." / "   rawListeners(), and ...", Node.js's events.md) is still the item's.
        lead = len(line) - len(line.lstrip(" "))
        if marker or not (item and 1 < lead <= item and line.strip()):
            item = len(marker.group(0)) if marker and not line.startswith(_HEAD) else 0
        if line.startswith(_HEAD):
            title = _SECTION_NUMBER.sub("", line[1:].strip())
            if not title:
                continue
            if out and out[-1] and not heading:
                out.append("")
            out.append(title)
            heading = True
        elif not line.strip():
            if out and out[-1] and not heading:
                out.append("")
        elif out and not heading and out[-1] and _CJK_AT_END.search(out[-1]) and _CJK_AT_START.search(line.lstrip()):
            out[-1] += line.strip()  # a wrapped CJK line: no space between characters
        elif out and not heading and out[-1] and soft_wrapped(out[-1], line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
            heading = False
    return "\n".join(out).strip()


def clean_text(text: str, fmt: str = "text") -> str:
    """Readable plain text of a document's text. ``fmt``: "rst", "markdown", "html" (the
    Markdown that html2text made of a page), anything else for plain text and PDF.

    reST roles keep their text (``:func:`len``` -> ``len``), directives keep the text they
    hold and lose their options, labels/comments/substitution definitions go, headings lose
    their underlines and ``#`` marks, HTML tags, entities and pilcrows go; paragraphs, list
    items and code lines stay."""
    text = _ZERO_WIDTH.sub("", _ODD_SPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")))
    keep: list[str] = []
    lines = text.split("\n")
    if fmt == "rst":
        lines = _rst(lines)
    elif fmt in ("markdown", "html"):
        lines = _markdown(lines, keep, fmt == "html")
    else:
        lines = _text_furniture("\n".join(_without_contents(lines))).split("\n")
    text = _ODD_SPACE.sub(" ", _inline("\n".join(lines), fmt, keep).replace("¶", ""))  # &nbsp; too
    lines = [re.sub(r"(?<=\S) {2,}", " ", line).rstrip() for line in text.split("\n") if not _PAGE_STAMP.match(line)]
    text = _render(lines)
    while _SLOT.search(text):  # parked pieces may hold parked pieces
        text = _SLOT.sub(lambda m: keep[int(m.group(1))], text)
    return text


def clean_title(title: str, fmt: str = "text") -> str:
    """A document title on one line, without markup or section number."""
    return _SECTION_NUMBER.sub("", " ".join(clean_text(title, fmt).split()))
