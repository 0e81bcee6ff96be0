"""Whether a sentence says again what another already said, in other words.

A copy penalty makes a small model say a passage's sentence again with words swapped, dropped or
reordered, so no run of words shows the repeat; what stays is the sentence's content words and
its claims (numbers). The same measure, "share of a sentence's content words found in another
text", tells ``attribution`` which passage a sentence came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from warp_report.protocol.markers import CITATION, CJK, CODE_SPAN, STOPWORDS, with_end_of, words

#: share of a sentence's content words another sentence must hold for it to be a restatement
RESTATED = 0.8
#: ... when both state the same numbers ("about 20%-23%" twice)
RESTATED_NUMBERS = 0.5
#: ... held by the best two sentences together, when the best holds ``PATCHWORK_ONE`` alone:
#: two earlier sentences run together ("The venv module supports creating lightweight virtual
#: environments, each with its own independent set of packages" after both were said). At 0.8 / 0.5
#: (was 0.9 / 0.6) it also sees README's "The efficiency of solar cell is determined by the amount of
#: sunlight falling on the panel, ..." (0.55 of one earlier sentence, 0.82 of two); over 1,062 report
#: sentences of stops 37-39 it matched 33 more, read: restatements, and debris ("List List the ...").
PATCHWORK, PATCHWORK_ONE = 0.8, 0.5
#: share of a sentence's content words that some shown passage (or the question) must hold
BACKED = 0.3
UNBACKED = "said by no shown passage"
#: share of an added sentence's content words one shown passage sentence must hold (``lengthen``'s
#: text, from passages no part cites): over stop 54's added sentences, the invented ones ("The
#: efficiency of photovoltaic cells can be measured by comparing their output to their rated power,
#: which determines their degradation rate", "Git bisect can be automated by using the
#: gittutorial(7) tool") held 0.43 or less of any one sentence of the passage they cited, the ones
#: stating a passage's fact 0.67 or more. At 0.6 (this stop's first version) git's paraphrases of a
#: page's facts went too (0.5 of their best sentence) and git-bisect ended at 331 words.
ONE_SOURCE = 0.45
UNSOURCED = "says what no one shown passage sentence says"
UNSHOWN_FIGURE = "states a figure no shown passage gives"
# "20%-23%", "1839", "1.1", "6%": a lone digit without a unit is as often a list's count.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%|\d+(?:[.,]\d+)+|\d{2,}")
# "20 percent" and "20%" state one number: a part said again with the sign for the word is no new claim.
_PERCENT = re.compile(r"(\d)\s*(?:percent|per cent)\b", re.I)
# "A; B": clauses the model joined from two passage sentences, one of which may be said already.
_CLAUSE = re.compile(r";\s+(?![^`]*`[^`]*$)")


def content_words(text: str) -> set[str]:
    """Content words cut to five letters ("panels" and "panel" are one), without stopwords; in CJK
    text, pairs of characters (one character is shared by too many sentences on one subject:
    "编", "码" are in every sentence about encodings)."""
    w = words(text)
    out = set()
    for i, x in enumerate(w):
        if CJK.match(x):
            if i + 1 < len(w) and CJK.match(w[i + 1]):
                out.add(x + w[i + 1])
        elif x not in STOPWORDS and (len(x) > 1 or not x.isascii()):
            out.add(x[:5] if x.isascii() and x.isalpha() else x)
    return out


def stems(text: str) -> set[str]:
    """``text``'s content words cut to four letters: "Locks" and "locking", "History" and
    "historical" are one (five letters, as ``content_words`` cuts, tell them apart)."""
    return {w[:4] for w in content_words(text)}


def share(mine: set[str], other: set[str]) -> float:
    """Share of ``mine`` (a sentence's content words) found in ``other``."""
    return len(mine & other) / len(mine) if mine else 0.0


@dataclass(frozen=True)
class Said:
    """What a sentence says, as far as a repeat can be told: its content words and numbers."""

    words: frozenset[str]
    numbers: frozenset[str]
    #: "not", "never", "n't", ...: "X creates no field" says the opposite of "X creates a field"
    negated: bool = False

    @classmethod
    def of(cls, sentence: str) -> Said:
        bare = CITATION.sub(" ", sentence)
        numbers = frozenset(_NUMBER.findall(_PERCENT.sub(r"\1%", bare)))
        return cls(frozenset(content_words(bare)), numbers, bool(_NEGATES.search(bare)))


def restates(mine: Said, kept: list[Said], *, superset: bool = True) -> bool:
    """The sentence says kept ones again in other order and wording: most of its content words
    are one kept sentence's ("Solar modules produce alternating current, while homes ... utilize
    AC" after "Solar modules produce direct, alternating current (DC), while homes ... use AC");
    half are, and it states the same numbers; or nearly all are two kept sentences', most one's.
    With ``superset``, also one that is a kept sentence with a few words added ("It is the heart of
    every grid-connected system, and it is the core of the cell" after "It is the heart of ...")."""
    m = set(mine.words)
    if len(m) < 5:
        return False
    best: list[tuple[float, frozenset[str]]] = []
    for k in kept:
        s = share(m, set(k.words))
        if s >= RESTATED or (mine.numbers and mine.numbers <= k.numbers and s >= RESTATED_NUMBERS):
            return True
        if superset and len(k.words) >= 5 and len(m & k.words) / len(k.words) >= 0.9 and len(m) <= 2 * len(k.words):
            return True
        best.append((s, k.words))
    best.sort(key=lambda b: -b[0])
    return (len(m) >= 6 and len(best) >= 2 and best[0][0] >= PATCHWORK_ONE
            and share(m, set(best[0][1] | best[1][1])) >= PATCHWORK)


def restates_briefly(mine: Said, kept: list[Said]) -> bool:
    """A short sentence (three or four content words) whose every content word and number one kept
    sentence holds, negated alike: "The junction creates the electric field." after "The junction
    creates a built-in electric field." (README's first command, stop 37). ``restates`` leaves
    sentences this short alone: a share of four words is too coarse to tell a repeat by."""
    m = mine.words
    return 3 <= len(m) < 5 and any(m <= k.words and mine.numbers <= k.numbers and mine.negated == k.negated
                                   for k in kept)


def restated_clauses(sentence: str, kept: list[Said]) -> tuple[str, list[str]]:
    """``sentence`` without its ";"-joined clauses that restate ``kept`` sentences (or an earlier
    clause of its own), and the clauses dropped: "Typical panels convert 20%-23% of sunlight;
    several factors lower real-world output below the rated figures" after the second was said."""
    clauses = _CLAUSE.split(sentence)
    if len(clauses) < 2:
        return sentence, []
    keep, dropped, seen = [], [], list(kept)
    for clause in clauses:
        said = Said.of(clause)
        if restates(said, seen, superset=False):
            dropped.append(clause)
        else:
            keep.append(clause)
            seen.append(said)
    if not dropped:
        return sentence, []
    if not keep:
        return "", dropped
    return with_end_of("; ".join(keep), clauses[-1]), dropped


def unbacked(mine: Said, backing: list[frozenset[str]], topic: frozenset[str] = frozenset(), *,
             least: float = BACKED) -> bool:
    """Hardly any of the sentence's content words is in any of the texts it was written from:
    "This will help prevent data loss and improve the performance of your application." in a
    part on WAL mode, "Education and Training is a critical component of any application" (the
    0.5B's own filler and inventions; a passage's sentence said in other words keeps a third).
    ``topic`` (the question's words) name what the report is about, not what a sentence says of
    it: where three words or more are left without them, those are the ones a text must hold
    ("Solar panels are also used in sustainable computing systems to process large amounts of
    data", README's first command at stop 35, had "solar", "panels", "large", "systems" and "used"
    in one passage). ``least``: the share one text must hold (``ONE_SOURCE`` where ``backing`` is
    sentences)."""
    words = set(mine.words)
    if len(words) < 4:
        return False
    claim = words - topic
    if len(claim) < _LEAST_CLAIM:
        claim = words
    return all(share(claim, set(b)) < least for b in backing)


# A figure standing as a word: not the digits of a name ("sha256", "x86_64", "v18", "utf-8" aside).
_FIGURE = re.compile(r"(?<![\w.\-/])\d+(?:[.,]\d+)*(?![\w\-/])")


def figures(text: str) -> set[str]:
    """The figures ``text`` states, digits only: "20 to 23 percent" states 20 and 23, "1,000" 1000."""
    return {f.replace(",", "") for f in _FIGURE.findall(CITATION.sub(" ", text))}


def unshown_figure(sentence: str, shown: set[str]) -> str:
    """A figure of two digits or more (or with a decimal point) that the sentence states and no
    text it was written from does, or "": "The thin-film materials make up about 70% of the market"
    (README's first command, stop 39; no shown passage gives a share of the market). Over 1,103
    report sentences of stops 37-39, 4 stated a figure no cited passage does: two inventions, and a
    range's lower end ("about 20 percent" of "20 to 23 percent"), which counts as stated."""
    for figure in figures(CODE_SPAN.sub(" ", sentence)):
        if (len(figure) >= 2 or "." in figure) and figure not in shown:
            return figure
    return ""


UNSHOWN_FORMULA = "gives a formula no shown passage gives"
# "Efficiency = (Photons falling on panel) / (Panel's rated power)": words on both sides of an equals sign.
_FORMULA = re.compile(r"([\w)'’]+)\s*=\s*\(?\s*([\w']+)")


def unshown_formula(sentence: str, backing: tuple[str, ...]) -> str:
    """A formula ``sentence`` states outside code (a word, "=", a word) that no text of ``backing``
    writes with the same word on each side, or "": "The efficiency of solar panels can be calculated
    using the formula: Efficiency = (Photons falling on panel) / (Panel's rated power)." (README's
    first command, stop 50: the passage says in words what efficiency is, and the formula's terms
    are the model's). A 0.5B's equation is an invention more often than a quote."""
    for m in _FORMULA.finditer(CODE_SPAN.sub(" ", sentence)):
        left, right = (re.escape(g.strip("'’")) for g in m.groups())
        said = re.compile(rf"\b{left}\W*=\s*\(?\s*{right}\b", re.I)
        if not any(said.search(b) for b in backing):
            return m.group(0)
    return ""


UNSHOWN_NAME = "names a thing by a name no shown passage gives"
# "..., known as the 'BEC' module, ...", "This process is known as photovoltaic conversion ...": a name given.
_NAMING = re.compile(r"(?P<comma>,\s*)?\b(?:also\s+)?(?:known as|referred to as|also called|termed|dubbed)\s+"
                     r"(?:the\s+|an?\s+)?(?:['\"‘“](?P<quoted>[^'\"’”]+)['\"’”]|(?P<plain>[^,.;:()\[\]]+))", re.I)
# The rest of an apposition's name, up to its closing comma.
_APPOSITION_END = re.compile(r"[^,.;:()\[\]]{0,40},")
#: words of an unquoted name that must stand in a passage
NAME_WORDS = 3


def unshown_name(sentence: str, backing: tuple[str, ...]) -> tuple[str, str]:
    """``sentence`` without a name it gives that no text of ``backing`` gives, and the name: "The
    first practical silicon solar cell, known as the 'BEC' module, converted about 6 percent ..." ->
    "The first practical silicon solar cell converted about 6 percent ..."; a sentence whose claim is
    the name goes whole (``""``): "This process is known as photovoltaic conversion or photovoltaic
    emission." (README's first command, stop 50). ``(sentence, "")`` where every name is a passage's
    ("periodic maintenance known as routine vacuuming")."""
    said = [f" {' '.join(words(b))} " for b in backing]
    for m in _NAMING.finditer(sentence):
        name = m.group("quoted") or " ".join(m.group("plain").split()[:NAME_WORDS])
        named = " ".join(words(name))
        if not named or any(f" {named} " in b for b in said):
            continue
        closing = _APPOSITION_END.match(sentence, m.end())
        if m.group("comma") and closing:
            # An apposition ("..., known as the 'BEC' module, ..."): the sentence says its claim without it.
            return f"{sentence[:m.start()]} {sentence[closing.end():].lstrip()}", name
        return "", name
    return sentence, ""


#: the fewest words besides the question's that a sentence's claim is judged by
_LEAST_CLAIM = 3


# "WAL does not work over a network filesystem" written as "WAL works over network filesystems",
# "a sector write is not atomic" as "... is atomic": the copy penalty took the "not" out of a
# copied sentence, and the claim is the passage's reversed. A passage's "not" counts after a verb
# ("does not", "cannot", "never"): "if there are no crashes" or "not creating custom handlers"
# state no opposite a sentence could flip. A sentence with any negation of its own is left alone.
_DENIES = re.compile(r"\b(?:is|are|was|were|do|does|did|can|could|will|would|should|must|may|might|has|have|had|need)"
                     r"\s+not\b|\bcannot\b|n't\b|\bnever\b", re.I)
_NEGATES = re.compile(r"\b(?:not|no|never|cannot|without|neither|nor|none|nothing|nobody|nowhere|unable)\b|n't\b", re.I)
# Clauses of a passage's sentence: its "not" belongs to one of them.
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:but|while|whereas|although|though|unless|except|so|because|if|when|then)\s",
                           re.I)
