"""A report with few parts asks more of each part, so that a quick report still reaches its length."""

from __future__ import annotations

from dataclasses import replace

from warp_report.context import make_context, with_preset
from warp_report.nodes.common import part_words, shape_for
from warp_report.protocol.schemas import write_reply_schema
from warp_report.state.outline import Node, Outline


def outline(parts: int, subsections: int = 0) -> Outline:
    nodes = [Node(title=f"Part {i}", plan="p") for i in range(parts)]
    nodes[0].subsections = [Node(title=f"Sub {i}", plan="p") for i in range(subsections)]
    return Outline(title="T", sections=nodes)


def test_few_parts_get_longer_and_many_keep_the_preset_length() -> None:
    quick = with_preset(make_context(), "quick")
    assert part_words(quick, outline(3)) == 200  # 600 words over 3 parts
    assert part_words(quick, outline(4, subsections=3)) == quick.words_per_section  # 7 parts: 150 each
    plain = make_context(words_per_section=300)
    assert part_words(plain, outline(3)) == 300  # report_words off by default


def test_a_longer_part_needs_more_paragraphs_in_the_reply_schema() -> None:
    quick = with_preset(make_context(), "quick")
    long, short = shape_for(quick, "q?", words=200), shape_for(quick, "q?")
    assert (long.min_paragraphs, short.min_paragraphs) == (3, 2)
    assert long.paragraph_chars[0] > short.paragraph_chars[0]
    # A CJK part's third of the characters is already more text: no longer paragraphs there.
    assert shape_for(quick, "为什么浮点数有误差？", words=200).paragraph_chars == short.paragraph_chars
    schema = write_reply_schema(["1", "2"], paragraphs=4, shape=long).model_json_schema()
    assert schema["properties"]["paragraphs"]["minItems"] == 3


def test_an_extensions_subsection_gets_a_try_more_only_while_the_parts_after_it_keep_their_steps() -> None:
    from warp_report.nodes.write_section import write_tries

    quick = replace(with_preset(make_context(), "quick"), max_steps=24)  # 2 tries
    planned = outline(3)
    planned.sections[0].subsections = [Node(title=f"Sub {i}", plan="p", added_in_extension=1) for i in range(3)]
    assert write_tries(quick, planned, "section-1", steps_done=20) == 3  # a planned part always
    # section-1.1 with 1.2, 1.3, 2 and 3 after it unwritten: 3 tries and 4 x 2 steps.
    assert write_tries(quick, planned, "section-1.1", steps_done=13) == 3
    assert write_tries(quick, planned, "section-1.1", steps_done=14) == 2
    # Fewer steps than its tries and the others' search and try: its retries go first, one try stays.
    assert write_tries(quick, planned, "section-1.1", steps_done=15) == 1
    assert write_tries(quick, planned, "section-1.1", steps_done=20) == 1
    # The last part: only its own tries count.
    written = planned.with_node("section-2", content="x [1]").with_node("section-3", content="y [1]")
    written = written.with_node("section-1.1", content="z [1]").with_node("section-1.2", failed=True)
    assert write_tries(quick, written, "section-1.3", steps_done=21) == 3
    assert write_tries(quick, written, "section-1.3", steps_done=22) == 2
