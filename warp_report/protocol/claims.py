"""Claims a small model frames on its own: a count of kinds, a class a thing belongs to, praise.

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

from warp_report.protocol.markers import CITATION, CODE_SPAN, holds, words
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


def _unused(pattern: str, backing: tuple[str, ...]) -> bool:
    """Whether no text of ``backing`` holds ``pattern`` (case aside): the claim it says is the model's own."""
    said = re.compile(pattern, re.I)
    return not any(said.search(b) for b in backing)


def unshown_count(sentence: str, backing: tuple[str, ...]) -> str:
    """The count of kinds ("three main types", "two ways") ``sentence`` states and no text of
    ``backing`` states before the same noun (within three words, in words or digits), or ""."""
    for m in _COUNT.finditer(_said(sentence)):
        number = m.group(1).casefold()
        forms = {number, _NUMBERS.get(number, number), *(w for w, d in _NUMBERS.items() if d == number)}
        stem = _KINDS[m.group(2).casefold()]
        if _unused(rf"\b(?:{'|'.join(map(re.escape, forms))})\s+(?:\S+\s+){{0,3}}?{stem}", backing):
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


OWN_CONVERSION = "turns a thing into another no shown passage turns it into"

# "convert X into Y", "turns light directly into electricity", "transformed into": what a thing
# becomes. Not "change": "integrating changes from another branch into master" is no conversion.
_CONVERSION = re.compile(r"\b(?:convert|turn|transform)\w*\s+(.{0,60}?)\binto\s+((?:[\w-]+\s*){1,3})", re.I)


def _results(text: str) -> list[set[str]]:
    return [stems(m.group(2)) for m in _CONVERSION.finditer(_said(text))]


def own_conversion(sentence: str, backing: tuple[str, ...]) -> str:
    """What ``sentence`` says a thing is converted into ("... into chemical energy") where no text of
    ``backing`` converts anything into it, or "". Each word of "Photovoltaic cells work by using light
    to convert electrical energy into chemical energy." is in a shown passage (README's first command
    at stop 54: "turns light directly into electricity", "chemically etched"); what none says is that
    anything becomes chemical energy. What is converted may be put in other words ("photons" for
    "light"); a result that names nothing ("one into the other") is left to the other checks."""
    theirs = [r for b in backing for r in _results(b)]
    for m in _CONVERSION.finditer(_said(sentence)):
        result = stems(m.group(2))
        if result and not any(result & r for r in theirs):
            return m.group(0).strip()
    return ""


OWN_JUDGEMENT = "judges with a word no shown passage uses"
#: why such a word's closing clause went, the sentence before it kept
OWN_JUDGEMENT_CLAUSE = "a closing clause judging with a word no shown passage uses"
# Words of praise or weight a small model adds to a passage's fact: "Git bisect is a powerful tool
# for ...", "..., which is crucial for maintaining the efficiency of the grid-connected system"
# (README's first command at 2a3d305: the passage names the weakest panel as a string's drawback).
# On disk (864 report sentences of stops 45 - 48), the 12 with such a word no passage of their run
# used were filler or wrong. A passage's own word of weight ("It is important to ...") stays.
_JUDGEMENT = re.compile(r"\b(crucial|essential|vital|important|critical|powerful|versatile|indispensable|invaluable|"
                        r"paramount|key (?:role|component|factor|part))\b", re.I)
# A clause the judgement may sit in at the sentence's end; the words before it are the passage's.
_OWN_CLAUSE = re.compile(r",\s+(?:which|making|ensuring|as it|this)\b[^,;:]*$")
_CLOSING = re.compile(rf"(?:\s*{CITATION.pattern})+\s*$")
#: words a sentence keeps before such a clause for the rest to stand alone
CLAUSE_KEEPS = 5


def own_judgement(sentence: str, backing: tuple[str, ...]) -> str:
    """The word of weight ("crucial", "a powerful tool") ``sentence`` uses and no text of
    ``backing`` does, or ""."""
    said = _said(sentence)
    for m in _JUDGEMENT.finditer(said):
        if _unused(rf"\b{re.escape(m.group(1))}", backing):
            return m.group(1)
    return ""


def _body_and_marks(sentence: str) -> tuple[str, str]:
    """A sentence's words without its end mark, and the citation marks it closes with."""
    end = _CLOSING.search(sentence)
    marks = sentence[end.start():] if end else ""
    return (sentence[: end.start()] if end else sentence).rstrip().rstrip(".!?"), marks


def without_own_judgement(sentence: str, backing: tuple[str, ...]) -> tuple[str, str]:
    """``sentence`` without a closing clause that holds a word of weight no text of ``backing``
    uses, and the clause ("They operate at the current of their weakest panel, which is crucial for
    ..." -> "They operate at the current of their weakest panel."); ``(sentence, "")`` where it has
    no such clause (a judgement that is the sentence's claim, "X is a powerful tool for ...", is
    ``own_judgement``'s to tell)."""
    if not own_judgement(sentence, backing):
        return sentence, ""
    body, marks = _body_and_marks(sentence)
    clause = _OWN_CLAUSE.search(body)
    kept = body[: clause.start()] if clause else ""
    if not clause or own_judgement(kept, backing) or len(words(kept)) < CLAUSE_KEEPS:
        return sentence, ""
    return kept + "." + marks, clause.group(0).lstrip(", ")


