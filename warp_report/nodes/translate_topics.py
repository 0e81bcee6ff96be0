"""Topics in the question's language: the judge of a report in Chinese over English documents
is offered the documents' English headings, and a 0.5B judge asked to name them in Chinese named
the outline's own titles on every try, so a Chinese report got no subsections at all. One short
request translates the headings first (a field per heading: asked for a list, the 0.5B gave the
part's own title first); the judge is then offered topics it may use as they stand, and the
topics stand in for its refused titles as they do for an English report.
"""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from warp_report.context import Context
from warp_report.models.backends import protocol_for
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.prompts import render
from warp_report.protocol.actions import ActionContext, TranslateAction
from warp_report.protocol.language import cjk_language, is_cjk_text
from warp_report.protocol.request import Outcome, Request
from warp_report.state.state import WarpState


def foreign_topics(question: str, topics: dict[str, list[str]]) -> list[str]:
    """The offered topics not in the language of a CJK ``question``, each once, in order."""
    if not is_cjk_text(question):
        return []
    return list(dict.fromkeys(t for found in topics.values() for t in found if not is_cjk_text(t)))


def with_translations(topics: dict[str, list[str]], translated: dict[str, str]) -> dict[str, list[str]]:
    """``topics`` with each translated heading replaced, a translation that names a topic already
    offered (or one given twice) left out."""
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    for position, found in topics.items():
        for topic in found:
            title = translated.get(topic, topic)
            if title.casefold() not in seen:
                seen.add(title.casefold())
                out.setdefault(position, []).append(title)
    return out


async def translate_topics(services: Services, ctx: Context, state: WarpState,
                           topics: dict[str, list[str]]) -> tuple[dict[str, list[str]], Outcome | None]:
    """``topics`` with the headings in another language than the question's translated, and the
    request's outcome (None when nothing needed translating). A failed translation leaves the
    topics as they were: the judge works without them."""
    foreign = foreign_topics(state.question, topics)
    if not foreign:
        return topics, None
    tagged = protocol_for(ctx) == "tagged"
    messages = [
        SystemMessage(content=render("translator", tagged=tagged)),
        HumanMessage(content=render("translate", tagged=tagged, language=cjk_language(state.question),
                                    headings="\n".join(f"t{i}: {t}" for i, t in enumerate(foreign, 1)))),
    ]
    outcome = await common.ask(services, ctx, state, Request(
        kind="translate", node="judge_gaps", messages=messages, headings=len(foreign),
        shape=common.shape_for(ctx, state.question), ctx=ActionContext(query=state.question),
    ), max_tries=1)
    if not isinstance(outcome.action, TranslateAction):
        return topics, outcome
    return with_translations(topics, dict(zip(foreign, outcome.action.titles, strict=False))), outcome
