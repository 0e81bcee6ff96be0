"""Reading documents: bytes to text and a title per format, then chunks.

Markdown, text, reStructuredText, HTML (html2text, main part only), PDF (PDFium, ``corpus/pdf.py``),
Word and EPUB (``corpus/office.py``). Markup is cleaned before splitting (``corpus/clean.py``);
chunks come from langchain-text-splitters, Markdown/RST-aware and sentence-aware for CJK.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

from warp_report.corpus.clean import ICON_GLYPHS, clean_text, clean_title, main_html
from warp_report.corpus.files import IngestReport, _read_bytes, _Skip, doc_stem, kind_of
from warp_report.corpus.passages import merge_heading_chunks
from warp_report.corpus.pdf import pages_as_text, read_pdf, title_from_pages
from warp_report.corpus.sections import heading_offsets, raw_headings, section_at
from warp_report.settings import CHUNK_OVERLAP, CHUNK_SIZE

#: Bump when extraction or splitting changes: files ingested by another version are redone.
INGEST_VERSION = 16  # 16: an HTML <pre> block in Markdown is code; 15: a wrapped line that starts or ends on code, and an item's later lines, join; 14: a list item wrapped at a fixed width reads as one line; 13: a paragraph wrapped at a fixed width reads as one line; 12: a definition list's term joined to the text that goes on from it; 11: icon-font glyphs, inline SVG drawings, redirect stubs and error pages go; "Page - Site" titles; Texinfo definitions

# --------------------------------------------------------------------------- reading


@dataclass
class _Section:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: The headings a reader found by layout (a PDF's), when the text carries no heading marks.
    headings: list[str] | None = None


@dataclass
class _Doc:
    title: str
    kind: str
    sections: list[_Section]
    meta: dict[str, Any] = field(default_factory=dict)


_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"} | {"\x7f"}


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch in _CONTROL or ch == "\ufffd")
    return bad / len(sample) > 0.02


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected
    legacy encoding. Raises ``_Skip`` for binary data or undecodable bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Skip("not valid UTF-16 text") from None
        if _looks_binary(text):
            raise _Skip("binary file")
        return text, "utf-16"
    if b"\x00" in data[:8192]:
        raise _Skip("binary file")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _fallback_decode(data)
    if _looks_binary(text):
        raise _Skip("binary file")
    return text, encoding


def _fallback_decode(data: bytes) -> tuple[str, str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        from_bytes = None
    if from_bytes is not None:
        matches = from_bytes(data)
        best = matches.best()
        if best is not None and best.encoding and best.chaos <= 0.25:
            # Short Western text fits several code pages equally well; the most common one
            # (Windows-1252 / Latin-1) wins ties.
            for m in matches:
                if (
                    m.encoding in ("cp1252", "latin_1", "iso8859_15")
                    and m.chaos <= best.chaos + 0.01
                    and m.coherence >= best.coherence - 0.05
                ):
                    return str(m), m.encoding
            return str(best), best.encoding
    for enc in ("cp1252",):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    raise _Skip("not UTF-8 and no fallback encoding fits")


_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_FRONT_TITLE = re.compile(r"^title\s*:\s*(.+?)\s*$", re.IGNORECASE)
_RST_ADORN = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")


def _strip_front_matter(text: str) -> tuple[str, str]:
    """YAML front matter removed; returns (text, title-from-front-matter or "")."""
    if not text.startswith("---"):
        return text, ""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return text, ""
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            title = ""
            for line in lines[1:i]:
                m = _FRONT_TITLE.match(line)
                if m:
                    title = m.group(1).strip().strip("\"'")
                    break
            return "\n".join(lines[i + 1 :]).lstrip("\n"), title
    return text, ""


def markdown_title(text: str) -> str:
    """First ATX (``# Title``) or setext (``Title`` / ``=====``) heading."""
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _ATX.match(line)
        if m:
            return m.group(1).strip()
        if line.strip() and i + 1 < len(lines) and re.fullmatch(r"\s{0,3}(=+|-+)\s*", lines[i + 1]):
            return line.strip()
    return ""


def text_title(text: str) -> str:
    """A plain-text document's first line when it reads as a title ("The Debian GNU/Linux FAQ"):
    short, on its own, no sentence and no copyright line; else "" (the file's name is used)."""
    lines = [x.strip() for x in text.lstrip("\n").split("\n")[:3]]
    first = lines[0] if lines else ""
    own_line = len(lines) < 2 or not lines[1] or _RST_ADORN.match(lines[1]) is not None
    if (not first or not own_line or len(first) > 80 or len(first.split()) > 12
            or first.endswith((".", ",", ";", ":")) or re.search(r"copyright|©|^#!|-\*-", first, re.I)):
        return ""
    return first


def rst_title(text: str) -> str:
    """First section title of a reStructuredText document (over- and/or underlined)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        line, nxt = lines[i].rstrip(), lines[i + 1].rstrip()
        if line.strip() and not _RST_ADORN.match(line) and _RST_ADORN.match(nxt) and len(nxt) >= len(line.strip()):
            return line.strip()
    return ""


class _TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.heading = ""  # the first heading below <h1>
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1", "h2", "h3", "h4", "h5", "h6") and self._in is None:
            self._in = tag
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            value = " ".join("".join(self._buf).split())
            if tag == "title" and not self.title:
                self.title = value
            elif tag == "h1" and not self.h1:
                self.h1 = value
            elif tag != "h1" and not self.heading:
                self.heading = value
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, Markdown text) of an HTML document."""
    import html2text

    texinfo = _MAKEINFO.search(html) is not None
    if texinfo:  # numbers off the headings first: the title is read from one of them
        html = _TEXINFO_NUMBER.sub(r"\1", html)
    tp = _TitleParser()
    try:
        tp.feed(html)
        tp.close()
    except Exception:  # malformed HTML: the title is a nicety
        pass
    conv = html2text.HTML2Text()
    conv.ignore_links = True
    conv.ignore_images = True
    conv.ignore_emphasis = True
    conv.body_width = 0
    conv.unicode_snob = True
    text = conv.handle(main_html(html))  # the page's main part: no navigation or footer
    if texinfo:
        text = _TEXINFO_DEF.sub(_texinfo_definition, text)
    text = _DEFINED_TERM.sub(r"\1 ", text)
    if texinfo and not tp.h1:
        return texinfo_title(tp.title, tp.heading), text
    return page_title(tp.title, tp.h1), text


# Between a page's own title and its site's name in <title>: "Log Files - Apache HTTP Server
# Version 2.4", "venv — Python 3.11 documentation", "Docs | Install".
_SITE_SEPARATOR = re.compile(r"\s*[-–—|·:»]\s*")
_SITE_PREFIX = re.compile(r"\S\s*[-–—|·:»]\s*$")
_SPACED_SEPARATOR = re.compile(r"\s+[-–—|·»]\s+")  # not the hyphen of "Built-in"
# A heading's permalink: Sphinx's "¶", or an icon font's glyph in the Private Use Area (MkDocs' U+F0C1).
_PERMALINK = re.compile(f"[¶{ICON_GLYPHS}]")


def page_title(title: str, h1: str) -> str:
    """The page's title without its site's name, when <title> is the <h1> plus a separator and
    the site ("Log Files - Apache HTTP Server Version 2.4" -> "Log Files"): the site's name in every
    reference title is noise a small model pastes into prose."""
    h1 = " ".join(_PERMALINK.sub(" ", h1).split())
    if not title or not h1:
        return title or h1
    # Either case: "Writing Your Docs - MkDocs" over "Writing your docs".
    folded, h1_folded = title.casefold(), h1.casefold()
    if len(h1) < len(title):
        if folded.startswith(h1_folded) and _SITE_SEPARATOR.match(title, len(h1)):
            return h1
        if folded.endswith(h1_folded) and _SITE_PREFIX.search(title[: len(title) - len(h1)]):
            return h1
    # "Installation - MkDocs" over <h1> "MkDocs Installation", "event - Apache HTTP Server Version 2.4" over
    # "Apache MPM event": the part before the separator starts or ends the heading, so the rest is the
    # site's name, and the heading is the page's own title.
    own, *site = _SPACED_SEPARATOR.split(title, maxsplit=1)
    words, head = own.casefold().split(), h1_folded.split()
    if site and site[0].strip() and words and words != head and words in (head[: len(words)], head[len(head) - len(words):]):
        return h1
    return title


# Texinfo numbers its chapters' and sections' headings ("7 How the Input Is Matched", "19.4.7 About
# yyscan_t", "Appendix A Appendices"), and says which they are in the class: a small model copies the
# numbers into its own titles. Only there, so a heading that starts with a version keeps it.
_TEXINFO_NUMBER = re.compile(
    r"(<h[1-6] class=\"(?:chapter|(?:sub)*section|appendix(?:(?:sub)*sec)?)\"[^>]*>\s*)"
    r"(?:Appendix\s+)?(?:\d+|[A-Z])(?:\.\d+)*\.?\s+(?=\S)")
_MAKEINFO = re.compile(r"<meta\s+name=\"generator\"\s+content=\"(?:makeinfo|texi2any)", re.I)
# Texinfo's <title> is "node (manual)": "Matching (Lexical Analysis With Flex, for Flex 2.6.4)".
_MANUAL_SUFFIX = re.compile(r"\s+\([^()]*\)$")


# A Texinfo definition's line ("Function: void yy_push_state ( int `new_state` ) ¶") over its text, which
# often goes on from the name ("pushes the current start condition ..."): a small model pasted the line
# as prose ("Function: void yy_flush_buffer( YY_BUFFER_STATE buffer ) This function discards ...").
_TEXINFO_DEF = re.compile(r"^(?:[A-Z][a-z]+(?: [A-Za-z]+){0,2}): ([^\n]{1,160}?)[ \t]*¶?[ \t]*\n(?:[ \t]*\n)*(?=(\S))", re.M)
# A definition list's term over its text when the text goes on from the term ("CMAKE_SYSROOT" over
# "is optional, and may be specified if a sysroot is available.", cmake-toolchains(7)): alone, the
# text is a sentence without its subject, which the 0.5B copied as "Is optional, and may ..." (cm-cross,
# stop 34). The term is one line of at most four words, no heading, list item or sentence.
_DEFINED_TERM = re.compile(r"^([^\s#*>|+-]\S*(?: \S+){0,3})(?<![.:;,!?])[ \t]*\n(?:[ \t]*\n)+"
                           r"(?=(?:is|are|can|may|must|should|specifies|sets|defines|controls|enables|disables|"
                           r"names|holds|contains|returns|gives|tells|selects|determines)\s)", re.M)
_SIGNATURE = re.compile(r"(?:.*?\s)?([\w:~.]+)\s*(\(.*\))?\s*$")


def _texinfo_definition(m: re.Match[str]) -> str:
    """The definition's name and arguments as its text's subject: "yy_push_state(int new_state) pushes ..."."""
    sig = _SIGNATURE.match(m.group(1).strip())
    if sig is None:
        return m.group(0)
    args = " ".join(sig.group(2).split()).replace("( ", "(").replace(" )", ")") if sig.group(2) else ""
    name = f"{sig.group(1)}{args}"
    return f"{name} " if m.group(2).islower() else f"{name}: "


def texinfo_title(title: str, heading: str) -> str:
    """A Texinfo (makeinfo) page's title: its section heading, its number already gone ("How the
    Input Is Matched", where the node is "Matching"), else the node's name without the manual's:
    the manual's name in every reference title is noise a small model pastes into prose."""
    return " ".join(heading.replace("¶", " ").split()) or _MANUAL_SUFFIX.sub("", title)


def _read_pdf(data: bytes) -> tuple[str, list[_Section]]:
    title, pages = read_pdf(data)
    sections = [_Section(text, {"page": number}, headings) for number, text, headings in pages_as_text(pages)]
    if not sections:
        raise _Skip("PDF has no extractable text (scanned images?)")
    return title or title_from_pages(pages), sections


# A static site's stand-ins for pages: a moved page's stub that sends the browser on ("Redirecting...",
# MkDocs' redirects plugin, Sphinx's and Jekyll's alike) and the server's error page.
_REFRESH = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\">\s]+)", re.I)
_ERROR_PAGE = re.compile(r"\s*(?:error\s+)?40[34]\b[\s:.-]*(?:page\s+)?(?:not\s+found|forbidden)", re.I)
_STUB_CHARS = 200  # a redirect's own words ("Redirecting...", "This page has moved to ...")
_ERROR_CHARS = 800  # an error page's: the message, a search box's help, a link home


