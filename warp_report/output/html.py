"""A self-contained HTML version of the report: citations link to references, references to sources."""

from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt

_CITE = re.compile(r"\[(\d+)\](?!\()")
_REF_LINE = re.compile(r"^\[(\d+)\] (.*?)\. (?:<(.+?)>|`(.+?)`)\s*$")

STYLE = """
body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1,h2,h3,h4{font-family:system-ui,sans-serif;line-height:1.25}
a.cite{text-decoration:none;font-size:.85em;vertical-align:super}
ol.refs{padding-left:0;list-style:none} ol.refs li{margin:.4rem 0;word-break:break-word}
blockquote{border-left:4px solid #c60;margin-left:0;padding-left:1rem;color:#633}
code{font-size:.9em}
"""


def report_html(markdown: str) -> str:
    """Render ``report.md`` text; the reference list becomes anchors ``ref-N``."""
    body, _, refs = markdown.partition("\n## References\n")
    md = MarkdownIt("commonmark")
    rendered = md.render(body)
    # Citations only occur in text nodes of the rendered body; code spans never hold [n].
    rendered = _CITE.sub(lambda m: f'<a class="cite" href="#ref-{m.group(1)}">[{m.group(1)}]</a>', rendered)
    items = []
    for line in refs.splitlines():
        match = _REF_LINE.match(line.strip())
        if not match:
            continue
        n, title, url, path = match.groups()
        title_html = html.escape(title)
        if url:
            target = f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
        elif path.startswith("/"):
            uri = Path(path).as_uri()
            target = f'<a href="{html.escape(uri, quote=True)}"><code>{html.escape(path)}</code></a>'
        else:
            target = f"<code>{html.escape(path)}</code>"
        items.append(f'<li id="ref-{n}">[{n}] {title_html}. {target}</li>')
    title_match = re.search(r"^# (.+)$", markdown, re.MULTILINE)
    title = html.escape(title_match.group(1)) if title_match else "Report"
    refs_html = f'<h2 id="references">References</h2>\n<ol class="refs">\n{chr(10).join(items)}\n</ol>' if items else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{STYLE}</style></head>\n<body>\n{rendered}\n{refs_html}\n</body></html>\n")
