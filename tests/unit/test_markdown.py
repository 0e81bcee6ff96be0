"""The final Markdown report: headings, renumbered citations, references, partial reports."""

from __future__ import annotations

import re

import pytest

from warp_report.output.escape import inert_html
from warp_report.output.html import report_html
from warp_report.output.markdown import Renumberer, reference_line, render_report
from warp_report.state.citations import Registry
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit


def registry(n: int = 9) -> Registry:
    hits = []
    for i in range(1, n + 1):
        source = f"https://example.org/page-{i}" if i % 2 else f"/docs/file-{i}.md"
        hits.append(Hit(text=f"passage number {i}", source=source, title=f"Title {i}"))
    reg, ids = Registry().register(hits)
    assert ids == [str(i) for i in range(1, n + 1)]
    return reg


def report(*sections: Node, title: str = "Solar Report") -> Outline:
    return Outline(title=title, sections=list(sections))


def test_citations_renumbered_by_first_use_across_sections() -> None:
    outline = report(
        Node(title="First", plan="p", content="Cells work [7]. Also [3]."),
        Node(title="Second", plan="p", content="Again [3] and [7], new [5]."),
    )
    out = render_report(outline, registry(), question="q")
    assert "Cells work [1]. Also [2]." in out.markdown
    assert "Again [2] and [1], new [3]." in out.markdown
    assert out.cited == {1: "7", 2: "3", 3: "5"}
    assert not out.partial
    assert out.problems == []


def test_multi_citation_marker_is_expanded() -> None:
    out = render_report(report(Node(title="A", plan="p", content="Fact [3, 5]. Other [5，9].")), registry(), question="q")
    assert "Fact [1][2]. Other [2][3]." in out.markdown


def test_unknown_ids_are_dropped() -> None:
    out = render_report(report(Node(title="A", plan="p", content="Fact [42]. Mixed [4, 99].")), registry(), question="q")
    assert "[42]" not in out.markdown and "[99]" not in out.markdown
    assert "Fact . Mixed [1]." in out.markdown
    assert out.cited == {1: "4"}


def test_renumberer_keeps_state_across_calls() -> None:
    renumber = Renumberer(registry())
    assert renumber("a [8]") == "a [1]"
    assert renumber("b [2][8]") == "b [2][1]"
    assert renumber.numbers == {"8": 1, "2": 2}


def test_numbered_headings() -> None:
    outline = report(
        Node(
            title="Cells",
            plan="p",
            content="text [1]",
            subsections=[
                Node(title="Silicon", plan="p", content="text [1]",
                     subsections=[Node(title="Mono", plan="p", content="text [1]")]),
                Node(title="Thin film", plan="p", content="text [1]"),
            ],
        ),
        Node(title="Inverters", plan="p", content="text [1]"),
    )
    md = render_report(outline, registry(), question="q").markdown
    assert md.startswith("# Solar Report\n")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Solar Report",
        "## 1 Cells",
        "### 1.1 Silicon",
        "#### 1.1.1 Mono",
        "### 1.2 Thin film",
        "## 2 Inverters",
        "## References",
    ]


def test_references_list_from_registry() -> None:
    outline = report(Node(title="A", plan="p", content="Web [3], file [2], web again [3]."))
    out = render_report(outline, registry(), question="q")
    refs = out.markdown.split("## References\n", 1)[1]
    lines = [line.strip() for line in refs.strip().splitlines()]
    assert lines == [
        "[1] Title 3. <https://example.org/page-3>",
        "[2] Title 2. `/docs/file-2.md`",
    ]
    # the references come after the body
    assert out.markdown.index("## References") > out.markdown.index("Web [1]")


def test_reference_without_title_shows_source() -> None:
    assert reference_line(4, "  ", "http://x.org/a") == "[4] http://x.org/a. <http://x.org/a>"
    assert reference_line(1, "", "/data/a.pdf") == "[1] /data/a.pdf. `/data/a.pdf`"


def test_no_citations_means_no_references() -> None:
    out = render_report(report(Node(title="A", plan="p", content="No sources here [77].")), registry(), question="q")
    assert "*No sources were cited.*" in out.markdown
    assert out.cited == {}