def not_a_page(page: str, title: str, text: str) -> str:
    """Why an HTML file is no document (a redirect stub, an error page), or ""."""
    head = " ".join(text.split())
    if (refresh := _REFRESH.search(page)) and len(head) < _STUB_CHARS:
        url = _REFRESH_URL.search(refresh.group(0))
        return f"a redirect to {url.group(1)}" if url else "a redirect"
    # Short as well: a page on HTTP's status codes may open with "404 Not Found".
    if (_ERROR_PAGE.match(title) or _ERROR_PAGE.match(head.lstrip("# "))) and len(head) < _ERROR_CHARS:
        return "an error page (not found)"
    return ""


def read_document(path: Path, data: bytes) -> _Doc:
    """Extract title and text sections of one file (raises ``_Skip``)."""
    kind = kind_of(path)
    if kind is None:
        raise _Skip("not a document kind warp-report reads")
    if kind == "pdf":
        title, sections = _read_pdf(data)
        return _Doc(title or doc_stem(path), kind, sections)
    if kind in ("docx", "epub"):
        return _read_office(path, data, kind)
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, Any] = {"encoding": encoding}
    if kind == "html":
        page = text
        title, text = html_to_text(page)
        if why := not_a_page(page, title, text):
            raise _Skip(why)
    elif kind == "markdown":
        text, title = _strip_front_matter(text)
        title = title or markdown_title(text)
    elif kind == "rst":
        title = rst_title(text)
    else:
        title = text_title(text)
    if not text.strip():
        raise _Skip("no text content")
    return _Doc(clean_title(title, kind) or doc_stem(path), kind, [_Section(text)], meta)


