"""A question in Chinese over English documents, researched and written in English, translated at the end."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ListSearch
from tests.support.scripted import ScriptedChatModel, simulated_reply
from warp_report import Context, build_graph
from warp_report.memory.evidence import KeywordMemory
from warp_report.nodes.english_question import english_first, kept_names
from warp_report.nodes.translate_report import translated_titles
from warp_report.protocol import translation as tr
from warp_report.protocol.language import cjk_share
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

QUESTION = "太阳能电池板如何把阳光变成电？"
ENGLISH = "How do solar panels turn sunlight into electricity?"


def test_marks_leave_the_text_and_follow_its_translation_in_order() -> None:
    text, marks = tr.split_marks("Cells absorb light [2]. Inverters convert DC , and store it [1][2][3]")
    assert text == "Cells absorb light. Inverters convert DC, and store it"
    assert marks == "[2][1][3]"
    assert tr.with_marks("电池吸收光。", marks) == "电池吸收光。[2][1][3]"
    assert tr.split_marks("No citation here.") == ("No citation here.", "")
    assert tr.paragraphs("One [1].\n\n  \nTwo [2].\n") == ["One [1].", "Two [2]."]


def test_only_a_cjk_question_over_non_cjk_passages_is_over_foreign_evidence() -> None:
    english = ["Solar panels turn sunlight into electricity.", "Inverters convert direct current."]
    assert tr.evidence_is_foreign(QUESTION, english)
    assert not tr.evidence_is_foreign(QUESTION, ["长城是中国古代的军事防御工程。", *english[:1]])
    assert not tr.evidence_is_foreign(ENGLISH, english)
    assert not tr.evidence_is_foreign(QUESTION, [])


def test_a_translation_is_bounded_by_its_source() -> None:
    low, high = tr.source_chars("x" * 600)
    assert (low, high) == (200, 1200)
    assert tr.source_chars("short") == (30, 300)


def test_the_translated_question_keeps_the_questions_latin_names() -> None:
    asked = "flex 如何与 yacc 或 bison 配合使用？yylval 起什么作用？"
    assert kept_names(asked, "How does flex work with yacc or Bison? What does yylval do?")
    assert not kept_names(asked, "How does the elastic parser work with yacc or bison? What does yylval do?")


@pytest.mark.parametrize(("settings", "on"), [
    ({}, True), ({"model": "local:smollm2-135m"}, True), ({"english_first": "off"}, False),
    ({"model": "gpt-4o-mini", "base_url": "http://127.0.0.1:9/v1"}, False),
    ({"model": "gpt-4o-mini", "base_url": "http://127.0.0.1:9/v1", "english_first": "on"}, True),
    ({"search": "web"}, False),
])
def test_english_first_is_for_the_embedded_models_by_default(settings, on) -> None:
    assert english_first(Context(**settings)) is on


def test_translated_titles_replace_the_report_title_and_each_part_in_order() -> None:
    outline = Outline(title="Solar", sections=[Node(title="Cells", plan="p", subsections=[Node(title="Silicon", plan="p")]),
                                               Node(title="Inverters", plan="p")])
    out = translated_titles(outline, ["太阳能", "电池", "硅", "逆变器"])
    assert out.title == "太阳能" and [n.title for _, n in out.walk()] == ["电池", "硅", "逆变器"]


def _chinese(count: int) -> list[str]:
    return [f"第{i}段译文说明太阳能电池板把阳光变成电流的过程和其中的要点与条件。" for i in range(1, count + 1)]


def _reply(refuse_parts: bool = False):
    def reply(messages) -> str:
        prompt = str(messages[-1].content)
        asked = re.findall(r"^t\d+: (.+)$", prompt, re.MULTILINE)
        if prompt.startswith("Translate this question into English"):
            return f'<action>{json.dumps({"name": "translate", "titles": [ENGLISH]})}</action>'
        if "Translate each English heading" in prompt:
            titles = [f"标题{i}" for i in range(1, len(asked) + 1)]
            return f'<action>{json.dumps({"name": "translate", "titles": titles}, ensure_ascii=False)}</action>'
        if "Translate each English paragraph" in prompt:
            texts = asked if refuse_parts else _chinese(len(asked))  # English back: refused
            return f'<action>{json.dumps({"name": "translate", "titles": texts}, ensure_ascii=False)}</action>'
        return simulated_reply(messages, extend_times=0)
    return reply


async def _run(hits: list[Hit], reply, ctx: Context) -> tuple[WarpState, ScriptedChatModel]:
    model = ScriptedChatModel(replies=[reply] * 200)
    graph = build_graph(model=model, search=ListSearch(hits), memory=KeywordMemory())
    final = None
    async for values in graph.astream({"question": QUESTION}, context=ctx, stream_mode="values"):
        final = values
    return WarpState.model_validate(final), model


CTX = Context(protocol="tagged", max_steps=40, max_extend=0, report_words=100)


async def test_a_chinese_question_over_english_passages_is_written_in_english_and_translated(solar_hits) -> None:
    state, model = await _run(solar_hits, _reply(), CTX)
    prompts = [str(c[-1].content) for c in model.calls]
    writes = [p for p in prompts if "Task: write the part" in p]
    assert writes and all(p.startswith(f"Question: {ENGLISH}") for p in writes)  # the parts were written in English
    assert state.question == QUESTION and state.asked == QUESTION
    body, refs = state.report.split("## References", 1)
    assert state.title == "标题1" and "## 1 标题2" in body
    prose = [line for line in body.splitlines() if line and not line.startswith("#")]
    assert prose and all(cjk_share(line) > 0.6 for line in prose), prose
    # Every mark the English parts had follows its translation and resolves.
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited and cited <= {int(n) for n in re.findall(r"^\[(\d+)\] ", refs, re.MULTILINE)}
    nodes = {e.node for e in state.trace}
    assert {"english_question", "translate_report"} <= nodes
    steps = [e.step for e in state.trace]
    assert len(steps) == len(set(steps)) and state.steps == max(steps)


async def test_a_part_whose_translation_is_refused_stays_in_english_with_a_note(solar_hits) -> None:
    state, _ = await _run(solar_hits, _reply(refuse_parts=True), CTX)
    body = state.report.split("## References", 1)[0]
    assert state.title == "标题1"  # the headings were translated
    prose = [line for line in body.splitlines() if line and not line.startswith("#")]
    assert prose and all(cjk_share(line) == 0 for line in prose)
    assert any("was not translated" in n and "stays in English" in n for n in state.notes)


async def test_a_chinese_question_over_chinese_passages_is_written_in_chinese() -> None:
    hits = [Hit(text=f"太阳能电池板利用光伏效应把阳光变成电流，第{i}种电池的材料和效率各不相同。", source=f"/docs/{i}.md",
                title=f"光伏{i}") for i in range(1, 6)]
    state, model = await _run(hits, _reply(), CTX)
    prompts = [str(c[-1].content) for c in model.calls]
    assert not any(p.startswith("Translate") for p in prompts)
    assert state.asked is None and state.question == QUESTION


def test_the_questions_names_go_to_the_translator_in_code_spans() -> None:
    names = tr.question_names("flex 如何与 yacc 或 bison 配合使用？")
    assert names == ["flex", "yacc", "bison"]
    assert tr.protect_names("Introduction to Flex, `flex -d` and flexible yacc use", names) == \
        "Introduction to `Flex`, `flex -d` and flexible `yacc` use"
    assert tr.protect_names("Nothing to do", []) == "Nothing to do"
    assert tr.tidy_code_spans("如 ` Bison` 和 `C` 的") == "如 `Bison` 和 `C` 的"


def test_the_cli_says_the_run_researches_in_english_and_translates() -> None:
    from warp_report.cli.progress import describe

    line = describe({"event": "question_translated", "question": ENGLISH})
    assert line and ENGLISH in line and "translated at the end" in line
    assert "translating" in (describe({"event": "translating", "id": "section-1", "title": "Cells"}) or "")


def test_a_sentence_the_translation_says_twice_is_kept_once() -> None:
    assert tr.without_repeats("电池吸收光。逆变器转换电流。电池吸收光。") == "电池吸收光。逆变器转换电流。"
    assert tr.without_repeats("电池吸收光。逆变器转换电流。") == "电池吸收光。逆变器转换电流。"


def test_english_in_code_spans_field_debris_and_a_cut_translation_are_refused() -> None:
    from warp_report.protocol.actions import ActionContext, TranslateAction

    source = "C Scanners with Bison Parsers describes the features of `flex -d` that help."
    assert "code spans" in tr.translation_error(source, "`C Scanners with `...` Parsers describes the `...`。")
    assert "field names" in tr.translation_error(source, "它描述了功能。}ts1: 甲")
    assert tr.translation_error(source, "`C` 扫描器一节描述了 `flex -d` 的功能。") is None
    assert tr.translation_error("Bison writes y.tab.h for it.", "`bison` 为它写出 `y tab.h`。") is None
    ctx = ActionContext(query=QUESTION, sources=(source,))
    with pytest.raises(ValueError, match="t1: .*code spans"):
        TranslateAction.model_validate({"titles": ["`C Scanners with` 描述了功能。"]}, context=ctx)
    ok = TranslateAction.model_validate({"titles": ["`C` 扫描器一节描述了 `flex -d` 的功能。"]}, context=ctx)
    assert ok.titles


def test_a_translation_cut_mid_sentence_loses_its_unfinished_sentence() -> None:
    source = "Flex works with yacc. Yacc is another tool."
    assert tr.whole_sentences(source, "`flex` 与 `yacc` 配合使用。`yacc` 是另一个用于将") == "`flex` 与 `yacc` 配合使用。"
    assert tr.whole_sentences(source, "它使用一个完全不同的匹配技术（") == "它使用一个完全不同的匹配技术。"
    assert tr.whole_sentences(source, "完整的句子。") == "完整的句子。"
    assert tr.whole_sentences("No full stop", "没有句号") == "没有句号"


async def test_a_refused_translation_is_sampled_again_without_the_refusal(solar_hits) -> None:
    """Shown the refusal, the 0.5B translated the refusal itself."""
    state, model = await _run(solar_hits, _reply(refuse_parts=True), CTX)
    asks = [c for c in model.calls if any("Translate each English paragraph" in str(m.content) for m in c)]
    assert len(asks) >= 2 and all(len(c) == 2 for c in asks)  # system and the request: no correction turn
