"""Words that are no words: what is left where a small model broke a word it was copying.

The 0.5B model under a copy penalty writes "conve cal current" (for "converts direct current"),
"a sim nilar range", "Cadmium indicateur". ``glue.Lexicon.respell`` mends a broken word when the
sources show which word it was; the rest are found here. A word is no word when neither the
sources (passages, question, titles) nor an English dictionary know it, nor any reading of it
as an inflection, a prefix on a known word or two known words run together ("filesystem").
Names are left alone: a capitalised word inside a sentence, an acronym, anything with a digit,
an underscore or a dot. The dictionary is pyspellchecker's English word list; without the
package nothing is found (the check is a filter on top of the others, never a requirement).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from warp_report.protocol.glue import _DERIVED, _SUFFIXES
from warp_report.protocol.glue import _PREFIXES as _GLUE_PREFIXES
from warp_report.protocol.markers import CODE_SPAN

# A run of letters with inner apostrophes or hyphens; what stands next to it decides whether it is
# part of a name ("mkdocs.yml", "lex.yy.c", "http://", "node_modules").
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_IN_A_NAME = re.compile(r"[./_\\@#$%=<>0-9]")
# After a word: a dot or slash goes on into a name only where a letter or digit follows ("a ry." ends a sentence).
_NAME_GOES_ON = re.compile(r"[_\\@#$%=<>0-9]|[./][A-Za-z0-9]")
_URL_SCHEME = re.compile(r"://")
# The endings and prefixes ``glue`` reads source words by, and those a dictionary word takes besides.
_ENDINGS = (*_SUFFIXES, *_DERIVED, "ers", "est", "ized", "izes", "ised", "ful", "less", "ish")
_PREFIXES = (*_GLUE_PREFIXES, "un", "re", "co", "de")
# Computing words and abbreviations a general dictionary lacks ("etc": node-child, stop 36); a report
# on software uses them where its passages may not.
_COMPUTING = frozenset([
    "api", "app", "argv", "ascii", "async", "cli", "cpu", "css", "diff", "enum", "env", "grep", "gui", "html",
    "http", "https", "init", "iterable", "json", "lookup", "mutex", "npm", "readme", "regex", "repo", "sql", "src",
    "stderr", "stdin", "stdlib", "stdout", "struct", "symlink", "tmp", "todo", "tuple", "ui", "unix", "url", "utf",
    "ux", "xml", "yaml", "etc", "vs", "approx", "misc",
])
# British spellings of words the dictionary has in American ("behaviour", "centre", "initialise").
_BRITISH = ((re.compile(r"our"), "or"), (re.compile(r"tre$"), "ter"), (re.compile(r"is(e|ed|es|ing|ation)$"), r"iz\1"),
            (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"ll(ed|ing|er)$"), r"l\1"))
#: the shortest half a word is split into when read as two words run together
_HALF = 3


#: how often (in the word list's counts) a word of three letters or fewer must occur to make part
#: of a longer word: the list holds subtitle debris ("lar", 90) that read "larly" as "lar" + "ly"
_SHORT_PART = 1000
#: ... and to be a word on its own, by length: under it are abbreviations and debris ("tho", 262;
#: "lar", 90; "ry", 555, the end of "directory" in "a ry.", git-stash at stop 35)
_SHORT_WORD = {1: 0, 2: 15000, 3: 300}


@lru_cache(maxsize=1)
def dictionary() -> dict[str, int]:
    """English words, lower case, with how often the word list saw each (empty when
    pyspellchecker is not installed)."""
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - a declared dependency; the check then finds nothing
        return {}
    return dict(SpellChecker(distance=1).word_frequency.dictionary)


def _known(low: str, known: Collection[str], words: Mapping[str, int], part: bool = False) -> bool:
    """``low`` is a word of the sources or of English; as ``part`` of a longer word a short one
    must be a common one."""
    least = 0 if len(low) > 3 else _SHORT_PART if part else _SHORT_WORD[len(low)]
    if low in known or low in _COMPUTING or low in words and words[low] >= least:
        return True
    american = low
    for pattern, repl in _BRITISH:
        american = pattern.sub(repl, american)
    return american != low and american in words


def is_word(low: str, known: Collection[str], words: Mapping[str, int] | None = None) -> bool:
    """``low`` (lower case letters) is a word of the sources or of English, read as it stands,
    as an inflection or derivation, with a prefix, or as two words run together."""
    words = dictionary() if words is None else words
    if not words or _known(low, known, words):
        return True
    for end in _ENDINGS:
        stem = low[: -len(end)]
        if low.endswith(end) and len(stem) >= _HALF and (
                _known(stem, known, words, True) or _known(stem + "e", known, words, True)
                or stem.endswith("i") and _known(stem[:-1] + "y", known, words, True)
                or len(stem) > _HALF and stem[-1] == stem[-2] and _known(stem[:-1], known, words, True)):
            return True
    for pre in _PREFIXES:
        if low.startswith(pre) and len(low) - len(pre) >= _HALF and is_word(low[len(pre):], known, words):
            return True
    return any(_known(low[:i], known, words, True) and _known(low[i:], known, words, True)
               for i in range(_HALF, len(low) - _HALF + 1))


def broken_words(sentence: str, known: Collection[str], words: Mapping[str, int] | None = None) -> list[str]:
    """The words of ``sentence`` that are no words (see the module's text); ``known`` holds the
    sources' words, lower case. Code spans, names and anything that is part of a name are skipped."""
    words = dictionary() if words is None else words
    text = CODE_SPAN.sub(" ", sentence)
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if _IN_A_NAME.match(text[m.start() - 1 : m.start()]) or _NAME_GOES_ON.match(text, m.end()) or _URL_SCHEME.match(text, m.end()):
            continue
        opening = not text[: m.start()].strip(" \"'“‘([*")
        for i, part in enumerate(word.split("-")):
            if not part or any(c.isupper() for c in part[1:]) or part[0].isupper() and not (opening and i == 0):
                continue  # a name or an acronym ("Becquerel", "WAL", "MkDocs")
            low = part.casefold().replace("’", "'")
            if "'" in low and low not in words:
                # "panel's", "isn't": the word before the ending
                head, _, tail = low.partition("'")
                low = head[:-1] if tail == "t" and head.endswith("n") else head
            if len(low) > 1 and (_tail_of_shown(low, known, words) or not is_word(low, known, words)):
                out.append(part)
    return out


def _tail_of_shown(low: str, known: Collection[str], words: Mapping[str, int]) -> bool:
    """"refore" of "therefore", "sitories" of "repositories" (pg-backup, stop 37): the end of a shown
    word the copy cut, which reads as a prefix and a word ("re" + "fore") where neither list holds it.
    Only the tail: a word's head is as often its stem ("preload" of "preloading")."""
    if len(low) < 4 or _known(low, known, words):
        return False
    return any(len(w) >= len(low) + 2 and w.endswith(low) and w.isalpha() for w in known)
