"""Passage cleaning: markup out at ingest, sentence-end cuts when shown, near-duplicates dropped.

The snippets imitate what real documentation sources contain (Sphinx reST with roles and
directives, Sphinx HTML with pilcrows and navigation, Markdown with HTML leftovers, Chinese
text wrapped at line ends); the wording is our own.
"""

from __future__ import annotations

import re
from pathlib import Path

from warp_report.corpus.clean import clean_text, clean_title, main_html
from warp_report.corpus.passages import cut_at_sentence, is_heading_like, keep_distinct, merge_heading_chunks
from warp_report.corpus.readers import chunk_document, html_to_text, read_document
from warp_report.prompts.views import evidence_view
from warp_report.state.citations import Registry
from warp_report.state.passage import Hit

RST = """\
:mod:`!workers` --- Running jobs in parallel
============================================

.. module:: workers
   :synopsis: Run jobs on a pool of processes.

.. currentmodule:: workers

.. index:: single: pool; of workers

.. _workers-intro:

**Source code:** :source:`Lib/workers.py`

--------------

The :mod:`workers` module starts jobs with :func:`spawn` and collects them with
:meth:`.Pool.join`; see :class:`~workers.pool.Pool` and the :term:`global interpreter
lock <GIL>` notes in :pep:`703`.  Use ``max_jobs=4`` to bound the pool [#]_.

.. This comment is for editors only and never shown.

.. |release| replace:: 2.1

Pool objects
------------

.. function:: spawn(target, *args)

   Start *target* in a new process and return its :class:`Job`.

   .. versionchanged:: 3.9
      The *args* are now passed by keyword too.

   .. note::

      A job that raises keeps its exception in :attr:`Job.error`.

.. toctree::
   :maxdepth: 2

   workers-howto
   workers-api

Example::

    job = spawn(work, 1)
    job.wait()
"""


def test_rst_roles_keep_their_text_and_lose_the_markup() -> None:
    out = clean_text(RST, "rst")
    assert "The workers module starts jobs with spawn and collects them with Pool.join;" in out  # one line (stop 60)
    assert "see Pool and the global interpreter lock notes in PEP 703." in out
    assert "Use max_jobs=4 to bound the pool." in out  # literal kept, footnote reference gone
    assert "Start target in a new process and return its Job." in out
    assert not re.search(r":\w+:`|`|\*\*|\[#\]", out)


def test_rst_directives_labels_and_comments_are_not_text() -> None:
    out = clean_text(RST, "rst")
    for gone in ("..", "currentmodule", "synopsis", "pool; of workers", "workers-intro",
                 "editors only", "replace::", "maxdepth", "workers-howto", "::", "-----", "===="):
        assert gone not in out, gone
    # A directive's content stays, labelled the way Sphinx shows it.
    assert "Changed in version 3.9: The args are now passed by keyword too." in out
    assert "Note\nA job that raises keeps its exception in Job.error." in out
    # Headings and signatures keep their own line, glued to the text they head.
    assert out.startswith("workers — Running jobs in parallel\nSource code: Lib/workers.py\n\n")
    assert "\n\nPool objects\nspawn(target, *args)\nStart target" in out
    assert "Example:\n\n    job = spawn(work, 1)\n    job.wait()" in out  # code lines stay as they were


def test_rst_title_is_cleaned() -> None:
    assert clean_title(":mod:`!workers` --- Running jobs in parallel", "rst") == "workers — Running jobs in parallel"


SPHINX_PAGE = """\
<!DOCTYPE html><html><head><title>workers — Running jobs — Docs 2.1</title></head><body>
<div class="related" role="navigation"><h3>Navigation</h3><ul><li><a href="genindex.html">index</a></li>
<li><a href="next.html">next</a> |</li></ul></div>
<div class="document"><div class="body" role="main">
<section id="workers"><h1><code class="xref">workers</code> — Running jobs<a class="headerlink" href="#workers">¶</a></h1>
<div class="contents topic" id="contents"><p class="topic-title">Contents</p><ul class="simple">
<li><p><a class="reference internal" href="#workers">workers</a></p></li></ul></div>
<p>The pool starts one process per CPU &amp; reuses them.</p>
<details><summary>TODO 1: Click to show/hide answer</summary><div class="literal-block-wrapper docutils container">
<div class="code-block-caption"><span class="caption-text">TODO 1: pool.conf</span><a class="headerlink" href="#x">¶</a></div>
<pre>workers = 4</pre></div></details>
<dl class="py function"><dt class="sig" id="workers.spawn"><span>workers.</span><span>spawn</span>(<em>target</em>)<a class="headerlink" href="#workers.spawn">¶</a></dt>
<dd><p>Start <em>target</em> in a new process.</p>
<div class="admonition note"><p class="admonition-title">Note</p><p>Jobs that raise keep the exception.</p></div></dd></dl>
</section></div></div>
<div class="sphinxsidebar" role="navigation"><h3>This Page</h3><ul><li>Show Source</li></ul></div>
<div class="footer">&copy; Copyright 2026. Created using Sphinx.</div></body></html>
"""


def test_sphinx_html_loses_pilcrows_navigation_and_footer() -> None:
    title, markdown = html_to_text(SPHINX_PAGE)
    out = clean_text(markdown, "html")
    assert title == "workers — Running jobs"  # the site's name after the page's own title goes
    assert "¶" not in out and "#" not in out
    for chrome in ("Navigation", "index", "This Page", "Show Source", "Copyright", "Sphinx", "Contents", "TODO"):
        assert chrome not in out, chrome
    assert out.startswith("workers — Running jobs\nThe pool starts one process per CPU & reuses them.")
    assert "workers.spawn(target)\nStart target in a new process." in out
    assert "Note\nJobs that raise keep the exception." in out


