"""A sentence copied from a passage keeps the passage's words.

Writing a passage's sentence again, the 0.5B swaps single words for others that fit the sentence
but not the fact: "Cadmium indicateur (CdTe)" for "Cadmium telluride (CdTe)", "amorphous siemens"
for "amorphous silicon", "monocrystalline semiconductor modules" for "... silicon modules"
(README's first command at stop 33). Where a sentence is plainly that passage sentence (most of its
words in the passage's order) a swapped content word, anchored by copied words on both sides, is
the passage's word again. Only content words are put back, an inflection only where copied words
stand on both sides ("panels" for "panel" may fit the sentence's own subject), and never where a
citation, code or a line break lies between, and a sentence with more swaps than ``MAX_SWAPS`` is a
paraphrase, left as it is. Function words changed between copied words ("convert it into one box"
for "... in one box") and a copied word's case come back too, but not those that agree with or
point at the copy's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from os.path import commonprefix

from warp_report.protocol.glue import inflected
from warp_report.protocol.markers import CJK, STOPWORDS, holds, run_at

#: share of a sentence's words that must match one passage sentence, in order, for it to be a copy
COPIED = 0.7
#: copied words that must stand on each side of a swap (what makes it a swap, not a new clause)
ANCHOR = 2
#: more swaps than this: the sentence is the model's own, said with a passage's help
MAX_SWAPS = 3
#: a swap's longest side, in words
SWAP_WORDS = 3
#: ... and where twice ``ANCHOR`` copied words stand on both sides of it
WIDE_SWAP_WORDS = 5
#: a function-word swap's longest side, in words, and the most of them put back in one sentence
GRAMMAR_WORDS, MAX_GRAMMAR_SWAPS = 2, 3

# Words and the per-cent sign ("6 percent" and "6%" differ by one token); a name is one word
# ("YY_FLEX_MINOR_VERSION", "main2.cpp", "thin-film"); citations are read apart.
_TOKEN = re.compile(r"[^\W_](?:[\w.'’-]*[^\W_])?|%")
_CITATION_OR_CODE = re.compile(r"\[\d+(?:\s*[,，]\s*\d+)*\]|`[^`\n]*`")
# What may stand between the words a swap replaces: spaces, hyphens, commas; else the same marks
# in both (no citation, no code).
_PLAIN_GAP = re.compile(r"[\s,\-–]*")


@dataclass(frozen=True)
class _Tokens:
    text: str
    spans: tuple[tuple[int, int], ...]
    low: tuple[str, ...]

    @classmethod
    # Each reply sentence is read against every shown passage sentence, in three checks: a passage
    # sentence is tokenised once, not once per check and reply sentence.
    @lru_cache(maxsize=8192)
    def of(cls, text: str) -> _Tokens:
        hidden = _CITATION_OR_CODE.sub(lambda m: " " * len(m.group(0)), text)
        spans = tuple(m.span() for m in _TOKEN.finditer(hidden))
        return cls(text, spans, tuple(text[a:b].casefold().replace("’", "'") for a, b in spans))


def passage_words(text: str) -> tuple[str, ...]:
    """``text``'s words as the checks compare them: case folded, citations and code left out."""
    return _Tokens.of(text).low


def passage_word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where each of ``passage_words(text)`` stands in ``text``."""
    return _Tokens.of(text).spans


def _content(tokens: tuple[str, ...]) -> bool:
    return any(t not in STOPWORDS and t != "%" for t in tokens)


# Function words whose swap for the other turns a copied claim round: "so few households pair panels
# with a battery" for the passage's "many" (README's first command at 2a6c5f8; the one such swap in
# 4,583 sentences of the benchmark's reports on disk).
_OPPOSITES = {frozenset(p) for p in (("many", "few"), ("more", "less"), ("more", "fewer"), ("most", "least"),
                                     ("always", "never"), ("all", "none"), ("can", "cannot"), ("higher", "lower"),
                                     ("before", "after"), ("increases", "decreases"), ("increase", "decrease"),
                                     ("high", "low"), ("large", "small"), ("larger", "smaller"), ("no", "any"),
                                     ("no", "some"))}


def _opposite(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    return len(mine) == len(theirs) == 1 and frozenset((mine[0], theirs[0])) in _OPPOSITES


def _stem(token: str) -> str:
    """A word's first four letters, which its forms share ("panel"/"panels", "converted"/"converts");
    a name whole: "cmake_system_name" is no form of "cmake_android_ndk"."""
    return token[:4] if token.isalpha() else token


def _inflection(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """The same content words in another form or case ("a panel"/"the panels", "electrical"/
    "electric", "converted"/"converts"): the model fitted them to its own sentence."""
    return [_stem(t) for t in mine if t not in STOPWORDS] == [_stem(t) for t in theirs if t not in STOPWORDS]


def _degree(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Whether one word is the other with its degree put on or taken off ("long"/"longer",
    "large"/"largest"): "payback takes long" for "payback takes longer" (README's first command,
    stop 57) is another claim, not the word fitted to the model's sentence."""
    # "reach high efficiencies" for "reach the highest efficiencies" (README's first command, stop 57):
    # the superlative's article goes with it.
    mine, theirs = tuple(t for t in mine if t not in _ARTICLES), tuple(t for t in theirs if t not in _ARTICLES)
    if len(mine) != 1 or len(theirs) != 1:
        return False
    a, b = sorted((mine[0], theirs[0]), key=len)
    return len(a) >= 3 and any(b in (a + end, a + end[1:]) for end in ("er", "est"))


def _closes_both(before: tuple, after: tuple, mine: _Tokens, theirs: _Tokens) -> bool:
    """Whether one copied word after a swap ends both sentences, with more copied words before it
    than an anchor needs: "... while resisting hail and weather loads." for "... hail and wind
    loads." (README's first command, stop 44); the sentences' end anchors it as a second word would."""
    return (after[2] - after[1] == 1 and after[2] == len(mine.low) and after[4] == len(theirs.low)
            and before[2] - before[1] > ANCHOR)


def _framed_form(written: tuple[str, ...], source: tuple[str, ...], before: tuple, after: tuple) -> bool:
    """Whether one word in another form sits between copied runs of ``ANCHOR`` words or more on both
    sides: the passage's phrase around it, so its form is the passage's. Under the copy penalty the
    0.5B takes a word's other form where the passage's is lowered: "so many household pair panels"
    (README's first command, stop 43), "an easy way to troubleshooting stickiness problems",
    "row-level lock which are listed", "cause it to call" for "causing it to call" (stop 43's sets: of
    ten such swaps six read wrong, four no better than the passage's form). One side not copied, the
    word may fit the copy's own words ("The inverters converted ..."), and it stays."""
    return (len(written) == len(source) == 1 and before[0] == after[0] == "equal"
            and min(before[2] - before[1], after[2] - after[1]) >= ANCHOR)


def _framed_phrase(written: tuple[str, ...], source: tuple[str, ...], before: tuple, after: tuple) -> bool:
    """Whether a phrase with content words stands for one without (or the other way round) between
    copied runs of ``ANCHOR`` words or more on both sides: "which gives them reach the highest
    efficiencies" for "which is why they reach ..." (README's first command, stop 44), "to deal with
    the bug" for "to do with the bug"; "if it goes down" for "if that node goes down", "it sends the
    password" for "basic authentication sends ..." (a pronoun whose noun the passage's sentence names,
    stop 44's sets). In the passage's phrase the copy says what the passage says, and parses; read
    over stop 43's and 44's reports, none of 31 such swaps read worse put back. A "not" taken out or
    put in is the claim turned round (``restatement.drops_negation``), not mended here."""
    return (_content(written) != _content(source) and before[0] == after[0] == "equal"
            and min(before[2] - before[1], after[2] - after[1]) >= ANCHOR
            and not _NEGATIONS & set(written + source))


