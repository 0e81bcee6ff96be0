"""Each sentence cited to the shown passage it was written from (protocol/attribution.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pydantic import ValidationError

from warp_report import Context
from warp_report.nodes.write_request import write_request
from warp_report.protocol.actions import ActionContext, WriteAction
from warp_report.protocol.attribution import UNBACKED_PARAGRAPH, UNBACKED_TAIL, attribute
from warp_report.state.citations import Registry
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

SHOWN = {
    "1": "How cells work\nA photovoltaic cell is a thin wafer of crystalline silicon doped to form a p-n junction "
         "whose electric field separates the charges that absorbed photons free.",
    "2": "Inverters\nAn inverter converts the direct current from the modules into alternating current "
         "for the home and the grid, and tracks the maximum power point.",
    "3": "History\nThe first practical silicon solar cell was built at Bell Labs in 1954 and converted "
         "about six percent of sunlight into electricity.",
}
CELL = "A photovoltaic cell is a thin silicon wafer doped to form a p-n junction."
INVERTER = "The inverter converts the direct current from the modules into alternating current for the home."
HISTORY = "The first practical silicon solar cell was built at Bell Labs in 1954."


def test_each_sentence_is_cited_to_the_passage_it_came_from() -> None:
    # The model put the same three ids under the paragraph; each sentence has one source.
    out = attribute(f"{CELL} {INVERTER} {HISTORY} [1][2][3]", SHOWN)
    assert out == f"{CELL} [1] {INVERTER} [2] {HISTORY} [3]"


def test_a_run_of_sentences_from_one_passage_is_cited_once() -> None:
    more = "Its electric field separates the charges that absorbed photons free."
    assert attribute(f"{CELL} {more} {INVERTER} [2]", SHOWN) == f"{CELL} {more} [1] {INVERTER} [2]"


def test_the_models_choice_stands_unless_another_passage_backs_the_sentence_clearly_better() -> None:
    shown = {**SHOWN, "4": SHOWN["1"].replace("How cells work", "Cells again")}
    # Passages 1 and 4 back the sentence equally: the model cited 4, so 4 it stays.
    assert attribute(f"{CELL} [4]", shown) == f"{CELL} [4]"
    # The model cited the history passage for a sentence about inverters: moved.
    assert attribute(f"{INVERTER} [3]", shown) == f"{INVERTER} [2]"


def test_a_sentence_no_passage_backs_gets_no_mark_and_an_unbacked_paragraph_keeps_the_models() -> None:
    vague = "Many people find this topic very interesting for various practical reasons today."
    assert attribute(f"{vague} {CELL} [1][2]", SHOWN) == f"{vague} {CELL} [1]"
    assert attribute(f"{vague} [1][2]", SHOWN) == f"{vague} [1][2]"


def test_an_unbacked_paragraph_is_dropped_where_another_is_backed() -> None:
    """README's first report: "To the sunlight that hits the silicon, storage and costs are critical
    for solar energy production. [9][10][11]", a paragraph no passage says, beside backed ones."""
    vague = "Many people find this topic very interesting for various practical reasons today."
    dropped: list[tuple[str, str]] = []
    assert attribute(f"{vague} [1][2]\n\n{CELL} [1]", SHOWN, dropped) == f"{CELL} [1]"
    assert dropped == [(vague, UNBACKED_PARAGRAPH)]
    # Alone, or beside a paragraph of sentences too short to tell, it is all the part has: kept.
    assert attribute(f"{vague} [1][2]\n\nIt is common. [3]", SHOWN) == f"{vague} [1][2]\n\nIt is common. [3]"
    # Beside a paragraph with the model's marks inside it, it goes.
    assert attribute(f"{vague} [2]\n\n{CELL} [1] {HISTORY} [3]", SHOWN) == f"{CELL} [1] {HISTORY} [3]"


def test_unbacked_sentences_after_the_last_backed_one_are_dropped() -> None:
    """README's first report: "... by the rated power. [1] For example, solar panels are often used
    in energy storage systems ..." stood after the mark, as if cited, and no passage says it."""
    vague = "Many people find this topic very interesting for various practical reasons today."
    dropped: list[str] = []
    out = attribute(f"{CELL} {INVERTER} {vague} It is common. [1][2]\n\n{HISTORY} [3]", SHOWN, dropped)
    assert out == f"{CELL} [1] {INVERTER} [2]\n\n{HISTORY} [3]"
    assert dropped == [(vague, UNBACKED_TAIL), ("It is common.", UNBACKED_TAIL)]
    # Too short to tell where it came from, a last remark stays.
    assert attribute(f"{CELL} It is common. [1]", SHOWN) == f"{CELL} [1] It is common."


def test_write_action_names_the_dropped_tail() -> None:
    # Every word from some shown passage (so the repair keeps it), but no passage holds half of them.
    vague = "The inverter tracks the junction of the Bell Labs wafer."
    ctx = ActionContext(shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()), attribute_to=SHOWN)
    action = WriteAction.model_validate({"content": f"{CELL} {INVERTER} {vague} [1][2]\n\n{HISTORY} [3]"},
                                        context=ctx)
    assert vague not in action.content
    assert (vague, UNBACKED_TAIL) in action._dropped


