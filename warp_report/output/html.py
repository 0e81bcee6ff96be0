"""A self-contained HTML version of the report: citations link to references, references to sources.

The page can never run code, whatever the documents, file names, model or question hold:
Markdown is rendered with raw HTML off, only http(s), file and in-page links survive, the
reference list is built from escaped fields (not parsed back out of the Markdown), and a
Content-Security-Policy forbids scripts even if something were missed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from warp_report.output.escape import link_allowed, one_line, visible, web_url
from warp_report.output.markdown import Reference

_CITE = re.compile(r"\[(\d+)\]")
_REF_LINE = re.compile(r"^\[(\d+)\] (.*)$")
# The two shapes reference_line writes: "Title. <url>" and "Title. `path`" (longer fences for backticks).
_REF_FIELDS = re.compile(r"^(?P<title>.*)\. (?:<(?P<url>[^<>\s]+)>|(?P<fence>`+) ?(?P<path>.*?) ?(?P=fence))$")
# What md_text writes for one character: a backslash escape, or the entity for "<" and "&".
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&(lt|amp);")
_ENTITIES = {"lt": "<", "amp": "&"}
REFERENCES_HEADING = "\n## References\n"

STYLE = """
body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1,h2,h3,h4{font-family:system-ui,sans-serif;line-height:1.25}
a.cite{text-decoration:none;font-size:.85em;vertical-align:super}
ol.refs{padding-left:0;list-style:none} ol.refs li{margin:.4rem 0;word-break:break-word}
blockquote{border-left:4px solid #c60;margin-left:0;padding-left:1rem;color:#633}
code{font-size:.9em}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# No script, plugin, frame, form or base URL, ever; the one style block is allowed by its hash.
CSP = (f"default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
       f"style-src 'sha256-{_STYLE_HASH}'; img-src http: https: file:")


def _link_citations(known: set[str]):
    """A core rule: ``[n]`` in running text becomes a link to ``#ref-n`` when reference n exists.

    Working on tokens (not on the rendered HTML) keeps citations out of attributes, code
    spans and other links; headings are left alone (a ``[n]`` there was never renumbered).
    """

    def rule(state: StateCore) -> None:
        in_heading = False
        for block in state.tokens:
            if block.type == "heading_open":
                in_heading = True
            elif block.type == "heading_close":
                in_heading = False
            if block.type != "inline" or in_heading or not block.children:
                continue
            out: list[Token] = []
            depth = 0
            for tok in block.children:
                depth += {"link_open": 1, "link_close": -1}.get(tok.type, 0)
                if tok.type != "text" or depth:
                    out.append(tok)
                    continue
                last = 0
                for m in _CITE.finditer(tok.content):
                    if m.group(1) not in known:
                        continue
                    if m.start() > last:
                        out.append(_text(tok.content[last:m.start()]))
                    link = Token("link_open", "a", 1, attrs={"class": "cite", "href": f"#ref-{m.group(1)}"})
                    out += [link, _text(m.group(0)), Token("link_close", "a", -1)]
                    last = m.end()
                if last < len(tok.content):
                    out.append(_text(tok.content[last:]))
            block.children = out

    return rule


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


def markdown_renderer(known_refs: set[str] = frozenset()) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Reference definitions ("[2]: https://...") in model text could hijack a citation's target.
    md.disable("reference")
    md.validateLink = link_allowed
    md.core.ruler.push("warp_citations", _link_citations(set(known_refs)))
    return md


def _reference_item(ref: Reference) -> str:
    title = html.escape(ref.shown_title)
    url = web_url(ref.source)
    if url:
        target = f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
    else:
        shown = f"<code>{html.escape(visible(ref.source))}</code>"
        if ref.source.startswith("/"):
            # as_uri percent-encodes every byte of the name, newlines and quotes included
            uri = PurePosixPath(ref.source).as_uri()
            target = f'<a href="{html.escape(uri)}">{shown}</a>'
        else:
            target = shown
    return f'<li id="ref-{ref.n}">[{ref.n}] {title}. {target}</li>'


def _legacy_items(refs_markdown: str) -> dict[str, str]:
    """Reference lines taken from the Markdown alone (no fields given): rendered as safe inline Markdown."""
    md = markdown_renderer()
    items: dict[str, str] = {}
    for line in refs_markdown.splitlines():
        match = _REF_LINE.match(line.strip())
        if not match or match.group(1) in items:
            continue
        n, rest = match.groups()
        fields = _REF_FIELDS.match(rest.rstrip())
        if fields:
            title = _MD_ESCAPE.sub(lambda m: m.group(1) or _ENTITIES[m.group(2)], fields["title"])
            items[n] = _reference_item(Reference(int(n), title, fields["url"] or fields["path"]))
        else:
            items[n] = f'<li id="ref-{n}">[{n}] {md.renderInline(rest)}</li>'
    return items


def _page_title(md: MarkdownIt, markdown: str) -> str:
    tokens = md.parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1" and i + 1 < len(tokens):
            text = "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))
            return one_line(text) or "Report"
    return "Report"


def report_html(markdown: str, references: Sequence[Reference] | None = None) -> str:
    """Render ``report.md`` text; the reference list becomes anchors ``ref-N``.

    ``references`` are the fields behind the reference list; without them the list is read
    from the Markdown's last "References" section.
    """
    # The real reference list is always the last section; a model may write a "References" heading too.
    head, sep, refs_md = markdown.rpartition(REFERENCES_HEADING)
    body = head if sep else markdown
    if references is not None:
        items = {str(r.n): _reference_item(r) for r in references}
    else:
        items = _legacy_items(refs_md if sep else "")
    md = markdown_renderer(set(items))
    rendered = md.render(body)
    title = html.escape(_page_title(md, markdown))
    if items:
        refs_html = f'<h2 id="references">References</h2>\n<ol class="refs">\n{chr(10).join(items.values())}\n</ol>'
    else:  # "No sources were cited."
        refs_html = md.render("## References\n" + refs_md) if sep else ""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{title}</title><style>{STYLE}</style></head>\n<body>\n{rendered}\n{refs_html}\n</body></html>\n")
