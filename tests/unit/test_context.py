"""Context is validated: the CLI, the SDK and the server refuse bad settings with one message."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from warp_report.context import Context, SettingsError, make_context, with_preset


@pytest.mark.parametrize(("values", "named"), [
    ({"max_steps": "abc"}, "max_steps: Input should be a valid integer"),
    ({"max_steps": -5}, "max_steps: Input should be greater than or equal to 1"),
    ({"policy": "random"}, "policy: Input should be 'warp' or 'plan-then-write'"),
    ({"nonsense": 1}, "nonsense: unknown setting"),
    ({"temperature": 9}, "temperature: Input should be less than or equal to 2"),
])
def test_bad_settings_are_named(values, named):
    with pytest.raises(SettingsError, match="invalid settings") as info:
        make_context(**values)
    assert named in str(info.value)


def test_replace_and_presets_are_validated_too():
    with pytest.raises(ValidationError):
        dataclasses.replace(Context(), max_tries=0)
    quick = with_preset(Context(), "quick")
    assert quick.max_steps == 32 and quick.context_chars == 0


def test_a_bad_environment_default_is_named_not_ignored(monkeypatch):
    monkeypatch.setenv("WARP_MAX_STEPS", "lots")
    with pytest.raises(SettingsError, match="max_steps"):
        make_context()
    monkeypatch.setenv("WARP_MAX_STEPS", "30")
    assert make_context().max_steps == 30


async def test_the_graph_refuses_an_unknown_setting_by_name_before_any_model_call(solar_search):
    # In-process (Python, langgraph_sdk's embedded use): the context dict becomes a Context, so a
    # misspelt setting is refused by name. (A LangGraph server drops unknown keys before the graph
    # sees them: README, "LangGraph server and Studio".)
    from tests.support.scripted import ScriptedChatModel
    from warp_report import build_graph
    from warp_report.memory.evidence import KeywordMemory

    model = ScriptedChatModel(replies=[])
    graph = build_graph(model=model, search=solar_search, memory=KeywordMemory())
    with pytest.raises(ValidationError, match="max_step\\b") as info:
        await graph.ainvoke({"question": "How do solar panels work?"}, context={"protocol": "tagged", "max_step": 5})
    assert "nexpected keyword argument" in str(info.value)
    assert model.calls == []
