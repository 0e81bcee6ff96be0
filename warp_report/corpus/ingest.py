"""Ingest a folder of documents into a Chroma collection, incrementally.

Supported: Markdown (.md, .markdown), text (.txt), reStructuredText (.rst), HTML (.html,
.htm), PDF (.pdf), Word (.docx) and EPUB (.epub; ``corpus/office.py``). Text comes from real
parsers (pypdf, html2text, the stdlib HTML parser for ``<title>``, zipfile + ElementTree);
chunks come from langchain-text-splitters (~1000 characters, 150 overlap, Markdown/RST-aware,
sentence-aware for CJK text).

Every chunk carries ``path`` (relative to the root), ``abs_path``, ``title``, ``chunk`` /
``n_chunks`` (position), ``start_index`` (character offset in the extracted text), ``page``
(PDF, 1-based) and ``file_sha256``. Chunk 0 of a file is written last, so it marks a file as
complete: a run that dies half way re-ingests that file next time.

Re-ingesting is incremental: unchanged files (same sha256) are skipped without parsing,
changed files are replaced, files that disappeared (or can no longer be read) are removed.
Anything that cannot be ingested is skipped with a reason in the report; symlinks are never
followed.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI
from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

from warp_report.corpus.chroma import open_collection
from warp_report.corpus.clean import clean_text, clean_title, main_html
from warp_report.corpus.embeddings import Embedder, as_embedder
from warp_report.corpus.passages import merge_heading_chunks
from warp_report.settings import CHUNK_OVERLAP, CHUNK_SIZE, DEFAULT_MAX_FILE_BYTES

KINDS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".rst": "rst",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".epub": "epub",
}

#: ``progress(files_done, files_total, current_relative_path)``
ProgressCallback = Callable[[int, int, str], None]

_BATCH = 64  # chunks per embed + upsert call

#: Bump when extraction or splitting changes: files ingested by another version are redone.
INGEST_VERSION = 2


class _Skip(Exception):
    """A file that cannot be ingested; the message is the reason shown to the user."""


@dataclass
class SkippedFile:
    path: str
    reason: str


@dataclass
class IngestReport:
    root: str
    collection: str
    files_seen: int = 0  # supported files found (ingested, unchanged or skipped)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)  # extension -> count
    unsupported_files: list[str] = field(default_factory=list)  # their relative paths, to name them
    hidden: int = 0  # dot-files and dot-directories, ignored
    chunks_added: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(SkippedFile(path, reason))

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{self.unchanged} unchanged",
            f"{len(self.removed)} removed",
            f"{len(self.skipped)} skipped",
        ]
        n_unsup = sum(self.unsupported.values())
        if n_unsup:
            parts.append(f"{n_unsup} unsupported")
        return (
            f"{self.collection}: " + ", ".join(parts)
            + f"; {self.chunks_added} chunks written, {self.chunks_total} in collection ({self.seconds:.1f}s)"
        )


def default_collection_name(root: str | os.PathLike[str]) -> str:
    """Stable, valid Chroma collection name for a corpus folder (from its absolute path)."""
    path = Path(root).expanduser().resolve()
    name = unicodedata.normalize("NFKD", path.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:40].strip("-") or "root"
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
    return f"corpus-{slug}-{digest}"


# --------------------------------------------------------------------------- walking


def _walk(root: Path, report: IngestReport) -> list[tuple[str, Path]]:
    """Supported regular files under ``root`` (relative path, path), sorted; records skips."""
    found: list[tuple[str, Path]] = []
    unsupported: Counter[str] = Counter()
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            report.skip(_rel(Path(directory), root) + "/", f"unreadable directory ({exc.strerror or exc})")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, root)
            if entry.name.startswith("."):
                report.hidden += 1
                continue
            if not _utf8(rel):
                # Chroma, JSON and the report all need text: such a name cannot be cited faithfully.
                shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                report.skip(shown + ("/" if entry.is_dir(follow_symlinks=False) else ""),
                            "the name is not valid UTF-8; rename it to include it")
                continue
            try:
                if entry.is_symlink():
                    report.skip(rel, _symlink_reason(path, root))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(path)
                    continue
                is_file = entry.is_file(follow_symlinks=False)
            except OSError as exc:
                report.skip(rel, f"unreadable ({exc.strerror or exc})")
                continue
            kind = KINDS.get(path.suffix.lower())
            if kind is None:
                unsupported[path.suffix.lower() or "(no extension)"] += 1
                report.unsupported_files.append(rel)
                continue
            if not is_file:
                report.skip(rel, "not a regular file")
                continue
            found.append((rel, path))
        stack.extend(reversed(subdirs))
    report.unsupported = dict(sorted(unsupported.items()))
    found.sort()
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates
        return False
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _symlink_reason(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports loops this way
        return "symlink loop (not followed)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (not followed)"
        return "broken symlink"
    if not target.is_relative_to(root):
        return "symlink pointing outside the corpus (not followed)"
    return "symlink inside the corpus (not followed; its target is ingested under its own path)"


# --------------------------------------------------------------------------- reading


@dataclass
class _Section:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Doc:
    title: str
    kind: str
    sections: list[_Section]
    meta: dict[str, Any] = field(default_factory=dict)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except OSError as exc:
        raise _Skip(f"unreadable ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise _Skip("not a regular file")
    if st.st_size == 0:
        raise _Skip("empty file")
    if st.st_size > max_bytes:
        raise _Skip(f"too large ({st.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB cap)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _Skip(f"unreadable ({exc.strerror or exc})") from None
    if not data:
        raise _Skip("empty file")
    if len(data) > max_bytes:
        raise _Skip(f"too large (> {max_bytes / 1e6:.1f} MB cap)")
    return data


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
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1") and self._in is None:
            self._in = tag
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            value = " ".join("".join(self._buf).split())
            if tag == "title" and not self.title:
                self.title = value
            elif tag == "h1" and not self.h1:
                self.h1 = value
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, Markdown text) of an HTML document."""
    import html2text

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
    return (tp.title or tp.h1), text


