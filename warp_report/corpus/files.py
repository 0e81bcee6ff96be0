"""Which files of a folder are read, and what happened to each: walking, skipping, reporting.

Symlinks are never followed; hidden files, names that are not UTF-8, unsupported extensions,
unreadable, binary, empty and huge files are skipped (or counted) with a reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

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

# Debian's /usr/share/doc keeps its text documents gzipped (README.gz, NEWS.Debian.gz, guide.txt.gz)
# and names some by convention only (README.Debian); Apache-style content negotiation names pages
# "index.html.en". Each is read as the kind its name says once those wrappings are taken off.
_DOC_NAME = re.compile(r"(?:readme|news|install|faq|changes|history|usage|todo)(?:\.[\w-]+)?", re.I)
_LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2}(?:-[a-z]{2})?", re.I)


def _unwrapped(path: Path) -> Path:
    """The name a document is read by: without ".gz", and "index.html.en" as "index.html"."""
    inner = Path(path.name[:-3] if is_gzip(path) else path.name)
    if _LANGUAGE_SUFFIX.fullmatch(inner.suffix) and Path(inner.stem).suffix.lower() in (".html", ".htm"):
        return Path(inner.stem)
    return inner


def kind_of(path: Path) -> str | None:
    """The reader for a file name ("markdown", "html", ...), or None when it is not a document."""
    inner = _unwrapped(path)
    kind = KINDS.get(inner.suffix.lower())
    if kind is None and _DOC_NAME.fullmatch(inner.name):
        kind = "text"
    return kind


def doc_stem(path: Path) -> str:
    """A file's name without the wrappings ``kind_of`` looked through: a title of last resort."""
    inner = _unwrapped(path)
    return inner.stem if inner.suffix.lower() in KINDS else inner.name


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


#: ``progress(files_done, files_total, current_relative_path)``
ProgressCallback = Callable[[int, int, str], None]


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


def corpus_folder(root: str | os.PathLike[str]) -> Path:
    """The resolved folder; ``FileNotFoundError`` / ``NotADirectoryError`` name a bad one."""
    given = Path(root).expanduser()
    if not given.exists():
        raise FileNotFoundError(f"corpus folder not found: {given}")
    if not given.is_dir():
        raise NotADirectoryError(f"corpus path is not a folder: {given}")
    return given.resolve()


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
            kind = kind_of(path)
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
    return _gunzip(data, max_bytes) if is_gzip(path) else data


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """A gzipped document's bytes, held to the same cap as a plain file's (a small .gz can hold a lot)."""
    out = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        text = out.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise _Skip(f"not a readable gzip file ({exc})") from None
    if len(text) > max_bytes:
        raise _Skip(f"too large uncompressed (> {max_bytes / 1e6:.1f} MB cap)")
    if not text:
        raise _Skip("empty file")
    return text



def iter_skipped(report: IngestReport) -> Iterable[str]:
    """Human-readable lines for the skipped files."""
    for s in report.skipped:
        yield f"{s.path}: {s.reason}"
