"""What a copy penalty did to a small model's words, undone: spaces dropped ("thinwafer",
"in1954"), words joined ("the-rated") or misspelt ("fiel journals"), as the passages write them."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from warp_report.protocol.markers import STOPWORDS

_GLUED = re.compile(r"[A-Za-z]+_[A-Za-z]+|[A-Za-z]+\d+|\d+[A-Za-z]+|[A-Za-z]{4,}")


_COMMA_UNDERSCORE = re.compile(r",_(?=[A-Za-z])")


def unglue(text: str, pairs: set[tuple[str, str]], known: frozenset[str] | set[str] = frozenset()) -> str:
    """Put back spaces that a penalty on copied text made the model drop ("thinwafer",
    "in1954", "similar_range"): a word is split only where its two halves are a known pair of
    consecutive words (from the passages or the text itself), which is what the penalty hit,
    so ordinary compounds ("within", "another") stay whole, and never a word the sources use
    themselves (``known``: "rollback" where they also say "roll back")."""

    def split(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.casefold() in known:
            return word
        low = word.casefold().replace("_", "")
        if "_" in word and (word.split("_")[0].casefold(), word.split("_")[1].casefold()) in pairs:
            return word.replace("_", " ")
        for i in range(1, len(low)):
            head, tail = low[:i], low[i:]
            # Two letters at least on each side of a letter-letter split ("panels" is not "panel s").
            if (head.isalpha() and tail.isalpha() and min(len(head), len(tail)) < 2):
                continue
            if (head, tail) in pairs:
                return f"{word[:i]} {word[i:]}"
        return word

    # "has a name,_handlers send": an underscore where the penalty refused the space after a comma.
    return _GLUED.sub(split, _COMMA_UNDERSCORE.sub(", ", text))


def vocabulary(*texts: str) -> set[str]:
    """Every word of ``texts`` (letters, digits, underscores), casefolded."""
    return {w for t in texts for w in re.findall(r"\w+", t.casefold())}


def word_pairs(*texts: str) -> set[tuple[str, str]]:
    """Pairs of consecutive words (letters or digits) in ``texts``, casefolded."""
    out: set[tuple[str, str]] = set()
    for t in texts:
        # An identifier (VIRTUAL_ENV, pkg_resources) is one name, not two words in a row: its
        # halves must not teach unglue to split it.
        t = _IDENTIFIER.sub(" | ", t.casefold())
        for run in t.split("|"):
            w = re.findall(r"[a-z]+(?:'[a-z]+)?|\d+", run)  # "panel's" is one word
            out.update(zip(w, w[1:], strict=False))
    return out


_IDENTIFIER = re.compile(r"\w*[a-z0-9]_\w+")


# Two words joined by a hyphen or a slash, not part of a path, a URL or a longer compound.
_JOINED = re.compile(r"(?<![\w/.\-])([A-Za-z]{2,})([-/])([A-Za-z]{2,})(?![\w/\-]|\.\w)")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def unjoin(text: str, sources: tuple[str, ...]) -> str:
    """Words the copy penalty joined with a hyphen or slash, written as the ``sources`` write
    them: "the-rated" where they say "the rated", "electrons/volts" where they say "electronvolts".
    A compound the sources write joined ("real-world", "TCP/IP") stays, and so does one they
    never show apart or that joins two content words; code spans are left alone."""
    low = [s.casefold() for s in sources]
    vocabulary = {w for s in low for w in re.findall(r"[a-z]+(?:[-/][a-z]+)*", s)}
    pairs = word_pairs(*sources)

    def fix(m: re.Match[str]) -> str:
        a, _, b = m.groups()
        joined = (a + b).casefold()
        if m.group(0).casefold() in vocabulary:
            return m.group(0)
        if joined in vocabulary:
            return a + b
        if a.endswith("s") and joined[: len(a) - 1] + joined[len(a):] in vocabulary:
            return a[:-1] + b  # "electrons/volts": the plural was the penalty's way round the copy
        # Only with a function word ("the-rated"): two content words joined ("long-term plan")
        # are English even where the sources happen to write them apart.
        if (a.casefold(), b.casefold()) in pairs and (a.casefold() in STOPWORDS or b.casefold() in STOPWORDS):
            return f"{a} {b}"
        return m.group(0)

    return "".join(part if part.startswith("`") else _JOINED.sub(fix, part) for part in _CODE_SPAN.split(text))


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_']*[A-Za-z]|[A-Za-z]")


def _sequence(text: str) -> list[re.Match[str]]:
    return list(_LATIN_WORD.finditer(text))


def respell(text: str, sources: tuple[str, ...]) -> str:
    """``text`` with its misspelt words written as the ``sources`` write them (``speller``)."""
    return speller(sources)(text)


def speller(sources: tuple[str, ...]) -> Callable[[str], str]:
    """Words the copy penalty misspelt inside a copied sentence ("If any of the fiel journals",
    "PRAGMA journ_mode=WAL", "Wal mode"), written as the ``sources`` write them. A word is
    respelt only where it is no word of the sources, both its neighbours are the neighbours of a
    similar word there ("of the _ journals" -> "file"), and a known word is only recased where
    the sources always write it one way that is not plain ("WAL", "SQLite"). Code spans stay."""
    forms: dict[str, set[str]] = {}
    frames: dict[tuple[str, str], set[str]] = {}
    for s in sources:
        w = [m.group(0) for m in _sequence(s)]
        for i, word in enumerate(w):
            forms.setdefault(word.casefold(), set()).add(word)
            if 0 < i < len(w) - 1:
                frames.setdefault((w[i - 1].casefold(), w[i + 1].casefold()), set()).add(word)

    def fix(part: str) -> str:
        found = _sequence(part)
        out, last = [], 0
        for i, m in enumerate(found):
            word = m.group(0)
            out.append(part[last : m.start()])
            last = m.end()
            known = forms.get(word.casefold())
            if known:
                only = next(iter(known)) if len(known) == 1 else ""
                # "Wal" -> "WAL", "sqlite" -> "SQLite": an acronym or a name has one spelling.
                out.append(only if only and only != word and any(c.isupper() for c in only[1:]) else word)
                continue
            if len(word) < 3 or i == 0 or i == len(found) - 1:
                out.append(word)
                continue
            frame = (found[i - 1].group(0).casefold(), found[i + 1].group(0).casefold())
            best = max(frames.get(frame, ()), key=lambda c: SequenceMatcher(None, word.casefold(), c.casefold()).ratio(),
                       default="")
            if best and SequenceMatcher(None, word.casefold(), best.casefold()).ratio() >= 0.7:
                out.append(best[:1].upper() + best[1:] if word[:1].isupper() and best[:1].islower() else best)
            else:
                out.append(word)
        out.append(part[last:])
        return "".join(out)

    def respelt(text: str) -> str:
        return "".join(part if part.startswith("`") else fix(part) for part in _CODE_SPAN.split(text))

    return respelt