def _read_pdf(data: bytes) -> tuple[str, list[_Section]]:
    import pypdf

    if not data.lstrip().startswith(b"%PDF-"):
        raise _Skip("not a PDF file")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise _Skip("encrypted PDF")
            except _Skip:
                raise
            except Exception:
                raise _Skip("encrypted PDF") from None
        title = ""
        try:
            meta = reader.metadata
            title = str(meta.title).strip() if meta and meta.title else ""
        except Exception:
            title = ""
        sections: list[_Section] = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:
                continue
            if text.strip():
                sections.append(_Section(text, {"page": number}))
    except _Skip:
        raise
    except Exception as exc:
        raise _Skip(f"PDF could not be parsed ({type(exc).__name__})") from None
    if not sections:
        raise _Skip("PDF has no extractable text (scanned images?)")
    return title, sections


def read_document(path: Path, data: bytes) -> _Doc:
    """Extract title and text sections of one file (raises ``_Skip``)."""
    kind = KINDS[path.suffix.lower()]
    if kind == "pdf":
        title, sections = _read_pdf(data)
        return _Doc(title or path.stem, kind, sections)
    if kind in ("docx", "epub"):
        return _read_office(path, data, kind)
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, Any] = {"encoding": encoding}
    if kind == "html":
        title, text = html_to_text(text)
    elif kind == "markdown":
        text, title = _strip_front_matter(text)
        title = title or markdown_title(text)
    elif kind == "rst":
        title = rst_title(text)
    else:
        title = ""
    if not text.strip():
        raise _Skip("no text content")
    return _Doc(clean_title(title, kind) or path.stem, kind, [_Section(text)], meta)


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
    return _Doc(title or path.stem, kind, sections)


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