def test_main_html_keeps_the_whole_page_when_nothing_is_marked_main() -> None:
    page = "<html><body><div><p>Text</p><br/></div></body></html>"
    assert main_html(page) == page
    assert main_html("<html><body><nav>menu <nav>sub</nav></nav><p>Text</p></body></html>") == (
        "<html><body><p>Text</p></body></html>")
    unclosed = '<body><div class="toc"><p>Text</p></body>'
    assert main_html(unclosed) == unclosed  # an element never closed: nothing is cut
    doxygen = '<div class="contents"><p>Text</p></div>'
    assert main_html(doxygen) == doxygen  # Doxygen's main text is "contents" without "topic"
    assert main_html('<div><main id="m"><div><p>a</p></div><p>b</p></main><p>c</p></div>') == (
        '<div><p>a</p></div><p>b</p>'
    )


DOCBOOK_PAGE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>13.3. Explicit Locking</title></head>
<body id="docContent"><div class="navheader"><table summary="Navigation header"><tr><th colspan="5">13.3. Explicit
Locking</th></tr><tr><td><a accesskey="p" href="a.html">Prev</a> </td><td><a href="b.html">Up</a></td>
<th>Chapter 13. Concurrency Control</th><td><a href="index.html">Home</a></td><td><a href="c.html">Next</a></td>
</tr></table><hr /></div><div class="sect1" id="EXPLICIT-LOCKING"><div class="titlepage"><div><div><h2 class="title">
13.3. Explicit Locking</h2></div></div></div><div class="toc"><dl class="toc"><dt><span class="sect2">
<a href="#LOCKING-TABLES">13.3.1. Table-Level Locks</a></span></dt><dt><span class="sect2">
<a href="#LOCKING-ROWS">13.3.2. Row-Level Locks</a></span></dt></dl></div><p>Most commands take locks.</p>
<div class="sect2"><div class="titlepage"><div><div><h3 class="title">13.3.1. Table-Level Locks</h3></div></div>
</div><p>Two transactions cannot hold conflicting locks.</p></div></div><div class="navfooter"><hr /><table
summary="Navigation footer"><tr><td><a href="a.html">Prev</a> </td><td><a href="b.html">Up</a></td><td>
<a href="c.html">Next</a></td></tr><tr><td>13.2. Transaction Isolation </td><td><a href="index.html">Home</a>
</td><td> 13.4. Data Consistency Checks</td></tr></table></div></body></html>
"""


def test_docbook_html_loses_navigation_bars_contents_and_section_numbers() -> None:
    title, markdown = html_to_text(DOCBOOK_PAGE)
    out = clean_text(markdown, "html")
    assert clean_title(title, "html") == "Explicit Locking"
    for chrome in ("Prev", "Home", "Next", "Chapter 13", "Row-Level Locks", "Transaction Isolation", "13."):
        assert chrome not in out, chrome
    assert out == (
        "Explicit Locking\nMost commands take locks.\n\nTable-Level Locks\nTwo transactions cannot hold conflicting locks.")
    assert clean_title("3.12 What's new") == "3.12 What's new"  # a version, not a section number


def test_markdown_with_html_leftovers() -> None:
    md = (
        "Setup guide\n===========\n\n<div align=\"center\"><img src=\"logo.png\"/></div>\n\n"
        "## Install &amp; run ##\n\nRun `pip install warp` and read the [manual](https://x.org/m)"
        "<br/>first.&nbsp;It takes **two** minutes ![badge](b.svg).\n<!-- TODO: screenshots -->\n\n"
        "| option | default |\n|---|---|\n| seed | 0 |\n\n```python\n# not a heading\nx = 1\n```\n\n"
        "[manual]: https://x.org/m\n"
    )
    out = clean_text(md, "markdown")
    assert out.startswith("Setup guide\nInstall & run\nRun pip install warp and read the manual first.")
    assert "first. It takes two minutes.\n\n| option | default |\n| seed | 0 |" in out
    for gone in ("<", ">", "&amp;", "&nbsp;", "**", "`", "![", "](", "TODO", "|---", "```", "===", "##"):
        assert gone not in out, gone
    assert "# not a heading\nx = 1" in out  # code inside a fence is left as written


CHINESE = """\
# 长城的修建

长城是古代修建的防御工程，总长度超过两万公里。最早的城墙出现在春秋
战国时期，各国为了防御邻国而筑墙。

秦统一以后，北方的城墙被连接起来。今天看到的砖石长城大多是明代修建的。
"""


def test_chinese_lines_join_without_spaces_and_cut_at_chinese_sentence_ends() -> None:
    out = clean_text(CHINESE, "markdown")
    assert out.startswith("长城的修建\n长城是古代修建的防御工程")
    assert "出现在春秋战国时期" in out  # the wrapped line is joined without a space or newline
    cut = cut_at_sentence(out.replace("\n", " "), 60)
    assert cut.endswith("各国为了防御邻国而筑墙。")
    assert len(cut) <= 60 and "..." not in cut


def test_cut_at_sentence_ends_at_a_sentence_not_mid_word() -> None:
    text = (
        "The pool starts one process per CPU, e.g. four on a laptop. Each job runs in its own "
        "process, so a crash does not stop the others. Results come back in the order the jobs "
        "finish, not the order they were started."
    )
    cut = cut_at_sentence(text, 150)
    assert cut == "The pool starts one process per CPU, e.g. four on a laptop. Each job runs in its own process, so a crash does not stop the others."
    assert cut_at_sentence(text, 1000) == text
    # No sentence end far enough in: a word boundary, trailing comma trimmed, no marker.
    long = "Jobs are retried with a growing delay, up to the limit set in the configuration file and then dropped"
    cut = cut_at_sentence(long, 45)
    assert cut == "Jobs are retried with a growing delay, up to"
    assert "..." not in cut and long.startswith(cut)


def test_evidence_view_shows_whole_sentences_without_cut_marks() -> None:
    text = "Magma rises because it is less dense than rock. " * 3 + "Then " + "ash " * 100
    reg, ids = Registry().register([Hit(text=text, source="/d/v.md", title="Volcanoes")])
    view = evidence_view(reg, ids, max_chars=120)
    assert view.endswith('less dense than rock. Magma rises because it is less dense than rock."""')
    assert "..." not in view


