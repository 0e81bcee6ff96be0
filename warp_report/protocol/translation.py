"""A report asked in Chinese, Japanese or Korean, written in English and translated at the end.

The embedded 0.5B model writes poorly in Chinese from English passages: over the flex, CMake and
MkDocs sets its Chinese parts were generic, repeated themselves (most of each reply was dropped as a
repeat) and covered none of the key points, and it called flex "弹性解析器" (elastic parser). The same
model reads the passages well enough in English, where every check and repair of the English path
applies, and translates a finished paragraph faithfully. These helpers cut a report into what is
translated (headings, paragraph text) and what is kept as it is (citation marks, code).
"""

from __future__ import annotations

import re

from warp_report.protocol.language import cjk_share, is_cjk_text
from warp_report.protocol.markers import CITATION, CJK, CODE_SPAN, outside_code
from warp_report.protocol.repair import join_sentences, split_sentences

#: Evidence whose letters are under this share CJK is not in the question's language: the run
#: researches and writes in English. A Chinese corpus (the test corpus' 长城.md) is written in Chinese.
FOREIGN_EVIDENCE = 0.2

#: A name the question writes in Latin letters: "flex", "yylval", "CMake", "C++".
LATIN_NAME = re.compile(r"[A-Za-z][\w.+#-]*[\w+#]|[A-Za-z]")

_TRAILING_MARKS = re.compile(rf"(?:\s*{CITATION.pattern})+\s*$")


def evidence_is_foreign(question: str, texts: list[str]) -> bool:
    """Is a CJK ``question`` asked of passages (``texts``, the best hits) that are not in CJK?
    No passage found says nothing: the question's own language is kept."""
    if not is_cjk_text(question) or not texts:
        return False
    return cjk_share(" ".join(texts)) < FOREIGN_EVIDENCE


def paragraphs(content: str) -> list[str]:
    """A part's paragraphs (blank-line separated), as written."""
    return [p.strip() for p in re.split(r"\n\s*\n", content) if p.strip()]


def split_marks(paragraph: str) -> tuple[str, str]:
    """``(text, marks)``: the paragraph's text without citation marks, and its marks as they
    are to follow the translation. Marks inside the text (a sentence's own citation) move to the
    end in their order: a translation reorders clauses, and a mark the model must copy back is
    one it may drop or invent."""
    trailing = _TRAILING_MARKS.search(paragraph)
    body = paragraph[: trailing.start()] if trailing else paragraph
    marks = [m.group() for m in CITATION.finditer(paragraph)]
    text = " ".join(CITATION.sub(" ", body).split())
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return text, "".join(dict.fromkeys(marks))


def with_marks(translated: str, marks: str) -> str:
    """The translated text followed by its citation marks (CJK prose takes none of the space
    an English sentence puts before them)."""
    text = translated.strip()
    return f"{text}{marks}" if marks else text


def source_chars(text: str) -> tuple[int, int]:
    """Bounds, in the reply schema's Latin units (a CJK field gets a third of them), of the
    translation of the English ``text``: not a summary (a third of the English at least), and
    not a loop (twice it at most)."""
    return max(30, len(text) // 3), max(300, 2 * len(text))


def question_names(question: str) -> list[str]:
    """The names a CJK question writes in Latin letters, each once."""
    return list(dict.fromkeys(LATIN_NAME.findall(question)))


def protect_names(text: str, names: list[str]) -> str:
    """``text`` with each of the question's ``names`` in a code span: asked to translate "Introduction
    to Flex", the 0.5B wrote "弹性解析器" (elastic parser) and "飞度" for flex; a code span is kept as
    it is, and the grammar of a CJK field admits Latin letters in code spans only."""
    if not names:
        return text
    pattern = re.compile(r"(?<![\w`])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w`])", re.IGNORECASE)
    return outside_code(text, lambda t: pattern.sub(lambda m: f"`{m.group()}`", t))


def tidy_code_spans(text: str) -> str:
    """Spaces the model typed inside a code span's edges ("` Bison`") taken out."""
    return CODE_SPAN.sub(lambda m: f"`{m.group()[1:-1].strip()}`" if m.group()[1:-1].strip() else m.group(), text)


def without_repeats(text: str) -> str:
    """A translated paragraph with each sentence once: a 0.5B translating a paragraph can say a
    sentence of it twice (the English had it once; the write checks saw to that)."""
    sentences = split_sentences(text)
    kept = list(dict.fromkeys(sentences))
    return join_sentences(kept) if kept and len(kept) < len(sentences) else text


_SENTENCE_CLOSE = re.compile(r"[.!?。！？)）」”\]\"'`]\s*$")
# A field label or JSON the model typed into a field ("... }ts1: `Flex` ...").
_FIELD_DEBRIS = re.compile(r"[{}]|(?<![A-Za-z])t\d{1,2}\s*:")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def translation_error(source: str, translated: str) -> str | None:
    """Why ``translated`` is no translation of the English ``source`` (None when it may be one).

    The grammar of a CJK field lets Latin letters through only in code spans, and a 0.5B used
    that: "`C Scanners with `...` Parsers describes the `..." is English in code spans, and the
    language check does not count code. A code span with a space in it must be one of the
    source's own (a command with its options)
    (sentences cut at the end are ``whole_sentences``' business)."""
    if _FIELD_DEBRIS.search(translated) and not _FIELD_DEBRIS.search(source):
        return "write only the translation in each field, no field names or braces"
    spans = {m.group()[1:-1].strip().casefold() for m in CODE_SPAN.finditer(source)}
    squashed = _squash(source)
    for m in CODE_SPAN.finditer(translated):
        inside = m.group()[1:-1].strip()
        # "`y tab.h`" for y.tab.h is a name mistyped; three words or more are a sentence copied.
        named = len(inside.split()) <= 2 and _squash(inside) in squashed
        if (" " in inside or "..." in inside) and inside.casefold() not in spans and not named:
            return f"translate the text instead of copying it into code spans (`{inside[:40]}`)"
    return None


def whole_sentences(source: str, translated: str) -> str:
    """``translated`` ending as a sentence where ``source`` does: a translation that stops
    mid-sentence (flex-yacc-zh ended a paragraph on "`yacc` 是另一个用于将") loses its unfinished
    last sentence; one with no finished sentence gets its full stop. (Refused instead, the 0.5B
    stopped again on the retry, or translated the refusal.)"""
    text = translated.rstrip()
    if not _SENTENCE_CLOSE.search(source) or _SENTENCE_CLOSE.search(text):
        return text
    sentences = split_sentences(text)
    if len(sentences) > 1:
        return join_sentences(sentences[:-1])
    text = text.rstrip("，,;；:：、（( ")
    return text + ("。" if CJK.search(text[-1:]) or text[-1:] == "`" else ".")
