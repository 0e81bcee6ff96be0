"""translate_report: a report written in English for a question in Chinese, Japanese or Korean
(``english_question``) is translated into the question's language before it is rendered: its
headings in one request, then each written part's paragraphs in one request per part. Citation
marks never pass through the model (they follow each translated paragraph as they followed the
English one), and a part whose translation is refused twice stays in English, with a note: a
part in the wrong language is better than a part lost. Runs of other questions pass straight on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime

from warp_report.context import Context
from warp_report.models.backends import protocol_for
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.prompts import render
from warp_report.protocol.actions import ActionContext, TranslateAction
from warp_report.protocol.language import cjk_language
from warp_report.protocol.request import Outcome, Request
from warp_report.protocol.translation import (
    paragraphs,
    protect_names,
    question_names,
    source_chars,
    split_marks,
    tidy_code_spans,
    whole_sentences,
    with_marks,
    without_repeats,
)
from warp_report.state.outline import Outline
from warp_report.state.state import WarpState

#: Tries per translation request.
TRIES = 2


async def ask_translation(services: Services, ctx: Context, state: WarpState, *, node: str, prompt: str,
                          count: int, query: str, steps: int, field_chars: tuple[tuple[int, int], ...] = (),
                          sources: tuple[str, ...] = (), correct: bool = False) -> Outcome:
    """One ``translate`` request (``count`` fields) into ``query``'s language, outside the WARP step
    budget: the translations are not steps of the policy, and a report cut short by its budget is
    translated all the same. ``correct``: a refused reply's reason goes back to the model."""
    tagged = protocol_for(ctx) == "tagged"
    messages = [SystemMessage(content=render("translator", tagged=tagged)), HumanMessage(content=prompt)]
    return await common.ask(services, replace(ctx, max_steps=steps + TRIES), state.model_copy(update={"steps": steps}),
                            Request(kind="translate", node=node, messages=messages, headings=count,
                                    field_chars=field_chars, shape=common.shape_for(ctx, query),
                                    ctx=ActionContext(query=query, sources=sources)),
                            max_tries=TRIES, correct=correct)


async def _translate(services: Services, ctx: Context, state: WarpState, template: str, texts: list[str],
                     chars: tuple[tuple[int, int], ...], steps: int, *, checked: bool = False) -> Outcome:
    names = question_names(state.asked or "")
    shown = [protect_names(t, names) for t in texts]
    listed = "\n".join(f"t{i}: {t}" for i, t in enumerate(shown, 1))
    prompt = render(template, tagged=protocol_for(ctx) == "tagged", language=cjk_language(state.asked or ""),
                    headings=listed, paragraphs=listed)
    return await ask_translation(services, ctx, state, node="translate_report", prompt=prompt, count=len(texts),
                                 query=state.asked or "", steps=steps, field_chars=chars,
                                 sources=tuple(shown) if checked else ())


def translated_titles(outline: Outline, titles: list[str]) -> Outline:
    """``outline`` with its title and its parts' titles (in ``walk`` order) replaced."""
    title, *parts = [tidy_code_spans(t) for t in titles]
    for (nid, _), new in zip(outline.walk(), parts, strict=True):
        outline = outline.with_node(nid, title=new)
    return outline.model_copy(update={"title": title})


def make(services: Services):
    async def translate_report(state: WarpState, runtime: Runtime[Context]) -> dict[str, Any]:
        if state.asked is None:
            return {}
        update: dict[str, Any] = {"question": state.asked}
        if state.outline is None:
            return update
        ctx = common.context_of(runtime)
        outline, outcomes, notes, steps = state.outline, [], [], state.steps
        nodes = outline.walk()
        heads = await _translate(services, ctx, state, "translate", [outline.title, *(n.title for _, n in nodes)], (), steps)
        outcomes.append(heads)
        steps += heads.steps_used
        if isinstance(heads.action, TranslateAction) and len(heads.action.titles) == len(nodes) + 1:
            outline = translated_titles(outline, heads.action.titles)
        else:
            notes.append(f"the headings were not translated ({heads.error}); they stay in English")
        for nid, node in nodes:
            if not node.content:
                continue
            split = [split_marks(p) for p in paragraphs(node.content)]
            common.emit("translating", id=nid, title=node.title)
            part = await _translate(services, ctx, state, "translate_text", [text for text, _ in split],
                                    tuple(source_chars(text) for text, _ in split), steps, checked=True)
            outcomes.append(part)
            steps += part.steps_used
            if not isinstance(part.action, TranslateAction) or len(part.action.titles) != len(split):
                notes.append(f"part {nid} was not translated ({part.error}); it stays in English")
                continue
            content = "\n\n".join(with_marks(whole_sentences(text, without_repeats(tidy_code_spans(t))), marks)
                                   for t, (text, marks) in zip(part.action.titles, split, strict=True))
            outline = outline.with_node(nid, content=content)
        update.update(common.bookkeeping(state, "translate_report", *outcomes))
        update.pop("finish_reason", None)  # the report ends as the policy ended it
        update.update({"outline": outline, "notes": notes})
        return update

    return translate_report
