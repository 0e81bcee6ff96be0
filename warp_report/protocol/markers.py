"""The marks the protocol reads in text: citation markers and CJK letters.

One definition each, used by the action checks, the prompt views, the report renderer and the
metrics, so they can never disagree about what counts as a citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

#: ``[3]``, ``[3, 5]`` or ``[3，5]`` (full-width comma from CJK writers).
CITATION = re.compile(r"\[(\d+(?:\s*[,，]\s*\d+)*)\]")
_ID_SEPARATOR = re.compile(r"\s*[,，]\s*")

#: Han, kana and hangul letters (the language rule counts these as CJK).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0002ebef]")


#: Function words: no evidence of where a sentence came from, nor of what it claims.
STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "we", "you", "i", "our", "your", "his", "her", "not", "no", "so", "than", "then", "too", "very", "can", "could", "will", "would", "should", "may", "might", "must", "do", "does", "did", "has", "have", "had", "also", "such", "which", "who", "whom", "whose", "what", "when", "where", "how", "why", "all", "any", "each", "more", "most", "other", "some", "into", "over", "under", "about", "between", "through", "during", "before", "after", "above", "below", "up", "down", "out", "off", "again", "further", "once", "here", "both", "few", "own", "same", "only", "just"]
)


# A CJK character is a word of its own (CJK text has no spaces between words).
WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+")


#: an inline code span: the repairs leave code as the model wrote it
CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def outside_code(text: str, fix: Callable[[str], str]) -> str:
    """``text`` with ``fix`` applied to everything but its code spans."""
    return "".join(part if part.startswith("`") else fix(part) for part in CODE_SPAN.split(text))


def words(text: str) -> list[str]:
    """``text``'s words, casefolded, without citation marks; each CJK character is one."""
    return WORD.findall(CITATION.sub(" ", text).casefold())


def run_at(tokens: Sequence[str], run: Sequence[str]) -> int:
    """Where the words ``run`` start in ``tokens``, or -1."""
    run = tuple(run)
    for i in range(len(tokens) - len(run) + 1):
        if tuple(tokens[i:i + len(run)]) == run:
            return i
    return -1


def holds(tokens: Sequence[str], run: Sequence[str]) -> bool:
    """Whether ``tokens`` hold the words ``run``, in a row."""
    return run_at(tokens, run) >= 0


def marker_ids(marker_body: str) -> list[str]:
    """The ids inside one marker's brackets: ``"3, 5"`` -> ``["3", "5"]``."""
    return _ID_SEPARATOR.split(marker_body)


def cited_ids(text: str) -> list[str]:
    """Citation ids in order of first appearance; ``[3, 5]`` and ``[3][5]`` both cite 3 and 5."""
    seen: list[str] = []
    for match in CITATION.finditer(text):
        for part in marker_ids(match.group(1)):
            if part not in seen:
                seen.append(part)
    return seen


#: AgentCPM-Report's own citation command, as its released checks read it: ``\cite{textid1}``,
#: ``\cite{textid1, textid2}`` (also ``\citep``/``\citet``; ``\citestyle`` is not a citation).
TRAINED_CITE = re.compile(r"\\\w*cite(?!style)\w*\{(.+?)\}")
_TEXTID = re.compile(r"^(?:bibkey\s*:\s*)?textid(\d+)$", re.IGNORECASE)


class CiteKeyError(ValueError):
    """A ``\\cite{...}`` key that names no passage id (``textidN``)."""


def cite_keys(text: str) -> list[str]:
    """The keys of every ``\\cite{...}`` in order, each stripped: ``textid1``, ``textid2``, ..."""
    return [key.strip() for match in TRAINED_CITE.finditer(text) for key in match.group(1).split(",")]


def cites_to_marks(text: str) -> str:
    """``\\cite{textid3, textid5}`` -> ``[3][5]``: the trained syntax turned into the run's markers.

    Raises CiteKeyError for a key that is not ``textidN`` (an invented or template key)."""

    def replace(match: re.Match[str]) -> str:
        ids = []
        for key in match.group(1).split(","):
            found = _TEXTID.match(key.strip())
            if not found:
                raise CiteKeyError(f"\\cite key {key.strip()!r} is not a passage key like textid3")
            if found.group(1) not in ids:
                ids.append(found.group(1))
        return "".join(f"[{pid}]" for pid in ids)

    return TRAINED_CITE.sub(replace, text)


_MARK_RUN = re.compile(rf"(?:{CITATION.pattern})+")


def marks_to_cites(text: str) -> str:
    """``[3]``, ``[3, 5]`` or ``[3][5]`` -> ``\\cite{textid3}`` / ``\\cite{textid3, textid5}``: written
    text shown back to the model in the syntax it writes."""
    return _MARK_RUN.sub(lambda m: "\\cite{" + ", ".join(f"textid{i}" for i in cited_ids(m.group(0))) + "}", text)


_PROSE_WORD = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")


def count_words(text: str) -> int:
    """Words of prose as the report's length is asked and measured: each CJK character one
    word, "1.1" and "don't" one word each, citation markers none. One rule for the judge
    ("the report is still short") and the benchmark, so a Chinese report is not asked twice
    the length the benchmark counts."""
    text = CITATION.sub("", text)
    cjk = len(CJK.findall(text))
    return cjk + len(_PROSE_WORD.findall(CJK.sub(" ", text)))


_SENTENCE_END = re.compile(r"[.!?。！？](?:\s*\[\d+(?:\s*[,，]\s*\d+)*\])*\s*$")


def with_end_of(kept: str, whole_last: str) -> str:
    """``kept`` (clauses left of a sentence) ending like ``whole_last`` (the sentence's last clause,
    which may have been dropped and taken the full stop with it)."""
    end = _SENTENCE_END.search(whole_last)
    if end and not _SENTENCE_END.search(kept):
        return kept.rstrip(" ;；:：,，") + end.group(0).strip()[:1]
    return kept

#: A term glossed with itself: "定时器（定时器、设置定时器）", "Timers (timers, intervals)": a small
#: model's degenerate title or sentence (node-timers, stop 29), never a name and its explanation.
SELF_GLOSS = re.compile(r"(\w{2,})\s*[（(]\s*\1(?!\w)", re.I)
