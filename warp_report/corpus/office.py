"""Readers for .docx (Word) and .epub (e-books), with the standard library only.

Both formats are ZIP archives of XML: a .docx keeps its text in ``word/document.xml``
(paragraphs ``w:p``, runs ``w:t``), an .epub lists its XHTML chapters in reading order in the
OPF package's ``spine``. Reading them needs ``zipfile`` and ``xml.etree`` only, so no
dependency is added for two formats (python-docx and EbookLib both pull in lxml).
Chapters go through the same HTML-to-Markdown conversion as .html files.

Archives are checked before anything is inflated: total uncompressed size is capped (a ZIP
bomb is refused, not expanded) and XML is parsed by expat, which does not fetch external
entities.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"

#: Uncompressed bytes an archive may expand to (documents are text; images are not read).
MAX_UNCOMPRESSED = 200 * 1024 * 1024


class DocumentError(ValueError):
    """The file cannot be read; the message is the reason shown to the user."""


def _open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError(f"not a {kind} file (not a ZIP archive)") from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
        raise DocumentError(f"{kind} expands to more than {MAX_UNCOMPRESSED // 2**20} MB (refused)")
    return archive


def _xml(archive: zipfile.ZipFile, name: str, kind: str) -> ET.Element:
    try:
        return ET.fromstring(archive.read(name))
    except KeyError:
        raise DocumentError(f"{kind} without {name}") from None
    except (ET.ParseError, zipfile.BadZipFile, RuntimeError, OSError) as exc:  # RuntimeError: encrypted member
        raise DocumentError(f"{kind} part {name} unreadable ({type(exc).__name__})") from None


def _paragraph_text(p: ET.Element) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _style(p: ET.Element) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return (style.get(f"{_W}val") or "") if style is not None else ""


def read_docx(data: bytes) -> tuple[str, str]:
    """(title, text) of a Word document: paragraphs and table cells in order; headings become
    Markdown headings so the splitter cuts at them."""
    archive = _open_zip(data, "docx")
    body = _xml(archive, "word/document.xml", "docx").find(f"{_W}body")
    if body is None:
        raise DocumentError("docx without a body")
    lines: list[str] = []
    heading = ""
    for p in body.iter(f"{_W}p"):
        text = _paragraph_text(p).strip()
        if not text:
            continue
        style = _style(p).lower()
        if style == "title" or style.startswith("heading"):
            level = int(style[7:]) if style[7:].isdigit() else 1
            heading = heading or text
            lines.append("#" * min(level, 6) + " " + " ".join(text.split()))
        else:
            lines.append(text)
    title = ""
    if "docProps/core.xml" in archive.namelist():
        node = _xml(archive, "docProps/core.xml", "docx").find(f"{_DC}title")
        title = (node.text or "").strip() if node is not None else ""
    return title or heading, "\n\n".join(lines)


def read_epub(data: bytes, html_to_text: Callable[[str], tuple[str, str]]) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """(title, [(chapter text, {"chapter": n, "part": path in the archive})]) in reading order."""
    archive = _open_zip(data, "epub")
    container = _xml(archive, "META-INF/container.xml", "epub")
    rootfile = container.find(f".//{_CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise DocumentError("epub without a package document")
    opf_path = rootfile.get("full-path", "")
    opf = _xml(archive, opf_path, "epub")
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): (item.get("href") or "", item.get("media-type") or "")
        for item in opf.iter(f"{_OPF}item")
    }
    title_node = opf.find(f".//{_DC}title")
    title = (title_node.text or "").strip() if title_node is not None else ""
    chapters: list[tuple[str, dict[str, Any]]] = []
    for number, ref in enumerate(opf.iter(f"{_OPF}itemref"), start=1):
        href, media = manifest.get(ref.get("idref"), ("", ""))
        if not href or "html" not in media:
            continue
        part = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
        try:
            raw = archive.read(part)
        except (KeyError, RuntimeError, zipfile.BadZipFile, OSError):
            continue  # a missing chapter should not cost the rest of the book
        _, text = html_to_text(raw.decode("utf-8", errors="replace"))
        if text.strip():
            chapters.append((text, {"chapter": number, "part": part}))
    if not chapters:
        raise DocumentError("epub has no readable chapters")
    return title, chapters
