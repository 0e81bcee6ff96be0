"""Text primitives of the judge-free metrics: words, tokens, sentences, citations, overlap."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from warp_report.protocol.markers import CITATION, CJK, STOPWORDS
from warp_report.protocol.markers import count_words as count_words  # the benchmark's count is the judge's

# --------------------------------------------------------------------------------------------
# Text primitives


# The report's own structure, as finalize renders it.
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")
_REFERENCE = re.compile(r"^\s*\[(\d+)\]\s*(.*)$")
_NOT_WRITTEN = re.compile(r"^\*This part was not written")

# Sentence ends with the citation markers that close them.
_SENTENCE_END = re.compile(r"([.!?;]|[。！？；])((?:\s*\[\d+(?:\s*[,，]\s*\d+)*\])*)")
_REF_HEADINGS = {"references", "reference", "sources", "参考文献", "参考资料"}

def strip_citations(text: str) -> str:
    return CITATION.sub("", text)


def tokens(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Lower-cased word tokens; CJK text becomes one token per character."""
    text = strip_citations(text).casefold()
    out: list[str] = []
    for word in re.findall(r"[^\W_]+", text):
        if CJK.search(word):
            for part in re.split(f"({CJK.pattern})", word):
                if not part:
                    continue
                if CJK.fullmatch(part) or not (drop_stopwords and part in STOPWORDS):
                    out.append(part)
        elif not (drop_stopwords and word in STOPWORDS):
            out.append(word)
    return out


def citations_in(text: str) -> list[int]:
    """Every cited number, in order, repeats kept (``[1, 2]`` and ``[1][2]`` both give 1, 2)."""
    out: list[int] = []
    for m in CITATION.finditer(text):
        out.extend(int(p) for p in re.split(r"\s*[,，]\s*", m.group(1)))
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; citation markers right after the final punctuation stay with it.

    A Latin ``.!?;`` ends a sentence only before whitespace or the end; CJK ``。！？；`` always does.
    """
    text = re.sub(r"\s+", " ", text).strip()
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        cjk_end = m.group(1) in "。！？；"
        if cjk_end or end == len(text) or text[end].isspace():
            # "... shown [1]. Next" and "... shown.[1] Next" both keep [1] with their sentence
            piece = text[start:end].strip()
            if piece:
                out.append(piece)
            start = end
    tail = text[start:].strip()
    if tail:
        if out and not strip_citations(tail).strip():
            out[-1] = f"{out[-1]} {tail}"
        else:
            out.append(tail)
    return out


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    prev = [0] * (len(a) + 1)
    for y in b:
        cur = [0]
        for i, x in enumerate(a):
            cur.append(prev[i] + 1 if x == y else max(prev[i + 1], cur[i]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> tuple[float, float, float]:
    """ROUGE-L (precision, recall, F1) of token lists (LCS-based)."""
    lcs = _lcs(candidate, reference)
    if lcs == 0:
        return 0.0, 0.0, 0.0
    p, r = lcs / len(candidate), lcs / len(reference)
    return p, r, 2 * p * r / (p + r)


def lexical_support(sentence: str, passage: str) -> float:
    """Share of the sentence's content tokens found, in order, in the passage (ROUGE-L precision).

    Precision, not F1: a one-line claim is compared with a passage ten times longer, so F1
    would mostly measure the length difference.
    """
    return rouge_l(tokens(sentence), tokens(passage))[0]


def token_recall(needle: str, haystack: str) -> float:
    """Share of the distinct content tokens of ``needle`` that occur in ``haystack``."""
    want = set(tokens(needle))
    if not want:
        return 0.0
    return len(want & set(tokens(haystack))) / len(want)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (``q`` in 0..100), like numpy's default."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def distribution(values: Sequence[float], threshold: float) -> dict[str, Any]:
    if not values:
        return {"n": 0, "mean": None, "p10": None, "p50": None, "below": None, "threshold": threshold}
    return {
        "n": len(values),
        "mean": sum(values) / len(values),
        "p10": percentile(values, 10),
        "p50": percentile(values, 50),
        "below": sum(1 for v in values if v < threshold) / len(values),
        "threshold": threshold,
    }