def restore_swapped_words(sentence: str, passage_sentences: list[str], clause: bool = False,
                          again: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """``sentence`` with the content words it swapped in a copied passage sentence put back, and the
    swaps ``(written, passage)``; unchanged where it copies no sentence of ``passage_sentences``.
    ``clause``: ``sentence`` is one clause of a joined sentence (``_restored_clauses``), whose pointer
    and opening are the whole sentence's and so are left alone. ``again``: a sentence with a name put
    back is read once more, as the model would have written it with the passage's name."""
    if CJK.search(sentence):
        return sentence, []
    mine = _Tokens.of(sentence)
    if clause and len(mine.low) < CLAUSE_WORDS:
        return sentence, []
    if len(mine.low) < 6:
        return _pointer_named(sentence, mine, passage_sentences)
    if not clause and (named := _pointer_for_subject(sentence, mine, passage_sentences)):
        return named
    best: tuple[float, _Tokens, list[tuple[str, int, int, int, int]]] | None = None
    shown: set[str] = set()
    matchers: list[tuple[_Tokens, SequenceMatcher]] = []  # read again for a name swapped where none is a copy
    for candidate in passage_sentences:
        theirs = _Tokens.of(candidate)
        shown.update(theirs.low)
        matcher = SequenceMatcher(None, mine.low, theirs.low, autojunk=False)
        matchers.append((theirs, matcher))
        matched = sum(b.size for b in matcher.get_matching_blocks())
        ratio = matched / len(mine.low)
        if ratio >= COPIED and (best is None or ratio > best[0]):
            best = (ratio, theirs, matcher.get_opcodes())
    if best is None:
        if not clause and (joined := _restored_clauses(sentence, passage_sentences)):
            return joined
        if closed := _swapped_close(sentence, mine, matchers):
            return closed
        named, done = _swapped_name(sentence, mine, matchers, shown)
        if done and again:
            # "... semiconductor, typically crystalline silicon, that turns light directly into an
            # electric field." (README's first command, stop 60): with "usually" back, the run before
            # the swapped ending is long enough to read.
            named, more = restore_swapped_words(named, passage_sentences, clause, again=False)
            done += more
        return named, done
    _, theirs, ops = best
    swaps = []
    grammar = []
    # A name's last part too: "spawn" names child_process.spawn() as well as the whole name does.
    others = {t for t in shown | {t.rpartition(".")[2] for t in shown} if t not in STOPWORDS} - set(theirs.low)
    if ops and (named := _pointer_subject(mine, theirs, ops) or _pointer_article(mine, theirs, ops)
                or _dropped_article(mine, theirs, ops) or _dropped_modifier(mine, theirs, ops)
                or _swapped_opening(mine, theirs, ops, others) or _dummy_it(mine, theirs, ops)):
        swaps.append(named)
    traded = _traded_places(mine, theirs, ops)
    if traded:
        swaps.append(traded[2])
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if traded and k in traded[:2]:
            continue
        if tag == "insert" and 0 < k < len(ops) - 1 and (gap := _dropped_words(mine, theirs, ops, k)):
            swaps.append(gap)
            continue
        if tag in ("delete", "replace") and 0 < k < len(ops) - 1 and (fixed := _added_negation(mine, theirs, ops, k)):
            swaps.append(fixed)
            continue
        if tag == "delete" and 0 < k < len(ops) - 1 and (fixed := _unit_inside_range(mine, theirs, ops, k)):
            grammar.append(fixed)
            continue
        if tag == "delete" and 0 < k < len(ops) - 1 and (fixed := _added_magnitude(mine, theirs, ops, k)):
            swaps.append(fixed)
            continue
        if 0 < k < len(ops) - 1 and (fixed := _grammar_swap(mine, theirs, ops, k)):
            grammar.append(fixed)
            continue
        if tag == "replace" and 0 < k == len(ops) - 1 and (fixed := _swapped_last_word(mine, theirs, ops, k)
                                                         or _swapped_ending(mine, theirs, ops, k)):
            swaps.append(fixed)
            continue
        if tag != "replace" or not (0 < k < len(ops) - 1):
            continue
        before, after = ops[k - 1], ops[k + 1]
        if before[0] != "equal" or after[0] != "equal" or after[2] - after[1] < ANCHOR and not _closes_both(before, after, mine, theirs):
            continue
        # One copied word before will do where it opens both sentences and more follow the swap:
        # "Cadmium indicateur (CdTe) is the most common thin-film material".
        if before[2] - before[1] < ANCHOR and not (before[1] == before[3] == 0 and after[2] - after[1] > 2 * ANCHOR):
            continue
        # Up to ``WIDE_SWAP_WORDS`` where twice the anchor stands on both sides: "String inverters take
        # the combined DC output of a single panel and convert it in one box." for "... of a series
        # string of panels and ..." (README's first command at 0d8da4c), "To avoid this, autovacuum must
        # be vacuumed every table ..." for "... it is necessary to vacuum every table ..." (pg-vacuum).
        wide = min(before[2] - before[1], after[2] - after[1]) >= 2 * ANCHOR
        if max(i2 - i1, j2 - j1) > (WIDE_SWAP_WORDS if wide else SWAP_WORDS):
            continue
        written, source = mine.low[i1:i2], theirs.low[j1:j2]
        if not (_content(written) and _content(source) or _opposite(written, source)
                or _framed_phrase(written, source, before, after)):
            continue
        # Two small words are each other's "form" by stems ("any"/"no" have none): an opposite is no form.
        form = _inflection(written, source) and not _opposite(written, source)
        if form and not _framed_form(written, source, before, after) and not _degree(written, source):
            continue
        # From the end of the copied word before to the start of the copied word after, so the
        # passage's own spacing comes too ("6 percent of" -> "6% of").
        a, b = mine.spans[i1 - 1][1], mine.spans[i2][0]
        c, d = theirs.spans[j1 - 1][1], theirs.spans[j2][0]
        gaps = _between(mine, i1, i2), _between(theirs, j1, j2)
        if not (_PLAIN_GAP.fullmatch(gaps[0]) and _PLAIN_GAP.fullmatch(gaps[1]) or _same(*gaps)):
            continue
        fix = (a, b, theirs.text[c:d], sentence[a:b].strip())
        # A word's other form is no new fact: counted with the function words, not the swaps.
        (grammar if form and not _degree(written, source) else swaps).append(fix)
    if not clause and _dense_copy(mine, theirs, ops) > len(swaps):
        # Changes too close together to be put back one by one: the passage sentence whole, up to its
        # own end less its stop (a closing quote comes along; the copy's stop and citations stay).
        a, b = mine.spans[0][0], mine.spans[-1][1]
        text = _STOP_AT_END.sub(r"\1", theirs.text[theirs.spans[0][0]:].rstrip())
        return sentence[:a] + text + sentence[b:], [(sentence[a:b], text)]
    if len(swaps) > MAX_SWAPS:  # the model's own sentence, said with a passage's help
        return sentence, []
    if len(grammar) <= MAX_GRAMMAR_SWAPS:
        swaps = sorted(swaps + grammar + _recased(mine, theirs, ops) + _stray_commas(mine, theirs, ops)
                       + _moved_brackets(mine, theirs, ops))
    if not swaps:
        return sentence, []
    out = sentence
    for a, b, text, _ in reversed(swaps):
        out = out[:a] + text + out[b:]
    done = [(written, text.strip()) for _, _, text, written in swaps]
    # The subject once the rest is the passage's again: "They operate ... under the current light,
    # temperature." is "... light and temperature." first (README's first command at d28bd5f).
    if not clause and (named := _pointer_for_subject(out, _Tokens.of(out), passage_sentences)):
        return named[0], done + named[1]
    return out, done


#: a clause's fewest words for ``_restored_clauses`` to read it against the passage sentences alone
CLAUSE_WORDS = 8
# Where a sentence joins two clauses, each copied from a passage sentence of its own.
_CLAUSE_JOIN = re.compile(r";\s+|,\s+(?=(?:while|whereas|and|but)\s)")


def _restored_clauses(sentence: str, passage_sentences: list[str]) -> tuple[str, list[tuple[str, str]]] | None:
    """``sentence`` with each joined clause's swaps put back, where no passage sentence holds the
    whole: "Cadmium telluride (CdTe) is the most common thin-film material ..., while copper indium
    gallium selenide (CIGS and amorphous silicon) are others." and "... where sunshine is modest and
    export tariffs are low, payment takes longer." (README's first command, stop 59) join two
    passage sentences or a claim of the model's own to a copy, so the whole copies none; each clause
    alone is a copy whose swaps the checks read. None where no clause changed."""
    cuts = [m.span() for m in _CLAUSE_JOIN.finditer(sentence)]
    if not cuts:
        return None
    out, done, at = [], [], 0
    for a, b in [*cuts, (len(sentence), len(sentence))]:
        # The joining word stays outside the clause read: "while" is the model's, not the passage's.
        piece = sentence[at:a]
        lead = _JOIN_WORD.match(piece)
        head, piece = (piece[:lead.end()], piece[lead.end():]) if lead and at else ("", piece)
        fixed, swaps = restore_swapped_words(piece, passage_sentences, clause=True)
        out.append(head + fixed + sentence[a:b])
        done += swaps
        at = b
    return ("".join(out), done) if done else None


_JOIN_WORD = re.compile(r"(?:while|whereas|and|but)\s+")


def _traded_places(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, tuple[int, int, str, str]] | None:
    """Two content words of a copy that traded places, with only copied words between them: "On
    Windows, NODE_PATH is delimited by colons instead of semicolons." for the passage's "by semicolons
    (;) instead of colons" (node-modules, stop 58: the claim turned round, the one such copy in 1,380
    sentences of stop 57's and 58's reports). Put back one at a time, the first swap would read "by
    semicolons instead of semicolons"; the passage's words from the first to the second come back
    whole. The two ops' indices and the fix."""
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or not _content(mine.low[i1:i2]):
            continue
        for m in range(k + 1, len(ops)):
            other = ops[m]
            if other[0] == "replace":
                _, k1, k2, l1, l2 = other
                if (mine.low[i1:i2] == theirs.low[l1:l2] and mine.low[k1:k2] == theirs.low[j1:j2]
                        and _content(mine.low[k1:k2])):
                    a, b = mine.spans[i1][0], mine.spans[k2 - 1][1]
                    c, d = theirs.spans[j1][0], theirs.spans[l2 - 1][1]
                    return k, m, (a, b, theirs.text[c:d], mine.text[a:b])
            if other[0] != "equal":
                break
    return None


#: share of a dense copy's words and of its passage sentence's that match, in order, at least
DENSE_COPIED = 0.8
#: words on either side of one of a dense copy's changes, at most
DENSE_CHANGE = 2
#: changes to the fact a dense copy makes, at least
DENSE_CHANGES = 2
_STOP_AT_END = re.compile(r"[.!?]+([\"”’']?)$")


def _negated(tokens: tuple[str, ...]) -> bool:
    return any(t in _NEGATIONS or t.endswith("n't") for t in tokens)


def _dense_copy(mine: _Tokens, theirs: _Tokens, ops: list) -> int:
    """How many changes to the fact a copy made where it made them too close together for any
    single swap to have its anchors: "Photons with little energy can pass through or become heat;
    photons with much energy consume the excess as heat." for "Photons with less energy pass through
    or become heat; photons with much more energy waste the excess as heat." (README's first command,
    stop 57: one copied word between two changes, a degree lost, a verb swapped). Zero unless the
    sentence opens and ends on the passage sentence's words, ``DENSE_COPIED`` of both match, and no
    change is longer than ``DENSE_CHANGE`` words: the passage sentence, said with slips."""
    if not ops or ops[0][0] != "equal" or ops[-1][0] != "equal":
        return 0
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if matched < DENSE_COPIED * len(mine.low) or matched < DENSE_COPIED * len(theirs.low):
        return 0
    changes = [(tag, mine.low[i1:i2], theirs.low[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    if any(max(len(a), len(b)) > DENSE_CHANGE for _, a, b in changes):
        return 0
    # A word swapped for another, a degree changed or a negation lost each change the fact; a word's
    # other form, a modifier left out or a word of the model's own added do not.
    said = sum(1 for tag, a, b in changes
               if tag == "replace" and (_content(a) and _content(b) and not _inflection(a, b) or _opposite(a, b))
               or _degree(a, b) or _negated(b) and not _negated(a))
    # A verb's "not" lost alone is the flip check's (``restatement.drops_negation``: the sentence goes);
    # a noun's "no" it does not judge ("if there are no crashes" denies nothing a sentence could flip), and
    # alone it turns the claim round: "it restores the originally stashed state with conflicts." for "...
    # with no conflicts." (git-stash, stop 57).
    lost_no = any(tag == "insert" and b == ("no",) for tag, _, b in changes)
    return said if said >= DENSE_CHANGES or lost_no else 0


#: copied words on each side of a word swapped in a sentence that copies no passage sentence whole
NAME_ANCHOR = 3


#: copied words before a swapped ending of a sentence that copies no passage sentence whole
CLOSE_ANCHOR = 10


def _swapped_close(sentence: str, mine: _Tokens,
                   matchers: list[tuple[_Tokens, SequenceMatcher]]) -> tuple[str, list[tuple[str, str]]] | None:
    """``sentence`` with the passage's last words where it swapped them after a long run of a
    passage sentence's words, the sentence opening on words of its own (so it is no copy for
    ``COPIED``): "The cell is made up of a thin wafer of semiconductor, usually crystalline silicon,
    that turns light directly into an electric field." for "A photovoltaic (PV) cell is a thin wafer
    ... into electricity." (README's first command, stop 60). ``CLOSE_ANCHOR`` copied words before
    the swap; the ending itself is judged as a copy's (``_swapped_last_word``, ``_swapped_ending``)."""
    for theirs, matcher in matchers:
        ops = matcher.get_opcodes()
        k = len(ops) - 1
        if k < 1 or ops[k][0] != "replace" or ops[k - 1][0] != "equal" or ops[k - 1][2] - ops[k - 1][1] < CLOSE_ANCHOR:
            continue
        if fix := _swapped_last_word(mine, theirs, ops, k) or _swapped_ending(mine, theirs, ops, k):
            a, b, text, written = fix
            return sentence[:a] + text + sentence[b:], [(written, text)]
    return None


def _swapped_name(sentence: str, mine: _Tokens, matchers: list[tuple[_Tokens, SequenceMatcher]],
                  shown: set[str]) -> tuple[str, list[tuple[str, str]]]:
    """``sentence`` with one word put back that it swapped inside a long run of a passage sentence's
    words, where the sentence glues that run to other words (so it is no copy for ``COPIED``): "The
    photovoltaic effect was first observed by Edmund Becquerel in 1839, and the first practical ..."
    for "... by Edmond Becquerel in 1839, when he saw ..." (README's first command at stop 53), "even
    if the back-end server does not send a suitable session cookie" for "... does not set ..."
    (ap-proxy). Only a word no shown passage holds, for a content word, with ``NAME_ANCHOR`` copied
    words on each side: a word the passages use elsewhere may be the sentence's own. ``matchers``: the
    sentence matched against each passage sentence already."""
    for theirs, matcher in matchers:
        ops = matcher.get_opcodes()
        for k in range(1, len(ops) - 1):
            tag, i1, i2, j1, j2 = ops[k]
            before, after = ops[k - 1], ops[k + 1]
            if (tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1
                    or min(before[2] - before[1], after[2] - after[1]) < NAME_ANCHOR):
                continue
            written, source = mine.low[i1:i2], theirs.low[j1:j2]
            if written[0] in shown or not (_content(written) and _content(source)) or _inflection(written, source):
                continue
            if not (_PLAIN_GAP.fullmatch(_between(mine, i1, i2)) and _PLAIN_GAP.fullmatch(_between(theirs, j1, j2))):
                continue
            a, b = mine.spans[i1]
            return sentence[:a] + theirs.text[slice(*theirs.spans[j1])] + sentence[b:], [(sentence[a:b], theirs.text[slice(*theirs.spans[j1])])]
    return sentence, []


def _recased(mine: _Tokens, theirs: _Tokens, ops: list) -> list[tuple[int, int, str, str]]:
    """The passage's case for copied words the copy wrote in another: "Lithium-ion Batteries dominate
    home storage" for "... batteries dominate ..." (README's first command at stop 41). Not where
    either sentence starts, whose capital is the sentence's."""
    out = []
    for tag, i1, i2, j1, _ in ops:
        if tag != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j1 + i2 - i1), strict=True):
            a, b = mine.spans[i]
            written, source = mine.text[a:b], theirs.text[slice(*theirs.spans[j])]
            if i and j and written != source and written.casefold() == source.casefold():
                out.append((a, b, source, written))
    return out


def _stray_commas(mine: _Tokens, theirs: _Tokens, ops: list) -> list[tuple[int, int, str, str]]:
    """The passage's space for a comma the copy put between its copied words: "String inverters, take
    the combined DC output ..." for "String inverters take ..." (README's first command at stop 47):
    a subject cut from its verb. Only inside a copied run, two copied words at least on each side."""
    out = []
    for tag, i1, i2, j1, _ in ops:
        if tag != "equal":
            continue
        for i in range(i1 + 1, i2 - 2):
            j = j1 + i - i1
            a, b = mine.spans[i][1], mine.spans[i + 1][0]
            source = theirs.text[theirs.spans[j][1]:theirs.spans[j + 1][0]]
            if _COMMA_GAP.fullmatch(mine.text[a:b]) and _SPACE_GAP.fullmatch(source):
                out.append((a, b, " ", mine.text[a:b].strip()))
            # ... and its comma for a semicolon the copy put there: "depends on the local sunshine; the
            # price of electricity ..." (README's first command, stop 57) cuts a list into a clause
            # without a verb.
            elif _SEMICOLON_GAP.fullmatch(mine.text[a:b]) and _COMMA_GAP.fullmatch(source):
                out.append((a, b, source, ";"))
            # ... and the passage's colon or semicolon for a comma the copy put in its place, which
            # splices two clauses: "tracking (MPPT), they continuously adjust ..." for "(MPPT): they
            # continuously adjust" (README's first command at stop 53).
            # ... or a dash: "(MPPT) - they continuously adjust" (README's first command, stop 56).
            elif source != mine.text[a:b] and _STOP_MARK.sub(",", source) in (
                    mine.text[a:b], _DASH_GAP.sub(", ", mine.text[a:b])):
                out.append((a, b, source, mine.text[a:b].strip()))
            # ... or where the copy left it out: "Thin-film cells take a different route a layer of
            # light-absorbing material ..." for "... route: a layer ..." (README's first command, stop 56).
            elif _SPACE_GAP.fullmatch(mine.text[a:b]) and _STOP_MARK.search(source) and _SPACE_GAP.fullmatch(
                    _STOP_MARK.sub("", source)):
                out.append((a, b, source, ""))
    return out


def _moved_brackets(mine: _Tokens, theirs: _Tokens, ops: list) -> list[tuple[int, int, str, str]]:
    """The passage's brackets where the copy moved them across copied words: "copper indium gallium
    selenide (CIGS and amorphous silicon) are others" for "... (CIGS) and amorphous silicon are
    others" (README's first command, stop 59) names a material that does not exist. Only inside a
    copied run whose gaps hold as many brackets in the copy as in the passage, so both ends move."""
    out = []
    for tag, i1, i2, j1, _ in ops:
        if tag != "equal":
            continue
        gaps = []
        for i in range(i1, i2 - 1):
            j = j1 + i - i1
            a, b = mine.spans[i][1], mine.spans[i + 1][0]
            gaps.append((a, b, mine.text[a:b], theirs.text[theirs.spans[j][1]:theirs.spans[j + 1][0]]))
        moved = [g for g in gaps if g[2] != g[3] and _BRACKET.sub("", g[2]).split() == _BRACKET.sub("", g[3]).split()
                 and _BRACKET.search(g[2] + g[3])]
        if len(moved) >= 2 and sorted(_BRACKET.findall("".join(g[2] for g in moved))) == sorted(
                _BRACKET.findall("".join(g[3] for g in moved))):
            out += [(a, b, source, written.strip()) for a, b, written, source in moved]
    return out


_BRACKET = re.compile(r"[()]")
_COMMA_GAP, _SPACE_GAP, _STOP_MARK = re.compile(r",[ \t]+"), re.compile(r"[ \t]+"), re.compile(r"[:;]")
_DASH_GAP = re.compile(r"[ \t]+[-–—][ \t]+")
_SEMICOLON_GAP = re.compile(r";[ \t]+")
_JOINING_GAP = re.compile(r"[ \t]+(?:and|or)[ \t]+")


# Function words that agree with a subject the copy may have changed ("Inverters convert one into the
# other and are the heart ..." for "The inverter converts ... and is the heart"), and pronouns, which
# point at what the copy's own sentences name: the copy's word is right for the copy.
_AGREEING = {frozenset(p) for p in (("is", "are"), ("was", "were"), ("has", "have"), ("does", "do"),
                                    ("this", "these"), ("that", "those"), ("a", "an"))}
_PRONOUNS = frozenset(["it", "its", "they", "their", "them", "theirs", "he", "she", "his", "her", "we", "our",
                       "you", "your", "i", "my"])
# One pronoun's forms: "that leaves its as electrical power" for "... leaves it as ..." (README's first
# command at acc89ae) is the passage's pronoun in a case that does not parse, not another subject.
_CASE_FORMS = {frozenset(p) for p in (("it", "its"), ("they", "their"), ("they", "them"), ("their", "them"))}
# A verb or a relative word added or taken out is the copy's own clause, which other changes carry
# ("Irradiance is the power of sunlight per square metre, which is close to ..." for "Irradiance, the
# power of sunlight per square metre, is close to ..."): put back alone it breaks the sentence.
_CLAUSE_WORDS = (frozenset(["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
                            "did"]),
                 frozenset(["which", "who", "whom", "whose", "that", "where", "when"]))
# A "not" the copy dropped or added is the model's claim turned round, which its next sentences may
# follow: the sentence goes (``restatement.drops_negation``), it is not mended.
_NEGATIONS = frozenset(["not", "no", "never", "nor", "cannot"])
_SUBJECTS = frozenset(["it", "they", "he", "she", "we", "you"])


def _agrees_with_copy(word: str, ops: list, k: int) -> bool:
    """Whether what the swapped agreeing ``word`` agrees with is the passage's, copied: the next word
    for "a"/"an" ("PostgreSQL creates an timeline history file", pg-backup at stop 43), the whole
    sentence before it for a verb or "this"/"these" ("each step of a step are verified", "a different
    algorithm that are best suited"): then the copy's form is a slip, not a fit to its own subject."""
    if word in ("a", "an"):
        return True  # the next ``ANCHOR`` words are copied (``_grammar_swap`` checks)
    return k == 1 and ops[0][0] == "equal" and ops[0][1] == 0 and ops[0][3] == 0


def _grammar_swap(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's function words where a copy changed, dropped or added only function words
    between copied words, which leaves a sentence that does not parse or says it askew: "convert it
    into one box" for "convert it in one box", "modules have a few points lower" for "modules are a
    few points lower", "80 to 90 percent its rated power" for "... percent of its rated power"
    (README's first command at stop 41). Two copied words on each side make it the passage's phrase.
    A pronoun only for its own other case ("leaves its as" for "leaves it as")."""
    tag, i1, i2, j1, j2 = ops[k]
    before, after = ops[k - 1], ops[k + 1]
    if before[0] != "equal" or after[0] != "equal" or min(before[2] - before[1], after[2] - after[1]) < ANCHOR:
        return None
    written, source = mine.low[i1:i2], theirs.low[j1:j2]
    # "..., but they the whole string operates ..." (README's first command at 5b6b29c): a subject
    # pronoun put in before the copied subject's article is no subject of the copy's own.
    stray = len(written) == 1 and not source and written[0] in _SUBJECTS and mine.low[i2] in _ARTICLES
    if (len(written) > GRAMMAR_WORDS or len(source) > GRAMMAR_WORDS or _content(written) or _content(source)
            or "%" in written + source
            or (_PRONOUNS | _NEGATIONS) & set(written + source) and frozenset(written + source) not in _CASE_FORMS
            and not stray
            or len(written) == len(source) == 1 and frozenset(written + source) in _AGREEING
            and not _agrees_with_copy(written[0], ops, k)
            or any(len(kind & set(written)) != len(kind & set(source)) for kind in _CLAUSE_WORDS)
            and not _stray_relative(mine, theirs, ops, k)):
        return None
    a, b = mine.spans[i1 - 1][1], mine.spans[i2][0]
    c, d = theirs.spans[j1 - 1][1], theirs.spans[j2][0]
    gaps = _between(mine, i1, i2), _between(theirs, j1, j2)
    # "... dominate home storage, with a typical home battery stores ..." (README's first command at
    # 5b6b29c): the passage's semicolon made a comma and a word that cannot take its clause.
    # A conjunction there joins the clauses as well as the semicolon did, and stays.
    semicolon = gaps[1].strip() == ";" and gaps[0].strip() in (",", "") and not set(written) & _CONJUNCTIONS
    if not (_PLAIN_GAP.fullmatch(gaps[0]) and (_PLAIN_GAP.fullmatch(gaps[1]) or semicolon) or _same(*gaps)):
        return None
    if "\n" in theirs.text[c:d] or _CITATION_OR_CODE.search(theirs.text[c:d]):
        return None
    return a, b, theirs.text[c:d], mine.text[a:b].strip()


def _stray_relative(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> bool:
    """Whether the copy put a "which" or "that" of its own after a comma of the passage's list, before
    the next item's article: "... depends on the local sunshine, which the price of electricity from
    the grid, how much ..." for "... the local sunshine, the price of electricity ..." (README's first
    command at 1c6e516). The item is a noun phrase, no clause: the word only breaks the list."""
    tag, i1, i2, j1, j2 = ops[k]
    return (tag == "delete" and i2 - i1 == 1 and mine.low[i1] in ("which", "that") and mine.low[i2] in _ARTICLES
            and theirs.text[theirs.spans[j1 - 1][1]:theirs.spans[j1][0]].strip() == ",")


_DO = frozenset(["do", "does", "did"])
_ARTICLES = frozenset(["the", "a", "an"])
_CONJUNCTIONS = frozenset(["and", "but", "or", "so", "yet", "while", "whereas", "because", "since"])


def _added_negation(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's words where a copy put a "not" in: "Basic authentication does not send the password
    from the client to the server unencrypted" for "... sends the password ... unencrypted" (ap-htaccess,
    stop 46): the passage's claim turned round, copied words on both sides."""
    tag, i1, i2, j1, j2 = ops[k]
    before, after = ops[k - 1], ops[k + 1]
    written, source = mine.low[i1:i2], theirs.low[j1:j2]
    if (before[0] != "equal" or after[0] != "equal" or min(before[2] - before[1], after[2] - after[1]) < ANCHOR
            or not _NEGATIONS & set(written) or _NEGATIONS & set(source) or len(written) > SWAP_WORDS + 1):
        return None
    rest = tuple(w for w in written if w not in _NEGATIONS and w not in _DO)
    if tag == "delete" and rest or tag == "replace" and not (rest and len(rest) == len(source) and all(
            a[:4] == b[:4] for a, b in zip(rest, source, strict=True))):
        return None
    a, b = mine.spans[i1 - 1][1], mine.spans[i2][0]
    c, d = theirs.spans[j1 - 1][1], theirs.spans[j2][0]
    if _CITATION_OR_CODE.search(theirs.text[c:d]) or "\n" in theirs.text[c:d]:
        return None
    return a, b, theirs.text[c:d], mine.text[a:b].strip()


def _unit_inside_range(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """"convert about 20% to 23 percent of sunlight" for "about 20 to 23 percent" (README's first
    command, every stop since 43): a per-cent sign the copy put on a range's first figure, which then
    names its unit twice."""
    _, i1, i2, j1, _ = ops[k]
    before, after = ops[k - 1], ops[k + 1]
    if (mine.low[i1:i2] != ("%",) or before[0] != "equal" or after[0] != "equal"
            or not mine.low[i1 - 1][:1].isdigit() or theirs.low[j1] not in _RANGE_WORDS):
        return None
    a, b = mine.spans[i1 - 1][1], mine.spans[i2 - 1][1]
    return a, b, "", "%"


# Words that multiply the figure before them: one put in by a copy changes the quantity a thousandfold.
_MAGNITUDES = frozenset(["hundred", "thousand", "million", "billion", "trillion", "hundreds", "thousands", "millions",
                         "billions", "dozen", "dozens"])


def _added_magnitude(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's figure where a copy put a word that multiplies it after it: "a typical home battery
    stores between 5 and 15 thousand kilowatt-hours" for "... between 5 and 15 kilowatt-hours" (README's
    first command, stop 56): copied words on both sides, the quantity a thousand times the passage's."""
    _, i1, i2, _, _ = ops[k]
    before, after = ops[k - 1], ops[k + 1]
    if (i2 - i1 != 1 or mine.low[i1] not in _MAGNITUDES or before[0] != "equal" or after[0] != "equal"
            or min(before[2] - before[1], after[2] - after[1]) < ANCHOR or not mine.low[i1 - 1][:1].isdigit()):
        return None
    a, b = mine.spans[i1 - 1][1], mine.spans[i1][1]
    return a, b, "", mine.text[mine.spans[i1][0]:b]


# What a copy may put where its passage sentence names its subject.
_POINTERS = frozenset(["it", "this", "they", "these"])


def _pointer_subject(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, str, str] | None:
    """The passage's subject for the "It" a copy opened with: "It consists of multiple processes." for
    "The autovacuum daemon actually consists of multiple processes." (pg-vacuum at stop 37, under a
    part on another subject). The sentence copies the passage's from its verb on; the passage's
    sentence names what the copy's "It" can only point at."""
    tag, i1, i2, j1, j2 = ops[0]
    if (tag != "replace" or (i1, i2, j1) != (0, 1, 0) or j2 > 2 * SWAP_WORDS or mine.low[0] not in _POINTERS
            or len(ops) < 2 or ops[1][0] != "equal" or ops[1][2] - ops[1][1] < ANCHOR + 1
            or _POINTERS & set(theirs.low[j1:j2]) or not _content(theirs.low[j1:j2])):
        return None
    b, d = mine.spans[0][1], theirs.spans[j2 - 1][1]
    if _CITATION_OR_CODE.search(theirs.text[:d]) or not _PLAIN_GAP.fullmatch(theirs.text[d:theirs.spans[j2][0]]):
        return None
    return 0, b, theirs.text[:d].lstrip(), mine.text[:b]


def _pointer_article(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, str, str] | None:
    """The passage's "The" for the "This" (or "These") a copy opened with: "This first practical
    silicon solar cell was built at Bell Laboratories in 1954." (README's first command, stop 43),
    where the passage says "The first ...": the copy penalty lowered "The", and the pointer makes the
    sentence point back at a cell no sentence before it names."""
    tag, i1, i2, j1, j2 = ops[0]
    if ((tag, i1, i2, j1, j2) != ("replace", 0, 1, 0, 1) or mine.low[0] not in ("this", "these")
            or theirs.low[0] != "the" or len(ops) < 2 or ops[1][0] != "equal" or ops[1][2] - ops[1][1] < ANCHOR + 1):
        return None
    return 0, mine.spans[0][1], theirs.text[slice(*theirs.spans[0])], mine.text[slice(*mine.spans[0])]


_ITEM_MARKER = re.compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+")


def _opening_gap(mine: str, theirs: str) -> bool:
    """What may follow a swapped opening in both: spaces and commas, or the same marks ("Spawn:
    spawns a shell ..." for "child_process.exec(): spawns a shell ...", an API list's label; the
    call's "()" read as the name's)."""
    mine, theirs = re.sub(r"^\(\)", "", mine), re.sub(r"^\(\)", "", theirs)
    return bool(_PLAIN_GAP.fullmatch(mine) and _PLAIN_GAP.fullmatch(theirs) or _same(mine, theirs))


def _swapped_opening(mine: _Tokens, theirs: _Tokens, ops: list, others: set[str]) -> tuple[int, int, str, str] | None:
    """The passage's opening words where a copy opened on others that name another thing of the
    passages (``others``: the content words of the shown passage sentences but this one): "String
    inverters run maximum power point tracking (MPPT) and continuously adjust ..." for "All modern
    inverters run ..." (README's first command, stop 48: "String" from the sentence before), the
    passage's claim given a subject it does not name. Two anchors' worth of copied words after it
    make the rest the passage's sentence; an opening of the model's own words (not in the passages)
    is left, as is one in another form ("Inverters" / "The inverter")."""
    tag, i1, i2, j1, j2 = ops[0]
    if (tag != "replace" or i1 != 0 or j1 != 0 or i2 > SWAP_WORDS or j2 > SWAP_WORDS or len(ops) < 2
            or ops[1][0] != "equal" or ops[1][2] - ops[1][1] < 2 * ANCHOR + 1):
        return None
    written, source = mine.low[:i2], theirs.low[:j2]
    mine_words = [t for t in written if t not in STOPWORDS]
    if (not mine_words or not _content(source) or _inflection(written, source) or (_POINTERS | _NEGATIONS) & set(written)
            or not all(t in others for t in mine_words)
            or not _opening_gap(mine.text[mine.spans[i2 - 1][1]:mine.spans[i2][0]],
                                theirs.text[theirs.spans[j2 - 1][1]:theirs.spans[j2][0]])
            or _CITATION_OR_CODE.search(theirs.text[:theirs.spans[j2][0]])):
        return None
    if set(mine_words) <= {t.rpartition(".")[2] for t in source}:  # "Exec" for child_process.exec(): the same name
        return None
    b, d = mine.spans[i2 - 1][1], theirs.spans[j2 - 1][1]
    d += 2 if theirs.text[d:d + 2] == "()" and mine.text[b:b + 2] != "()" else 0
    # Not the list item's marker: "* child_process.exec(): ..." is the passage's line (node-child, stop 57).
    return 0, b, _ITEM_MARKER.sub("", theirs.text[:d].lstrip()), mine.text[:b]



# "It is possible to ...", "It is also important that ...": an "It" that points at nothing, the
# clause after "to" or "that" its subject (narrower than ``repair``'s dummy "It", any "It is ...").
_EMPTY_IT = re.compile(r"It\s+(?:is|was)\s+(?:\w+\s+){1,3}?(?:to|that)\b")


def _dummy_it(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, str, str] | None:
    """The passage's "It" where a copy put a heading or name for it: "Routine Vacuuming is possible to
    run ANALYZE on specific tables ..." for "It is possible to run ANALYZE ..." (pg-vacuum, stop 51).
    That "It" points at nothing; a name in its place says the name "is possible". Only where the
    passage's sentence opens so and two anchors' worth of copied words follow."""
    tag, i1, i2, j1, j2 = ops[0]
    if ((tag, i1, j1, j2) != ("replace", 0, 0, 1) or i2 > SWAP_WORDS or len(ops) < 2 or ops[1][0] != "equal"
            or ops[1][2] - ops[1][1] < 2 * ANCHOR + 1 or not _EMPTY_IT.match(theirs.text.lstrip())
            or not _PLAIN_GAP.fullmatch(mine.text[mine.spans[i2 - 1][1]:mine.spans[i2][0]])):
        return None
    return 0, mine.spans[i2 - 1][1], theirs.text[slice(*theirs.spans[0])], mine.text[:mine.spans[i2 - 1][1]]

def _dropped_article(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, str, str] | None:
    """The passage's "The" a copy left off its first word: "Inverter converts one into the other and is
    the heart of every grid-connected system." (README's first command, stop 45) for "The inverter
    converts ...": the copy penalty lowered "The", and the noun stands capitalised without it."""
    if (len(ops) < 2 or ops[0] != ("insert", 0, 0, 0, 1) or theirs.low[0] not in ("the", "a", "an")
            or ops[1][0] != "equal" or ops[1][2] - ops[1][1] < ANCHOR + 1):
        return None
    return 0, mine.spans[0][1], theirs.text[theirs.spans[0][0]:theirs.spans[1][1]], mine.text[slice(*mine.spans[0])]


def _dropped_modifier(mine: _Tokens, theirs: _Tokens, ops: list) -> tuple[int, int, str, str] | None:
    """The passage's first words (one or two content words) a copy left off the noun they qualify:
    "Inverters take the combined DC output of a series string of panels ..." for "String inverters
    take ..." (README's first command in nine runs of stops 43 - 49: a claim about one kind made of
    all). Not a word set apart by a mark ("However, like ...", "Performance: When ..."): an aside or
    a label, which the copy may leave."""
    if len(ops) < 2 or ops[0][:4] != ("insert", 0, 0, 0) or not 1 <= ops[0][4] <= 2:
        return None
    j2 = ops[0][4]
    if (ops[1][0] != "equal" or ops[1][2] - ops[1][1] < 2 * ANCHOR + 1 or not _content(mine.low[:1])
            or not all(t.isalpha() and t not in STOPWORDS for t in theirs.low[:j2])
            or any(theirs.text[theirs.spans[i][1]:theirs.spans[i + 1][0]] != " " for i in range(j2))):
        return None
    return 0, mine.spans[0][1], theirs.text[theirs.spans[0][0]:theirs.spans[j2][1]], mine.text[slice(*mine.spans[0])]


def _pointer_named(sentence: str, mine: _Tokens, passage_sentences: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """A short copy (four or five words) gets only its subject back: too few words to tell a swap."""
    if len(mine.low) < 4 or mine.low[0] not in _POINTERS:
        return sentence, []
    for candidate in passage_sentences:
        theirs = _Tokens.of(candidate)
        ops = SequenceMatcher(None, mine.low, theirs.low, autojunk=False).get_opcodes()
        # From the verb on, the whole short sentence is the passage's.
        if (named := _pointer_subject(mine, theirs, ops)) and len(ops) == 2 and ops[1][2] == len(mine.low):
            a, b, text, written = named
            return text + sentence[b:], [(written, text)]
    return sentence, []


# What opens a noun phrase that is a clause's subject: "so that the panels operate ...".
_DETERMINERS = frozenset(["the", "a", "an", "all", "each", "every", "both", "some", "most", "many"])


def _pointer_for_subject(sentence: str, mine: _Tokens, passage_sentences: list[str]) -> tuple[str, list[tuple[str, str]]] | None:
    """The passage's subject for the "They"/"It" a copy opened with, where the rest of the copy is a
    passage sentence's words from the verb after that subject to its end: "They operate at the voltage
    where they deliver the most power ..." of "All modern inverters run MPPT: they continuously adjust
    the electrical load so that the panels operate at the voltage where they deliver ..." (README's
    first command at 3276467: the sentence before was on inverters, and the panels operate there).
    The subject is the noun phrase (up to ``SWAP_WORDS`` words) the passage has before the copied
    words; a pointer or a relative word there ("..., which may result in ...") points back as the
    copy's does, and the copy stays. None where it names nothing."""
    if mine.low[0] not in ("it", "they"):
        return None
    tail = mine.low[1:]
    for candidate in passage_sentences:
        theirs = _Tokens.of(candidate)
        q = run_at(theirs.low, tail)
        if q > 0 and q + len(tail) == len(theirs.low) and (opening := _clause_subject(theirs, q, mine.low[0])):
            written = sentence[slice(*mine.spans[0])]
            return opening + sentence[mine.spans[0][1]:], [(written, opening)]
        if q <= 0 or q + len(tail) != len(theirs.low) or theirs.low[q - 1] in STOPWORDS:
            continue
        start = q - 1
        while start > 0 and q - start < SWAP_WORDS and theirs.low[start - 1] not in STOPWORDS:
            start -= 1
        if start > 0 and theirs.low[start - 1] in _DETERMINERS and q - start < SWAP_WORDS:
            start -= 1
        a, b = theirs.spans[start][0], theirs.spans[q - 1][1]
        if not _PLAIN_GAP.fullmatch(theirs.text[b:theirs.spans[q][0]]) or _CITATION_OR_CODE.search(theirs.text[a:b]):
            continue
        subject = theirs.text[a:b]
        written = sentence[slice(*mine.spans[0])]
        return subject[:1].upper() + subject[1:] + sentence[mine.spans[0][1]:], [(written, subject)]
    return None


#: words of a passage sentence's subject before its verb, at most, for a later clause's pointer to name it
CLAUSE_SUBJECT = 8
_PLAIN_SUBJECT = re.compile(r"[A-Za-z][\w'’-]*(?:[ \t]+[\w'’-]+)*")


def _clause_subject(theirs: _Tokens, q: int, pointer: str) -> str | None:
    """The passage sentence's opening subject where a copy opens on the pointer of its later clause:
    "It converted about 6 percent of sunlight into electricity." of "The first practical silicon solar
    cell was built at Bell Laboratories in 1954; it converted about 6 percent ..." (README's first
    command at 1c6e516, after a sentence on Becquerel's electrode, which "It" then named). The subject is
    the passage's words before its first verb ("is", "was", "has" ...), after a semicolon only."""
    if q < 2 or theirs.low[q - 1] != pointer or ";" not in theirs.text[theirs.spans[q - 2][1]:theirs.spans[q - 1][0]]:
        return None
    verb = next((i for i, t in enumerate(theirs.low[:q - 1]) if t in _CLAUSE_WORDS[0]), 0)
    if not 1 < verb <= CLAUSE_SUBJECT or _POINTERS & set(theirs.low[:verb]) or not _content(theirs.low[:verb]):
        return None
    subject = theirs.text[theirs.spans[0][0]:theirs.spans[verb - 1][1]]
    # Words only: a code line before the semicolon is no subject ("cluster.fork().on('online', ...").
    return subject if _PLAIN_SUBJECT.fullmatch(subject) else None


# Words that join a range's two figures.
_RANGE_WORDS = frozenset(["to", "or", "and"])
_JOINERS = frozenset(["and", "or"])
_PREPOSITIONS = frozenset(["at", "in", "on", "of", "to", "for", "from", "by", "with", "into", "onto", "under", "over",
                           "through", "between", "about", "during", "after", "before", "across", "behind", "below"])
_RELATIVES = frozenset(["where", "which", "when", "whom", "whose"])
#: the most words a copy may have skipped where it left two spaces
SKIPPED_WORDS = 6
#: words of a coordinated verb phrase or a preposition's phrase a copy left out, at most
DROPPED_PHRASE = 4


def _dropped_words(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's words a copy left out between copied words, where the gap shows it:
    - a number: "built at Bell Laboratories in it converted" for "... in 1954; it converted" (README's
      first command, stop 37); a dropped word may be the model's shortening, a dropped number leaves
      a sentence that no longer parses; and a range's other end ("about 20 percent" for "about 20 to
      23 percent");
    - up to ``SKIPPED_WORDS`` words where the copy left two spaces: "we have  at any point" for "we
      have a warm standby system: at any point" (pg-backup, stop 37), the copy penalty steering the
      model around a run it would copy;
    - a "not" (the claim turned round) or a subject and its verb, up to three words;
    - an "and" or "or" the copy wrote as a comma."""
    _, i1, _, j1, j2 = ops[k]
    before, after = ops[k - 1], ops[k + 1]
    if before[0] != "equal" or after[0] != "equal" or before[2] - before[1] < ANCHOR:
        return None
    a, b = mine.spans[i1 - 1][1], mine.spans[i1][0]
    c, d = theirs.spans[j1 - 1][1], theirs.spans[j2][0]
    # A comma where the passage joins two words: "under the current light, temperature." for "...
    # light and temperature." (README's first command at 2a3d305), a list cut short of its "and";
    # the copied word after may be the last.
    if _COMMA_GAP.fullmatch(mine.text[a:b]) and _JOINING_GAP.fullmatch(theirs.text[c:d]):
        return a, b, theirs.text[c:d], ","
    gap = theirs.low[j1:j2]
    # A coordinated verb phrase left out before the copy's last word: "it frees an electron behind" for
    # "it frees an electron and leaves a hole behind" (README's first command, stop 57) hangs the
    # second verb's word on the first.
    coordinated = (gap[0] in _JOINERS and 2 <= len(gap) <= DROPPED_PHRASE and _content(gap[1:])
                   and after[2] - after[1] < ANCHOR and after[2] == len(mine.low) and after[4] == len(theirs.low))
    if after[2] - after[1] < ANCHOR and not coordinated:
        return None
    if not _PLAIN_GAP.fullmatch(mine.text[a:b]) or _CITATION_OR_CODE.search(theirs.text[c:d]) or "\n" in theirs.text[c:d]:
        return None
    # A range's other end too: "convert about 20 percent" for "about 20 to 23 percent" (README's
    # first command, stop 44) states a figure the passage does not.
    number = j2 - j1 <= SWAP_WORDS and any(ch.isdigit() for ch in gap[-1]) and all(
        any(ch.isdigit() for ch in t) or t in _RANGE_WORDS for t in gap)
    skipped = "  " in mine.text[a:b] and j2 - j1 <= SKIPPED_WORDS
    # A "not" the copy left out says the passage's claim turned round ("and consequently are processed
    # by autovacuum" for "... are not processed ...", pg-vacuum at stop 44; "you are locked into" for
    # "you are no longer locked into", ap-htaccess); a subject and its verb leave a clause without
    # either ("When a photon ... is absorbed, an electron and leaves a hole behind" for "..., it frees
    # an electron ...", README's first command at stop 46).
    short = j2 - j1 <= SWAP_WORDS
    turned = short and bool(_NEGATIONS & set(gap))
    subject = short and len(gap) >= 2 and gap[0] in _SUBJECTS
    # A list's "and" with the words before it: "copper indium gallium selenide amorphous silicon are
    # others" for "... selenide (CIGS) and amorphous silicon ..." (README's first command, stop 50)
    # makes two of the list's items one thing.
    joiner = short and gap[-1] in _JOINERS
    # A preposition's object: "so that the panels operate at where they deliver the most power" for
    # "... at the voltage where ..." (README's first command, stop 52) leaves "at" with nothing to govern.
    governed = short and gap[0] in _ARTICLES and mine.low[i1 - 1] in _PREPOSITIONS and mine.low[i1] in _RELATIVES
    # A phrase from its preposition to the next: "which corresponds roughly half a percent per year" for
    # "... corresponds to a degradation of roughly half a percent ..." (README's first command, stop 57)
    # leaves the verb without the word it takes and its object without the noun it measured.
    framed = 2 <= len(gap) <= DROPPED_PHRASE and gap[0] in _PREPOSITIONS and gap[-1] in _PREPOSITIONS and _content(gap)
    # A list's first item whose word before qualified it: "under the current and temperature" for "...
    # under the current light and temperature" (README's first command at abe4280) makes the qualifier
    # the item. Not an item after a comma ("solar, wind and hydro"): the copy may leave an item out.
    qualified = (len(gap) == 1 and _content(gap) and mine.low[i1] in _JOINERS and not _between(theirs, j1, j2).strip()
                 and not mine.text[a:b].strip())
    return ((a, b, theirs.text[c:d], "") if number or skipped or turned or subject or joiner or governed or framed
            or coordinated or qualified else None)


#: copied words before a sentence's swapped last word, at least
END_ANCHOR = 5


def _same_word(a: str, b: str) -> bool:
    """``a`` and ``b`` are one word, in one form or two (short words in one only)."""
    return a == b or _word_form(a, b)


def _word_form(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one word in two forms: all but their last three letters at most
    alike ("panel"/"panels", "converted"/"converts"). ``_inflection``'s four letters would make
    "setInterval" a form of "setImmediate"."""
    return len(commonprefix([a, b])) >= max(3, min(len(a), len(b)) - 3)


# Function words a sentence ends on that say how or where: "... and cuts reflection deeper." for
# "... cuts reflection further." (README's first command, stop 56) claims more than the passage.
_LAST_ADVERBS = frozenset(["further", "again", "once", "too", "here", "up", "down", "out", "off", "more", "most"])


def _swapped_last_word(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's last word where a copy swapped it, both sentences ending there: "Cancels an
    Immediate object created by setInterval()." for "... created by setImmediate()." (node-cluster,
    stop 46: the copy penalty lowered the passage's word, and a sibling name took its place). No
    copied word after it anchors the swap, so ``END_ANCHOR`` copied words before it must, and it must
    be one content word for another (not a form of the same word, which may agree with the copy's
    own subject); a copy that goes on, or ends on words of its own, is the model's sentence."""
    _, i1, i2, j1, j2 = ops[k]
    before = ops[k - 1]
    if (i2 != len(mine.low) or j2 != len(theirs.low) or i2 - i1 != 1 or j2 - j1 != 1
            or before[0] != "equal" or before[2] - before[1] < END_ANCHOR):
        return None
    written, source = mine.low[i1:i2], theirs.low[j1:j2]
    if not _cut_short(written[0], source[0]) and (
            not (_content(written) and (_content(source) or source[0] in _LAST_ADVERBS))
            or _word_form(written[0], source[0]) and not _degree(written, source)):
        return None
    if not _plain_before(mine, theirs, i1, j1):
        return None
    a, b = mine.spans[i1]
    if "`" in mine.text[b:] or "`" in theirs.text[theirs.spans[j1][1]:]:  # code after it: not the end
        return None
    return a, b, theirs.text[slice(*theirs.spans[j1])], mine.text[a:b]


# Endings of a word's forms beside ``glue.inflected``'s ("larger", "lighter", "use"/"user", "cheapest"):
# a copy's last word short of the passage's by one of them is its own form.
_FORM_ENDINGS = frozenset(["r", "rs", "y", "e", "st"])


def _cut_short(written: str, source: str) -> bool:
    """Whether ``written`` is ``source`` cut short by a letter or two that make no word form: "... is used
    to wait for another even." for "... another event." (node-events, stop 62; "even" is a word, so no
    spelling check sees it)."""
    rest = source[len(written):]
    return source.startswith(written) and 0 < len(rest) <= 2 and not (inflected(rest) or rest in _FORM_ENDINGS)


#: words on either side of a copy's ending swapped for the model's own, at most
ENDING_WORDS = 10


def _swapped_ending(mine: _Tokens, theirs: _Tokens, ops: list, k: int) -> tuple[int, int, str, str] | None:
    """The passage's last words where a copy put words of its own, with a content word the passage
    sentence lacks, in their place, both sentences ending there: "... when he saw a small current flow
    from an electrode protected by a glass and aluminium enclosure." for "... from an electrode exposed
    to light." (README's first command, stop 57): the copied start vouches for a claim its ending
    does not make. ``END_ANCHOR`` copied words before it, at most ``ENDING_WORDS`` written, the
    passage's ending no longer than one word more (a shorter ending of the model's own, "different gap
    sizes" for "different band gaps to use more of the spectrum", is its summary of the passage's),
    code in neither (``_swapped_last_word`` is the one-word case, with its own checks)."""
    _, i1, i2, j1, j2 = ops[k]
    # A word the ending shares with the passage's by chance ("... silicon and polycrystalline ..." and
    # "... cells and why ...") splits no ending: read from the change before it.
    while k >= 3 and ops[k - 1][0] == "equal" and ops[k - 1][2] - ops[k - 1][1] < ANCHOR and ops[k - 2][0] != "equal":
        k -= 2
        i1, j1 = ops[k][1], ops[k][3]
    before = ops[k - 1]
    cut = _clause_cut(theirs, j1, j2) if j2 - j1 > i2 - i1 + 1 else j2
    if (i2 != len(mine.low) or j2 != len(theirs.low) or before[0] != "equal" or before[2] - before[1] < END_ANCHOR
            or i2 - i1 < 2 or i2 - i1 > ENDING_WORDS or cut - j1 > i2 - i1 + 1):
        return None
    j2 = cut
    written, source = mine.low[i1:i2], theirs.low[j1:j2]
    if not _content(source) or not _content(tuple(t for t in written if _stem(t) not in _stems(theirs.low))):
        return None
    if not _plain_before(mine, theirs, i1, j1):
        return None
    a, b = mine.spans[i1][0], mine.spans[i2 - 1][1]
    c, d = theirs.spans[j1][0], theirs.spans[j2 - 1][1]
    if _CITATION_OR_CODE.search(mine.text[a:b]) or _CITATION_OR_CODE.search(theirs.text[c:d]):
        return None
    return a, b, theirs.text[c:d], mine.text[a:b]


# What opens a passage's next clause after its "and": "... among mass-produced cells and why they now
# make up most of the market."
_CLAUSE_OPENING = frozenset(["why", "so", "then", "it", "they", "this", "these", "its", "their", "he", "she", "we"])


def _clause_cut(theirs: _Tokens, j1: int, j2: int) -> int:
    """Where the passage's words from ``j1`` end their clause before ``j2``: at its first "and", "but" or
    "while" that a comma stands before or a pointer or "why" follows. A copy that stopped there ("...
    which is why they reach the highest efficiencies among monocrystalline silicon and polycrystalline
    silicon modules. They now make up most of the market.", README's first command at 1c6e516) swapped
    the clause's ending, not the sentence's. ``j2`` where there is none."""
    for c in range(j1 + 1, j2 - 1):
        if theirs.low[c] in ("and", "but", "while") and (
                theirs.low[c + 1] in _CLAUSE_OPENING or "," in theirs.text[theirs.spans[c - 1][1]:theirs.spans[c][0]]):
            return c
    return j2


def _plain_before(mine: _Tokens, theirs: _Tokens, i1: int, j1: int) -> bool:
    """Whether what stands before a copy's swapped words (``mine`` from ``i1``, ``theirs`` from ``j1``)
    is plain in both (spaces, commas, hyphens) or the same marks."""
    gaps = mine.text[mine.spans[i1 - 1][1]:mine.spans[i1][0]], theirs.text[theirs.spans[j1 - 1][1]:theirs.spans[j1][0]]
    return bool(_PLAIN_GAP.fullmatch(gaps[0]) and _PLAIN_GAP.fullmatch(gaps[1]) or _same(*gaps))


def _same(a: str, b: str) -> bool:
    """The same marks around the swapped words ("indicateur (" and "telluride ("), no citation or code."""
    return "".join(a.split()) == "".join(b.split()) and not _CITATION_OR_CODE.search(a)


def _between(tokens: _Tokens, i1: int, i2: int) -> str:
    """What lies between the swapped words and around them, words taken out."""
    a, b = tokens.spans[i1 - 1][1], tokens.spans[i2][0]
    gap = tokens.text[a:b]
    for s, e in reversed(tokens.spans[i1:i2]):
        gap = gap[: s - a] + gap[e - a:]
    return gap


#: copied words a spliced sentence starts with, at least; words of another sentence's end it ends on (2 to this)
SPLICE_HEAD, SPLICE_TAIL = 5, 3


def spliced_tail(sentence: str, passage_sentences: list[str], drafted: list[str] = ()) -> bool:
    """Whether ``sentence`` copies one passage sentence and then, cut short, ends on another's last
    words: "Because long living server connections may block, false otherwise." (node-cluster, stop
    38: "... may block workers from disconnecting, ..." and "... via its IPC channel, false
    otherwise."). The copy penalty steers the 0.5B off the words it was copying and onto a run that
    closes a sentence; what is left says neither passage's fact. ``drafted``: the report's sentences
    before it, whose endings it may run into too ("The first is to create a package.json file of
    loading." after "... or is in the process of loading.", node-modules, stops 57 to 59)."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    if len(mine) < SPLICE_HEAD + 1:
        return False
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    closing = tokens + [_Tokens.of(d).low for d in drafted]
    for n in range(2, SPLICE_TAIL + 1):  # one word is too common an ending to tell
        head, tail = mine[:-n], mine[-n:]
        if len(head) < SPLICE_HEAD or not _content(tail):
            continue
        # Another sentence's end, reached from other words ("a sector write is linear" after "SQLite has
        # traditionally assumed that a sector write" says the other sentence's claim, and stays).
        ends = [t for t in closing if len(t) > n and t[-n:] == tail]
        if any(t[-n - 1] == head[-1] for t in ends):
            continue
        # The head copied from inside another sentence, which goes on with other words than the tail
        # ("... true if the worker is connected, false otherwise" shortens one sentence, and stays).
        # Its last ``SPLICE_HEAD`` words will do: "All modern inverters run maximum power point tracking
        # (MPPT) to continuously adjust the electrical load so that the panels operate in one box."
        # (README's first command at 1c6e516) changed the passage's ": they" before them.
        last = head[-SPLICE_HEAD:]
        if any(holds(t, last + tail) for t in tokens):  # a passage goes on with the tail itself: a copy
            continue
        if ends and not any(holds(t, head) for t in ends) and any(
                run_at(t, last) not in (-1, len(t) - len(last)) and not holds(t, mine) for t in tokens):
            return True
    return False


def spliced_over_small_words(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` copies one passage sentence and, past small words both share, ends on
    another's last words: "... when the tape fills, nothing further can be omitted from the backup."
    of "... nothing further can be archived until the tape is swapped." and "Any file or directory
    beginning with pgsql_tmp can be omitted from the backup." (pg-backup, stop 59). ``spliced_tail``
    reads the words before a shared ending as the ending's own; where they are small words only
    ("can be"), the first sentence goes on after them with another word than the second's."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    for theirs in tokens:
        shared = len(commonprefix([mine[::-1], theirs[::-1]]))
        if shared >= len(theirs) or shared >= len(mine) - SPLICE_HEAD:
            continue
        bridge = 0
        while bridge < shared and mine[-shared + bridge] in STOPWORDS:
            bridge += 1
        core = mine[len(mine) - shared + bridge:]
        if not bridge or len(core) < 2 or not _content(core):
            continue
        # The head's passage sentence, through the small words, goes on with a word of its own.
        lead = mine[len(mine) - shared - SPLICE_HEAD:len(mine) - shared + bridge]
        for other in tokens:
            at = run_at(other, lead)
            if other is not theirs and at >= 0 and at + len(lead) < len(other) and other[at + len(lead)] != core[0] \
                    and not holds(other, core):
                return True
    return False


#: copied words a splice inside two passage sentences has before it, and after it, at least
SPLICE_BEFORE, SPLICE_AFTER = 5, 4


def _cut_points(mine: tuple[str, ...], tokens: list[tuple[str, ...]]) -> Iterator[tuple[int, tuple, tuple, list[int]]]:
    """Each place ``j`` in ``mine`` with ``SPLICE_BEFORE`` words before it, a content word among them and
    among the ``SPLICE_AFTER`` after it, that a passage sentence holds and goes on after:
    ``(j, before, after, indices of those sentences)``. Where a copy may leave its sentence for another
    (``spliced_inside``, ``glued_after_cut``)."""
    for j in range(SPLICE_BEFORE, len(mine) - SPLICE_AFTER + 1):
        before, after = mine[j - SPLICE_BEFORE:j], mine[j:j + SPLICE_AFTER]
        if not _content(after) or not _content(before):
            continue
        going = [i for i, t in enumerate(tokens) if (k := run_at(t, before)) >= 0 and k + SPLICE_BEFORE < len(t)]
        if going:
            yield j, before, after, going


def spliced_inside(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` copies one passage sentence's words and, where that sentence goes on
    with others, goes on with words from inside another: "a solar system's capacity factor, its
    average output divided by its rated power, is close to 1,000 watts per square metre at noon"
    (README's first command, stop 45: the capacity factor's sentence goes on "is low compared
    with ...", irradiance's sentence holds "is close to 1,000 watts ..."). One sentence's subject
    with another's claim: a fact neither passage states. Not where the other sentence starts
    there (two sentences glued, which the splitting mends), nor where the two share the words
    before the splice beyond one (the claim is then the other sentence's own), nor where the first
    holds the words after it too (a copy that left words out)."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    for j, before, after, going in _cut_points(mine, tokens):
        goes_on = [tokens[i] for i in going]
        if any(holds(t, before + mine[j:j + 1]) for t in tokens):
            continue
        # The first sentence holds the words after too: the copy left some of its words out ("the
        # parent to advise the children" for "the parent process to advise ..."), it says that sentence.
        if any(holds(t, after) for t in goes_on):
            continue
        if any(run_at(t, after) > 0 and not holds(t, mine[j - 2:j + SPLICE_AFTER]) for t in tokens
               if t not in goes_on):
            return True
    return False


#: own words a splice may put between one passage sentence's copied opening and another's inside words;
#: words of the other sentence before those, at least
SPLICE_GAP, SPLICE_INSIDE = 3, 4


def spliced_over_own_words(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` opens on a copy of one passage sentence (``SPLICE_HEAD`` words or more), leaves
    it for a word or a few of its own, and goes on with ``SPLICE_AFTER`` words from inside another: "The
    cell surface is chemically etched to create a dark blue or black colour, which cuts reflection
    further." of "The cell surface is chemically etched into microscopic pyramids, ..." and "A thin
    anti-reflective coating of silicon nitride gives cells their dark blue or black colour and cuts
    reflection further." (README's first command, stop 62). The own words make the two one claim ("to
    create"), which neither passage makes; ``spliced_inside`` reads the splice without them. Not where
    the other sentence's words are its opening (two facts joined: "..., while thin-film cells take a
    different route"), nor where the own words are that sentence's too."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    heads = [t for t in tokens if run_at(t, mine[:SPLICE_HEAD]) >= 0]
    for first in heads:
        h = SPLICE_HEAD
        while h < len(mine) and holds(first, mine[:h + 1]):
            h += 1
        if h >= len(first) - 1 or holds(first, mine[-SPLICE_AFTER:]):
            # The whole first sentence said, and words added to it; or back to its words at the end: words
            # put inside its copy ("VACUUM FULL can reclaim more disk space occupied by updated or deleted
            # tuples but runs much more slowly", pg-vacuum).
            continue
        for gap in range(1, SPLICE_GAP + 1):
            after = mine[h + gap:h + gap + SPLICE_AFTER]
            if len(after) < SPLICE_AFTER or not _content(after) or any(holds(t, after) for t in heads):
                continue
            if {t for t in after if t not in STOPWORDS} <= set(first):
                # The first sentence's own words, a few changed: "to be placed in the main server
                # configuration" for "to go either in your main server configuration" (ap-htaccess).
                continue
            for other in tokens:
                # Deep inside the other sentence, past its own subject and verb: "This level emulates
                # serial transaction execution" after "... the strictest transaction isolation, which"
                # (pg-mvcc) joins two sentences about one subject, and says both.
                # Nor where the word before them is the other's in another form ("semicolons as the
                # separator" for "a semicolon as the separator"): a copy of that sentence with a word changed.
                at = run_at(other, after)
                if at >= SPLICE_INSIDE and _content(other[:at]) and not _same_word(other[at - 1], mine[h + gap - 1]):
                    return True
    return False


#: words of the second sentence a copy cut short runs into, at least, for them to stand alone
GLUED_TAIL = 8


def glued_after_cut(sentence: str, passage_sentences: list[str]) -> tuple[str, str] | None:
    """Where, after ``SPLICE_BEFORE`` copied words of one passage sentence cut short, ``sentence``
    runs into the opening of another: the cut copy, and the rest from there with that opening's
    capital ("" where the rest cannot stand alone: a lowercase opening, or fewer than ``GLUED_TAIL``
    words); None where it does not. "For a full treatment, please see prior to PostgreSQL version
    9.1, a request for the Serializable transaction isolation provided ..." (pg-mvcc, stop 59: "please
    see [berenson95]." and a "Note" heading left out), "... can be omitted from the backup as they
    will Any file or directory beginning with pgsql_tmp can be omitted from the backup." (pg-backup,
    stop 58). The cut copy says nothing whole; the second sentence does, where it is one: "worker A
    reference to the current worker, not available in the primary process." (node-cluster) runs into
    an API entry's "Not available in the primary process.", which names nothing. Read over stops 57
    to 59's reports: seven such sentences, each a garble before the second opening."""
    if CJK.search(sentence):
        return None
    mine = _Tokens.of(sentence)
    theirs = [_Tokens.of(p) for p in passage_sentences]
    for j, _, after, going in _cut_points(mine.low, [t.low for t in theirs]):
        goes_on = [theirs[i] for i in going]
        if any(holds(t.low, mine.low[j - 1:j + 1]) for t in theirs):
            continue
        for t in theirs:
            if t not in goes_on and run_at(t.low, after) == 0:
                head = sentence[:mine.spans[j][0]].rstrip(" ,;:")
                if not t.text[t.spans[0][0]].isupper() or len(mine.low) - j < GLUED_TAIL:
                    return head, ""
                return head, t.text[slice(*t.spans[0])] + sentence[mine.spans[j][1]:]
    return None


#: a passage sentence's words before a linking word, and another's opening words after it
LINK_BEFORE, LINK_AFTER = 3, 4
_LINKS = frozenset(["when", "where", "while", "because", "since", "after", "before", "until", "so", "as"])


def spliced_at_link(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` copies one passage sentence up to a linking word it holds ("when",
    "because", "so") and goes on with another passage sentence's opening: "The photovoltaic effect
    was first observed by Edward Becquerel in 1839, when the first practical silicon solar cell was
    built at Bell Laboratories." of "... in 1839, when he saw a small current ..." and "The first
    practical silicon solar cell was built at Bell Laboratories in 1954 ..." (README's first command
    at 5b6b29c). The link makes the two one event: a claim neither passage makes. Not where a
    passage sentence goes on from the link with those words (the copy's own)."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    for j in range(LINK_BEFORE, len(mine) - LINK_AFTER):
        if mine[j] not in _LINKS:
            continue
        opened = [t for t in tokens if run_at(t, mine[j + 1:j + 1 + LINK_AFTER]) == 0]
        if (opened and any(holds(t, mine[j - LINK_BEFORE:j + 1]) for t in tokens if t not in opened)
                and not any(holds(t, mine[j - LINK_BEFORE:j + 2]) for t in tokens)):
            return True
    return False


#: copied words a sentence ends on from inside a passage sentence, at least; passage words before them, at least
BORROWED_TAIL, BORROWED_AFTER = 7, 3
# Words that open a clause or phrase of the model's own, which may well go on with a passage's words:
# "This is because the server relies on the client to report ...", "..., where a different
# DocumentRoot can be specified ...".
_LINKING = frozenset(["because", "where", "when", "whenever", "if", "to", "but", "that", "which", "who", "and",
                      "or", "so", "while", "whereas", "as", "since", "unless", "until", "after", "before"])


def borrowed_predicate(sentence: str, passage_sentences: list[str], tail_words: int = BORROWED_TAIL) -> bool:
    """Whether ``sentence`` ends on a passage sentence's words from inside it, after words of its own
    that share no content word with what that sentence says before them: "The photovoltaic cells are
    converted almost all visible light through while resisting hail and wind loads." for "The front
    is a sheet of tempered, low-iron glass which lets almost all visible light through ..." (README's
    first command, stop 46); "Multicolumn BRIN and GiST in PostgreSQL are specialized feature ..."
    for "Partial indexes are a specialized feature ..." (pg-indexes, stop 43). The passage's
    predicate given another subject: a claim no passage makes. Not after a word that opens the
    model's own clause ("This is because the server relies on ..."), nor after a colon, comma or
    dash (an apposition: "two methods of distributing incoming connections: the round-robin
    approach, ..."), nor where any passage sentence holding those words says the sentence's own."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence)
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    for k in range(2, len(mine.low) - tail_words + 1):
        tail = mine.low[k:]
        holding = [t for t in tokens if holds(t, tail)]
        if not holding:
            continue
        head = mine.low[:k]
        before = mine.text[mine.spans[k - 1][1]:mine.spans[k][0]]
        if head[-1] in _LINKING or before.strip() or not _content(head) or not _said_of(head):
            return False
        for t in holding:
            i = run_at(t, tail)
            theirs = t[:i]
            # The verb before the copy in another form is the copy's, not the subject's: "All modern
            # inverters operate at the current of its weakest panel." for "... but the whole string
            # operates at the current of its weakest panel" (README's first command, stop 56).
            if i < BORROWED_AFTER or not _content(theirs):
                return False
            mine_head, their_head = (head[:-1], theirs[:-1]) if _stem(head[-1]) == _stem(theirs[-1]) else (head, theirs)
            if not _said_of(mine_head) or _said_of(mine_head) & _said_of(their_head):
                return False
        return True
    return False


#: words of a passage sentence's predicate after another's copied subject, at least
SPLICED_TAIL = 4


def spliced_subject(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` opens on one passage sentence's words (``SPLICE_HEAD`` or more) and ends on
    another's predicate, said there of a subject sharing no word with the opening: "The first practical
    silicon solar cell is also used in large solar farms." of "The first practical silicon solar cell
    was built at Bell Laboratories in 1954" and cadmium telluride's "... and is used in large solar farms"
    (README's first command, stop 57). With the opening copied too, a shorter predicate
    (``SPLICED_TAIL``) than ``borrowed_predicate`` needs tells the splice; a clause of the model's own
    ("..., which creates a built-in electric field") is read as that function reads it."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    # "This first practical silicon solar cell is also used in large solar farmers." (README's first
    # command at e1e6933): the passage's "The" made a pointer opens the same copy.
    head = ("the", *mine[1:SPLICE_HEAD]) if mine[:1] in (("this",), ("these",)) else mine[:SPLICE_HEAD]
    if len(mine) < SPLICE_HEAD + SPLICED_TAIL or not any(holds(_Tokens.of(p).low, head) for p in passage_sentences):
        return False
    # Its last word in another form of the passage's ("solar farmers" for "solar farms") ends the same copy.
    tokens = _Tokens.of(sentence)
    for p in passage_sentences:
        theirs = _Tokens.of(p)
        at = [i for i in range(1, len(theirs.low)) if theirs.low[i - 1] == mine[-2] and theirs.low[i] != mine[-1]
              and _word_form(theirs.low[i], mine[-1])]
        if at:
            a, b = tokens.spans[-1]
            sentence = sentence[:a] + theirs.text[slice(*theirs.spans[at[0]])] + sentence[b:]
            break
    return borrowed_predicate(sentence, passage_sentences, tail_words=SPLICED_TAIL)


#: copied words a consequence clause takes from a passage sentence's own consequence, at least
CONSEQUENCE_RUN = 5
# Words after a comma that open a clause saying what follows from the words before it.
_CONSEQUENCES = frozenset(["which", "so", "thus", "hence", "therefore"])
# Where a passage sentence's own consequence or reason starts.
_REASONS = frozenset(["which", "so", "thus", "hence", "therefore", "because", "since", "why"])


def borrowed_consequence(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` hangs a passage sentence's consequence on a cause of its own: "Each cell
    has a specific efficiency and cost, which is why they make up most of the market." and "Thin-film
    cells take a different route than monocrystalline cells, which allows electrons to move with few
    obstacles and reach the highest efficiencies among mass-produced cells." for "Their uniform
    structure lets electrons move with few obstacles, which is why they reach the highest efficiencies
    among mass-produced cells and why they now make up most of the market." (README's first command,
    stop 57). After ", which" or ", so" the sentence copies ``CONSEQUENCE_RUN`` words or more that the
    passage sentence says after its own "which", "so" or "because", while the sentence's words before
    the comma share no content word with the passage's cause: a reason no passage gives. Where they
    share one ("Monocrystalline cells have a uniform structure, which is why ..."), the cause is the
    passage's own, said again, and the sentence stays."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence)
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    for j in range(2, len(mine.low) - CONSEQUENCE_RUN):
        if mine.low[j] not in _CONSEQUENCES or not _between(mine, j, j).startswith(","):
            continue
        cause = _said_of(mine.low[:j])
        tail = mine.low[j + 1:]
        if not cause:
            continue
        for t in tokens:
            for start in range(len(tail) - CONSEQUENCE_RUN + 1):
                run = tail[start:start + CONSEQUENCE_RUN]
                i = run_at(t, run)
                if i < 0 or not _content(run):
                    continue
                links = [x for x in range(i) if t[x] in _REASONS]
                their_cause = _said_of(t[:links[0]]) if links else set()
                if their_cause and not cause & their_cause:
                    return True
    return False


def _stems(tokens: tuple[str, ...]) -> set[str]:
    return {_stem(t) for t in tokens if t not in STOPWORDS and len(t) > 1}


# Words that say how much or how sure, not what of: "typically around 80%" and "will still deliver
# around 80" share them and no subject.
_HEDGES = frozenset(["around", "about", "approximately", "roughly", "nearly", "almost", "typically", "usually",
                     "generally", "often", "commonly", "still", "least", "less", "than"])


def _said_of(tokens: tuple[str, ...]) -> set[str]:
    """What a sentence's words before a figure say it of: their stems without figures and hedges.
    "The efficiency of solar panels is typically around 80% to 90% of its rated power after 25
    years." for "Manufacturers commonly warrant that a module will still deliver around 80 to 90
    percent of its rated power after 25 years" (README's first command, stop 50) shares "around",
    80 and 90 with the passage's words before the copy: the warranty's figure given to efficiency."""
    return {s for t in tokens if not t.isdigit() and t not in _HEDGES for s in _stems((t,))}


#: copied words a subject-only copy has, at least; passage words it may leave out or add
SUBJECT_COPY, SUBJECT_SLACK = 4, 2
# The words a passage sentence's verb phrase opens with after its subject ("... the energy received
# is often expressed as ...", "... (about 1.1 electronvolts) can free electrons").
_VERB_OPENERS = (_CLAUSE_WORDS[0] - {"be", "been", "being"}) | frozenset(
    ["can", "cannot", "could", "will", "would", "may", "might", "must", "should", "shall"])


def subject_only(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` is a passage sentence's opening up to where its verb comes, and no more:
    "Over a day and a year the energy received." of "Over a day and a year the energy received is
    often expressed as "peak sun hours" ..." (README's first command at 9572a6a), "Within a worker,
    process.on('message')." of "... process.on('message') may also be used." (node-cluster, stop 51).
    The copy stopped before the claim: a subject and no predicate. The copy may leave out or add a
    word or two ("Only photons above the band gap (about 1.1 electronvolts)" of "... the silicon band
    gap ... can free electrons"). On disk (stop 51's 32 set reports and README's) these two were the
    only sentences that end where a passage sentence goes on with its verb."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    if len(mine) < SUBJECT_COPY:
        return False
    for p in passage_sentences:
        theirs = _Tokens.of(p).low
        if len(theirs) <= len(mine):
            continue
        blocks = [b for b in SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks() if b.size]
        if not blocks or blocks[0].a > 0 or blocks[0].b > SUBJECT_SLACK:
            continue
        last = blocks[-1]
        end = last.b + last.size
        copied = sum(b.size for b in blocks)
        if (last.a + last.size == len(mine) and end < len(theirs) and theirs[end] in _VERB_OPENERS
                and copied >= max(SUBJECT_COPY, len(mine) - SUBJECT_SLACK) and end - blocks[0].b - copied <= SUBJECT_SLACK
                # A verb of the copy's own ("... the energy received is ...") makes it a clause.
                and not _VERB_OPENERS & (set(mine) - set(theirs[:end]))):
            return True
    return False


#: copied words before the cut, at least: a clause's opening, not one or two common words
SKIP_HEAD = 4
# Where a passage sentence's clause ends: a semicolon, or a comma before a word that opens a contrast.
_CLAUSE_GAP = re.compile(r";|,\s+(?:but|while|whereas|although|though)\b|\bbut\b")


def skipped_clause(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` is one passage sentence's opening words and then its closing words, with
    the end of a clause cut out between them: "In sunny regions with high electricity prices,
    payback takes longer." of "In sunny regions with high electricity prices, payback periods of
    well under ten years are common; where sunshine is modest and export tariffs are low, payback
    takes longer." (README's first command at 7e18ad2). Two clauses' halves: the opposite of what
    the passage says. Words left out inside one clause ("the parent to advise the children" for
    "the parent process to advise ...") shorten it, and stay. On disk (1,590 report sentences of
    stops 43 - 48) it matched one other, a garble: "... convert about 20 polycrystalline modules
    are a few points lower, ..." of "... about 20 to 23 percent of sunlight; polycrystalline ..."."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    for p in passage_sentences:
        theirs = _Tokens.of(p)
        if _pointer_over_clause(mine, theirs):
            return True
        for a in range(SKIP_HEAD - 1, len(mine) - 1):
            head, tail = mine[:a], mine[a:]
            if (i := run_at(theirs.low, head)) < 0:
                break  # nor any longer opening
            # An "and" of the copy's own joining the halves: "Cadmium telluride (CdTe) and copper indium
            # gallium selenide (CIGS), and amorphous silicon are others." of "Cadmium telluride (CdTe) is the
            # most common thin-film material ...; copper indium gallium selenide (CIGS) and amorphous
            # silicon are others." (README's first command, stop 57); a subject alone may open it then.
            joined = tail[0] in _JOINERS and tail[0] not in theirs.low[i + a:i + a + 1]
            if joined:
                tail = tail[1:]
            elif a < SKIP_HEAD:
                continue
            if not _content(tail):
                continue
            q = run_at(theirs.low[i + a:], tail)
            if q > 0 and _CLAUSE_GAP.search(theirs.text[theirs.spans[i + a - 1][1]:theirs.spans[i + a + q][0]]):
                return True
    return False


#: share of a sentence's words a passage sentence holds in order for ``merged_clause`` to read it as a copy
MERGED_COPIED = 0.6


def merged_clause(sentence: str, passage_sentences: list[str]) -> bool:
    """Whether ``sentence`` copies a passage sentence's first clause with words put in that the
    passage says only in a later clause, after a ";" or a contrast's comma: "Typical commercial
    monocrystalline, polycrystalline silicon, and thin-film modules sell in recent years convert
    approximately 20 to 23%." of "Typical commercial monocrystalline silicon modules sold in recent
    years convert about 20 to 23 percent of sunlight; polycrystalline modules are a few points lower,
    and thin-film modules ... sit in a similar range." (README's first command at 9572a6a). The later
    clause's subjects given the first's claim: a fact the passage denies."""
    if CJK.search(sentence):
        return False
    mine = _Tokens.of(sentence).low
    for p in passage_sentences:
        theirs = _Tokens.of(p)
        matcher = SequenceMatcher(None, mine, theirs.low, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        # The words put in count against the copy: a lower share than ``COPIED`` (12 of 18 above).
        if not blocks or sum(b.size for b in blocks) < max(MERGED_COPIED * len(mine), 2 * (ANCHOR + 1)):
            continue
        end = blocks[-1].b + blocks[-1].size  # where the copy stops in the passage's sentence
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag not in ("delete", "replace") or i2 > blocks[-1].a:
                continue
            for word in mine[i1:i2]:
                if word in STOPWORDS or word in theirs.low[:end]:
                    continue
                later = [k for k in range(end, len(theirs.low)) if theirs.low[k] == word]
                if later and _CLAUSE_GAP.search(theirs.text[theirs.spans[end - 1][1]:theirs.spans[later[0]][0]]):
                    return True
    return False

def _pointer_over_clause(mine: tuple[str, ...], theirs: _Tokens) -> bool:
    """Whether ``mine`` is the pointer a passage sentence opens with ("They", "It") and then the claim
    of its next clause, whose own subject is another: "They operate at the current of its weakest
    panel." of "They are inexpensive, but the whole string operates at the current of its weakest
    panel." (README's first command, stop 48: the inverters do not; the string does). The copy's
    first word after the pointer may be the passage's in another form ("operate"/"operates"). Not
    where the next clause's subject is a pointer again or left out ("..., but it uses ..."):
    then it is the same subject."""
    if len(mine) < SKIP_HEAD + 2 or mine[0] not in _POINTERS or theirs.low[:1] != mine[:1]:
        return False
    tail, verb = mine[2:], mine[1]
    if not _content(tail) or (q := run_at(theirs.low[2:], tail)) < 0:
        return False
    at = q + 1  # the passage's word before the tail, which ``verb`` copies
    if _stem(theirs.low[at]) != _stem(verb):
        return False
    cut = theirs.text[theirs.spans[0][1]:theirs.spans[at][0]]
    if not (m := _CLAUSE_GAP.search(cut)):
        return False
    subject = _Tokens.of(cut[m.end():]).low
    return _content(subject) and not _POINTERS & set(subject)


#: copied words a copy cut at a list's first item has at least
LIST_HEAD = 5
# A passage's list after its first item: ", item, item, and last", each item a phrase (no clause
# mark inside), up to the end of the sentence or of its clause.
_LIST_REST = re.compile(r",\s+(?:[^,;:.()\[\]]+,\s+)*?(?:and|or)\s+[^,;:.()\[\]]+?(?=\s*(?:[.;:,]|$))")
# ", which is used ...", ", but ...": a clause after the copied words, no list item.
_CLAUSE_OPENER = re.compile(r",\s+(?:which|that|who|where|when|while|whereas|but|because|so|as|although|though|if"
                            r"|unless|since)\b", re.I)
# What may follow a sentence's last word: its end mark and citation marks.
_SENTENCE_END = re.compile(r"\s*[.!?]?\s*(?:\[\d+(?:\s*[,，]\s*\d+)*\]\s*)*[.!?]?\s*")


def completed_list(sentence: str, passage_sentences: list[str]) -> tuple[str, str]:
    """``sentence`` with the rest of the list it was cut from, and the words put back: "Whether a
    system pays off depends on the local sunshine." for "... depends on the local sunshine, the
    price of electricity from the grid, how much of the output the household uses itself, and the
    tariff paid for exported power." (README's first command, stop 49): one factor of four said as
    the whole cause. ``(sentence, "")`` where the sentence copies no passage's words up to a list's
    first item."""
    if CJK.search(sentence):
        return sentence, ""
    mine = _Tokens.of(sentence)
    if len(mine.low) < LIST_HEAD or not _SENTENCE_END.fullmatch(sentence[mine.spans[-1][1]:]):
        return sentence, ""
    for p in passage_sentences:
        theirs = _Tokens.of(p)
        i = run_at(theirs.low, mine.low)
        if i < 0 or i + len(mine.low) >= len(theirs.low):
            continue
        rest = p[theirs.spans[i + len(mine.low) - 1][1]:]
        if _CLAUSE_OPENER.match(rest) or not (m := _LIST_REST.match(rest)):
            continue
        at = mine.spans[-1][1]
        return sentence[:at] + m.group(0) + sentence[at:], m.group(0).lstrip(", ")
    return sentence, ""


#: words a copy's ending taken from the draft has at least
DRAFT_TAIL = 4


def draft_tail(sentence: str, passage_sentences: list[str], drafted: list[str]) -> tuple[str, str]:
    """``sentence`` with the passage's own ending where a copy of a passage sentence ends on words of
    the draft instead (``drafted``: the report's sentences written before it), and those words:
    "... which is why they reach the highest efficiencies among mass-produced cells and why the grid,
    and choosing the right storage solution to meet that demand." for "... and why they now make up
    most of the market." (README's first command, stop 50: the words close the part before). The model
    ran on into what it had written; the claim is neither text's. ``(sentence, "")`` where it does not."""
    if CJK.search(sentence):
        return sentence, ""
    mine = _Tokens.of(sentence)
    if len(mine.low) < 2 * DRAFT_TAIL or not _SENTENCE_END.fullmatch(sentence[mine.spans[-1][1]:]):
        return sentence, ""
    # Read by stems: "... than other type of solar cells" ran on into "... than other types of solar
    # cells." (README's first command at d8e04e9).
    drafts = [tuple(map(_stem, _Tokens.of(d).low)) for d in drafted]
    theirs_all = [_Tokens.of(p) for p in passage_sentences]
    theirs_stems = [tuple(map(_stem, t.low)) for t in theirs_all]
    # The longest ending the draft holds and no passage does, after a head that copies a passage sentence.
    for k in range(DRAFT_TAIL, len(mine.low) - DRAFT_TAIL + 1):
        tail = mine.low[k:]
        stemmed = tuple(map(_stem, tail))
        if (not _content(tail) or not any(_holds_but_one(d, stemmed) for d in drafts)
                or any(holds(t, stemmed) for t in theirs_stems)):
            continue
        for theirs in theirs_all:
            blocks = SequenceMatcher(None, mine.low[:k], theirs.low, autojunk=False).get_matching_blocks()
            matched = sum(b.size for b in blocks)
            last = max((b for b in blocks if b.size), key=lambda b: b.b, default=None)
            if last is None or matched / k < COPIED or last.a + last.size != k or last.b + last.size >= len(theirs.low):
                continue
            j = last.b + last.size
            end = theirs.text[theirs.spans[j][0]:theirs.spans[-1][1]]
            return (sentence[:mine.spans[k][0]] + end + sentence[mine.spans[-1][1]:],
                    sentence[mine.spans[k][0]:mine.spans[-1][1]])
        return sentence, ""
    return sentence, ""


def _holds_but_one(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """Whether ``tokens`` hold ``run`` in a row, one word inside it other where ``run`` is twice
    ``DRAFT_TAIL`` long: "... in large solar farms but have a higher cost then other type of solar
    cells." ran on into the draft's "... cost than other types ..." (README's first command, stop 60)
    with a slip of its own on the way."""
    if holds(tokens, run):
        return True
    if len(run) < 2 * DRAFT_TAIL:
        return False
    for at in range(len(tokens) - len(run) + 1):
        other = [i for i, (a, b) in enumerate(zip(tokens[at:at + len(run)], run, strict=True)) if a != b]
        if len(other) == 1 and 0 < other[0] < len(run) - 1:
            return True
    return False


#: another passage sentence's opening words a copy may run on into, and its own passage's words before them
RUN_ON_WORDS, RUN_ON_HEAD = (4, 6), 4


def opening_run_on(sentence: str, passage_sentences: list[str]) -> tuple[str, str]:
    """``sentence`` without the opening words of another passage sentence it ran on into, and those
    words: "... converted about 6 percent of sunlight into electricity over a day and a year." of "...
    into electricity." and "Over a day and a year the energy received is ..." (README's first command
    at 5b6b29c). The copy's passage sentence ends there (or goes on with other words); the other
    sentence goes on past the words taken, so they say nothing but give the claim a time it does not
    have. ``(sentence, "")`` where it did not."""
    if CJK.search(sentence):
        return sentence, ""
    mine = _Tokens.of(sentence)
    end = sentence[mine.spans[-1][1]:] if mine.spans else ""
    if not _SENTENCE_END.fullmatch(end):
        return sentence, ""
    tokens = [_Tokens.of(p).low for p in passage_sentences]
    low, (least, most) = mine.low, RUN_ON_WORDS
    for n in range(most, least - 1, -1):
        if len(low) < n + RUN_ON_HEAD + 2:
            continue
        tail, head = low[-n:], low[-n - RUN_ON_HEAD:-n]
        opened = [t for t in tokens if len(t) > n and run_at(t, tail) == 0]
        if (opened and _content(tail) and any(holds(t, head) for t in tokens if t not in opened)
                and not any(holds(t, low[-n - RUN_ON_HEAD:-n + 1]) for t in tokens)):
            cut = sentence[:mine.spans[-n][0]].rstrip(" ,;")
            return cut + end, sentence[mine.spans[-n][0]:mine.spans[-1][1]]
    return sentence, ""


#: copied words before a word turned into its opposite, at least
FLIP_RUN = 4


# A quantity said of all or most where the passage says it of some: the claim grown past its source.
_STRONGER = {"most": ("many", "some", "several"), "all": ("many", "some", "several", "most"),
             "every": ("many", "some", "most"), "always": ("often", "usually", "sometimes", "typically")}


def overstated_quantity(sentence: str, passage_sentences: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """``sentence`` with the passage's quantity for a larger one it put before the passage's word,
    and the swap ``(written, passage)`` put back: "In most households, panels pair with a battery" for "...
    many households pair panels with a battery" (README's first command, stop 59). Only where no
    passage sentence says the larger quantity of that word itself."""
    mine = _Tokens.of(sentence)
    for i, token in enumerate(mine.low[:-1]):
        if token not in _STRONGER:
            continue
        said = _stem(mine.low[i + 1])
        found = ""
        for candidate in passage_sentences:
            theirs = _Tokens.of(candidate).low
            for j, word in enumerate(theirs[:-1]):
                if _stem(theirs[j + 1]) != said:
                    continue
                if word == token:
                    return sentence, []
                if word in _STRONGER[token]:
                    found = found or word
        if found:
            a, b = mine.spans[i]
            text = found.capitalize() if sentence[a].isupper() else found
            return sentence[:a] + text + sentence[b:], [(sentence[a:b], text)]
    return sentence, []


def flipped_word(sentence: str, passage_sentences: list[str]) -> str:
    """The word ``sentence`` turned into its opposite right after a run of a passage sentence's words,
    or "": "... for smaller-scale installations where sunshine is modest and export tariffs are high."
    of "... where sunshine is modest and export tariffs are low, payback takes longer." (README's first
    command, stop 50). A sentence too much the model's own for ``restore_swapped_words`` to mend: the
    copied run says the passage's case, the word after it the other; so does a negation the passage
    does not have."""
    if CJK.search(sentence):
        return ""
    mine = _Tokens.of(sentence).low
    following = _following(tuple(passage_sentences))
    for k in range(FLIP_RUN, len(mine)):
        after = following.get(mine[k - FLIP_RUN:k])
        # A passage that goes on from the run with the sentence's own word says it ("The capture option
        # is not used ..." beside the same page's "The capture option is used as part of the key").
        if not after or mine[k] in after or not _content(mine[k - FLIP_RUN:k]):
            continue
        # ... or a negation put before the passage's next word: "most efficient when there are no
        # constraints on leading (leftmost) columns" for "... are constraints on ..." (pg-indexes, stop 50).
        if any(_opposite((mine[k],), (a,)) for a in after) or (
                mine[k] in _NEGATIONS and k + 1 < len(mine) and mine[k + 1] in after - _NEGATIONS):
            return mine[k]
    return ""


@lru_cache(maxsize=8)
def _following(passage_sentences: tuple[str, ...]) -> dict[tuple[str, ...], set[str]]:
    """Each run of ``FLIP_RUN`` words of the passage sentences -> the words that follow it there (a
    reply's sentences are each read against the same passages)."""
    found: dict[tuple[str, ...], set[str]] = {}
    for p in passage_sentences:
        t = _Tokens.of(p).low
        for i in range(len(t) - FLIP_RUN):
            found.setdefault(t[i:i + FLIP_RUN], set()).add(t[i + FLIP_RUN])
    return found