def _read_office(path: Path, data: bytes, kind: str) -> _Doc:
    from warp_report.corpus.office import DocumentError, read_docx, read_epub

    try:
        if kind == "docx":
            title, text = read_docx(data)
            sections = [_Section(text)] if text.strip() else []
        else:
            title, chapters = read_epub(data, html_to_text)
            sections = [_Section(text, meta) for text, meta in chapters]
    except DocumentError as why:
        raise _Skip(str(why)) from None
    if not sections:
        raise _Skip("no text content")
    return _Doc(title or doc_stem(path), kind, sections)


# --------------------------------------------------------------------------- splitting

# Sentence ends (CJK and Latin) as zero-width / whitespace regex separators, so long
# paragraphs split between sentences rather than mid-word (CJK text has no spaces).
_SENTENCE_SEPS = [r"(?<=[。！？；])", r"(?<=[.!?;])\s+", r"(?<=[，、,])"]
_TAIL = [" ", ""]


def _separators(kind: str) -> list[str]:
    if kind in ("markdown", "html", "docx", "epub"):  # docx headings and epub chapters come out as Markdown
        base = RecursiveCharacterTextSplitter.get_separators_for_language(Language.MARKDOWN)
    elif kind == "rst":
        base = RecursiveCharacterTextSplitter.get_separators_for_language(Language.RST)
    else:
        base = ["\n\n", "\n", " ", ""]
    head = [s for s in base if s not in _TAIL]
    return head + _SENTENCE_SEPS + _TAIL


