"""Asides: the parentheses a report sentence reads better without.

A small model copies a passage's sentence with its parenthesis, and a parenthesis is the part of a
passage sentence that most needs the passage around it: "(say, you keep your /dev directory in a
database )" (pg-indexes, stop 50), "(see SPLITTING COMMITS below)" (git-rebase-merge: a place in a
page the reader does not have), "(Some installations with extremely high update rates vacuum their
busiest tables as often as once every minutes.)" (pg-vacuum). It also adds asides of its own that no
passage backs: "The first practical silicon solar cell (the panel seen on roofs) was built at Bell
Laboratories in 1954." (README's first command, stop 50). A summary keeps a sentence's claim and
leaves its asides out; so does this, for:

- a pointer to another place ("see ...", "described below"), whatever it holds;
- an aside of ``LONG_ASIDE`` words or more: a clause, copied or not;
- an aside of two words or more that no shown passage holds: the model's own.

An acronym or a term ("(PITR)", "(the operator class)"), a figure, code or a quote in a short aside
(``FIGURE_ASIDE``: "(about 1.1 electronvolts)", "('git merge --abort')"), a list of terms ("(Unix,
Linux, macOS)", "(B-tree, GiST, GIN and BRIN)") and a definition ("(i.e. data that differs for each
event)") stay: they are what a reader needs from the passage. Marks around words the passage says
without them ("all(children) when ...") go, and the words stay.

The repair asks this of a sentence its checks keep: they read the sentence as the model wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warp_report.protocol.markers import CJK, STOPWORDS, WORD, outside_code

#: words from which an aside is a clause that the sentence goes without
LONG_ASIDE = 4
#: words an aside with a figure, code or a quote has at most and stays ("(between 5 and 15 kWh)")
FIGURE_ASIDE = 8
#: words an item of a list of terms has, at most
TERM_WORDS = 2
#: why an aside was left out (the repair's record)
ASIDE = "an aside the sentence reads better without"

# A call's empty brackets inside are the name's: "and(child_process.execFile()) can vary" (node-child, stop 60).
_PAREN = re.compile(r"\s*\(((?:[^()\n]|\(\))*)\)")
_POINTER = re.compile(r"^(?:see|cf\b|refer to|as (?:described|shown|explained|discussed)|described|shown|explained|"
                      r"discussed)\b|\b(?:below|above)\s*$", re.I)
_KEPT = re.compile(r"[\d`\"'‘’“”]")
# "Efficiency = (light falling on the panel) / (rated power)": a formula's term, not an aside.
_OPERATOR = frozenset("=/*+×÷<>")
# "(i.e. data that differs for each occurrence)": what a word means is what the reader needs.
_DEFINITION = re.compile(r"(?:i\.\s?e\.|that is|meaning)\W", re.I)
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _plain(text: str) -> str:
    return " ".join(w.casefold() for w in WORD.findall(text))


def _terms(inner: str) -> bool:
    """Whether ``inner`` is a list of terms: two items or more, each a name of ``TERM_WORDS`` words
    at most ("Unix, Linux, macOS"), not a clause cut at its commas ("say, you keep your ...")."""
    items = [x for x in _ITEM_SPLIT.split(inner.strip()) if x.strip()]
    return len(items) >= 2 and all(len(WORD.findall(x)) <= TERM_WORDS for x in items)


def dropped_aside(inner: str, shown: str) -> bool:
    """Whether the aside ``inner`` (a parenthesis' text) goes; ``shown`` is the shown passages'
    words, casefolded and joined by single spaces (``_plain``)."""
    text = inner.strip()
    if _POINTER.search(text):
        return True
    n = len(WORD.findall(text))
    if n < 2 or _DEFINITION.match(text) or _terms(text):
        return False
    if _KEPT.search(text):
        # "(about 1.1 electronvolts and less energy pass through or become heat; Photons with much
        # energy waste ...)" (README's first command at 72f1828): a figure does not make a clause one.
        return n > FIGURE_ASIDE or ";" in text
    return n >= LONG_ASIDE or f" {_plain(text)} " not in shown


def _unwrapped(text: str, m: re.Match[str], raw: str) -> str | None:
    """The words of the parenthesis ``m`` without its marks, where the passages (``raw``, their text
    joined) say them between the same words with none: "all(children writing the pre-restart log
    have finished)" of "... that all children writing the pre-restart log have finished" (ap-stopping,
    stop 50). The model's marks, not an aside: the clause needs the words."""
    before = re.search(r"([^\W_][\w'-]*)\W*$", text[:m.start()])
    after = re.match(r"\W*?([^\W_][\w'-]*)", text[m.end():])
    inner = m.group(1).split()
    if not before or not inner:
        return None
    run = r"\s+".join(map(re.escape, [before.group(1), *inner, *([after.group(1)] if after else [])]))
    if not re.search(rf"(?<![\w(]){run}(?![\w)])", raw, re.I):
        return None
    return " " + m.group(1).strip()


@lru_cache(maxsize=8)
def _shown(passages: tuple[str, ...]) -> tuple[str, str]:
    """The passages' words casefolded and space-joined (what holds an aside), and their text with
    single spaces (what holds a run without marks); built once per reply, not once per sentence."""
    return " " + " ".join(_plain(p) for p in passages) + " ", " ".join(" ".join(p.split()) for p in passages)


def without_asides(sentence: str, passages: tuple[str, ...] | list[str]) -> tuple[str, list[str]]:
    """``sentence`` without the asides that go (outside code spans), and those asides. A sentence
    that was all aside comes back empty. Without ``passages`` nothing says what is copied or the
    model's own, and the sentence stays as it is."""
    if "(" not in sentence or not passages or CJK.search(sentence):
        return sentence, []
    shown, raw = _shown(tuple(passages))
    gone: list[str] = []

    def cut(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            if (words_only := _unwrapped(text, m, raw)) is not None:
                gone.append(f"the marks of {m.group(0).strip()}")
                return words_only
            if m.start() > 0 and text[m.start() - 1:m.start()].isalnum() and not m.group(0)[0].isspace() \
                    and len(WORD.findall(m.group(1))) < LONG_ASIDE:
                return m.group(0)  # "fork(env)": a call written outside a code span
            before = WORD.findall(text[:m.start()])
            after = text[m.end():].lstrip()[:1]
            if text[:m.start()].rstrip()[-1:] in _OPERATOR or after in _OPERATOR:
                return m.group(0)
            if not _POINTER.search(m.group(1).strip()) and before and before[-1].casefold() in STOPWORDS:
                # "... to know for certain that all (children writing the log have finished)": the
                # clause's own words in parentheses, which the sentence cannot go without.
                return m.group(0)
            if not dropped_aside(m.group(1), shown):
                return m.group(0)
            gone.append(m.group(0).strip())
            return ""
        return _PAREN.sub(one, text)

    out = outside_code(sentence, cut)
    if not gone:
        return sentence, []
    # "... directory (aside), and ..." -> "... directory, and ..."; an aside that opened the sentence
    # leaves the rest to open it.
    out = re.sub(r"\s+([,.;:!?])", r"\1", out).strip()
    out = re.sub(r"\s{2,}", " ", out)
    if out and out[0].islower() and sentence.lstrip()[:1] == "(":
        out = out[0].upper() + out[1:]
    if not WORD.search(re.sub(r"\[\d+\]", "", out)):
        return "", gone
    return out, gone
