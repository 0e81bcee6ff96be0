"""Text checks behind benchmarks/report_quality.py: headings, passage artefacts in prose, and the
8-word runs used for the verbatim share. Pure functions of text (plus the prompt templates and the
corpus files), so they can be tried on any report.md."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from warp_report.corpus.files import _Skip, is_gzip, kind_of
from warp_report.corpus.readers import read_document
from warp_report.eval.quality import count_words, tokens

ROOT = Path(__file__).resolve().parents[1]
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
ARTEFACTS: dict[str, re.Pattern[str]] = {
    "cut": re.compile(r"\.\.\.|…"),
    "heading": re.compile(r"^\s*#{1,6}\s+\S|^\s*([=\-~^*\"+])\1{3,}\s*$", re.MULTILINE),
    "markup": re.compile(
        r":[a-z][\w-]*(?::[\w-]+)?:`"  # reST roles  :func:`x`
        r"|^\s*\.\.\s+(?:[\w-]+::|_[\w -]+:)"  # directives and link targets
        r"|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"  # HTML tags
        r"|&(?:[a-z]+|#\d+);|¶"  # entities, Sphinx pilcrows
        # Markdown API pages: underscore emphasis (_not_), JSDoc-style types ({string|symbol}) and
        # Node.js-style stability banners (Stability: 2 - Stable).
        # ("${parameter}" is a shell's expansion and Apache's "%{Referer}i" a log format's field, not types).
        r"|(?<![\w\\])_[A-Za-z][^_\n]{0,40}_(?!\w)|(?<![$%])\{[A-Za-z][\w.]*(?:\[\])?(?:\|[A-Za-z][\w.]*(?:\[\])?)*\}"
        r"|\bStability:\s*\d",
        re.MULTILINE,
    ),
    # A typeset page's furniture: a running head with its page number ("Chapter 3: Basic Shell
    # Features 25"), a printed cross-reference ("Section 3.4 [Shell Parameters], page 21"), dot
    # leaders, a word broken at a line end ("expres- sions", PDFium's mark).
    "page": re.compile(
        r"\bChapter \d+: [A-Z][\w ]{2,60}? \d{1,4}\b|\[[^\]\n]{2,80}\],? page \d+|(?:\. ){3,}\.?|\ufffe"
        r"|\b(?!(?:non|pre|post|re|sub|co|anti|multi|semi)-)[a-z]{2,}- [a-z]{3,}\b"),
    # A page's navigation line (Texinfo's "Next: Actions, Previous: Patterns, Up: flex").
    "nav": re.compile(r"\b(?:Next|Prev(?:ious)?|Up): [^\n]{1,80}?, (?:Next|Prev(?:ious)?|Up): "),
    # The prompt's draft view said back: a part's state ("To write] Creating a project", "(to write)").
    "prompt": re.compile(r"\b(?:to write|written|skipped)[\])]", re.I),
}


def heading_words(title: str) -> float:
    cjk = len(_CJK_CHAR.findall(title))
    return count_words(_CJK_CHAR.sub(" ", title)) + cjk / 2


def heading_artefacts(title: str) -> list[str]:
    """Passage artefacts in a heading: a cut mark ("Defining your own levels...") or markup."""
    bare = _CODE_SPAN.sub(" ", title)
    return [kind for kind in ("cut", "markup") if ARTEFACTS[kind].search(bare)]


def _grams(toks: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def copied_from(title: str, sources: list[str], question: str = "") -> str | None:
    """The source a run of 6 heading words (10 CJK characters) was copied from, if any.

    Runs that are the user's own question do not count: a part named after one clause of a
    two-part question ("实际编程中应如何处理") answers that clause, and plans quote the question."""
    toks = tokens(title, drop_stopwords=False)
    n = 10 if _CJK_CHAR.search(title) else 6
    want = _grams(toks, n) - _grams(tokens(question, drop_stopwords=False), n)
    if not want:
        return None
    for src in sources:
        if want & _grams(tokens(src, drop_stopwords=False), n):
            return src
    return None


def plans_of(trace: list[dict[str, Any]], title: str | None = None) -> list[tuple[str, str]]:
    """(title, plan) of every planned part in the run's valid init-plan / extend-plan replies.

    With ``title``: only the replies up to the one that first planned that title. A title can
    have been cut out of a plan shown before it (or beside it, in the same reply); a later plan
    that repeats an existing title is the later reply's fault, not the title's."""
    out: list[tuple[str, str]] = []
    for e in trace:
        items = [s for key in ("sections", "subsections") for s in (e.get("detail") or {}).get(key) or []
                 if isinstance(s, dict)]
        out += [(str(s.get("title", "")), str(s["plan"])) for s in items if s.get("plan")]
        if title is not None and any(str(s.get("title", "")).strip() == title.strip() for s in items):
            break
    return out


def prompt_grams() -> set[tuple[str, ...]]:
    """6-word runs of the prompt templates' own sentences (a tiny model sometimes pastes its instructions)."""
    out: set[tuple[str, ...]] = set()
    for f in sorted((ROOT / "warp_report" / "prompts").rglob("*.md")):
        text = re.sub(r"\{\{[^}]*\}\}\}?", " | ", f.read_text(encoding="utf-8"))  # placeholders break runs
        for piece in text.split("|"):
            out |= _grams(tokens(piece, drop_stopwords=False), 6)
    return out


