"""The final report: numbered headings, citations renumbered by first use, references from code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warp_report.output.escape import (
    contain,
    inert_html,
    md_code,
    md_text,
    md_title,
    no_underlines,
    one_line,
    visible,
    web_url,
)
from warp_report.protocol.markers import CITATION
from warp_report.state.citations import Registry
from warp_report.state.outline import Outline, number

_INTERNAL = re.compile(r"\(?\bsection-\d+(?:\.\d+)*\)?")


@dataclass
class Rendered:
    markdown: str
    #: report number -> registry id, in order of first use
    cited: dict[int, str] = field(default_factory=dict)
    partial: bool = False
    problems: list[str] = field(default_factory=list)


class Renumberer:
    """Maps run-wide passage ids to 1, 2, 3... in order of first use in the report."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.numbers: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            out = []
            for pid in re.split(r"\s*[,，]\s*", match.group(1)):
                if pid not in self.registry.passages:
                    continue  # never print a marker that resolves to nothing
                if pid not in self.numbers:
                    self.numbers[pid] = len(self.numbers) + 1
                out.append(f"[{self.numbers[pid]}]")
            return "".join(out)

        return CITATION.sub(replace, text)


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list, as plain fields (each output escapes them its own way)."""

    n: int
    title: str
    source: str
    locator: str = ""

    @property
    def shown_title(self) -> str:
        """One line: the title (or, without one, the source) and where in the source."""
        title = one_line(self.title) or one_line(visible(self.source))
        locator = one_line(self.locator)
        return f"{title} ({locator})" if locator else title


def reference_line(n: int, title: str, source: str, locator: str = "") -> str:
    """``[n] Title (locator). <url>`` or ``[n] Title. `path` ``: one line whatever the fields hold."""
    shown = md_text(Reference(n, title, source, locator).shown_title)
    url = web_url(source)
    return f"[{n}] {shown}. <{url}>" if url else f"[{n}] {shown}. {md_code(source)}"


def render_report(outline: Outline | None, registry: Registry, *, question: str, notes: list[str] | None = None) -> Rendered:
    if outline is None:
        reason = "; ".join(notes or []) or "the model produced no valid outline"
        return Rendered(
            markdown=(f"# Report not written\n\nQuestion: {md_text(question)}\n\n"
                      f"> The run ended without a report: {md_text(reason)}\n"),
            partial=True,
            problems=[reason],
        )
    left_out = [md_text(n.title) for _, n in outline.failed_extensions()]
    outline = outline.prune_unwritten_extensions()
    renumber = Renumberer(registry)
    body: list[str] = []
    problems: list[str] = []
    for nid, node in outline.walk():
        level = nid.count(".") + 2
        title = _INTERNAL.sub("", node.title).strip(" :-") or node.title
        body.append(f"{'#' * level} {number(nid)} {md_title(title)}\n")
        if node.content is not None:
            text = _INTERNAL.sub("", renumber(node.content))
            # inert_html: report.md is read in Markdown viewers that render HTML; a tag a model copied runs nothing.
            body.append(contain(inert_html(no_underlines(text.strip()))) + "\n")
        else:
            why = "the model gave no valid text for it" if node.failed else "the step budget ran out before it"
            problems.append(f"{number(nid)} {node.title}: {why}")
            body.append(f"*This part was not written: {why}.*\n")
    head = [f"# {md_title(outline.title)}\n"]
    if problems:
        head.append("> **Incomplete report.** " + " ".join(f"Section {md_text(p)}." for p in problems) + "\n")
    if left_out:
        # Said, not hidden: the run planned them, and the reader may look for them.
        body.append(f"*Left out: {'; '.join(left_out)} (subsections the run added, which the model could not "
                    "write from the passages found).*\n")
    refs = ["## References\n"]
    by_number = {n: pid for pid, n in renumber.numbers.items()}
    for n in sorted(by_number):
        p = registry.passages[by_number[n]]
        refs.append(reference_line(n, p.title, p.source, p.locator) + "  ")
    if not by_number:
        refs.append("*No sources were cited.*")
    markdown = "\n".join(head + body + refs).rstrip() + "\n"
    return Rendered(markdown=markdown, cited=by_number, partial=bool(problems), problems=problems)