def test_heading_only_chunks_join_the_text_they_head() -> None:
    chunks = [
        ("Intro text ends here.\n\nPool objects", {"n": 0}),
        ("Pool objects\nA pool holds worker processes.", {"n": 1}),
        ("Threads", {"n": 2}),
        ("Threads share memory, processes do not.", {"n": 3}),
        ("Footnotes", {"n": 4}),
    ]
    assert merge_heading_chunks(chunks) == [
        ("Intro text ends here.", {"n": 0}),
        ("Pool objects\nA pool holds worker processes.", {"n": 1}),
        ("Threads\nThreads share memory, processes do not.", {"n": 2}),
    ]
    assert merge_heading_chunks([("Only a title", None)]) == []
    assert is_heading_like("Pool objects\nspawn(target, *args)")
    for not_heading in ("A pool holds workers.", "There is one module:\n\n* workers", "    job.wait()"):
        assert not is_heading_like(not_heading)


def test_ingested_rst_has_no_heading_only_or_markup_chunks(tmp_path: Path) -> None:
    path = tmp_path / "workers.rst"
    path.write_text(RST + "\n".join(f"\nSection {n}\n{'-' * 9}\n\n" + "Some words here. " * 12 for n in range(4)))
    doc = read_document(path, path.read_bytes())
    assert doc.title == "workers — Running jobs in parallel"
    chunks = [text for text, _ in chunk_document(doc, chunk_size=240, chunk_overlap=40)]
    assert len(chunks) >= 6
    assert not [c for c in chunks if is_heading_like(c)]
    assert not [c for c in chunks if re.search(r"^\.\. |:\w+:`|^-{4,}$|^={4,}$", c, re.M)]


def test_ingested_markdown_keeps_headings_with_their_long_paragraphs(tmp_path: Path) -> None:
    # Markdown paragraphs are often one long line: the splitter puts a heading in a chunk of its
    # own when the paragraph after it is longer than a chunk.
    path = tmp_path / "guide.md"
    path.write_text("# Guide\n\n" + "".join(f"## Step {n}\n\n" + "Run the job and wait. " * 15 + "\n\n" for n in range(3)))
    chunks = [text for text, _ in chunk_document(read_document(path, path.read_bytes()), chunk_size=200, chunk_overlap=0)]
    assert len(chunks) >= 6 and not [c for c in chunks if is_heading_like(c)]
    assert chunks[0].startswith("Guide\nStep 0\nRun the job")
    assert [n for n in range(3) if any(c.startswith(f"Step {n}\nRun") for c in chunks)] == [1, 2]
    assert "#" not in "".join(chunks)


def test_near_duplicates_are_dropped_distinct_passages_kept() -> None:
    # One page as ingested from reST and from HTML: other line breaks, other markup, other
    # chunk boundaries.
    rst = clean_text(RST, "rst")
    html = clean_text(html_to_text(
        "<main><h1>Pool objects</h1><p>spawn(target, *args)</p><p>Start <em>target</em> in a new "
        "process and return its <code>Job</code>.</p><p>Changed in version 3.9: The args are now "
        "passed by keyword too.</p><p>Note</p><p>A job that raises keeps its exception in "
        "Job.error.</p></main>")[1], "html")
    other = "Threads share the memory of their process; processes each have their own memory and start more slowly."
    assert keep_distinct([rst, other, html]) == [0, 1]
    assert keep_distinct([html, other]) == [0, 1]
    # A passage made of the end of one kept passage and the start of another is not new either.
    a = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi."
    b = "Rho sigma tau upsilon phi chi psi omega one two three four five six seven eight."
    straddle = " ".join(a.split()[8:] + b.split()[:8])
    assert keep_distinct([a, b, straddle]) == [0, 1]
    # Chinese: character shingles, so a reflowed copy is caught and another text is not.
    zh = clean_text(CHINESE, "markdown")
    assert keep_distinct([zh, zh.replace("\n", "").replace("，", ", "), "黄河是中国第二长的河流，流经九个省区。"]) == [0, 2]


class _Search:
    """The same page found twice (as HTML and as reST) plus one other passage."""

    name = "fake"

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits

    async def search(self, query: str, k: int) -> list[Hit]:
        return self.hits[:k]


class _Memory:
    async def add(self, run_id: str, passages: list[object]) -> None:
        pass

    async def relevant(self, run_id: str, query: str, k: int) -> list[str]:
        return []


async def test_a_step_is_not_shown_the_same_page_twice() -> None:
    from warp_report.context import Context
    from warp_report.nodes.evidence import gather
    from warp_report.nodes.services import Services
    from warp_report.state.state import WarpState

    page = clean_text(RST, "rst")
    hits = [
        Hit(text=page, source="/docs/workers.rst", title="workers"),
        Hit(text=page.replace("\n", " ").replace(";", ","), source="/docs/workers.html", title="workers"),
        Hit(text="Threads share memory; processes each have their own.", source="/docs/t.md", title="Threads"),
    ]
    services = Services(search=_Search(hits), memory=_Memory())
    found = await gather(services, Context(), WarpState(question="q"), ["workers"], limit=5)
    assert len(found.registry.passages) == 3  # all registered ...
    assert [found.registry.passages[i].source for i in found.ids] == ["/docs/workers.rst", "/docs/t.md"]  # ... one shown


