"""Claims a small model frames on its own: a count of kinds, a class a thing belongs to.

A 0.5B writer opens a part with a frame of its own before the passage's facts: "The types of solar
cells are categorized into three main types: monocrystalline cells, thin-film cells, and amorphous
silicon cells." (README's first command, stops 45 - 47; the passage names two kinds and lists
amorphous silicon as a thin film), "Solar panels are a type of photovoltaic cell that converts
light directly into electricity." (the same report; a panel is made of cells), "Multiversion
concurrency control is a type of database locking mechanism ..." (pg-mvcc; the manual says it is
not locking). Each content word of such a sentence is in a shown passage, so ``unbacked`` keeps
it; what no passage gives is the frame itself. A count or a class a passage states stays: "The
cluster module supports two methods of distributing incoming connections." (node-cluster).
"""

from __future__ import annotations

import re

from warp_report.protocol.markers import CITATION, CODE_SPAN, words
from warp_report.protocol.restatement import stems

UNSHOWN_COUNT = "counts kinds no shown passage counts"
OWN_CLASS = "puts a thing in a class no shown passage does"

_NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
            "nine": "9", "ten": "10"}
# Nouns that name kinds or ways, not things one counts off a list the passage gives ("two options
# -a and -b", "three files"): a frame's words. Each with the stem its other forms share.
_KINDS = {"types": "type", "kinds": "kind", "sorts": "sort", "classes": "class", "categories": "categor",
          "forms": "form", "varieties": "variet", "ways": "way", "methods": "method", "approaches": "approach",
          "modes": "mode", "strategies": "strateg", "techniques": "techni", "stages": "stage", "phases": "phase",
          "steps": "step", "levels": "level", "mechanisms": "mechanism"}
_COUNT = re.compile(rf"\b({'|'.join(_NUMBERS)}|(?<![\d.,])(?:[2-9]|10)(?![\d.,]\d))\s+(?:[A-Za-z-]+\s+){{0,2}}?"
                    rf"({'|'.join(_KINDS)})\b", re.I)
# "X is a type of Y", "X are one kind of Y", "X is a special form of Y".
_CLASS = re.compile(r"\b(?:is|are)\s+(?:a|an|one)\s+(?:[A-Za-z-]+\s+){0,2}?(type|kind|sort|form|variety|class|category)"
                    r"\s+of\s+", re.I)
_CLASS_STEMS = {"type": "type", "kind": "kind", "sort": "sort", "form": "form", "variety": "variet", "class": "class",
                "category": "categor"}


def _said(sentence: str) -> str:
    return CODE_SPAN.sub(" ", CITATION.sub(" ", sentence))


def unshown_count(sentence: str, backing: tuple[str, ...]) -> str:
    """The count of kinds ("three main types", "two ways") ``sentence`` states and no text of
    ``backing`` states before the same noun (within three words, in words or digits), or ""."""
    for m in _COUNT.finditer(_said(sentence)):
        number = m.group(1).casefold()
        forms = {number, _NUMBERS.get(number, number), *(w for w, d in _NUMBERS.items() if d == number)}
        stem = _KINDS[m.group(2).casefold()]
        stated = re.compile(rf"\b(?:{'|'.join(map(re.escape, forms))})\s+(?:\S+\s+){{0,3}}?{stem}", re.I)
        if not any(stated.search(b) for b in backing):
            return m.group(0)
    return ""


def own_class(sentence: str, backing: tuple[str, ...]) -> str:
    """The class ("a type of photovoltaic cell") ``sentence`` puts its subject in where no text of
    ``backing`` speaks of that type, kind or form of things together with the subject's head word, or ""."""
    said = _said(sentence)
    m = _CLASS.search(said)
    if m is None:
        return ""
    # The subject's head, its last content word: "panels" of "Solar panels" (a passage's "Types of
    # solar cells" classes cells, not panels).
    subject = [w for w in words(said[: m.start()]) if stems(w)]
    if not subject:
        return ""  # "It is a kind of ..." names nothing to look for; the other checks judge it
    head = stems(subject[-1])
    named = re.compile(rf"\b{_CLASS_STEMS[m.group(1).casefold()]}\w*\s+of\b", re.I)
    for b in backing:
        if named.search(b) and head & stems(b):
            return ""
    return said[m.start():].strip()
