"""What a copy penalty did to a small model's words, undone: spaces dropped ("thinwafer",
"in1954", "ina similar"), words joined ("the-rated", "Edmond.Becquerel") or misspelt ("fiel
journals", "monoocrystalline"), as the passages write them.

Every repair reads the same source words, so they are gathered once per check (``Lexicon``):
each of the four repairs scanned every shown passage on its own before."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from os.path import commonprefix

from warp_report.protocol.markers import STOPWORDS, outside_code

# "write_to_the_database": a chain of words joined by underscores is one match, split at each pair;
# its first word may be a number's last digits ("version 1.0_installed").
_GLUED = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z]+)+|[A-Za-z]+\d+|\d+[A-Za-z]+|[A-Za-z]{3,}")
_COMMA_UNDERSCORE = re.compile(r"([,.;:])_(?=[A-Za-z])")
# "Edmond.Becquerel": a space the penalty turned into a full stop between two names.
_DOTTED_NAMES = re.compile(r"(?<![\w.])([A-Z][a-z]+)\.([A-Z][a-z]+)(?![\w.])")
_IDENTIFIER = re.compile(r"\w*[a-z0-9]_\w+")
# Two words joined by a hyphen or a slash, not part of a path, a URL or a longer compound.
_JOINED = re.compile(r"(?<![\w/.\-])([A-Za-z]{2,})([-/])([A-Za-z]{2,})(?![\w/\-]|\.\w)")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_']*[A-Za-z]|[A-Za-z]")
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "al")
#: English prefixes: a word made with one is no word cut short ("multiprocessing", "subprocesses").
_PREFIXES = frozenset([
    "sub", "pre", "non", "multi", "inter", "over", "under", "auto", "super", "semi", "anti", "dis",
    "mis", "out", "post", "micro", "macro", "mono", "poly", "tele", "trans", "hyper", "meta",
    "pseudo", "self", "uni", "bio", "geo"
])


def vocabulary(*texts: str) -> set[str]:
    """Every word of ``texts`` (letters, digits, underscores), casefolded."""
    return {w for t in texts for w in re.findall(r"\w+", t.casefold())}


# "mkdocs.yml", "index.md", "lex.yy.c": a name with an extension (a sentence's stop has a space after);
# "cmake-toolchains(7)": a manual page.
_FILE_NAME = re.compile(r"(?<![\w./-])[A-Za-z][\w-]*(?:(?:\.[A-Za-z0-9][\w-]*)+|\(\d\w{0,3}\))")
# A word that goes on into a file name or path: "mkdocs.yml", "mkdocs/".
_IN_A_NAME = re.compile(r"[./_][A-Za-z0-9]")


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


# "EDMON", "BEquerel": capitals no prose gives a name (an acronym in the sources is their word, spelt as known).
_ODD_CASE = re.compile(r"^[A-Z]{2,}[a-z]+$|^[A-Z]{4,}$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
#: letters a name has at least to be respelt from its case, and how alike the two must be
NAME_LETTERS, NAME_SIMILAR = 5, 0.85
#: letters a word has at least to be respelt one letter off a source word without a neighbour to tell it
LONG_WORD = 12


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added or taken out."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    i = len(commonprefix([short, long_]))
    return short[i:] == long_[i + 1:]


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


@dataclass
class Lexicon:
    """The words of the texts a reply was written from: which words, which pairs of neighbours,
    how each word is cased, which words stand between which two neighbours."""

    words: set[str] = field(default_factory=set)
    joined: set[str] = field(default_factory=set)  # words with their hyphens and slashes
    pairs: set[tuple[str, str]] = field(default_factory=set)
    forms: dict[str, Counter[str]] = field(default_factory=dict)  # casefolded -> spellings seen, counted
    frames: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: neighbours as the sources write them: "mkdocs serve" where "MkDocs" is the name elsewhere
    cased_pairs: set[tuple[str, str]] = field(default_factory=set)
    #: file names as the sources write them, casefolded -> spellings ("mkdocs.yml")
    file_names: dict[str, Counter[str]] = field(default_factory=dict)
    framed: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (before, word, after), casefolded
    follows: dict[str, set[str]] = field(default_factory=dict)  # word -> words seen after it
    precedes: dict[str, set[str]] = field(default_factory=dict)  # word -> words seen before it

    @classmethod
    def of(cls, *texts: str) -> Lexicon:
        return _lexicon(tuple(texts))

    def unglue(self, text: str, extra: set[tuple[str, str]] = frozenset()) -> str:
        """Put back spaces that a penalty on copied text made the model drop ("thinwafer",
        "in1954", "similar_range", "ina similar"): a word is split only where its two halves are a
        known pair of consecutive words (from the sources, or ``extra``: the reply itself), which is
        what the penalty hit, so ordinary compounds ("within", "another") stay whole, and never a
        word the sources use themselves ("rollback" where they also say "roll back")."""
        pairs = self.pairs | extra if extra else self.pairs

        def split(m: re.Match[str]) -> str:
            word = m.group(0)
            if word.casefold() in self.words:
                return word
            low = word.casefold().replace("_", "")
            if "_" in word and (whole := self._identifier_tail(word)):
                return whole
            if "_" in word:
                parts = word.split("_")
                return parts[0] + "".join((" " if (a.casefold(), b.casefold()) in pairs else "_") + b
                                          for a, b in zip(parts, parts[1:], strict=False))
            for i in range(1, len(low)):
                head, tail = low[:i], low[i:]
                if (head, tail) not in pairs:
                    continue
                # Two letters at least on each side of a letter-letter split ("panels" is not
                # "panel s"); one ("ina" -> "in a") only where the words around fit too.
                if head.isalpha() and tail.isalpha() and min(len(head), len(tail)) < 2 and \
                        not self._fits(m.string, m.start(), m.end(), head, tail, pairs):
                    continue
                return f"{word[:i]} {word[i:]}"
            return self._cut_head(word, pairs)

        def names(m: re.Match[str]) -> str:
            a, b = m.groups()
            return f"{a} {b}" if (a.casefold(), b.casefold()) in pairs else m.group(0)

        # "has a name,_handlers send": an underscore where the penalty refused the space after a comma.
        text = _DOTTED_NAMES.sub(names, _COMMA_UNDERSCORE.sub(r"\1 ", text))
        return _GLUED.sub(split, text)

    def _identifier_tail(self, word: str) -> str | None:
        """"a valid virtual environment L_ENV can be relied upon": the tail of a source identifier
        (VIRTUAL_ENV) with its head cut off, written whole again where exactly one source
        identifier ends with it and the cut head ("L") is no word of the sources."""
        low = word.casefold()
        if low.split("_", 1)[0] in self.words:
            return None
        whole = {w for w in self.words if "_" in w and w.endswith(low) and len(w) > len(low)}
        return self._usual(whole.pop()) if len(whole) == 1 else None

    def _cut_head(self, word: str, pairs: set[tuple[str, str]]) -> str:
        """"monocrystalline silmodules sold": two source words in a row ("silicon modules") with
        the first cut short and the space dropped; written whole again where exactly one source
        word before the tail starts with the head (three letters at least)."""
        low = word.casefold()
        for i in range(3, len(low) - 2):
            head, tail = low[:i], low[i:]
            if tail not in self.words or head in _PREFIXES:  # "subprocesses" is a word, not "subsequent processes"
                continue
            whole = {a for a, b in pairs if b == tail and a.startswith(head) and a != head and a.isalpha()}
            if len(whole) == 1:
                first = whole.pop()
                return f"{word[:1].upper() + first[1:] if word[:1].isupper() else first} {word[i:]}"
        return word

    @staticmethod
    def _fits(text: str, start: int, end: int, head: str, tail: str, pairs: set[tuple[str, str]]) -> bool:
        before = re.findall(r"[A-Za-z]+", text[:start])[-1:]
        after = re.findall(r"[A-Za-z]+", text[end:])[:1]
        return bool(before and after) and (before[0].casefold(), head) in pairs and (tail, after[0].casefold()) in pairs

    def unjoin(self, text: str) -> str:
        """Words the copy penalty joined with a hyphen or slash, written as the sources write
        them: "the-rated" where they say "the rated", "electrons/volts" where they say
        "electronvolts", "microscopic/pyramids" where they say "microscopic pyramids". A compound
        the sources write joined ("real-world", "TCP/IP") stays, and so does one they never show
        apart or that joins two content words with a hyphen; code spans are left alone."""

        def fix(m: re.Match[str]) -> str:
            a, _, b = m.groups()
            joined = (a + b).casefold()
            if m.group(0).casefold() in self.joined:
                return m.group(0)
            if joined in self.joined:
                return a + b
            if a.endswith("s") and joined[: len(a) - 1] + joined[len(a):] in self.joined:
                return a[:-1] + b  # "electrons/volts": the plural was the penalty's way round the copy
            # Only with a function word ("the-rated"): two content words joined ("long-term plan")
            # are English even where the sources happen to write them apart. A slash between two
            # words the sources write side by side is no compound: "etched into microscopic/pyramids"
            # (README's first command at stop 42) reads as two options.
            if (a.casefold(), b.casefold()) in self.pairs and (
                    a.casefold() in STOPWORDS or b.casefold() in STOPWORDS or m.group(2) == "/"):
                return f"{a} {b}"
            return m.group(0)

        return outside_code(text, lambda part: _JOINED.sub(fix, part))

    def rejoin(self, text: str) -> str:
        """Words the copy penalty split in two ("many network filesystem implemen tations",
        "microscopic p-Yramids"), joined where the sources write them whole and at least one half is no word of theirs:
        two words the sources use on their own ("data base") stay apart. Code spans stay."""

        def part(chunk: str) -> str:
            found = list(_LATIN_WORD.finditer(chunk))
            out, last = [], 0
            for a, b in zip(found, found[1:], strict=False):
                gap = chunk[a.end():b.start()]
                if a.start() < last or gap not in (" ", "-"):
                    continue
                head, tail = a.group(0), b.group(0)
                whole = (head + tail).casefold()
                if len(whole) < 6 or whole not in self.words or (head.casefold() in self.words
                                                                  and tail.casefold() in self.words):
                    continue
                if gap == "-":
                    # "p-Yramids": a hyphen the sources never write there ("re-run" stays where they do).
                    if f"{head}-{tail}".casefold() in self.joined:
                        continue
                    usual = self._usual(whole)
                    out.append(chunk[last:a.start()] + (usual[:1].upper() if head[:1].isupper() else usual[:1]) + usual[1:])
                    last = b.end()
                    continue
                out.append(chunk[last:a.end()])
                last = b.start()
            out.append(chunk[last:])
            return "".join(out)

        return outside_code(text, part)

    def respell(self, text: str) -> str:
        """Words the copy penalty misspelt inside a copied sentence ("If any of the fiel
        journals", "PRAGMA journ_mode=WAL", "Wal mode", "commercial monoocrystalline"), written as
        the sources write them. A word is respelt only where it is no word of the sources and
        either both its neighbours are the neighbours of a similar word there ("of the _
        journals" -> "file"), or one neighbour is and the word is one letter off a long source
        word; a known word is only recased where the sources always write it one way that is not
        plain ("WAL", "SQLite"), or where they never write the spelling given and mostly write the name
        ("Mkdocs"). A file's, command's or manual page's name is spelt as the sources spell it
        ("mkdocs.yml", "mkdocs serve", "cmake-toolchains(7)"), never as a project name it looks like.
        Code spans stay."""
        return outside_code(text, lambda t: _FILE_NAME.sub(self._file_name, self._respell_part(t)))

    def _file_name(self, m: re.Match[str]) -> str:
        """"MkDocs.yml" -> "mkdocs.yml": a file's name has the one spelling the sources give it."""
        seen = self.file_names.get(m.group(0).casefold())
        return next(iter(seen)) if seen and len(seen) == 1 else m.group(0)

    def _respell_part(self, part: str) -> str:
        found = list(_LATIN_WORD.finditer(part))
        out, last = [], 0
        for i, m in enumerate(found):
            word = m.group(0)
            out.append(part[last : m.start()])
            last = m.end()
            after = found[i + 1].group(0) if i + 1 < len(found) else ""
            if _IN_A_NAME.match(part, m.end()) or (m.start() and part[m.start() - 1] in "./-_") \
                    or (word, after) in self.cased_pairs:
                # "mkdocs.yml", "docs/mkdocs", "mkdocs serve": a file's or a command's name as the
                # sources write it, not the project's name ("MkDocs") it is spelt like.
                out.append(word)
                continue
            out.append(self._spelt(word, found[i - 1].group(0) if i else "", after))
        out.append(part[last:])
        return "".join(out)

    def _spelt(self, word: str, before: str, after: str) -> str:
        if _ODD_CASE.match(word) and (name := self._name(word)):
            return name
        known = self.forms.get(word.casefold())
        if known:
            usual, n = known.most_common(1)[0]
            # "Wal" -> "WAL", "sqlite" -> "SQLite": an acronym or a name has one spelling, bar a
            # code sample's 'wal' now and then.
            if usual != word and n >= 0.75 * known.total() and any(c.isupper() for c in usual[1:]):
                return usual
            # "Mkdocs", "Github": a spelling the sources never use, where most of theirs is the name.
            if word not in known and word[:1].isupper() and n >= 0.5 * known.total() and any(c.isupper() for c in usual[1:]):
                return usual
            return self._cut_short(word, before, after) or word
        if len(word) < 3 or not before or not after:
            return word
        low = word.casefold()
        best = max(self.frames.get((before.casefold(), after.casefold()), ()),
                   key=lambda c: _similar(low, c.casefold()), default="")
        if not (best and _similar(low, best.casefold()) >= 0.7):
            best = (self._cut_short(word, before, after) or self._one_letter_off(low, before.casefold(), after.casefold())
                    or self._start_of(low, before.casefold(), after.casefold()) or self._long_one_letter_off(low))
        if not best:
            return word
        return best[:1].upper() + best[1:] if word[:1].isupper() and best[:1].islower() else best

    def _cut_short(self, word: str, before: str, after: str) -> str:
        """The one longer source word that starts with ``word`` and stands between the same two
        neighbours there (twice or more), where the sources never put ``word`` before ``after``: "the roll journal"
        (23 times in the reports of the benchmark's runs) is "the rollback journal" cut short, though
        "roll" is a word of theirs ("roll back")."""
        low, before, after = word.casefold(), before.casefold(), after.casefold()
        if len(low) < 4 or not before or not after or (low, after) in self.pairs or after in STOPWORDS:
            return ""
        longer = [c for c in self.frames.get((before, after), ()) if c.casefold().startswith(low) and len(c) >= len(low) + 2]
        # Twice at least: "the filesystem format" once in the sources does not make "the file format" a cut word.
        if len({c.casefold() for c in longer}) != 1 or self.framed[before, longer[0].casefold(), after] < 2:
            return ""
        first = longer[0][:1].upper() if word[:1].isupper() else longer[0][:1].lower()  # "the roll" -> "the rollback"
        return first + longer[0][1:]

    def _start_of(self, low: str, before: str, after: str) -> str:
        """The one source word beside ``before`` or ``after`` there that starts with ``low``, no word
        of the sources, and goes on by three letters or more that are no ending and no word of theirs
        ("monocrystalline sil panels" -> "silicon"): a word cut short. "develop" beside the
        sources' "development" is the model's grammar, "file" beside "filesystem" a word of its own.
        Unlike ``_cut_short``, one neighbour seen once is enough, as the word itself is none of
        theirs; a three-letter word needs both ("a bin directory" beside "its binary directory")."""
        if len(low) < 3:
            return ""
        if len(low) == 3:  # "bin", "sil": the word between the same two neighbours there
            near = {c.casefold() for c in self.frames.get((before, after), ())}
        else:  # a function word next to it says nothing: "an import" is not "an important" cut short
            near = (self.follows.get(before, set()) if before not in STOPWORDS else set()) | (
                self.precedes.get(after, set()) if after not in STOPWORDS else set())
        # The rest no word of the sources either: "file|system" is two of their words, not a cut.
        fits = {c for c in near if c.startswith(low) and len(c) >= len(low) + 3 and not inflected(c[len(low):])
                and c[len(low):] not in self.words}
        if len(fits) != 1:
            return ""
        (fit,) = fits
        return self._usual(fit)

    def _one_letter_off(self, low: str, before: str, after: str) -> str:
        """A long source word one letter from ``low`` ("monoocrystalline"), which follows
        ``before`` or precedes ``after`` in the sources: never an inflection of a source word
        ("photovoltaics" is the model's word, not a misspelling)."""
        if len(low) < 8 or any(low.endswith(s) and low[: -len(s)] in self.words for s in _SUFFIXES):
            return ""
        near = self.follows.get(before, set()) | self.precedes.get(after, set())
        fits = [c for c in near if abs(len(c) - len(low)) <= 1 and len(c) >= 8 and _similar(low, c) >= 1 - 1.5 / len(low)]
        if len(fits) != 1:
            return ""
        return self._usual(fits[0])

    def _name(self, word: str) -> str:
        """The sources' name ``word`` garbles in case and maybe a letter or two: "EDMON BEquerel" ->
        "Edmond Becquerel" (README's first command, stop 50), "EDMOND" -> "Edmond". Only a name the
        sources always write capitalised and only so, of ``NAME_LETTERS`` or more, and only one such."""
        low = word.casefold()
        if len(low) < NAME_LETTERS or low in STOPWORDS:
            return ""
        names = [c for c, forms in self.forms.items() if len(c) >= NAME_LETTERS and len(forms) == 1
                 and _CAPITALISED.fullmatch(next(iter(forms)))
                 and (c == low or abs(len(c) - len(low)) <= 2 and _similar(low, c) >= NAME_SIMILAR)]
        if len(names) != 1 or (names[0] != low and low in self.words):
            return ""
        return next(iter(self.forms[names[0]]))

    def _long_one_letter_off(self, low: str) -> str:
        """The one source word of ``LONG_WORD`` letters or more one letter from ``low``, wherever it
        stands: "(about 1.1 electronsvolts)" for "electronvolts" (README's first command, stop 50),
        where a number, no word, is its neighbour. So long a word one letter off is no other word;
        never an inflection of a source word."""
        if len(low) < LONG_WORD or any(low.endswith(s) and low[: -len(s)] in self.words for s in _SUFFIXES):
            return ""
        fits = [c for c in self.words if len(c) >= LONG_WORD and _one_edit(low, c) and c.removeprefix(low) not in _SUFFIXES]
        return self._usual(fits[0]) if len(fits) == 1 else ""

    def _usual(self, low: str) -> str:
        """``low`` as the sources most often write it ("SQLite"), or as it is."""
        forms = self.forms.get(low)
        return forms.most_common(1)[0][0] if forms else low


#: Endings that make another word of a word ("develop" -> "development"), beside ``_SUFFIXES``.
_DERIVED = ("ment", "ments", "ness", "able", "ation", "ations", "ion", "ions", "ity", "ive", "ize", "ise")


def inflected(rest: str) -> bool:
    """``rest`` is an ending, one or two of ``_SUFFIXES`` ("ers", "ings") or a derivation."""
    return rest in _DERIVED or rest in _SUFFIXES or any(rest == a + b for a in _SUFFIXES for b in _SUFFIXES)


@lru_cache(maxsize=16)
def _lexicon(texts: tuple[str, ...]) -> Lexicon:
    # A step's shown passages are the same for each try and for its titles: gathered once.
    lex = Lexicon(words=vocabulary(*texts), pairs=word_pairs(*texts))
    for s in texts:
        low = s.casefold()
        lex.joined.update(re.findall(r"[a-z]+(?:[-/][a-z]+)*", low))
        w = [m.group(0) for m in _LATIN_WORD.finditer(s)]
        for name in _FILE_NAME.findall(s):
            lex.file_names.setdefault(name.casefold(), Counter())[name] += 1
        for i, word in enumerate(w):
            lex.forms.setdefault(word.casefold(), Counter())[word] += 1
            if i + 1 < len(w):
                lex.cased_pairs.add((word, w[i + 1]))
            if 0 < i < len(w) - 1:
                lex.frames.setdefault((w[i - 1].casefold(), w[i + 1].casefold()), set()).add(word)
                lex.framed[w[i - 1].casefold(), word.casefold(), w[i + 1].casefold()] += 1
    for a, b in lex.pairs:
        lex.follows.setdefault(a, set()).add(b)
        lex.precedes.setdefault(b, set()).add(a)
    return lex


def unglue(text: str, pairs: set[tuple[str, str]], known: frozenset[str] | set[str] = frozenset()) -> str:
    """``Lexicon.unglue`` with the pairs and known words given as they are."""
    return Lexicon(words=set(known), pairs=set(pairs)).unglue(text)


def unjoin(text: str, sources: tuple[str, ...]) -> str:
    return Lexicon.of(*sources).unjoin(text)


def respell(text: str, sources: tuple[str, ...]) -> str:
    return Lexicon.of(*sources).respell(text)
