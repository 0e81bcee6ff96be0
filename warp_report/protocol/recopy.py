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


def copied_again(copied: frozenset[Position], earlier: set[Position]) -> bool:
    """Whether earlier sentences hold ``COPIED_AGAIN`` of the positions ``copied``."""
    return len(copied) >= LEAST_COPIED and len(copied & earlier) >= COPIED_AGAIN * len(copied)