PROMPT_GRAMS = prompt_grams()


def _title_line(title: str, text: str) -> bool:
    """The part opens with its own title as a line or label ("Title: ...", "Title.", "Title\\n"),
    not as the subject of its first sentence ("编码和解码的关系是 ..." is a definition)."""
    t = title.strip().casefold()
    head = text.lstrip().casefold()
    if len(tokens(title, drop_stopwords=False)) < 2 or not head.startswith(t):
        return False
    rest = text.lstrip()[len(t):]
    return not rest.strip() or rest[0] in ":.?!\n-–—：。" or rest.startswith(" -") or rest[:2].strip()[:1].isupper()


# Inline code (`pip install <name>`) shows its text as is: a placeholder there is no markup.
_CODE_SPAN = re.compile(r"`[^`\n]+`")


def artefacts_of(title: str, text: str) -> list[str]:
    found = [kind for kind, rx in ARTEFACTS.items() if rx.search(_CODE_SPAN.sub(" ", text))]
    if _grams(tokens(text, drop_stopwords=False), 6) & PROMPT_GRAMS:
        found.append("prompt")
    if _title_line(title, text):
        found.append("echo")
    return found


_CORPUS_GRAMS: dict[tuple[str, ...], set[int]] = {}


def corpus_grams(folders: list[str]) -> set[int]:
    """Hashes of every 8-word run in the corpus files: the run saw passages from there, cited or not."""
    key = tuple(sorted(folders))
    if key not in _CORPUS_GRAMS:
        out: set[int] = set()
        for folder in folders:
            for f in sorted(Path(folder).expanduser().rglob("*")):
                # The names ingest reads as text (".md.gz", "index.html.en", "README.Debian" too).
                kind = kind_of(f) if f.is_file() else None
                if kind in {"markdown", "text", "rst", "html"}:
                    raw = gzip.decompress(f.read_bytes()) if is_gzip(f) else f.read_bytes()
                    text = raw.decode("utf-8", errors="replace")
                elif kind is not None:  # PDF, Word, EPUB: the text ingest reads out of them
                    try:
                        text = "\n".join(s.text for s in read_document(f, f.read_bytes()).sections)
                    except _Skip:
                        continue
                else:
                    continue
                out |= {hash(g) for g in _grams(tokens(text, drop_stopwords=False), 8)}
        _CORPUS_GRAMS[key] = out
    return _CORPUS_GRAMS[key]