def test_a_part_the_drops_cut_short_is_asked_for_again() -> None:
    """node-cluster (stop 41): attribution's drops ran after the "cut down too far" gate, and a
    168-character part was kept; now it is refused like one the sentence repair cut down."""
    vague = "The inverter tracks the junction of the Bell Labs wafer."
    ctx = ActionContext(shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()), attribute_to=SHOWN)
    with pytest.raises(ValidationError, match="none of them says .The inverter tracks the junction"):
        WriteAction.model_validate({"content": f"{CELL} {INVERTER} {vague} [1][2]"}, context=ctx)
    # On the last try the bar is half as high: the short part is kept, without the sentence.
    last = replace(ctx, last_try=True)
    assert WriteAction.model_validate({"content": f"{CELL} {INVERTER} {vague} [1][2]"},
                                      context=last).content == f"{CELL} [1] {INVERTER} [2]"


def test_paragraphs_with_marks_inside_are_left_as_written() -> None:
    text = f"{CELL} [3] {INVERTER} [1]\n\n{HISTORY} [1]"
    assert attribute(text, SHOWN) == f"{CELL} [3] {INVERTER} [1]\n\n{HISTORY} [3]"


def test_write_action_attributes_only_when_asked() -> None:
    content = f"{CELL} {INVERTER} {HISTORY} [1][2][3]"
    ctx = ActionContext(shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()))
    kept = WriteAction.model_validate({"content": content}, context=ctx)
    assert kept.content.endswith("[1][2][3]")  # the trained model's citations are its own
    moved = WriteAction.model_validate({"content": content}, context=ActionContext(
        shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()), attribute_to=SHOWN))
    assert moved.content == f"{CELL} [1] {INVERTER} [2] {HISTORY} [3]"
    assert moved.citations == ["1", "2", "3"]


def test_a_sentence_no_shown_passage_says_is_dropped_where_words_can_tell() -> None:
    filler = "This will help prevent data loss and improve the performance of your application."
    content = f"{CELL} {filler} {INVERTER} {HISTORY} [1][2]"
    ctx = ActionContext(query="How do solar panels work?", shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()),
                        attribute_to=SHOWN)
    assert WriteAction.model_validate({"content": content}, context=ctx).content == \
        f"{CELL} [1] {INVERTER} [2] {HISTORY} [3]"
    # A part made of nothing the passages say is asked again, and told why.
    with pytest.raises(ValidationError, match="none of them says"):
        WriteAction.model_validate({"content": f"{filler} Education is a critical component of any school. [1]"},
                                   context=ctx)
    # The trained model's parts, and a Chinese part over English passages, are left as written.
    trained = ActionContext(query="How do solar panels work?", shown_ids=frozenset(SHOWN), passages=tuple(SHOWN.values()))
    assert filler in WriteAction.model_validate({"content": content}, context=trained).content


def test_an_untrained_models_sentence_holding_too_little_of_any_one_passage_sentence_goes() -> None:
    # README's first command, stop 56: "Storage tanks are designed to store and transport solar panels
    # efficiently." in a subsection, from a passage on home batteries ("stores", "storage").
    storage = {"1": "Storage and costs\nSolar power is produced only while the sun shines, so many households pair "
                    "panels with a battery. Lithium-ion batteries dominate home storage; a typical home battery stores "
                    "between 5 and 15 kilowatt-hours, enough to carry evening demand after a sunny day. Batteries "
                    "raise the share of solar electricity a household uses itself instead of exporting it to the "
                    "grid.\n\nThe cost of solar modules fell by roughly 90 percent during the 2010s as manufacturing "
                    "scaled up, and panels are now often a minority of the price of a residential system."}
    battery = "Lithium-ion batteries dominate home storage, and a typical home battery stores 5 to 15 kilowatt-hours."
    tanks = "Storage tanks are designed to store and transport solar panels efficiently."
    text = {"content": f"{battery} {tanks} [1]"}
    ctx = ActionContext(shown_ids=frozenset(storage), passages=tuple(storage.values()), attribute_to=storage,
                        query="How do solar panels turn sunlight into electricity?", node_title="Storage and costs",
                        last_try=True)
    # The whole passage holds a third of its words: without the one-sentence bar it stays.
    assert tanks in WriteAction.model_validate(text, context=ctx).content
    action = WriteAction.model_validate(text, context=replace(ctx, one_source=True))
    assert tanks not in action.content and battery in action.content

    # The embedded model's write requests (the structured protocol) ask for it; a server's tagged ones do not.
    registry, ids = Registry().register([Hit(text=storage["1"], source="/docs/storage.md", title="Storage and costs")])
    state = WarpState(question="How do solar panels work?", registry=registry,
                      outline=Outline(title="T", sections=[Node(title="Storage and costs", plan="p")]))
    asked = write_request(Context(protocol="structured"), state, "section-1", ids, [], "", words=100)
    assert asked.ctx.one_source and not asked.ctx.on_part
    assert not write_request(Context(protocol="tagged"), state, "section-1", ids, [], "", words=100).ctx.one_source
    longer = write_request(Context(protocol="structured"), state, "section-1", ids, [], "", words=100, node="lengthen")
    assert longer.ctx.one_source and longer.ctx.on_part