_SPLITTERS: dict[str, RecursiveCharacterTextSplitter] = {}


def splitter_for(kind: str, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> RecursiveCharacterTextSplitter:
    key = f"{kind}:{chunk_size}:{chunk_overlap}"
    sp = _SPLITTERS.get(key)
    if sp is None:
        sp = RecursiveCharacterTextSplitter(
            separators=_separators(kind),
            is_separator_regex=True,
            keep_separator="start",
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            add_start_index=True,
        )
        _SPLITTERS[key] = sp
    return sp


# A Word document's headings come out as Markdown headings and an EPUB chapter as html2text's
# Markdown: cleaned as plain text they kept their "#" marks, links and emphasis, and their headings
# were never found again as lines (no chunk of either had a section).
_CLEANED_AS = {"docx": "markdown", "epub": "html"}


def chunk_document(doc: _Doc, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[tuple[str, dict[str, Any]]]:
    """(chunk text, metadata) pairs in document order."""
    sp = splitter_for(doc.kind, chunk_size, chunk_overlap)
    out: list[tuple[str, dict[str, Any]]] = []
    carried = ""  # a PDF page's text before its first heading sits under the last heading of the pages before
    for section in doc.sections:
        # Markup cleaned before splitting, heading-only pieces merged after: the model copies both.
        fmt = _CLEANED_AS.get(doc.kind, doc.kind)
        cleaned = clean_text(section.text, fmt)
        # Headings cleaned as the text was (a Sphinx or Apache heading ends in its permalink's "¶").
        raw = section.headings if section.headings is not None else raw_headings(section.text, doc.kind)
        heads = heading_offsets([t for h in raw if (t := clean_title(h, fmt))], cleaned)
        pieces = sp.create_documents([cleaned], metadatas=[dict(section.meta)])
        for p in pieces:
            name = section_at(heads, int(p.metadata.get("start_index", 0)))
            if name := name or (carried if section.headings is not None else ""):
                p.metadata["section"] = name[:200]
        carried = heads[-1][1] if heads else carried
        out += merge_heading_chunks([(p.page_content, dict(p.metadata)) for p in pieces])
    return out



def changed_documents(
    files: list[tuple[str, Path]],
    known: dict[str, str],
    report: IngestReport,
    seen: set[str],
    progress: Callable[[int, int, str], None] | None = None,
    *,
    max_bytes: int,
    chunk_size: int = CHUNK_SIZE,
    chunk_overlap: int = CHUNK_OVERLAP,
) -> Iterator[tuple[str, Path, str, Any, list[tuple[str, dict[str, Any]]], str]]:
    """``(rel, path, sha256, doc, chunks, pipeline)`` for each file that is new or changed since
    ``known`` (path -> "sha256 pipeline"); unchanged files are counted, unreadable ones skipped
    with their reason. Every path still present is added to ``seen``."""
    pipeline = f"{INGEST_VERSION}:{chunk_size}:{chunk_overlap}"
    for done, (rel, path) in enumerate(files, start=1):
        try:
            data = _read_bytes(path, max_bytes)
            sha = hashlib.sha256(data).hexdigest()
            if known.get(rel) == f"{sha} {pipeline}":
                seen.add(rel)
                report.unchanged += 1
                continue
            doc = read_document(path, data)
            chunks = chunk_document(doc, chunk_size, chunk_overlap)
            if not chunks:
                raise _Skip("no text content")
        except _Skip as why:
            report.skip(rel, str(why))
            continue
        finally:
            if progress is not None:
                progress(done, len(files), rel)
        seen.add(rel)
        yield rel, path, sha, doc, chunks, pipeline


def chunk_metadata(rel: str, path: Path, sha: str, doc: Any, n: int, pipeline: str) -> dict[str, Any]:
    """What every chunk of a file carries, the same in the lexical and the dense index."""
    return {
        "path": rel, "abs_path": str(path), "title": doc.title[:500], "kind": doc.kind,
        "n_chunks": n, "file_sha256": sha, "pipeline": pipeline,
        **{k: v for k, v in doc.meta.items() if v is not None},
    }
