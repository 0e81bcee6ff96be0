"""Each chunk knows the section it sits under, and the judge's topics use it."""

from __future__ import annotations

from pathlib import Path

from warp_report.corpus.readers import chunk_document, read_document
from warp_report.corpus.sections import heading_offsets, raw_headings, section_at
from warp_report.nodes.uncovered import topic_of
from warp_report.state.passage import Hit

RST = """venv -- Creation of virtual environments
=========================================

The venv module supports creating lightweight virtual environments. {body}

How venvs work
--------------

When a Python interpreter is running from a virtual environment, sys.prefix points to it. {body}

API
---

.. class:: EnvBuilder(system_site_packages=False)

   The EnvBuilder class accepts keyword arguments on instantiation. {body}
"""


def test_headings_are_read_from_markdown_and_rest() -> None:
    assert raw_headings("# Write-Ahead Logging\ntext\n## 2.1. Checkpointing ##\nmore\n#hashtag", "markdown") == \
        ["Write-Ahead Logging", "2.1. Checkpointing"]
    assert raw_headings(RST, "rst") == ["venv -- Creation of virtual environments", "How venvs work", "API"]
    assert raw_headings("=====\nTitle\n=====\n\nx\n\n----", "rst") == ["Title"]  # overlined; a lone rule is none
    assert raw_headings("# not a heading in plain text", "text") == []


def test_a_chunk_gets_the_last_heading_at_or_before_its_start() -> None:
    cleaned = "Intro text.\nHow venvs work\nPrefix text.\nAPI\nClass text."
    offsets = heading_offsets(["Missing heading", "How venvs work", "API"], cleaned)
    assert offsets == [(12, "How venvs work"), (40, "API")]
    assert [section_at(offsets, s) for s in (0, 11, 20, 40, 45)] == ["", "How venvs work", "How venvs work", "API", "API"]


def test_chunks_of_a_rest_page_carry_their_section(tmp_path: Path) -> None:
    body = "It has sentences of its own that fill the chunk with enough words to split. " * 12
    path = tmp_path / "library-venv.rst"
    path.write_text(RST.format(body=body), encoding="utf-8")
    chunks = chunk_document(read_document(path, path.read_bytes()))
    sections = [meta.get("section") for _, meta in chunks]
    assert "How venvs work" in sections and sections[-1] == "API"
    assert sections.index("How venvs work") < sections.index("API")
    text = next(t for t, m in chunks if m.get("section") == "How venvs work" and not t.startswith("How venvs work"))
    # A chunk inside a section, not starting at its heading: its topic is the section's name.
    hit = Hit(text=text, source=str(path), title="venv -- Creation of virtual environments",
              metadata={"section": "How venvs work"})
    assert topic_of(hit, cited_titles={hit.title}) == "How venvs work"
    assert topic_of(hit.model_copy(update={"metadata": {}}), cited_titles={hit.title}) == ""


def test_a_generic_section_name_is_no_topic() -> None:
    text = "The EnvBuilder class accepts keyword arguments on instantiation."
    for generic in ("API", "Introduction", "Overview", "结论"):
        hit = Hit(text=text, source="/d/venv.rst", title="venv", metadata={"section": generic})
        assert topic_of(hit, cited_titles={"venv"}) == ""
        assert topic_of(Hit(text=f"{generic}\n{text}", source="/d/venv.rst", title="venv"), cited_titles={"venv"}) == ""
    named = Hit(text=text, source="/d/venv.rst", title="venv", metadata={"section": "Creating virtual environments"})
    assert topic_of(named, cited_titles={"venv"}) == "Creating virtual environments"


def test_a_link_title_after_see_also_is_no_topic() -> None:
    text = ("See also\nPython Packaging User Guide: Creating and using virtual environments\n\n"
            "Creating Virtual Environments\nCreation of virtual environments is done by executing the command venv.")
    assert topic_of(Hit(text=text, source="/d/venv.rst", title="venv")) == "Creating Virtual Environments"


def test_an_html_section_heading_with_a_permalink_names_its_chunks_and_a_note_title_does_not(tmp_path: Path) -> None:
    body = "<p>" + "The listener thread hands each connection to a worker thread when data arrives. " * 14 + "</p>"
    page = (f'<html><head><title>event</title></head><body><h1>Apache MPM event</h1>{body}'
            f'<h2 id="how">How it Works <a class="permalink" href="#how">&para;</a></h2>{body}'
            f'<div class="note"><h3>Note:</h3><p>Keep-alive sockets wait in the listener.</p></div>{body}</body></html>')
    path = tmp_path / "event.html"
    path.write_text(page, encoding="utf-8")
    sections = [meta.get("section") for _, meta in chunk_document(read_document(path, path.read_bytes()))]
    assert "How it Works" in sections and sections[-1] == "How it Works"
    assert "Note:" not in sections


def test_an_indented_line_is_code_and_no_topic() -> None:
    # ap-htaccess and node-modules, stop 60: a config line and require()'s pseudocode became subsections.
    text = ("The use of .htaccess files can be disabled completely by setting the AllowOverride directive to none:\n\n"
            "    AllowOverride None\n\nHow directives are applied\nThe configuration directives found in a .htaccess "
            "file are applied to the directory in which the .htaccess file is found.")
    hit = Hit(text=text, source="/d/htaccess.html", title="Apache HTTP Server Tutorial: .htaccess files")
    assert topic_of(hit, cited_titles={hit.title}) == ""
    # Its section, where ingest knew it, names it.
    sectioned = hit.model_copy(update={"metadata": {"section": "How directives are applied"}})
    assert topic_of(sectioned, cited_titles={hit.title}) == "How directives are applied"
    pseudo = "require(X) from module at path Y\n1. If X is a core module,\n   a. return the core module\n   b. STOP\n"
    assert topic_of(Hit(text=pseudo, source="/d/modules.md", title="Modules"), cited_titles={"Modules"}) == ""
