"""Each sentence's citation moved to the passage it was written from.

A 0.5B model fills a paragraph's "cites" field by pattern: every paragraph of a part got the
same three ids ("[4][5][1]" under each), including passages that say nothing the paragraph says,
and a reader could not tell which passage backs which sentence. The sentence's words show where
it came from: each sentence is cited to the shown passage that holds most of its content words,
preferring the ids the model chose, and a run of sentences from one passage is cited once, at
its end. A sentence no shown passage backs keeps no mark of its own; after a paragraph's last
backed sentence it is dropped, since the mark before it would seem to cite it (``UNBACKED_TAIL``),
and so is a paragraph of such sentences where another paragraph is backed (``UNBACKED_PARAGRAPH``).
"""

from __future__ import annotations

from warp_report.protocol.markers import CITATION, cited_ids
from warp_report.protocol.repair import TRAILING_MARKS, join_sentences, split_sentences
from warp_report.protocol.restatement import content_words, share

#: Share of a sentence's content words a passage must hold to be cited for it.
MIN_SHARE = 0.5
#: How much more of the sentence another shown passage must hold to replace the model's choice.
BETTER_BY = 0.2
#: Why a paragraph's unbacked last sentences are dropped. In the reports of stop 40's benchmark
#: and README's first command, all ten such tails were generalities or inventions the paragraph's
#: marks seemed to cite ("For example, solar panels are often used in energy storage systems to
#: store excess electricity from power plants, ...") or debris ("I) + 'node_modules') c. DIRS").
UNBACKED_TAIL = "follows the paragraph's last cited sentence, backed by no shown passage"
#: Why a paragraph no shown passage backs a sentence of is dropped where another is backed. Of the
#: 20 such paragraphs in the reports of stop 40, 16 were inventions, plan echoes or junk ("To the
#: sunlight that hits the silicon, storage and costs are critical for solar energy production.
#: [9][10][11]"), 4 passable but garbled; their marks (the model's, by pattern) cite nothing they say.
UNBACKED_PARAGRAPH = "a paragraph no shown passage backs a sentence of"
#: ``_source``'s answer for a sentence with too few content words to tell where it came from.
_UNTOLD = ""


def _source(sentence: str, chosen: list[str], shown: dict[str, set[str]]) -> str | None:
    """The id of the shown passage ``sentence`` was written from, None where none holds enough
    of its words, or ``_UNTOLD`` where it has too few to tell."""
    mine = content_words(sentence)
    if len(mine) < 3:
        return _UNTOLD  # too few words to tell ("This is a common practice.")

    def score(i: str) -> float:
        return share(mine, shown[i])
    best_chosen = max((i for i in chosen if i in shown), key=score, default=None)
    best_any = max(shown, key=score)
    pick = best_chosen
    if best_chosen is None or score(best_any) >= score(best_chosen) + BETTER_BY:
        pick = best_any
    return pick if score(pick) >= MIN_SHARE else None


def attribute(text: str, shown: dict[str, str], dropped: list[tuple[str, str]] | None = None) -> str:
    """``text`` (paragraphs whose citations all close the paragraph) with each sentence cited to
    the shown passage (id -> text) it was written from. A paragraph whose sentences no shown
    passage backs keeps the model's marks, unless another paragraph is backed: then it is dropped
    (into ``dropped``) with ``UNBACKED_PARAGRAPH``. One with marks inside it is left as written.
    Sentences after a paragraph's last backed one are dropped when one of them is unbacked; too
    short to tell ("It is the default."), they stay."""
    shown_stems = {i: content_words(t) for i, t in shown.items()}
    if not shown_stems:
        return text
    out: list[str] = []
    unbacked: dict[int, str] = {}  # position in out -> the paragraph's text
    backed = False  # some paragraph has a sentence a passage backs, or the model's marks inside it
    for para in text.split("\n\n"):
        marks = TRAILING_MARKS.search(para)
        body = para[: marks.start()] if marks else para
        if CITATION.search(body) or not body.strip():
            backed = backed or bool(CITATION.search(body))
            out.append(para)
            continue
        chosen = cited_ids(marks.group(0)) if marks else []
        sentences = split_sentences(body.strip())
        sources = [_source(s, chosen, shown_stems) for s in sentences]
        if not any(sources):
            if all(source is None for source in sources):
                unbacked[len(out)] = body.strip()
            out.append(para)
            continue
        backed = True
        last = max(k for k, source in enumerate(sources) if source)
        if None in sources[last + 1:]:
            if dropped is not None:
                dropped.extend((sentence, UNBACKED_TAIL) for sentence in sentences[last + 1:])
            sentences, sources = sentences[: last + 1], sources[: last + 1]
        pieces = []
        for k, (sentence, source) in enumerate(zip(sentences, sources, strict=True)):
            following = sources[k + 1] if k + 1 < len(sources) else None
            # One mark for a run of sentences from one passage, after the run's last sentence.
            pieces.append(f"{sentence} [{source}]" if source and source != following else sentence)
        out.append(join_sentences(pieces))
    if backed and unbacked:
        if dropped is not None:
            dropped.extend((body, UNBACKED_PARAGRAPH) for body in unbacked.values())
        out = [p for k, p in enumerate(out) if k not in unbacked]
    return "\n\n".join(out)