def test_page_footer_stamps_are_not_text() -> None:
    page = "# WAL\n\nWAL is a journal mode.\n\nThis page last modified on 2018-11-26 12:01:01 UTC\n\nLast updated: 2024-01-02\n"
    assert clean_text(page, "markdown") == "WAL\nWAL is a journal mode."
    man = "GIT\nPart of the git(1) suite\n\nLast updated 2024-05-31 00:35:55 UTC\n\nThe reflog records updates."
    assert clean_text(man, "text").split() == ["GIT", "The", "reflog", "records", "updates."]
    # A sentence about modification times is the subject, not a stamp.
    assert "last modified" in clean_text("The file's last modified time is kept.", "text")


APACHE_PAGE = """<!DOCTYPE html SYSTEM "about:legacy-compat">
<html lang="en"><head><title>Log Files - Apache HTTP Server Version 2.4</title></head>
<body id="manual-page"><div id="page-header">
<p class="menu"><a href="mod/index.html">Modules</a> | <a href="glossary.html">Glossary</a> | <a href="sitemap.html">Sitemap</a></p>
<p class="apache">Apache HTTP Server Version 2.4</p></div>
<div id="path"><a href="https://www.apache.org/">Apache</a> &gt; <a href="https://httpd.apache.org/">HTTP Server</a> &gt; <a href="./">Version 2.4</a></div>
<div id="page-content"><div id="preamble"><h1>Log Files</h1>
<div class="toplang"><p><span>Available Languages: </span><a href="../en/logs.html">&nbsp;en&nbsp;</a> |
<a href="../fr/logs.html" hreflang="fr">&nbsp;fr&nbsp;</a></p></div>
<p>In order to manage a web server, see <a href="a.html">mod_log_config</a>, <a href="b.html">mod_logio</a> and <a href="c.html">rotatelogs</a> first.</p>
</div><div id="quickview"><h3>Topics</h3><ul id="toc"><li><a href="#errorlog">Error Log</a></li></ul>
<h3>See also</h3><ul class="seealso"><li><a href="#comments_section">Comments</a></li><li><a href="x.html">Other</a></li></ul></div>
<div class="section"><h2 id="errorlog">Error Log <a title="Permanent link" href="#errorlog" class="permalink">&para;</a></h2>
<table class="related"><tr><th>Related Modules</th></tr><tr><td><ul><li><code><a href="core.html">core</a></code></li></ul></td></tr></table>
<p>The server error log is the most important log file.</p>
<div class="note"><h3>Note:</h3><p>It is set by the ErrorLog directive.</p></div>
<table class="directive"><tr><th>Syntax:</th><td>ErrorLog file-path</td></tr></table>
<p>It records diagnostic information.</p></div>
<div class="bottomlang"><p><span>Available Languages: </span><a href="../en/logs.html">en</a> | <a href="../fr/logs.html">fr</a></p></div>
<div id="footer"><p class="apache">Copyright 2026 The Apache Software Foundation.</p></div></div></body></html>
"""


def test_apache_manual_page_loses_menus_language_bars_and_footer_but_keeps_its_text() -> None:
    title, markdown = html_to_text(APACHE_PAGE)
    out = clean_text(markdown, "html")
    assert title == "Log Files"  # not "Log Files - Apache HTTP Server Version 2.4"
    for chrome in ("Modules", "Glossary", "HTTP Server >", "Available Languages", "Topics", "See also",
                   "Comments", "Related Modules", "Copyright", "¶", "|"):
        assert chrome not in out, chrome
    # A sentence with links in it is text, not a menu.
    assert "see mod_log_config, mod_logio and rotatelogs first." in out
    assert "Error Log\nThe server error log is the most important log file." in out
    assert "Syntax: ErrorLog file-path" in out  # a label row reads as "label: value"


def test_a_heading_that_heads_nothing_goes() -> None:
    out = clean_text("# Guide\n\n## Topics\n\n## Install\n\nRun it.\n\n## Code\n\n```\nx = 1\n```\n\n## End\n", "markdown")
    assert out == "Guide\nInstall\nRun it.\n\nCode\nx = 1"


def test_markdown_underscore_emphasis_goes_and_names_with_underscores_stay() -> None:
    # Node.js's API reference (stop 29): "requests that the event loop _not_ exit" reached passages as is.
    out = clean_text("Requests that the loop _not_ exit; adds it to the __beginning__ of the array.\n\n"
                     "Set max_old_space_size and `__init__`, or the _default_ host.", "markdown")
    assert "Requests that the loop not exit; adds it to the beginning of the array." in out
    assert "max_old_space_size" in out and "__init__" in out and "the default host" in out
    # HTML pages keep theirs: html2text writes no emphasis, so "_default_" there is a name (Apache's vhost).
    assert "the _default_ vhost" in clean_text("Unless there is a _default_ vhost.", "html").replace("a ", "the ")


def test_the_same_example_in_a_second_dialect_right_after_the_first_goes() -> None:
    # Node.js's pages show each example twice, as ES module and as CommonJS: half a passage of code
    # the model gets twice, and no new fact.
    page = ("Listeners run in order.\n\n```mjs\nimport { EventEmitter } from 'node:events';\n"
            "const ee = new EventEmitter();\nee.on('foo', () => console.log('a'));\nee.emit('foo');\n```\n\n"
            "```cjs\nconst EventEmitter = require('node:events');\nconst ee = new EventEmitter();\n"
            "ee.on('foo', () => console.log('a'));\nee.emit('foo');\n```\n\nThe next paragraph.\n")
    out = clean_text(page, "markdown")
    assert "import { EventEmitter } from 'node:events';" in out
    assert "require('node:events')" not in out and out.count("ee.emit('foo');") == 1
    assert "The next paragraph." in out
    # Two different examples stay, and so does the same language twice (a before and an after).
    other = page.split("```cjs")[0] + "```cjs\nconst fs = require('node:fs');\nfs.readFileSync('notes.txt');\n```\n"
    assert "require('node:fs')" in clean_text(other, "markdown")
    same = page.replace("```cjs", "```mjs")
    assert clean_text(same, "markdown").count("ee.emit('foo');") == 2