def test_internal_ids_removed_from_output() -> None:
    outline = report(
        Node(title="A", plan="p", content="As shown in section-2.1, cells work [1] (section-3)."),
        Node(title="B", plan="p", content="See section-1 for more [2]."),
    )
    md = render_report(outline, registry(), question="q").markdown
    assert not re.search(r"section-\d", md)
    assert "cells work [1]" in md


def test_unwritten_and_failed_nodes_are_labelled_and_report_partial() -> None:
    outline = report(
        Node(title="Written", plan="p", content="Done [1]."),
        Node(title="Broken", plan="p", failed=True),
        Node(title="Later", plan="p"),
    )
    out = render_report(outline, registry(), question="q")
    assert out.partial
    assert out.problems == [
        "2 Broken: the model gave no valid text for it",
        "3 Later: the step budget ran out before it",
    ]
    md = out.markdown
    assert "> **Incomplete report.**" in md
    assert "Section 2 Broken: the model gave no valid text for it." in md
    assert "*This part was not written: the model gave no valid text for it.*" in md
    assert "*This part was not written: the step budget ran out before it.*" in md
    # the note sits between the title and the first section
    assert md.index("Incomplete report") < md.index("## 1 Written")


def test_an_extension_subsection_the_model_could_not_write_is_left_out_and_said_so() -> None:
    outline = report(
        Node(title="Written", plan="p", content="Done [1].", subsections=[
            Node(title="Deeper", plan="p", content="More [1].", added_in_extension=1),
            Node(title="Unfillable", plan="p", failed=True, added_in_extension=1),
        ]),
        Node(title="Planned", plan="p", content="Also done [1].", subsections=[
            Node(title="Planned detail", plan="p", failed=True),  # planned, not added: still a gap
        ]),
    )
    out = render_report(outline, registry(), question="q")
    assert "## 1.2 Unfillable" not in out.markdown and "### 1.1 Deeper" in out.markdown
    assert "*Left out: Unfillable (subsections the run added" in out.markdown
    assert out.partial and out.problems == ["2.1 Planned detail: the model gave no valid text for it"]
    without_gap = render_report(report(outline.sections[0]), registry(), question="q")
    assert not without_gap.partial and "Incomplete" not in without_gap.markdown


def test_complete_report_has_no_incomplete_note() -> None:
    out = render_report(report(Node(title="A", plan="p", content="Done [1].")), registry(), question="q")
    assert "Incomplete report" not in out.markdown
    assert "not written" not in out.markdown
    assert not out.partial


def test_unwritten_extension_under_written_parent_is_pruned() -> None:
    outline = report(
        Node(
            title="Cells",
            plan="p",
            content="Parent text [1].",
            subsections=[
                Node(title="Silicon", plan="p", content="Child text [2].", added_in_extension=1),
                Node(title="Perovskite", plan="p", added_in_extension=1),
            ],
        ),
    )
    out = render_report(outline, registry(), question="q")
    assert not out.partial
    assert "Perovskite" not in out.markdown
    assert "### 1.1 Silicon" in out.markdown
    assert "Incomplete report" not in out.markdown


def test_unwritten_subsection_under_unwritten_parent_is_labelled() -> None:
    outline = report(
        Node(title="Cells", plan="p", subsections=[Node(title="Silicon", plan="p", added_in_extension=1)]),
    )
    out = render_report(outline, registry(), question="q")
    assert out.partial
    assert "### 1.1 Silicon" in out.markdown
    assert len(out.problems) == 2


def test_no_outline_gives_report_not_written() -> None:
    out = render_report(None, registry(), question="How do solar panels work?", notes=["budget spent", "bad plan"])
    assert out.partial
    assert out.markdown.startswith("# Report not written\n")
    assert "Question: How do solar panels work?" in out.markdown
    assert "budget spent; bad plan" in out.markdown
    assert out.problems == ["budget spent; bad plan"]
    assert out.cited == {}


def test_no_outline_without_notes_has_default_reason() -> None:
    out = render_report(None, Registry(), question="q")
    assert "no valid outline" in out.markdown