# A closing relative clause: ", which is used to rate modules".
_RELATIVE_CLOSE = re.compile(r",\s+(?:which|that|where)\b[^,;:]*$")
#: words a closing clause has at least to be told as one said before
CLOSING_SAID_WORDS = 4
SAID_BEFORE_CLAUSE = "a closing clause said before of another thing"


def closing_said_before(sentence: str, before: list[str], passages: tuple[str, ...]) -> tuple[str, str]:
    """``sentence`` without a closing ", which ..." clause an earlier sentence (``before``: the parts
    written and this reply's kept sentences) holds, where no passage joins it to the sentence's
    words: "Lithium-ion batteries dominate home storage, ... enough to carry evening demand after a
    sunny day, which is used to rate modules." (README's first command at b3c1b17: part 1 said the
    irradiance "is used to rate modules"). The 0.5B closes a copy with a clause it wrote before, of
    another thing. ``(sentence, "")`` where it has no such clause."""
    body, marks = _body_and_marks(sentence)
    clause = _RELATIVE_CLOSE.search(body)
    if not clause:
        return sentence, ""
    kept, said = body[: clause.start()], words(clause.group(0))
    if len(said) < CLOSING_SAID_WORDS or len(words(kept)) < CLAUSE_KEEPS:
        return sentence, ""
    if not any(holds(words(b), said) for b in before):
        return sentence, ""
    join = (*words(kept)[-2:], *said[:2])
    if any(holds(words(p), join) for p in passages):
        return sentence, ""
    return kept + "." + marks, clause.group(0).lstrip(", ")


OWN_COMPARISON = "compares with a word no shown passage uses"

# "... but have a higher cost than other types of solar cells" (README's first command, stop 60: no
# passage of the corpus says "higher" or compares the cells' cost). The word before "than", or the
# one before that with a noun between ("higher cost than"); "more"/"less" compare by the word after.
_COMPARISON = re.compile(r"\b(?:(more|less|fewer)\s+)?([A-Za-z-]+)\s+(?:([A-Za-z-]+)\s+)?than\b", re.I)
# Words before "than" that compare nothing, or that a passage's other wording states alike.
_NOT_COMPARATIVE = frozenset({"rather", "other", "otherwise", "else", "sooner", "more", "less", "fewer"})


def _compares(m: re.Match[str]) -> str:
    """The comparing word of a ``_COMPARISON`` match: "higher" of "higher cost than", "efficient" of
    "more efficient than", "" where none ("other than", "a number than")."""
    first, second = m.group(2).casefold(), (m.group(3) or "").casefold()
    if m.group(1):
        return first if not second else ""
    if second:
        return first if first.endswith("er") and first not in _NOT_COMPARATIVE else ""
    return first if (first.endswith("er") or first in {"better", "worse"}) and first not in _NOT_COMPARATIVE else ""


def own_comparison(sentence: str, backing: tuple[str, ...]) -> str:
    """A comparison ("higher cost than", "more efficient than") whose comparing word no text of
    ``backing`` uses, or "". The 0.5B adds a contrast to a passage's fact ("... used in large solar
    farms but have a higher cost than other types of solar cells"); a passage that compares says the
    word: "slightly more efficient than child_process.exec()" is node-child's own. Over the 2,100
    report sentences of stops 57-60 on disk, the one comparison whose word no cited passage held was
    README's invention (and "rather than", which compares nothing)."""
    for m in _COMPARISON.finditer(_said(sentence)):
        word = _compares(m)
        if not word or len(word) < 4:
            continue
        if _unused(rf"\b{re.escape(word)}\b", backing):
            return m.group(0)
    return ""


OWN_METHOD = "says how a thing is measured where no shown passage does"

# "The cell's efficiency can be calculated by comparing it to the sun's output" (README's first
# command, stop 60), "The efficiency of photovoltaic cells can be measured by comparing their output to
# their rated power" (stop 54): a way of measuring the 0.5B adds to a passage that gives none.
_METHOD = re.compile(r"\b(?:can|could|may|is|are)\s+(?:be\s+)?(?:easily\s+|also\s+)?"
                     r"(calculat|measur|comput|estimat|quantifi)(?:ed)?\s+(?:by|using|with|from|as)\b", re.I)
_METHOD_FORMS = {"calculat": r"calculat(?:e|ed|es|ing|ion|ions)", "measur": r"measur(?:e|ed|es|ing|ement|ements)",
                 "comput": r"comput(?:e|ed|es|ing|ation|ations)", "estimat": r"estimat(?:e|ed|es|ing|ion|ions)",
                 "quantifi": r"quantif(?:y|ied|ies|ying|ication)"}


def own_method(sentence: str, backing: tuple[str, ...]) -> str:
    """The way of measuring ("can be calculated by") ``sentence`` states where no text of ``backing``
    uses the verb in any form ("calculate", "calculation"; not "calculators"), or ""."""
    m = _METHOD.search(_said(sentence))
    if m is None:
        return ""
    return m.group(0) if _unused(rf"\b{_METHOD_FORMS[m.group(1).casefold()]}\b", backing) else ""