def test_a_markdown_api_pages_typed_parameter_list_and_stability_banner_read_as_words() -> None:
    # Node.js's API reference (stop 29): "* `eventName` {string|symbol} The event name" and "> Stability:
    # 2 - Stable" reached reports as "*eventName {string|symbol} The event name" and a heading.
    page = ("## `emitter.listenerCount(eventName)`\n\n> Stability: 2 - Stable\n\n"
            "* `eventName` {string|symbol} The name of the event being listened for\n"
            "* `options` {Object}\n  * `timeout` {number} **Default:** `0`\n"
            "* Returns: {integer}\n* Returns: {Immediate} a reference to `immediate`\n\n"
            "> Stability: 0 - Deprecated: Use `emitter.listenerCount()` instead.\n\n"
            "Returns the number of listeners.\n")
    out = clean_text(page, "markdown")
    assert "{" not in out and "Stability" not in out and "Stable" not in out
    assert "eventName: The name of the event being listened for" in out
    assert "timeout: Default: 0" in out and "options" not in out
    assert "Returns: a reference to immediate" in out and "integer" not in out
    assert "Deprecated: Use emitter.listenerCount() instead." in out
    # A property's type alone under its heading, and a class's parent (node-modules, node-cluster).
    prop = clean_text("### `module.id`\n\n* {string}\n\nThe identifier for the module.\n\n"
                      "## Class: `Worker`\n\n* Extends: {EventEmitter}\n\n* {boolean} Whether the module is loaded.\n",
                      "markdown")
    assert "{" not in prop and "Extends" not in prop and "Whether the module is loaded." in prop
    # Braces in a list item that types nothing stay: an object literal, a set.
    kept = clean_text("* `opts` is `{ a: 1 }` here\n* the set {1, 2} has two members\n", "markdown")
    assert "{ a: 1 }" in kept and "{1, 2}" in kept


def test_escaped_marks_are_unescaped_in_every_markup() -> None:
    # html2text escapes underscores and stars ("mod\_proxy"); the review of stop 29 found the
    # unescaping briefly limited to Markdown.
    for fmt in ("html", "markdown", "rst"):
        assert "mod_proxy_balancer and 2*3" in clean_text("mod\\_proxy\\_balancer and 2\\*3", fmt), fmt


def test_a_list_of_linked_names_the_text_announces_is_content_not_a_menu() -> None:
    page = """<html><body><div role="main">
<p>The primary commands that use usage requirements are:</p>
<ul><li><p><a href="a.html">target_compile_definitions()</a></p></li>
<li><p><a href="b.html">target_include_directories()</a></p></li></ul>
<p>Each command sets a property.</p>
<ul><li>Kinds (see <a href="k.html">kinds</a>)<ul><li><a href="c.html"><code>add_library()</code></a></li>
<li><a href="d.html"><code>add_executable()</code></a></li></ul></li></ul>
<h3>Helpful Resources</h3><ul><li><a href="g.html"><code>cmake_minimum_required()</code></a></li>
<li><a href="h.html"><code>project()</code></a></li></ul>
<p>More reading.</p>
<ul><li><a href="e.html">Tutorial</a></li><li><a href="f.html">Guides</a></li></ul>
</div></body></html>"""
    out = clean_text(html_to_text(page)[1], "html")
    assert "target_compile_definitions()" in out and "target_include_directories()" in out  # after "are:"
    assert "add_library()" in out and "add_executable()" in out  # a sublist of names set as code
    assert "cmake_minimum_required()" not in out and "project()" not in out  # names under a heading
    assert "Tutorial" not in out and "Guides" not in out  # a bare list of links is still a menu
    long = "".join(f'<li><a href="p{i}.html">ANDROID_PROP_{i}</a></li>' for i in range(12))
    index = f'<html><body><div role="main"><p>The following properties are set:</p><ul>{long}</ul></div></body></html>'
    assert "ANDROID_PROP_3" not in clean_text(html_to_text(index)[1], "html")  # an announced index of names goes


TEXINFO_PAGE = """<!DOCTYPE html>
<html><!-- Created by GNU Texinfo 6.8, https://www.gnu.org/software/texinfo/ -->
<head><title>Bison Bridge (Lexical Analysis With Flex, for Flex 2.6.4)</title>
<meta name="Generator" content="makeinfo"></head>
<body lang="en"><div class="section" id="Bison-Bridge">
<div class="header"><p>
Next: <a href="M4-Dependency.html" accesskey="n" rel="next">M4 Dependency</a>, Previous: <a href="Makefiles.html" accesskey="p" rel="prev">Makefiles and Flex</a>, Up: <a href="Appendices.html" accesskey="u" rel="up">Appendices</a> &nbsp; [<a href="index.html#SEC_Contents" title="Table of contents" rel="contents">Contents</a>][<a href="Indices.html" title="Index" rel="index">Index</a>]</p>
</div><hr>
<span id="Bison-Bridge-1"></span><h3 class="appendixsec">A.2 C Scanners with Bison Parsers</h3>
<span id="index-bison"></span>
<p>This section describes how to use <code>flex</code> with <code>GNU bison</code><a id="DOCF7" href="#FOOT7"><sup>7</sup></a>.
Anything between &lsquo;<samp>/*</samp>&rsquo; and &lsquo;<samp>*/</samp>&rsquo; is a comment.</p>
<h4 class="subsection">19.4.7 About yyscan_t</h4>
<p>It is initialized by <code>yylex_init()</code>; see <a href="Reentrant.html">Reentrant C Scanners</a> and <a href="Options.html">Scanner Options</a>.</p>
</div>
<div class="footnote"><hr><h4 class="footnotes-heading">Footnotes</h4>
<h5><a id="FOOT7" href="#DOCF7">(7)</a></h5>
<p>The features described here are purely optional.</p></div>
<hr><div class="header"><p>
Next: <a href="M4-Dependency.html" accesskey="n" rel="next">M4 Dependency</a>, Previous: <a href="Makefiles.html" accesskey="p" rel="prev">Makefiles and Flex</a>, Up: <a href="Appendices.html" accesskey="u" rel="up">Appendices</a></p>
</div></body></html>
"""


