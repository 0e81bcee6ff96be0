"""Reading messy ``<thought>...</thought><action>...</action>`` replies of small models."""

from __future__ import annotations

import pytest

from warp_report.protocol.tagged import (
    ReplyFormatError,
    TaggedReply,
    parse_json_object,
    split_reply,
    strip_reasoning,
    unfence,
)

NOP = '{"name": "nop"}'
SEARCH = '{"name": "search", "keywords": ["solar cells"]}'


def action_of(text: str) -> dict:
    """What the protocol layer does for JSON actions."""
    return parse_json_object(split_reply(text).body)


def test_well_formed_reply() -> None:
    reply = split_reply(f"<thought>I need evidence.</thought><action>{SEARCH}</action>")
    assert reply == TaggedReply(thought="I need evidence.", body=SEARCH)


def test_tags_are_case_insensitive() -> None:
    reply = split_reply(f"<THOUGHT>t</THOUGHT><Action>{NOP}</Action>")
    assert (reply.thought, reply.body) == ("t", NOP)


def test_missing_closing_thought_tag() -> None:
    reply = split_reply(f"<thought>reasoning here\n<action>{NOP}</action>")
    assert reply.thought == "reasoning here"
    assert reply.body == NOP


def test_missing_closing_action_tag() -> None:
    reply = split_reply(f"<thought>t</thought>\n<action>{SEARCH}\n")
    assert reply.body == SEARCH


def test_missing_both_closing_tags() -> None:
    reply = split_reply(f"<thought>t<action>{NOP}")
    assert (reply.thought, reply.body) == ("t", NOP)


def test_extra_text_around_tags() -> None:
    text = f"Sure! Here is my answer:\n<thought>t</thought>\n<action>{SEARCH}</action>\nHope this helps."
    reply = split_reply(text)
    assert reply.body == SEARCH
    assert action_of(text) == {"name": "search", "keywords": ["solar cells"]}


@pytest.mark.parametrize("fence", ["```json", "```", "```JSON", "```json-action"])
def test_code_fence_inside_action(fence: str) -> None:
    reply = split_reply(f"<thought>t</thought><action>\n{fence}\n{SEARCH}\n```\n</action>")
    assert reply.body == SEARCH


def test_code_fence_without_tags() -> None:
    assert split_reply(f"```json\n{NOP}\n```").body == NOP


def test_unfence_leaves_unfenced_text_alone() -> None:
    assert unfence("plain ``` text") == "plain ``` text"
    assert unfence("```\nbody\n```") == "body"


def test_think_block_is_removed() -> None:
    text = f"<think>maybe <action>{SEARCH}</action>? no.</think>\n<thought>t</thought><action>{NOP}</action>"
    reply = split_reply(text)
    assert (reply.thought, reply.body) == ("t", NOP)


def test_several_think_blocks_are_removed() -> None:
    text = f"<think>a</think><thought>t</thought><THINK>b {SEARCH}</THINK><action>{NOP}</action>"
    assert split_reply(text).body == NOP


def test_unclosed_leading_think_block() -> None:
    # Chat templates often put the opening <think> in the prompt: the reply starts inside it.
    text = f"I should search first <action>{SEARCH}</action> or not.\n</think>\n<thought>t</thought><action>{NOP}</action>"
    reply = split_reply(text)
    assert (reply.thought, reply.body) == ("t", NOP)


def test_strip_reasoning() -> None:
    assert strip_reasoning("<think>x</think> answer ") == "answer"
    assert strip_reasoning("x\n</think>answer") == "answer"
    assert strip_reasoning("answer") == "answer"


@pytest.mark.parametrize("text", ["", "   \n", "<think>only reasoning</think>", "<action>  </action>", "<action>```json\n```</action>"])
def test_no_action_at_all_is_an_error(text: str) -> None:
    with pytest.raises(ReplyFormatError, match="no action"):
        split_reply(text)


def test_thought_only_reply_is_an_error() -> None:
    text = "<thought>I will search for solar panels next.</thought>"
    with pytest.raises(ReplyFormatError, match="no action"):
        split_reply(text)
    # JSON mentioned in the thought is reasoning, never the action.
    with pytest.raises(ReplyFormatError, match="no action"):
        action_of('<thought>maybe {"name": "nop"}</thought>')


def test_raw_write_body_without_action_tags() -> None:
    text = "<thought>Write about cells.</thought>\nSolar cells convert light to power [1].\n\nMore text [2]."
    reply = split_reply(text)
    assert reply.thought == "Write about cells."
    assert reply.body == "Solar cells convert light to power [1].\n\nMore text [2]."


def test_raw_write_body_without_any_tags() -> None:
    assert split_reply("Solar cells convert light [1].").body == "Solar cells convert light [1]."


def test_raw_write_body_in_code_fence() -> None:
    assert split_reply("```markdown\nSolar cells [1].\n```").body == "Solar cells [1]."


def test_write_body_inside_action_tags_keeps_markdown() -> None:
    body = "First paragraph [1].\n\n- a list item [2]\n- another"
    reply = split_reply(f"<thought>t</thought><action>\n{body}\n</action>")
    assert reply.body == body


def test_bare_json_without_tags() -> None:
    assert action_of(f"  {NOP}  ") == {"name": "nop"}


def test_json_after_thought_without_action_tags_ignores_json_in_the_thought() -> None:
    text = f'<thought>Not {NOP} yet; I need evidence first.</thought>\n{SEARCH}'
    assert split_reply(text).body == SEARCH
    assert action_of(text)["name"] == "search"


# --- parse_json_object --------------------------------------------------------------------


def test_parse_json_object_ignores_trailing_text() -> None:
    assert parse_json_object(f"{SEARCH}\nThat is my action. {{not json}}") == {
        "name": "search",
        "keywords": ["solar cells"],
    }


def test_parse_json_object_ignores_leading_text() -> None:
    assert parse_json_object(f"Action: {NOP}") == {"name": "nop"}


def test_parse_json_object_first_of_several() -> None:
    assert parse_json_object(f"{NOP} {SEARCH}") == {"name": "nop"}


def test_parse_json_object_invalid_json_message() -> None:
    with pytest.raises(ReplyFormatError, match=r"not valid JSON \(Expecting property name .* at character 16\)"):
        parse_json_object('{"name": "nop", }')


def test_parse_json_object_truncated_json() -> None:
    with pytest.raises(ReplyFormatError, match="not valid JSON"):
        parse_json_object('{"name": "search", "keywords": ["a"')


@pytest.mark.parametrize("text", ["", "nop", "[1, 2]", '"name"'])
def test_parse_json_object_without_object(text: str) -> None:
    with pytest.raises(ReplyFormatError, match=r"must be a JSON object like \{\"name\""):
        parse_json_object(text)


def test_reply_format_error_is_a_value_error() -> None:
    assert issubclass(ReplyFormatError, ValueError)
