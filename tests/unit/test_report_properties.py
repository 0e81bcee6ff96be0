"""Property-based: hostile file names, titles, passages, questions and model text never change the
report's structure or put anything live into report.html (issue 15).

Invariants checked on every generated case:
- report.md: the reference list is the last section, one line per cited passage, numbered 1..N;
  headings and reference lines hold no HTML and no link but the source's own http(s) URL, and no
  "<" at all outside a code span but that URL's (renderers that ignore "\\<" find no tag either);
  read with HTML on, nothing in the whole report is raw HTML, model-written text included;
- report.html: no script element, no on* attribute, no link or image outside http(s)/file/#,
  a Content-Security-Policy that forbids scripts, and every citation lands on exactly one reference.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from warp_report.output.escape import md_code, web_url
from warp_report.output.html import report_html
from warp_report.output.markdown import Reference, render_report
from warp_report.state.citations import Registry
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "javascript:alert(1)",
    "\n[7] Official guide (click). <javascript:alert(document.domain)>\n", "\n## References\n", "[1]", "[2][3]",
    "](javascript:alert(1))", "[x](javascript:alert(1))", "<javascript:alert(1)>", "`", "``", "\\", "\n\n[2]: http://evil\n",
    "&lt;script&gt;", "&#106;avascript:", "<!-- x -->", "\u2028", "\u202e", "\x00", "\r\n", "\udcff", "  \n", "# ", "*", "_",
    "|", "~", "http://u:pw@evil.example/", "<a href=\"javascript:alert(1)\">a</a>", "![i](javascript:alert(1))",
    "\n```\n", "\n~~~~\n", "<!--", "\n<div>\n", "[r](relative/page.html)", "[m](mailto:a@b.c)",
    "[d](data:text/html,x)", "\n    indented\n", "\n> quote\n", "\n- item\n",
]
hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=6).map("".join)
sources = st.one_of(hostile.map(lambda s: "/docs/" + s), hostile, hostile.map(lambda s: "https://ex.org/" + s),
                    hostile.map(lambda s: "http://" + s))

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "code",
                "em", "strong", "ol", "ul", "li", "blockquote", "pre", "hr", "br", "img"}


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.cites: list[str] = []
        self.csp: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        a = dict(attrs)
        if "id" in a:
            self.ids.append(str(a["id"]))
        self.urls += [str(a[k]) for k in ("href", "src") if k in a]
        if tag == "a" and a.get("class") == "cite":
            self.cites.append(str(a["href"]))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(str(a["content"]))


def scheme_of(url: str) -> str:
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    if cleaned.startswith("#"):
        return "#"
    return cleaned.split(":", 1)[0] if ":" in cleaned else "(relative)"


def check_html(page_text: str, n_refs: int) -> None:
    page = Page(page_text)
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    assert not [k for k, _ in page.attrs if k.startswith("on") or k in ("style", "srcdoc", "formaction")]
    assert {scheme_of(u) for u in page.urls} <= {"#", "http", "https", "file"}, page.urls
    assert len(page.csp) == 1 and "script-src 'none'" in page.csp[0] and "default-src 'none'" in page.csp[0]
    refs = [i for i in page.ids if i.startswith("ref-")]
    assert refs == [f"ref-{n}" for n in range(1, n_refs + 1)]
    assert {c.removeprefix("#") for c in page.cites} <= set(refs)
    assert len(page.ids) == len(set(page.ids))


def check_markdown_line_is_inert(line: str, source: str | None = None) -> None:
    """Read by a Markdown viewer that allows HTML, the line holds no tag and no link but its source's."""
    inline = MarkdownIt("commonmark").parseInline(line)[0].children or []
    assert not [t for t in inline if t.type.startswith("html")], line
    links = [str(t.attrs["href"]) for t in inline if t.type in ("link_open", "image")] + \
        [str(t.attrs["src"]) for t in inline if t.type == "image"]
    expected = web_url(source) if source is not None else None
    assert len(links) <= 1 and all(expected and scheme_of(h) in ("http", "https") for h in links), line
    # the source itself ends a reference line: its autolink, or its name as a code span (literal everywhere)
    source_part = f"<{expected}>" if expected else md_code(source) if source is not None else ""
    # A code span (a title's `<script>`) is literal in every renderer; outside one, no "<" at all.
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", line.rstrip().removesuffix(source_part))
    assert "<" not in outside_code, line