def chunk_document(doc: _Doc, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[tuple[str, dict[str, Any]]]:
    """(chunk text, metadata) pairs in document order."""
    sp = splitter_for(doc.kind, chunk_size, chunk_overlap)
    out: list[tuple[str, dict[str, Any]]] = []
    for section in doc.sections:
        # Markup cleaned before splitting, heading-only pieces merged after: the model copies both.
        pieces = sp.create_documents([clean_text(section.text, doc.kind)], metadatas=[dict(section.meta)])
        out += merge_heading_chunks([(p.page_content, dict(p.metadata)) for p in pieces])
    return out


# --------------------------------------------------------------------------- ingest


def _manifest(collection: Any) -> dict[str, str]:
    """path -> "file_sha256 pipeline" of every completely ingested file (those with a chunk 0)."""
    manifest: dict[str, str] = {}
    offset, page = 0, 5000
    while True:
        got = collection.get(where={"chunk": 0}, include=["metadatas"], limit=page, offset=offset)
        metas = got.get("metadatas") or []
        for meta in metas:
            if meta and "path" in meta:
                manifest[str(meta["path"])] = f"{meta.get('file_sha256', '')} {meta.get('pipeline', '')}"
        if len(metas) < page:
            return manifest
        offset += page


class _Writer:
    """Buffers chunks, embeds them in batches, upserts them."""

    def __init__(self, collection: Any, embedder: Embedder, batch: int = _BATCH) -> None:
        self.collection = collection
        self.embedder = embedder
        self.batch = batch
        self.ids: list[str] = []
        self.docs: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self.embed_texts: list[str] = []
        self.written = 0

    def put(self, cid: str, text: str, meta: dict[str, Any], embed_text: str) -> None:
        self.ids.append(cid)
        self.docs.append(text)
        self.metas.append(meta)
        self.embed_texts.append(embed_text)
        if len(self.ids) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.ids:
            return
        vectors = self.embedder.embed_passages(self.embed_texts)
        self.collection.upsert(ids=self.ids, documents=self.docs, metadatas=self.metas, embeddings=vectors)
        self.written += len(self.ids)
        self.ids, self.docs, self.metas, self.embed_texts = [], [], [], []


def ingest_folder(
    root: str | os.PathLike[str],
    collection_name: str | None,
    client: ClientAPI,
    embedder: Embedder | Any = None,
    progress: ProgressCallback | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    chunk_size: int = CHUNK_SIZE,
    chunk_overlap: int = CHUNK_OVERLAP,
) -> IngestReport:
    """Bring collection ``collection_name`` (default: ``default_collection_name(root)``) in line
    with the folder ``root``. Raises ``FileNotFoundError`` / ``NotADirectoryError``."""
    started = time.perf_counter()
    given = Path(root).expanduser()
    if not given.exists():
        raise FileNotFoundError(f"corpus folder not found: {given}")
    if not given.is_dir():
        raise NotADirectoryError(f"corpus path is not a folder: {given}")
    root_path = given.resolve()
    name = collection_name or default_collection_name(root_path)
    emb = as_embedder(embedder)
    collection = open_collection(
        client, name, emb, metadata={"warp_kind": "corpus", "root": str(root_path)}
    )
    report = IngestReport(root=str(root_path), collection=name)
    files = _walk(root_path, report)
    report.files_seen = len(files)
    known = _manifest(collection)
    fresh = not known and collection.count() == 0
    seen: set[str] = set()
    writer = _Writer(collection, emb)
    pipeline = f"{INGEST_VERSION}:{chunk_size}:{chunk_overlap}"
    total = len(files)
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
                progress(done, total, rel)
        seen.add(rel)
        # Replace whatever an earlier (or interrupted) ingest left for this path.
        if not fresh:
            collection.delete(where={"path": rel})
        (report.updated if rel in known else report.added).append(rel)
        n = len(chunks)
        base = {
            "path": rel,
            "abs_path": str(path),
            "title": doc.title[:500],
            "kind": doc.kind,
            "n_chunks": n,
            "file_sha256": sha,
            "pipeline": pipeline,
            **{k: v for k, v in doc.meta.items() if v is not None},
        }
        # Chunk 0 last: it is the marker that the file is completely ingested.
        for i in [*range(1, n), 0]:
            text, extra = chunks[i]
            meta = {**base, **extra, "chunk": i}
            embed_text = text if text.startswith(doc.title) else f"{doc.title}\n{text}"
            writer.put(f"{rel}::{i}", text, meta, embed_text)
        report.chunks_added += n
    writer.flush()
    for rel in sorted(set(known) - seen):
        collection.delete(where={"path": rel})
        report.removed.append(rel)
    report.chunks_total = collection.count()
    report.seconds = time.perf_counter() - started
    return report


def iter_skipped(report: IngestReport) -> Iterable[str]:
    """Human-readable lines for the skipped files."""
    for s in report.skipped:
        yield f"{s.path}: {s.reason}"
