"""Whether a sentence copies passage words an earlier sentence of the report copied already.

Under the copy penalty a 0.5B model says one passage sentence twice with different words swapped
each time ("Photons with little energy are passed through or become heat" and, a sentence later,
"Photons with less energy pass through or become hot.", README's first command at stop 52), or
puts another subject before the same copied predicate ("The `eventTarget` class can also be used to
add the listener to the beginning of the list ..." after "The emitter.prependOnceListener method
can be used ... to add the listener to the beginning of the listeners array", node-events). Neither
keeps enough runs of words for the shingle and trigram checks, and a swapped subject keeps too few
content words for ``restatement``; but both copy the same words of the same passage sentence. So
the words a sentence copies are read as positions in the passages (which sentence, which word),
and a sentence whose copied positions an earlier sentence holds already says that sentence again.

An earlier sentence holds more than the one passage sentence it copies most: a 0.5B model glues
two passage sentences into one ("... a thin wafer of semiconductor that is cut from a single silicon
crystal grown as a cylindrical ingot, and their uniform structure lets electrons move with few
obstacles.", README's first command at stop 53) and copies the first of them again a paragraph
later. So what a sentence holds is read word by word: each of its words goes to the passage
sentence that shares the longest stretch with it, most-copied passage sentence first, so that a
sentence copied from one of two parallel passage sentences ("A multicolumn GiST index can be used
with query conditions ...", beside the same sentence on BRIN, pg-indexes) holds only its own.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from warp_report.protocol.fidelity import passage_words

#: share of a sentence's words one passage sentence must hold, in order, for it to be a copy of it
COPY_OF = 0.6
#: share of a copy's passage positions earlier sentences hold, for it to be one of them again
COPIED_AGAIN = 0.7
#: copied positions a sentence needs for the comparison to mean anything
LEAST_COPIED = 5
#: words (in runs of two or more) a sentence must share with a passage sentence to hold its places
HELD = 6

Position = tuple[int, int]  # (passage sentence, word)


class PassageWords:
    """The shown passages' sentences, tokenised once, and the positions a sentence copies."""

    def __init__(self, passage_sentences: list[str]) -> None:
        self._words = [passage_words(p) for p in passage_sentences]
        self._sets = [frozenset(w) for w in self._words]

    def copied(self, sentence: str) -> frozenset[Position]:
        """The positions of the passage sentence ``sentence`` copies most of (at least ``COPY_OF``
        of its words, in order); empty where it copies none."""
        mine = passage_words(sentence)
        if len(mine) < LEAST_COPIED:
            return frozenset()
        need = COPY_OF * len(mine)
        best: tuple[int, int, list] | None = None
        for k, (theirs, vocab) in enumerate(zip(self._words, self._sets, strict=True)):
            # The words both hold bound the match from above: most passage sentences end here.
            if sum(w in vocab for w in mine) < need:
                continue
            blocks = [b for b in SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks() if b.size]
            matched = sum(b.size for b in blocks)
            if matched >= need and (best is None or matched > best[0]):
                best = (matched, k, blocks)
        if best is None:
            return frozenset()
        _, k, blocks = best
        return frozenset((k, b.b + i) for b in blocks for i in range(b.size))

    def held(self, sentence: str) -> frozenset[Position]:
        """The positions ``sentence`` holds: those it copies (``copied``), and the runs of two words
        or more it shares with any passage sentence it takes ``HELD`` words from, each of its words
        given to one passage sentence only (the one sharing most, first)."""
        mine = passage_words(sentence)
        if len(mine) < LEAST_COPIED:
            return frozenset()
        shared = []
        for k, (theirs, vocab) in enumerate(zip(self._words, self._sets, strict=True)):
            if sum(w in vocab for w in mine) < HELD:
                continue
            blocks = [b for b in SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks() if b.size >= 2]
            if sum(b.size for b in blocks) >= HELD:
                shared.append((sum(b.size for b in blocks), k, blocks))
        free = set(range(len(mine)))
        held = set(self.copied(sentence))
        for _, k, blocks in sorted(shared, key=lambda x: -x[0]):
            pairs = [(b.a + i, b.b + i) for b in blocks for i in range(b.size) if b.a + i in free]
            if len(pairs) >= HELD:
                free -= {a for a, _ in pairs}
                held |= {(k, j) for _, j in pairs}
        return frozenset(held)


def copied_again(copied: frozenset[Position], earlier: set[Position]) -> bool:
    """Whether earlier sentences hold ``COPIED_AGAIN`` of the positions ``copied``."""
    return len(copied) >= LEAST_COPIED and len(copied & earlier) >= COPIED_AGAIN * len(copied)
