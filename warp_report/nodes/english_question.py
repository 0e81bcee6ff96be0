"""english_question: a question in Chinese, Japanese or Korean over English documents is
researched and written in English (``protocol/translation.py`` says why). The model translates
the question; the translation becomes the run's question, the asked one waits in ``state.asked``
and ``translate_report`` brings it back with the report in its language. Everything between is
the English path, its checks and repairs included. Local search only: a probe of the web would
spend the user's search credits to learn the documents' language.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.models.backends import protocol_for
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.nodes.translate_report import ask_translation
from warp_report.prompts import render
from warp_report.protocol.actions import TranslateAction
from warp_report.protocol.language import is_cjk_text
from warp_report.protocol.translation import evidence_is_foreign, question_names
from warp_report.state.state import WarpState

#: Hits that show the documents' language.
PROBE_HITS = 8
#: The checks' stand-in for an English question: what the translation is written in.
ENGLISH = "the question in English"
#: An English question's length bounds (a CJK question of 100 characters is about 60 words).
QUESTION_CHARS = (10, 400)


def english_first(ctx: Context) -> bool:
    """Does this run write a CJK question's report in English first? ``auto``: for the embedded
    models (``local``, ``local:...``) with local search; a server's model and the trained one write
    in the question's language."""
    if ctx.english_first != "auto":
        return ctx.english_first == "on"
    embedded = ctx.model == "local" or ctx.model.startswith("local:")
    return embedded and not ctx.base_url and ctx.search == "local" and not common.is_trained(ctx)


def kept_names(question: str, english: str) -> bool:
    """Does the translation keep every name the question writes in Latin letters ("flex",
    "yylval", "CMake")? A translation that drops one searches for something else."""
    have = english.casefold()
    return all(name.casefold() in have for name in question_names(question))


def make(services: Services):
    async def english_question(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = common.context_of(runtime)
        if state.asked is not None or not is_cjk_text(state.question) or not english_first(ctx):
            return {}
        backend = await services.search_backend(ctx, state.corpus, state.collections)
        hits = await backend.search(state.question, PROBE_HITS)
        if not evidence_is_foreign(state.question, [h.text for h in hits]):
            return {}
        prompt = render("translate_question", tagged=protocol_for(ctx) == "tagged", question=state.question)
        outcome = await ask_translation(services, ctx, state, node="english_question", prompt=prompt, count=1,
                                        query=ENGLISH, steps=state.steps, field_chars=(QUESTION_CHARS,), correct=True)
        update: dict[str, Any] = common.bookkeeping(state, "english_question", outcome)
        update.pop("finish_reason", None)
        english = outcome.action.titles[0] if isinstance(outcome.action, TranslateAction) else ""
        if not english or not kept_names(state.question, english):
            # The report is written in the question's language, as without this step.
            update["notes"] = [f"the question was not translated into English ({english or outcome.error}); "
                               "the report is written in its own language"]
            return update
        common.emit("question_translated", question=english)
        update.update({"question": english, "asked": state.question})
        return update

    return english_question
