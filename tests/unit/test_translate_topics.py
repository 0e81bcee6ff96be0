"""A Chinese question over English documents: the offered topics are translated for the judge."""

from __future__ import annotations

import json
import random
import re

from tests.conftest import ListSearch
from tests.support.scripted import ScriptedChatModel
from warp_report import Context, build_graph
from warp_report.memory.evidence import KeywordMemory
from warp_report.nodes.translate_topics import foreign_topics, with_translations
from warp_report.protocol.actions import ActionContext, TranslateAction
from warp_report.protocol.language import cjk_language
from warp_report.protocol.schemas import Shape, reply_to_action, translate_reply_schema
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

QUESTION = "太阳能电池板是如何工作的？"
ENGLISH = {"Photovoltaic Cells": "光伏电池", "Inverters": "逆变器", "Panel Efficiency": "面板效率",
           "Installation Costs": "安装成本", "Battery Storage": "电池储能", "Recycling": "回收利用",
           "Siting": "选址", "Grid Connection": "并网", "Cell Types": "电池类型", "Module Glass": "组件玻璃",
           "Solar History": "太阳能历史", "Net Metering": "净计量"}

_WORDS = ["阳光", "硅片", "电子", "电流", "电压", "逆变器", "电网", "屋顶", "储能", "成本", "效率", "温度", "材料", "光子",
          "能量", "组件", "支架", "电缆", "家庭", "夜间"]


def test_only_a_cjk_questions_foreign_topics_are_translated_each_once() -> None:
    topics = {"section-1": ["Inverters", "并网"], "section-2": ["Recycling", "Inverters"]}
    assert foreign_topics(QUESTION, topics) == ["Inverters", "Recycling"]
    assert foreign_topics("How do panels work?", topics) == []
    # A translation that names a topic already offered is offered once.
    assert with_translations(topics, {"Inverters": "逆变器", "Recycling": "并网"}) == {
        "section-1": ["逆变器", "并网"]}


def test_the_reply_has_a_field_per_heading_in_the_questions_script() -> None:
    schema = translate_reply_schema(11, Shape(cjk=True))
    assert list(schema.model_fields) == [f"t{i}" for i in range(1, 12)]
    schema.model_validate({f"t{i}": "逆变器" for i in range(1, 12)})
    bad = {f"t{i}": "逆变器" for i in range(1, 12)} | {"t3": "Inverters"}
    try:
        schema.model_validate(bad)
    except ValueError:
        pass
    else:
        raise AssertionError("a Latin title passed a CJK field")
    # t10 after t9: the order asked, not the keys' sort.
    reply = {f"t{i}": f"标题{i}" for i in range(1, 12)}
    assert reply_to_action("translate", reply)["titles"] == [f"标题{i}" for i in range(1, 12)]
    ctx = ActionContext(query=QUESTION)
    assert TranslateAction.model_validate({"titles": ["逆变器 ", "回收利用"]}, context=ctx).titles == ["逆变器", "回收利用"]
    try:
        TranslateAction.model_validate({"titles": ["Inverters", "Recycling"]}, context=ctx)
    except ValueError as exc:
        assert "Chinese" in str(exc)
    else:
        raise AssertionError("English titles passed for a Chinese question")


def test_the_language_named_to_the_translator() -> None:
    assert cjk_language(QUESTION).startswith("Chinese")
    assert cjk_language("太陽光パネルはどう動くの？").startswith("Japanese")
    assert cjk_language("태양광 패널은 어떻게 작동하나요?").startswith("Korean")


def _reply(messages) -> str:
    """A 0.5B's run of a Chinese question: plans and writes in Chinese, names the outline's own
    titles as the judge, and translates what it is asked to."""
    prompt = str(messages[1].content)
    if "Translate each English heading" in prompt:
        asked = re.findall(r"^t\d+: (.+)$", prompt, re.MULTILINE)
        return f'<action>{json.dumps({"name": "translate", "titles": [ENGLISH[a] for a in asked]})}</action>'
    if "Task: plan the report" in prompt:
        plan = {"name": "init-plan", "title": "太阳能电池板的工作原理", "sections": [
            {"title": t, "plan": f"说明{t}的作用。"} for t in ("发电原理", "系统组成", "使用成本")]}
        return f"<action>{json.dumps(plan, ensure_ascii=False)}</action>"
    if "Task: choose 1 to 5" in prompt:
        return '<action>{"name": "search", "keywords": ["solar panels"]}</action>'
    if "Task: write the part" in prompt or "Task: add to the part" in prompt:
        title = re.search(r'Task: (?:write|add to) the part "(.*?)"', prompt).group(1)  # type: ignore[union-attr]
        ids = re.findall(r"^\[(\d+)\] ", prompt.split("Evidence", 1)[-1], re.MULTILINE)[:2] or ["1"]
        # Each part its own sentences, each sentence its own words: repeats are refused.
        rng = random.Random(title + prompt[:20])
        text = "".join("".join(rng.sample(_WORDS, 8)) + "。" for _ in range(6))
        return f"<action>{text}[{ids[0]}]</action>"
    if "Task: every planned part is written" in prompt:
        position = re.search(r"Parts that may get subsections: ([\w.-]+)", prompt).group(1)  # type: ignore[union-attr]
        # The 0.5B's way: the outline's own titles as "new" subsections.
        act = {"name": "extend-plan", "position": position,
               "subsections": [{"title": "发电原理", "plan": "再说一遍。"}, {"title": "系统组成", "plan": "再说一遍。"}]}
        return f"<action>{json.dumps(act, ensure_ascii=False)}</action>"
    return "<action>{}</action>"


async def test_a_chinese_reports_judge_gets_chinese_topics_that_stand_in_for_its_refused_titles() -> None:
    hits = [Hit(text=f"Solar {t.lower()}: passage about {t.lower()} with enough words to be useful evidence {i}.",
                source=f"/docs/solar-{i}.md", title=t) for i, t in enumerate(ENGLISH, 1)]
    model = ScriptedChatModel(replies=[_reply] * 80)
    graph = build_graph(model=model, search=ListSearch(hits), memory=KeywordMemory())
    ctx = Context(protocol="tagged", max_steps=140, max_extend=1, memory_top_k=0, report_words=5000, english_first="off")
    final = None
    async for values in graph.astream({"question": QUESTION}, context=ctx, stream_mode="values"):
        final = values
    state = WarpState.model_validate(final)
    judged = [str(c[-1].content) for c in model.calls if "Task: every planned part is written" in str(c[-1].content)]
    offered = [t for line in re.findall(r"^- for section-[\d.]+: (.+)$", judged[0], re.MULTILINE) for t in line.split("; ")]
    assert offered and set(offered) <= set(ENGLISH.values())  # the judge saw Chinese topics only
    extended = [n for _, n in state.outline.walk() if n.subsections]
    assert extended  # the judge's own titles were refused; the translated topics stood in
    assert all({s.title for s in n.subsections} <= set(ENGLISH.values()) for n in extended)
    assert any(s.content for n in extended for s in n.subsections)
    translations = [e for e in state.trace if e.action == "translate"]
    assert translations and all(e.valid and e.node == "judge_gaps" for e in translations)
    # The translation's step is counted: every step number is used once.
    steps = [e.step for e in state.trace]
    assert len(steps) == len(set(steps)) and state.steps == max(steps)