def test_texinfo_page_loses_its_navigation_section_numbers_and_note_marks() -> None:
    title, markdown = html_to_text(TEXINFO_PAGE)
    out = clean_text(markdown, "html")
    # The section's heading, not "Bison Bridge (Lexical Analysis With Flex, for Flex 2.6.4)".
    assert title == "C Scanners with Bison Parsers"
    for chrome in ("Next:", "Previous", "Up:", "M4 Dependency", "Contents", "Index", "A.2", "19.4.7", "(7)"):
        assert chrome not in out, chrome
    assert "with GNU bison." in out  # not "bison7."
    assert "between ‘/*’ and ‘*/’ is a comment." in out  # the text's own asterisks are not emphasis
    assert "C Scanners with Bison Parsers\nThis section" in out
    assert "About yyscan_t\nIt is initialized by yylex_init(); see Reentrant C Scanners and Scanner Options." in out
    assert "The features described here are purely optional." in out  # the note itself stays
    # Without Texinfo's generator mark a heading's leading number is the page's own ("3.12 What's new").
    plain = TEXINFO_PAGE.replace('<meta name="Generator" content="makeinfo">', "")
    assert "19.4.7 About yyscan_t" in clean_text(html_to_text(plain)[1], "html")


def test_docbook_footnote_marks_and_chapter_numbers_go() -> None:
    page = ('<html><head><title>Chapter 8. The Debian package management tools</title></head><body>'
            '<h2 class="title">Chapter 8. The Debian package management tools</h2>'
            '<p>It downloads the .deb archives<a href="#ftn.idm1412" class="footnote" id="idm1412">'
            '<sup class="footnote">[5]</sup></a> from the configured sources; see <a href="#s2">2</a>.</p>'
            '<div class="footnotes"><div id="ftn.idm1412" class="footnote"><p><a href="#idm1412" class="para">'
            '<sup class="para">[5] </sup></a> Notice that there are ports.</p></div></div></body></html>')
    title, markdown = html_to_text(page)
    out = clean_text(markdown, "html")
    assert clean_title(title, "html") == "The Debian package management tools"
    assert "[5]" not in out and "Chapter 8" not in out
    assert "It downloads the .deb archives from the configured sources; see 2." in out  # a plain link's number stays
    assert "Notice that there are ports." in out


def test_a_plain_text_table_of_contents_goes_and_the_text_stays() -> None:
    text = ("The Debian GNU/Linux FAQ\n\nTable of Contents\n\n1. Definitions and overview\n"
            "    1.1. What is this FAQ?\n    1.2. Why is it that testing could be broken for months?\n"
            "    Won't the fixes flow down?\n2. Getting Debian\n    2.1. aptitude\n3. Packages\n"
            "    3.1. aptitude\n\nChapter 1. Definitions and overview\n\n1.1. What is this FAQ?\n\n"
            "    This document gives frequently asked questions.\n\nContents\n\nThe package's contents are listed.")
    out = clean_text(text, "text")
    assert "Table of Contents" not in out and "Getting Debian" not in out and "Won't the fixes" not in out
    # The text's own first heading (the first entry again) and everything after it stay.
    assert out.endswith("Chapter 1. Definitions and overview\n\nWhat is this FAQ?\n\n"
                        "    This document gives frequently asked questions.\n\nContents\n\nThe package's contents are listed.")


def test_plain_text_links_read_once_and_whole() -> None:
    # The Debian FAQ's text (DocBook through a text browser): an address after the link's words, in
    # parentheses and wrapped at any "/", and footnote marks "^[7]".
    text = ("    Please see https://www.gnu.org/software/hurd (https://www.gnu.org\n    /software/hurd) for more, and\n"
            "    the Debian Social Contract (https://\n        www.debian.org/social_contract) , Debian will remain free.^[1]\n"
            "    A copy is at https://\n        www.debian.org/Bugs/Reporting (https://www.debian.org/Bugs/\n"
            "        Reporting) .\n    Visit https://www.debian.org/\n    for more about Debian GNU\n    /Hurd.\n"
            "    ^[1] The Linux Standard Base.")
    out = " ".join(clean_text("1.4. Does Debian just do GNU/Linux?\n\n1. Install it.\n" + text, "text").split())
    assert out == ("Does Debian just do GNU/Linux? 1. Install it. Please see https://www.gnu.org/software/hurd for more, and the Debian Social Contract, Debian will "
                   "remain free. A copy is at https://www.debian.org/Bugs/Reporting . Visit https://www.debian.org/ for "
                   "more about Debian GNU /Hurd. The Linux Standard Base.")


def test_a_pattern_in_an_html_page_is_not_read_as_a_markdown_link() -> None:
    # html2text writes no links (ignore_links), so "[A-Z][A-Z0-9]*" in a page is the page's own text:
    # read as a reference link it became "NAME A-Z*", and a report's heading.
    _, markdown = html_to_text('<html><body><pre class="verbatim">    NAME    [A-Z][A-Z0-9]*\n</pre>'
                               '<p>It is equivalent to &lsquo;foo[A-Z][A-Z0-9]*?&rsquo;.</p></body></html>')
    out = clean_text(markdown, "html")
    assert "NAME [A-Z][A-Z0-9]*" in out and "foo[A-Z][A-Z0-9]*?" in out
    assert clean_text("See [the guide](guide.md) and ![logo](x.png).", "markdown") == "See the guide and."


MKDOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Publishing - Sitebuilder</title></head>
<body><div class="navbar"><a class="navbar-brand" href="index.html">Sitebuilder</a>
<ul class="nav navbar-nav"><li><a href="index.html" class="nav-link">Home</a></li>
<li><a href="publishing.html" class="nav-link">Publishing</a></li></ul></div>
<div class="container"><div class="col-md-9" role="main">
<h1 id="publishing">Sitebuilder Publishing<a class="headerlink" href="#publishing" title="Permanent link">\uf0c1</a></h1>
<p>The publish command copies the built pages to a branch of the repository.</p>
<h2 id="hooks">Hooks<a class="headerlink" href="#hooks" title="Permanent link">\uf0c1</a></h2>
<p>Hooks run in this order:</p>
<svg width="200" height="80"><title>hooks</title><g class="node"><title>before_copy</title>
<text x="10" y="20">before_copy</text></g><g class="node"><text x="10" y="60">after_copy</text></g></svg>
<p>A hook that returns nothing leaves the page as it was.</p>
</div></div></body></html>
"""


def test_a_static_sites_page_loses_its_icon_glyphs_drawings_and_site_name() -> None:
    title, markdown = html_to_text(MKDOCS_PAGE)
    out = clean_text(markdown, "html")
    # "<title>Page - Site</title>" over an <h1> that names the site too: the heading, not "Publishing - Sitebuilder".
    assert title == "Sitebuilder Publishing"
    assert "\uf0c1" not in out and "\uf0c1" not in clean_title(title, "html")
    assert "before_copy" not in out and "after_copy" not in out  # the drawing's labels are no sentence
    assert "Hooks run in this order:\n\nA hook that returns nothing leaves the page as it was." in out
    assert "Home" not in out  # the navbar still goes


def test_page_title_drops_the_sites_name_in_either_order_and_case() -> None:
    from warp_report.corpus.readers import page_title

    assert page_title("Writing Your Docs - Sitebuilder", "Writing your docs\uf0c1") == "Writing your docs"
    assert page_title("event - Web Server Version 2.4", "Server MPM event") == "Server MPM event"
    assert page_title("Installation - Sitebuilder", "Sitebuilder Installation") == "Sitebuilder Installation"
    assert page_title("Built-in Functions — Python 3.11", "Built-in Functions¶") == "Built-in Functions"
    assert page_title("Tools - Overview", "Something else") == "Tools - Overview"  # nothing says which part is the site's


def test_redirect_stubs_and_error_pages_are_not_documents(tmp_path: Path) -> None:
    import pytest

    from warp_report.corpus.files import _Skip

    stub = tmp_path / "old.html"
    stub.write_text('<html><head><title>Redirecting...</title><meta http-equiv="refresh" content="0; url=../new/page.html">'
                    "</head><body>Redirecting...</body></html>")
    with pytest.raises(_Skip, match=r"a redirect to \.\./new/page\.html"):
        read_document(stub, stub.read_bytes())
    missing = tmp_path / "404.html"
    missing.write_text('<html><head><title>Sitebuilder</title></head><body><div role="main"><h1>404</h1>'
                       "<p><strong>Page not found</strong></p></div></body></html>")
    with pytest.raises(_Skip, match="an error page"):
        read_document(missing, missing.read_bytes())
    # A page about status codes is a document, though it opens with one.
    codes = tmp_path / "codes.html"
    codes.write_text("<html><body><h1>404 Not Found</h1><p>" + "The server found no resource at the address. " * 30 + "</p></body></html>")
    assert "no resource" in read_document(codes, codes.read_bytes()).sections[0].text
    # A page that refreshes itself but has text of its own is read.
    live = tmp_path / "live.html"
    live.write_text('<html><head><meta http-equiv="refresh" content="60"></head><body><p>'
                    + "The build status is shown here and refreshed every minute. " * 8 + "</p></body></html>")
    assert "build status" in read_document(live, live.read_bytes()).sections[0].text


def test_a_texinfo_definition_line_becomes_the_subject_of_its_text() -> None:
    page = TEXINFO_PAGE.replace("<p>It is initialized", (
        '<dl class="def"><dt id="index-q_005fpush"><span class="category">Function: </span><span><em>void</em> '
        '<strong>q_push</strong> <em>( int <code>item</code> )</em><a href="#index-q_005fpush" class="copiable-anchor"> '
        '&para;</a></span></dt><dd><p>adds <code>item</code> to the end of the queue.</p></dd>'
        '<dt id="index-q_005fflush"><span class="category">Function: </span><span><em>void</em> <strong>q_flush</strong> '
        '<em>( )</em><a href="#index-q_005fflush" class="copiable-anchor"> &para;</a></span></dt>'
        '<dd><p>This function empties the queue.</p></dd></dl><p>It is initialized'))
    out = clean_text(html_to_text(page)[1], "html")
    assert "Function:" not in out
    assert "q_push(int item) adds item to the end of the queue." in out
    assert "q_flush(): This function empties the queue." in out


def test_a_definition_list_term_is_the_subject_of_the_text_that_goes_on_from_it() -> None:
    # cmake-toolchains(7): alone, "is optional, and may be ..." was copied as "Is optional, and may be ...".
    page = ('<html><head><title>cmake-toolchains(7)</title></head><body><div role="main"><h1>cmake-toolchains(7)</h1>'
            '<p>Where:</p><dl class="simple"><dt><code class="xref"><span class="pre">CMAKE_SYSTEM_NAME</span></code></dt>'
            '<dd><p>is the CMake-identifier of the target platform to build for.</p></dd>'
            '<dt><code class="xref"><span class="pre">CMAKE_SYSROOT</span></code></dt>'
            '<dd><p>is optional, and may be specified if a sysroot is available.</p></dd>'
            '<dt>Verbose output</dt><dd><p>Shows every command as it runs.</p></dd></dl>'
            '<p>Cross compiling is common.</p><p>It is hard.</p></div></body></html>')
    out = clean_text(html_to_text(page)[1], "html")
    assert "CMAKE_SYSTEM_NAME is the CMake-identifier of the target platform" in out
    assert "CMAKE_SYSROOT is optional, and may be specified" in out
    # A text that opens a sentence of its own, and a paragraph after a sentence, stay apart.
    assert "Verbose output Shows" not in out and "common. It is hard" not in out


def test_a_paragraph_wrapped_at_a_fixed_width_reads_as_one_line_and_code_lists_labels_stay() -> None:
    """Node.js's Markdown is wrapped at 80 columns: the model reads a passage's lines joined, and a
    copy across the break matched no passage sentence checked line by line."""
    page = ("# Cluster\n\n"
            "Because long living server connections may block workers from disconnecting, it\n"
            "may be useful to send a message, so application specific actions may be taken to\n"
            "close them. On Windows, it is not yet possible to set up a named pipe server in a\n"
            "Worker. In a worker, process.disconnect exists, but it is not this function;\n"
            "it is disconnect().\n\n"
            "Options:\n\n"
            "- `rr` distributes connections in turn among all the\n"
            "- `none` leaves it to the operating system\n\n"
            "```js\n"
            "const workers = []\n"
            "for (const w of workers) {\n"
            "  w.send('shutdown')\n"
            "}\n"
            "```\n\n"
            "Implements a hybrid multi-threaded multi-process web server\n"
            "Status: MPM\n\n"
            "ignore-space-change\nignore-all-space\n")
    text = clean_text(page, "markdown")
    assert ("Because long living server connections may block workers from disconnecting, it may be useful to "
            "send a message, so application specific actions may be taken to close them. On Windows, it is not "
            "yet possible to set up a named pipe server in a Worker. In a worker, process.disconnect exists, but "
            "it is not this function; it is disconnect().") in text.split("\n")
    assert "- rr distributes connections in turn among all the\n- none leaves it" in text.replace("`", "")
    assert "for (const w of workers) {\n  w.send('shutdown')\n}" in text
    assert "web server\nStatus: MPM" in text and "ignore-space-change\nignore-all-space" in text



def test_a_list_item_wrapped_at_a_fixed_width_reads_as_one_line_and_code_inside_items_stays() -> None:
    """node-child, stop 57: Node.js's list of child_process functions, each item wrapped at 80
    columns; checked line by line, "spawns a shell and runs a command within that" was a sentence."""
    page = ("# Child process\n\n"
            "* child_process.exec(): spawns a shell and runs a command within that\n"
            "  shell, passing the stdout and stderr to a callback function when\n"
            "  complete.\n"
            "* child_process.execSync(): a synchronous version of\n"
            "  child_process.exec() that will block the Node.js event loop.\n"
            "* Run it so:\n"
            "    const { spawn } = require('node:child_process');\n"
            "* A last item\n"
            "  With a capital after a closed word.\n")
    lines = clean_text(page, "markdown").split("\n")
    assert ("* child_process.exec(): spawns a shell and runs a command within that shell, passing the stdout and "
            "stderr to a callback function when complete.") in lines
    assert "* child_process.execSync(): a synchronous version of child_process.exec() that will block the Node.js event loop." in lines
    # Deeper than the item's text (code), after a colon, or a capital after a word a sentence may end on: apart.
    assert "    const { spawn } = require('node:child_process');" in lines
    assert "* A last item" in lines


def test_wrapped_lines_that_start_or_end_on_code_read_as_one_line_and_an_items_later_lines_stay_its_own() -> None:
    """node-events, stop 60: Node.js's events.md wraps at 80 columns around code spans; "... a
    modified subset of the" / "`EventEmitter` API that ..." stayed two lines (the code span, kept
    aside, was no word), so every check read the passage's sentence as two."""
    page = ("# Events\n\n"
            "The `NodeEventTarget` object implements a modified subset of the\n"
            "`EventEmitter` API that allows it to closely _emulate_ an `EventEmitter` in\n"
            "certain situations. A `NodeEventTarget` is _not_ an instance of `EventEmitter`\n"
            "and cannot be used in place of an `EventEmitter` in most cases.\n\n"
            "2. The `NodeEventTarget` does not emulate the full `EventEmitter` API.\n"
            "   Specifically the `prependListener()`, `prependOnceListener()`,\n"
            "   `rawListeners()`, and `errorMonitor` APIs are not emulated.\n")
    lines = clean_text(page, "markdown").split("\n")
    assert ("The NodeEventTarget object implements a modified subset of the EventEmitter API that allows it to "
            "closely emulate an EventEmitter in certain situations. A NodeEventTarget is not an instance of "
            "EventEmitter and cannot be used in place of an EventEmitter in most cases.") in lines
    # The item's sentence ended on its first line; its next lines are still the item's, and join.
    assert "2. The NodeEventTarget does not emulate the full EventEmitter API." in lines
    assert ("   Specifically the prependListener(), prependOnceListener(), rawListeners(), and errorMonitor APIs are "
            "not emulated.") in lines


def test_a_pre_block_in_markdown_is_code_not_numbered_prose() -> None:
    """node-modules, stop 60: Node.js's pseudocode of require() sits in an HTML <pre> block; read as
    prose its numbered steps joined into "... load X.js as JavaScript text. STOP" sentences."""
    page = ("# Modules\n\nIn pseudocode of what `require()` does:\n\n<pre>\nrequire(X) from module at path Y\n"
            "1. If X is a core module,\n   a. return the core module\n   b. STOP\n</pre>\n\nAfter the block, prose.\n")
    text = clean_text(page, "markdown")
    assert "require(X) from module at path Y\n1. If X is a core module,\n   a. return the core module\n   b. STOP" in text
    assert "<pre>" not in text and "</pre>" not in text
    assert "If X is a core module, a. return" not in text
    assert text.rstrip().endswith("After the block, prose.")
