"""lengthen: a short report's written parts get more text from passages no part cites yet.

An extension is the only way WARP makes a report longer, and it needs topics: a report drawn
from one page with one section heading (floating-point arithmetic, asked in Chinese) offered
the judge none, and its 0.5B judge named the outline's own titles again, so the report ended at
323 of the 600 words asked with half of that page's passages unused. When the judge is done and
the report is under two thirds of ``report_words``, each written part (fewest words first) is
asked once for paragraphs from passages no part cites, until the report is long enough.
Untrained models only (when to stop is part of what the trained model learned), and local
search only (a web search per part would spend the user's search credits).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.nodes import common, evidence
from warp_report.nodes.services import Services
from warp_report.nodes.uncovered import cited_hashes
from warp_report.nodes.write_request import instruction_lines, write_request
from warp_report.prompts.views import evidence_view, outline_view
from warp_report.protocol.actions import WriteAction
from warp_report.protocol.markers import count_words
from warp_report.state.outline import Outline
from warp_report.state.state import WarpState

#: Parts asked for more text in one run, at most: the step budget bounds it too. Three left
#: node-cluster (stop 38) at 307 words with its fourth part never asked and five steps unused.
MAX_PARTS = 5
#: Rounds over the written parts: the second takes the passages the first left uncited. With one,
#: git-bisect and git-reset-revert (stop 54) ended at 395 and 397 of the 400 words asked with 15 of
#: their 32 steps unused; the step budget and the word goal end the rounds early.
ROUNDS = 2
#: Unused passages a part needs to be asked for more (one passage makes a pasted paragraph).
MIN_PASSAGES = 2


def candidates(ctx: Context, outline: Outline) -> list[str]:
    """Written parts that may get more text, fewest words first, ``ROUNDS`` times; none when the report is not well
    short of its length (``common.well_short``), the model is the trained one or the search is
    not local."""
    if ctx.search != "local" or not common.well_short(ctx, outline):
        return []
    written = [(count_words(n.content), nid) for nid, n in outline.walk() if n.content]
    return [nid for _, nid in sorted(written)][:MAX_PARTS] * ROUNDS


def make(services: Services):
    async def lengthen(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        outline = state.outline
        assert outline is not None and state.lengthen
        part, rest = state.lengthen[0], state.lengthen[1:]
        missing = common.least_words(ctx) - common.written_words(outline)
        if not common.well_short(ctx, outline) or state.steps + ctx.max_tries > ctx.max_steps:
            return {"lengthen": []}  # long enough, or too few steps left for a full try
        node = outline.get(part)
        # The part's title finds its topic, the question the subject's other passages.
        found = await evidence.gather(services, ctx, state, [node.title, state.question], limit=ctx.section_top_k,
                                      exclude=frozenset(cited_hashes(state, outline)))
        update: dict[str, Any] = {"registry": found.registry, "notes": found.notes, "lengthen": rest}
        if len(found.ids) < MIN_PASSAGES:
            return update
        state = state.model_copy(update={"registry": found.registry})
        words = min(max(missing, ctx.words_per_section // 2), common.part_words(ctx, outline))
        messages = common.messages_for(
            # The parts by title only, and no plan: shown their text, the 0.5B wrote it again (six of
            # node-cluster's eight tries at stop 44 refused as repeats); its plans are passage sentences
            # the part has written already, which it wrote again too (four of six at stop 45).
            ctx, "write_more", question=state.question, draft=outline_view(outline, part, texts=False),
            node_title=node.title, words=words, example_id=found.ids[0],
            evidence=evidence_view(found.registry, found.ids, max_chars=ctx.passage_chars, focus=f"{node.title} {node.plan}"),
        )
        common.emit("section_started", id=part, title=node.title, more=True)
        # Salvage as a part's write does: a reply refused as too short once its repeats went still
        # holds whole sentences the report lacks (node-cluster, stops 47 - 49: 2 valid replies in 7,
        # the report at 383 of the 400 words asked).
        outcome = await common.ask(services, ctx, state, write_request(
            ctx, state, part, found.ids, messages, instruction_lines(messages, node.plan), words=words, node="lengthen",
            salvage=True))
        update.update(common.bookkeeping(state, "lengthen", outcome))
        # Out of steps here, the report is as complete as before: the run ended as the judge said.
        update.pop("finish_reason", None)
        update["shown"] = {**state.shown, part: [*state.shown.get(part, []), *found.ids]}
        if isinstance(outcome.action, WriteAction):
            content = f"{node.content}\n\n{outcome.action.content}"
            update["outline"] = outline.with_node(part, content=content)
            common.emit("section_written", id=part, title=node.title, chars=len(content),
                        citations=outcome.action.citations)
            if count_words(outcome.action.content) >= missing:
                update["lengthen"] = []
        else:
            update["notes"] = [*found.notes, f"{node.title}: no valid added text after {ctx.max_tries} tries"]
        if outcome.out_of_budget:
            update["lengthen"] = []
        return update

    return lengthen