def test_internal_ids_in_titles_removed_from_output() -> None:
    # Nothing upstream rejects ids in titles (InitPlanAction/ExtendPlanAction check only text language).
    outline = report(
        Node(title="section-1: Background", plan="p", content="Text [1]."),
        Node(title="Costs (section-2.1)", plan="p", content="Text [2]."),
    )
    md = render_report(outline, registry(), question="q").markdown
    assert not re.search(r"section-\d", md)


def test_passages_of_one_file_are_told_apart_in_the_references() -> None:
    hits = [Hit(text=f"Chunk {i} of the storage document, long enough.", source="/docs/storage.md", title="Storage",
                metadata={"chunk": i, "n_chunks": 3}) for i in range(2)]
    hits.append(Hit(text="A page of a PDF.", source="/docs/a.pdf", title="A", metadata={"page": 4}))
    registry, ids = Registry().register(hits)
    outline = Outline(title="T", sections=[Node(title="S", plan="p", content=f"Text [{ids[0]}][{ids[1]}][{ids[2]}].")])
    refs = render_report(outline, registry, question="q").markdown.split("## References")[1]
    assert "[1] Storage (passage 1 of 3). `/docs/storage.md`" in refs
    assert "[2] Storage (passage 2 of 3)." in refs
    assert "[3] A (p. 4). `/docs/a.pdf`" in refs


@pytest.mark.parametrize(("written", "expected"), [
    ("Panels <img src=x onerror=alert(1)> work [1].", "Panels &lt;img src=x onerror=alert(1)> work [1]."),
    ("<script>alert(1)</script> and <!-- a comment", "&lt;script>alert(1)&lt;/script> and &lt;!-- a comment"),
    ("Escaped \\<b>bold</b>.", "Escaped &lt;b>bold&lt;/b>."),  # some renderers keep "\" and pass the tag on
    ("Code `<b>x</b>` stays, ``a ` <i>`` too.", "Code `<b>x</b>` stays, ``a ` <i>`` too."),
    ("```\n<div>shown</div>\n```\n\n    <p>indented</p>", "```\n<div>shown</div>\n```\n\n    <p>indented</p>"),
    ("See <https://ex.org/a?b=1>, 3 < 4 and x<5; *em* [2][3].", "See <https://ex.org/a?b=1>, 3 < 4 and x<5; *em* [2][3]."),
    ("<javascript:alert(1)> `open\n\n<img src=x> close`", "&lt;javascript:alert(1)> `open\n\n&lt;img src=x> close`"),
    # a heading ends a would-be code span: read otherwise than the scan, so every "<" becomes text
    ("# T `a <b>\n<img src=x> `", "# T `a &lt;b>\n&lt;img src=x> `"),
])
def test_inert_html_shows_tags_as_text_and_keeps_markdown(written, expected):
    assert inert_html(written) == expected


def test_a_name_in_code_in_a_title_stays_code() -> None:
    """A Chinese title names its command in a code span; escaped, the backticks showed as text."""
    outline = Outline(title="关于 `git reflog` 的记录", sections=[
        Node(title="如何用 `git reflog` 找回提交", plan="p", content="文本 [1]。"),
        Node(title="Costs `x <b>` and * stars", plan="p", content="Text [2]."),
    ])
    md = render_report(outline, registry(), question="q").markdown
    assert md.startswith("# 关于 `git reflog` 的记录\n")
    assert "## 1 如何用 `git reflog` 找回提交\n" in md
    # Outside a span, Markdown syntax is still escaped; inside, a tag is code, not HTML.
    assert "## 2 Costs `x <b>` and \\* stars\n" in md
    html = report_html(md)
    assert "<code>git reflog</code>" in html and "<b>" not in html.replace("&lt;b&gt;", "")


def test_an_underline_in_model_text_makes_no_heading() -> None:
    """"Text\\r=" (a lone carriage return ends a line) made the part's paragraph a heading."""
    from markdown_it import MarkdownIt

    outline = Outline(title="T", sections=[Node(title="S", plan="p", content="Claim [1]. \r=\n\nMore [2].\n---")])
    md = render_report(outline, registry(), question="q").markdown
    kinds = [(t.type, t.tag) for t in MarkdownIt("commonmark").parse(md) if t.type == "heading_open"]
    assert kinds == [("heading_open", "h1"), ("heading_open", "h2"), ("heading_open", "h2")]  # title, S, References
    assert "\r" not in md
