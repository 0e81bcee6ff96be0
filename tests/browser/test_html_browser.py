"""report.html from hostile inputs, opened in headless Chromium: no script runs, citations land.

The inputs are what issue 15 found getting through: a question with an ``<img onerror>``, a
model that repeats tags and ``javascript:`` links from its evidence, a corpus file whose name
holds a newline and a fake ``[7] ... <javascript:...>`` reference, a title with tags.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from tests.support.scripted import ScriptedChatModel, simulated_reply
from warp_report import Context, build_graph
from warp_report.memory.evidence import KeywordMemory
from warp_report.output.files import write_outputs
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState

# Every payload, if it ever ran, leaves a mark the DOM or the console shows.
MARK = "document.body.setAttribute('data-pwned','{}')"
QUESTION = 'Why <img src=x onerror="console.log(1)">?'  # short: the simulated plan repeats 40 characters of it
BAD_NAME = "/corpus/notes\n[7] Official solar guide (click). <javascript:alert(document.domain)>\nx.md"
ECHO = (f' <script>{MARK.format("script")}</script> <img src=x onerror="{MARK.format("img")}">'
        f' [click](javascript:{MARK.format("link")}) <javascript:{MARK.format("autolink")}>'
        ' <a href="javascript:alert(1)">a</a> [2]: javascript:alert(2)')


class HostileSearch:
    name = "hostile"

    def __init__(self):
        self.hits = [
            Hit(text="Solar cells <script>alert(1)</script> turn light into current.", source=BAD_NAME, title=""),
            Hit(text="Inverters <img src=x onerror=alert(1)> change DC to AC.", source="https://ex.org/inv?a=1&b=<2>",
                title=f'Inverters <img src=x onerror="{MARK.format("title")}">\n[9] Fake. <javascript:alert(9)>'),
            Hit(text="Storage keeps energy for the night.", source="/corpus/store`age].md", title="Storage ](x)"),
        ]

    async def search(self, query: str, k: int) -> list[Hit]:
        return self.hits[:k]


def echoing_model() -> ScriptedChatModel:
    """The simulated WARP model, but every text it writes repeats tags from a hostile document."""

    def reply(messages):
        text = simulated_reply(messages, extend_times=0, sections=3)
        if "Task: write the part" in str(messages[-1].content) or "Task: write the part" in str(messages):
            text = text.replace("</action>", ECHO + "</action>")
        return text

    return ScriptedChatModel(replies=[reply] * 200)


class Dom(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.cites: list[str] = []
        self.attrs_seen: list[tuple[str, str | None]] = []
        self.tags: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs_seen += attrs
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a":
            self.hrefs.append(a.get("href") or "")
            if a.get("class") == "cite":
                self.cites.append(a.get("href") or "")


def scheme_of(href: str) -> str:
    # What a browser would see: ASCII whitespace and controls are dropped from the scheme part.
    cleaned = re.sub(r"[\x00-\x20]", "", href).lower()
    return "#" if cleaned.startswith("#") else cleaned.split(":", 1)[0] if ":" in cleaned else ""


def assert_nothing_ran(loaded, dom: Dom) -> None:
    assert loaded.console == [], f"the page logged (a script ran or was blocked): {loaded.console}"
    assert not [a for a in dom.attrs_seen if a[0] == "data-pwned"], "a payload ran"
    assert not [a for a in dom.attrs_seen if a[0].startswith("on")], "an event handler attribute exists"
    assert "script" not in dom.tags and "iframe" not in dom.tags and "object" not in dom.tags
    assert {scheme_of(h) for h in dom.hrefs} <= {"#", "http", "https", "file"}, dom.hrefs


async def hostile_run(tmp_path: Path) -> tuple[WarpState, dict[str, Path]]:
    graph = build_graph(model=echoing_model(), search=HostileSearch(), memory=KeywordMemory())
    final = None
    ctx = Context(protocol="tagged", max_steps=40, max_extend=0)
    async for values in graph.astream({"question": QUESTION}, context=ctx, stream_mode="values"):
        final = values
    state = WarpState.model_validate(final)
    return state, write_outputs(state, tmp_path / "out")


async def test_hostile_report_runs_nothing_and_every_citation_lands(browser, tmp_path):
    state, paths = await hostile_run(tmp_path)
    # the hostile material really reached the report (else this test proves nothing)
    assert BAD_NAME in {state.registry.passages[r["id"]].source for r in state.references}
    # the question's tag shows as text in the headings; repair drops the tags a part wrote
    assert "&lt;img src=x onerror" in state.report and "javascript:" in state.report
    assert "<script" not in state.report and "<img" not in state.report

    loaded = browser.load(paths["html"])
    dom = Dom(loaded.dom)
    assert_nothing_ran(loaded, dom)
    # citations: each links to exactly one reference, and the list has exactly the cited numbers
    assert dom.cites, "no citation links"
    refs = [i for i in dom.ids if i.startswith("ref-")]
    assert len(refs) == len(set(refs)) == len(state.references)
    assert {c.removeprefix("#") for c in dom.cites} == set(refs)
    # the file with the newline in its name keeps its own reference, linked to the file itself
    n = next(r["n"] for r in state.references if state.registry.passages[r["id"]].source == BAD_NAME)
    assert f"ref-{n}" in refs
    assert "file:///corpus/notes%0A%5B7%5D" in loaded.dom

    # report.md: one line per reference, numbered 1..N, no line the file name made up
    lines = state.report.rpartition("\n## References\n")[2].strip().splitlines()
    assert [re.match(r"\[(\d+)\] ", line).group(1) for line in lines] == [str(i) for i in range(1, len(lines) + 1)]
    assert len(lines) == len(state.references)
    # ... and, read by a Markdown viewer that allows HTML, no reference line holds a tag or a link but its source's
    for line in lines:
        inline = MarkdownIt("commonmark").parseInline(line)[0].children
        assert not [t for t in inline if t.type.startswith("html")], line
        links = [str(t.attrs["href"]) for t in inline if t.type == "link_open"]
        assert len(links) <= 1 and all(scheme_of(h) in ("http", "https") for h in links), line


def test_the_content_security_policy_stops_a_script_that_got_through(browser, tmp_path):
    """Defence in depth: a tag slipped into the page by hand still does not run."""
    from warp_report.output.html import report_html

    page = report_html("# T\n\nText [1].\n\n## References\n[1] A. `/a.md`\n")
    injected = (f"<script>{MARK.format('csp-script')}</script>"
                f"<img src=x onerror=\"{MARK.format('csp-img')}\">")
    guarded = tmp_path / "guarded.html"
    guarded.write_text(page.replace("<body>", "<body>" + injected), encoding="utf-8")
    dom = Dom(browser.load(guarded).dom)
    assert not [a for a in dom.attrs_seen if a[0] == "data-pwned"]

    # control: the same page without its policy does run the tag, so the check above can see one
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", guarded.read_text()), encoding="utf-8")
    dom = Dom(browser.load(bare).dom)
    assert ("data-pwned", "csp-img") in dom.attrs_seen or ("data-pwned", "csp-script") in dom.attrs_seen
