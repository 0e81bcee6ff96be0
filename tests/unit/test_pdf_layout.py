"""A PDF's pages read as prose (corpus/pdf.py), on PDFs typeset here and read back by PDFium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.pdf import Text, build_pdf
from warp_report.corpus.files import _Skip
from warp_report.corpus.pdf import Line, pages_as_text, read_pdf
from warp_report.corpus.readers import chunk_document, read_document

WIDTH = 420.0  # a justified line runs from x=72 to x=492
LEFT = 72.0


def body(y: float, text: str, full: bool = True, x: float = LEFT) -> Text:
    return Text(x, y, text, width=WIDTH - (x - LEFT) if full else None)


def book() -> list[list[Text]]:
    """Five pages of a manual: a contents page, running heads with page numbers, a heading in
    larger type, a paragraph that runs on to the next page, a word hyphenated at a line end."""
    contents = [
        Text(LEFT, 720, "Table of Contents", size=14),
        Text(LEFT, 690, "1 Shell Basics . . . . . . . . . . . . . . . 1"),
        Text(LEFT, 675, "1.1 Expansion Order . . . . . . . . . . . . 1"),
        Text(LEFT, 660, "1.2 Word Splitting . . . . . . . . . . . . 2"),
        Text(LEFT, 645, "1.3 Redirections . . . . . . . . . . . . . 3"),
    ]
    p1 = [
        Text(LEFT, 750, "Chapter 1: Shell Basics 1"),
        Text(LEFT, 710, "1.1 Expansion Order", size=13),
        body(690, "The shell performs its seven expres-"),
        body(678, "sions in a fixed order, from left to"),
        body(666, "right, before it runs a command.", full=False),
        body(646, "Brace expansion comes first and is"),
        body(634, "followed by tilde expansion. The"),
        body(622, "zero-padding of a sequence keeps"),
        body(610, "every term the same width, so the"),
    ]
    p2 = [
        Text(LEFT, 750, "Chapter 1: Shell Basics 2"),
        body(730, "result of one expansion is what the"),
        body(718, "next one reads.", full=False),
        Text(LEFT, 690, "1.2 Word Splitting", size=13),
        body(670, "Unquoted results are split into words"),
        body(658, "at the characters of IFS, and zero-"),
        body(646, "padding is never undone by it.", full=False),
    ]
    p3 = [
        Text(LEFT, 750, "Chapter 1: Shell Basics 3"),
        body(730, "Redirections are processed in the"),
        body(718, "order in which they appear.", full=False),
        body(698, "For example:", full=False),
        Text(LEFT + 30, 680, "ls > dirlist 2>&1"),
        Text(LEFT + 30, 668, "ls 2>&1 > dirlist"),
        body(648, "The two lines differ in what reaches"),
        body(636, "the file.", full=False),
        Text(LEFT, 710, "1.3 Redirections", size=13),
    ]
    p4 = [
        Text(LEFT, 750, "Chapter 1: Shell Basics 4"),
        body(730, "The last page says that a shell is a"),
        body(718, "program.", full=False),
    ]
    return [contents, p1, p2, p3, p4]


@pytest.fixture(scope="module")
def book_pages() -> list[tuple[int, str, list[str]]]:
    _, pages = read_pdf(build_pdf(book()))
    return pages_as_text(pages)


def test_a_running_head_and_the_contents_page_are_not_text(book_pages):
    text = "\n".join(t for _, t, _ in book_pages)
    assert "Chapter 1: Shell Basics" not in text
    assert ". . ." not in text and "Table of Contents" not in text
    assert [p for p, _, _ in book_pages][0] == 2  # the contents page gives nothing


def test_a_paragraph_is_one_line_and_runs_on_to_the_next_page(book_pages):
    first = dict((p, t) for p, t, _ in book_pages)[2]
    # A sentence cut by the page's foot stays whole on the page it started on.
    assert "so the result of one expansion is what the next one reads." in first
    paragraphs = first.split("\n\n")
    assert any(p.startswith("Expansion Order\nThe shell performs its seven expressions in a fixed order") for p in paragraphs)
    assert "Brace expansion comes first and is followed by tilde expansion." in first


def test_a_word_broken_at_a_line_end_is_joined_unless_the_document_spells_it_with_a_hyphen(book_pages):
    text = "\n".join(t for _, t, _ in book_pages)
    assert "expressions" in text and "expres-" not in text
    assert "zero-padding is never undone" in text  # "zero-padding" appears whole elsewhere


def test_headings_come_from_larger_type_without_their_numbers(book_pages):
    headings = {p: h for p, _, h in book_pages}
    assert headings[2] == ["Expansion Order"]
    assert headings[3] == ["Word Splitting"]


def test_example_lines_stay_lines_and_short_paragraphs_stay_apart(book_pages):
    page = dict((p, t) for p, t, _ in book_pages)[4]
    assert "ls > dirlist 2>&1\nls 2>&1 > dirlist" in page
    assert "Redirections are processed in the order in which they appear.\n\nFor example:" in page


def test_a_heading_at_a_pages_foot_heads_the_next_pages_text(book_pages):
    by_page = {p: (t, h) for p, t, h in book_pages}
    assert by_page[5][1] == ["Redirections"]
    assert by_page[5][0].startswith("Redirections\nThe last page says")
    assert not by_page[4][0].rstrip().endswith("Redirections")


def test_a_man_page_label_heads_its_deeper_indented_text():
    """A man page sets section names at the left, text at 108 and a term's definition deeper; a
    page of nothing but definitions has no full line at 108 and still is not all headings."""
    intro = [Text(LEFT, 740, "DESCRIPTION")] + [
        body(725 - 12 * i, f"Bash is a command language interpreter, line {i}", x=108) for i in range(5)]
    page = [
        Text(LEFT, 740, "Shell Variables"),
        body(725, "The following variables are set:", x=108, full=False),
        Text(108, 710, "BASHOPTS"),
        body(698, "A colon-separated list of enabled shell", x=144),
        body(686, "options, read when the shell starts.", x=144, full=False),
        Text(108, 671, "BASHPID"),
        body(659, "Expands to the process ID of the", x=144),
        body(647, "current bash process; it differs", x=144),
        body(635, "from $$ in subshells.", x=144),
        Text(108, 620, "BASH_ALIASES"),
        body(608, "An associative array of the aliases.", x=144, full=False),
    ]
    _, pages = read_pdf(build_pdf([intro, page]))
    [_, (_, text, headings)] = pages_as_text(pages)
    assert headings == ["Shell Variables"]  # set out to the left of the body
    assert "BASHOPTS: A colon-separated list of enabled shell options, read when the shell starts." in text
    # The definition's last line reaches the margin, yet the next term is not run into it.
    assert "from $$ in subshells.\n\nBASH_ALIASES: An associative array" in text


def test_without_geometry_lines_run_on_until_a_sentence_ends():
    pages = [[Line("Bash reads ~/.bashrc when an"), Line("interactive shell starts."), Line("A login shell reads /etc/profile.")]]
    [(_, text, _)] = pages_as_text(pages)
    assert text == "Bash reads ~/.bashrc when an interactive shell starts.\n\nA login shell reads /etc/profile."


def test_a_cover_in_large_type_titles_a_pdf_without_a_metadata_title(tmp_path: Path):
    cover = [Text(LEFT, 600, "Bash Reference Manual", size=24), body(500, "Edition 5.2", full=False)]
    rest = [body(700 - 12 * i, f"Line {i} of the manual text runs on and on") for i in range(6)]
    data = build_pdf([cover, rest])
    doc = read_document(tmp_path / "bashref.pdf", data)
    assert doc.title == "Bash Reference Manual"
    named = read_document(tmp_path / "bashref.pdf", build_pdf([cover, rest], title="The Manual"))
    assert named.title == "The Manual"


def test_chunks_carry_their_page_and_the_heading_they_sit_under(tmp_path: Path):
    doc = read_document(tmp_path / "book.pdf", build_pdf(book()))
    chunks = chunk_document(doc)
    by_text = {text: meta for text, meta in chunks}
    last = next(meta for text, meta in by_text.items() if "The last page says" in text)
    assert last["page"] == 5 and last["section"] == "Redirections"
    splitting = next(meta for text, meta in by_text.items() if "Unquoted results" in text)
    assert splitting["page"] == 3 and splitting["section"] == "Word Splitting"
    # Page 4 opens under no heading of its own: its text sits under page 3's.
    redirect = next(meta for text, meta in by_text.items() if "processed in the order" in text)
    assert redirect["page"] == 4 and redirect["section"] == "Word Splitting"


def test_broken_and_encrypted_pdfs_are_skipped_with_a_reason():
    with pytest.raises(_Skip, match=r"PDF could not be parsed \(Data format error\)"):
        read_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n")
    with pytest.raises(_Skip, match="not a PDF file"):
        read_pdf(b"this is not a pdf")


def test_letters_set_apart_get_a_space_and_letters_that_touch_lose_a_made_up_one():
    from warp_report.corpus.pdf import _spaced

    def boxes(text: str, gaps: dict[int, float]) -> list[tuple[float, float, float, float]]:
        out, x = [], 100.0
        for k, _ in enumerate(text):
            x += gaps.get(k, 0.0)
            out.append((x, 0.0, x + 5.0, 10.0))
            x += 5.0
        return out

    # groff's justified line: "d" and "a" 3 points apart with no space between them.
    assert _spaced("invokedas", boxes("invokedas", {7: 3.0}), 10.0) == "invoked as"
    # A space PDFium put between two letters whose advance boxes touch.
    assert _spaced("neg ative", boxes("neg ative", {3: -5.0}), 10.0) == "negative"
    # Letters that touch stay one word, a real space stays, a box PDFium lacks decides nothing.
    assert _spaced("ill jij", boxes("ill jij", {3: 0.0}), 10.0) == "ill jij"
    assert _spaced("ab", [None, (200.0, 0.0, 205.0, 10.0)], 10.0) == "ab"


def test_a_man_pages_minus_signs_tilde_and_caret_are_typed_characters():
    pages = [[Line("\u2212\u2212login reads \u02dc/.bash_profile; type \u02c6Z to stop a job.")]]
    [(_, text, _)] = pages_as_text(pages)
    assert text == "--login reads ~/.bash_profile; type ^Z to stop a job."


def test_a_printed_cross_reference_keeps_only_its_title():
    pages = [[Line("A shell parameter (see Section 3.4 [Shell"), Line("Parameters], page 21) is set.")]]
    [(_, text, _)] = pages_as_text(pages)
    assert text == "A shell parameter (see Shell Parameters) is set."


def test_a_man_page_without_a_title_is_named_by_its_name_section(tmp_path: Path):
    first = [Text(LEFT, 760, "LS(1) User Commands LS(1)"), Text(LEFT, 740, "NAME", size=11),
             Text(108, 728, "ls - list directory contents")] + [
        body(700 - 12 * i, f"List information about the files, line {i} of it", x=108) for i in range(4)]
    doc = read_document(tmp_path / "ls.pdf", build_pdf([first]))
    assert doc.title == "ls - list directory contents"


def test_ragged_right_lines_and_a_list_items_hanging_indent_run_on():
    """Text set ragged right (a word processor, LaTeX's \\raggedright) stops short of the margin on
    most lines; a line that stops mid-sentence goes on into one that starts in lower case."""
    page = [
        body(700, "Each application installs a single XML file named after the", full=False),
        body(688, "application into one of the packages directories, and then runs", full=False),
        body(676, "the update command.", full=False),
        body(656, "The files created by the update command are:", full=False),
        body(640, "- globs (contains a mapping from names of files to MIME types and", full=False),
        body(628, "their weights)", x=LEFT + 12, full=False),
        body(616, "- magic (contains a mapping from file contents to MIME types)", full=False),
        body(596, "A longer line of ordinary text that reaches the right margin here", full=True),
    ]
    _, pages = read_pdf(build_pdf([page]))
    [(_, text, _)] = pages_as_text(pages)
    assert ("Each application installs a single XML file named after the application into one of the "
            "packages directories, and then runs the update command.") in text
    assert "- globs (contains a mapping from names of files to MIME types and their weights)\n" in text
    assert "\n- magic (contains" in text


def test_in_justified_text_short_lines_in_lower_case_stay_lines():
    """An example set at the body's edge in a justified manual is not ragged prose run together."""
    page = [body(700 - 12 * i, f"Justified text fills every line to the margin, line {i}") for i in range(5)] + [
        body(630, "ends here.", full=False),
        body(610, "echo -n \"Enter the name of an animal: \" and wait", full=False),
        body(598, "read ANIMAL", full=False),
    ]
    _, pages = read_pdf(build_pdf([page]))
    [(_, text, _)] = pages_as_text(pages)
    assert "echo -n \"Enter the name of an animal: \" and wait\nread ANIMAL" in text


def test_a_cover_page_heads_nothing():
    cover = [Text(LEFT, 600, "Bash Reference Manual", size=24), Text(LEFT, 570, "Reference Documentation for Bash"),
             body(555, "Edition 5.2, for Bash Version 5.2, of the reference manual"), Text(LEFT, 540, "September 2022"),
             Text(LEFT, 400, "Chet Ramey, Case Western Reserve University", size=12)]
    rest = [Text(LEFT, 720, "Introduction", size=14)] + [body(700 - 12 * i, f"Line {i} of the manual runs on") for i in range(6)]
    _, pages = read_pdf(build_pdf([cover, rest]))
    out = pages_as_text(pages)
    # One paragraph: no line of it is left to look like a heading (a topic offered to the judge).
    assert out[0][2] == [] and "\n" not in out[0][1]
    assert out[0][1].startswith("Bash Reference Manual Reference Documentation for Bash") and "Chet Ramey" in out[0][1]
    assert out[1][2] == ["Introduction"]