#: share of a sentence's stems its passage sentence holds, and of the denying clause's the sentence holds
FLIP_SENTENCE, FLIP_CLAUSE = 0.6, 0.75
#: share of the passage sentence's stems a sentence of no other words holds, where its denying clause is short
FLIP_WHOLE = 0.9
FLIPPED = "says the opposite of its passage"


def _stems(text: str) -> frozenset[str]:
    # Four letters: "works"/"work", "filesystems"/"filesystem" are one claim's words.
    return frozenset(x[:4] for x in words(CITATION.sub(" ", text)) if x not in STOPWORDS and len(x) > 1 and x.isascii())


@dataclass(frozen=True)
class Denial:
    """One clause of a passage that says "not": the sentence's stems, the clause's, and the stem
    of the first content word after the "not" (what is denied: "work", "atomic")."""

    sentence: frozenset[str]
    clause: frozenset[str]
    denied: str


def denials(texts: tuple[str, ...] | list[str], split: Callable[[str], list[str]]) -> list[Denial]:
    """Every clause of ``texts`` (passages, split into sentences by ``split``) that denies something."""
    out = []
    for text in texts:
        # Line by line: a passage's first line is its title, which no sentence runs on from.
        for sentence in (x for line in text.split("\n") for x in split(" ".join(line.split()))):
            whole = _stems(sentence)
            for clause in _CLAUSE_BREAK.split(sentence):
                for m in _DENIES.finditer(clause):
                    after = [x for x in words(clause[m.end():]) if x not in STOPWORDS and len(x) > 1]
                    if after:
                        out.append(Denial(whole, _stems(clause), after[0][:4]))
    return out


def drops_negation(sentence: str, denied: list[Denial]) -> bool:
    """The sentence is a passage's denying sentence with the "not" gone: most of its stems are that
    sentence's, it has the denied word and most of the denying clause, and no negation of its own.
    Over the 1,992 sentences of the task set's English reports (stops 16-17), the three it matched
    were all such flips."""
    mine = _stems(sentence)
    if len(mine) < 3 or _NEGATES.search(sentence):
        return False
    return any(d.denied in mine and (
        len(d.clause) >= 3 and share(set(d.clause), set(mine)) >= FLIP_CLAUSE and share(set(mine), set(d.sentence)) >= FLIP_SENTENCE
        # A clause too short to go by ("but it is not this function"): the whole sentence again, every
        # word the passage's, "not" gone ("In a worker, process.disconnect exists, but it is this function;
        # it is disconnect()." at node-cluster, stop 38).
        or mine <= d.sentence and share(set(d.sentence), set(mine)) >= FLIP_WHOLE) for d in denied)
