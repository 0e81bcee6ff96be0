"""The marks the protocol reads in text: citation markers and CJK letters.

One definition each, used by the action checks, the prompt views, the report renderer and the
metrics, so they can never disagree about what counts as a citation.
"""

from __future__ import annotations

import re

#: ``[3]``, ``[3, 5]`` or ``[3，5]`` (full-width comma from CJK writers).
CITATION = re.compile(r"\[(\d+(?:\s*[,，]\s*\d+)*)\]")
_ID_SEPARATOR = re.compile(r"\s*[,，]\s*")

#: Han, kana and hangul letters (the language rule counts these as CJK).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0002ebef]")


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