def html_tokens(markdown: str) -> list[str]:
    """Raw HTML a CommonMark viewer with HTML on would pass through, blocks and inline alike."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [t.content for tok in tokens for t in [tok, *(tok.children or [])] if t.type.startswith("html")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(st.tuples(sources, hostile, hostile), min_size=1, max_size=4),
    report_title=hostile, titles=st.lists(hostile, min_size=1, max_size=3), model_text=hostile,
)
def test_hostile_fields_never_change_structure_or_run(docs, report_title, titles, model_text) -> None:
    hits = [Hit(text=f"passage {i} {text}", source=src, title=title) for i, (src, title, text) in enumerate(docs)]
    registry, ids = Registry().register(hits)
    cite_all = "".join(f"[{pid}]" for pid in ids)
    outline = Outline(title=report_title, sections=[
        Node(title=t, plan="p", content=f"Claim {cite_all}. {model_text}") for t in titles])
    rendered = render_report(outline, registry, question="q")
    md = rendered.markdown
    n = len(rendered.cited)
    assert n == len(ids)

    # report.md: the real reference list is last, one line per citation, 1..N in order
    refs = md.rpartition("\n## References\n")[2].strip().splitlines()
    assert [re.match(r"\[(\d+)\] ", line).group(1) for line in refs] == [str(i) for i in range(1, n + 1)]
    for k, line in enumerate(refs, 1):
        check_markdown_line_is_inert(line, registry.passages[rendered.cited[k]].source)
    # the title and each heading we wrote are one line each, inert
    lines = md.splitlines()
    assert lines[0].startswith("# ")
    check_markdown_line_is_inert(lines[0][2:])
    for number, _ in enumerate(titles, 1):
        heading = [line for line in lines if line.startswith(f"## {number} ")]
        assert heading, f"heading {number} lost"
        check_markdown_line_is_inert(heading[0])

    # nothing in report.md is raw HTML: not in the titles, not in what the model wrote
    assert not html_tokens(md), html_tokens(md)

    # a Markdown viewer (HTML on) still sees every heading we wrote and the reference list, last
    viewer = MarkdownIt("commonmark").parse(md)
    h2 = [viewer[i + 1].content for i, t in enumerate(viewer) if t.type == "heading_open" and t.tag == "h2"]
    for number, _ in enumerate(titles, 1):
        assert any(h.split(" ", 1)[0] == str(number) for h in h2), f"section {number} was swallowed"
    assert h2[-1] == "References"
    assert viewer[-2].content.startswith("[1] ") and viewer[-2].content.count("\n") == n - 1

    references = [Reference(k, registry.passages[pid].title, registry.passages[pid].source,
                            registry.passages[pid].locator) for k, pid in rendered.cited.items()]
    for page in (report_html(md, references), report_html(md)):  # the latter reads the list back from report.md
        check_html(page, n)
        # each section's citations link to their references, in order (no definition in model text hijacks them)
        claims = re.findall(r"<p>Claim ((?:<a class=\"cite\" href=\"#ref-\d+\">\[\d+\]</a>)+)\.", page)
        assert len(claims) == len(titles)
        expected = "".join(f'<a class="cite" href="#ref-{k}">[{k}]</a>' for k in range(1, n + 1))
        assert set(claims) == {expected}


@settings(max_examples=80, deadline=None)
@given(question=hostile, notes=st.lists(hostile, max_size=2))
def test_hostile_question_in_a_report_not_written(question, notes) -> None:
    md = render_report(None, Registry(), question=question, notes=notes).markdown
    assert "\n## References" not in md  # no reference list can be made up by the question
    for line in md.splitlines():
        check_markdown_line_is_inert(line.removeprefix("> "))
    assert not html_tokens(md)
    check_html(report_html(md), 0)
