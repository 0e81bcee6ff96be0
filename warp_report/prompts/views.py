"""What the model sees of the run: the draft in bounded form, and the evidence quoted as data.

Context economy (docs/architecture.md, "The protocol"): one line per node, an abbreviated head ... tail for
written nodes, full text only just before the cursor, so prompt size stays bounded however
long the report grows.
"""

from __future__ import annotations

import re

from warp_report.corpus.passages import cut_at_sentence, drop_code_blocks, drop_heading_lines, sentence_offsets
from warp_report.protocol.language import is_cjk_text
from warp_report.protocol.markers import CITATION
from warp_report.protocol.restatement import content_words
from warp_report.state.citations import Registry
from warp_report.state.outline import Outline

# Tags and citation marks inside evidence must not read as the model's own protocol.
_TAG = re.compile(r"<\s*(/?)\s*(action|thought|think)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)


def abbreviate(text: str, head: int, tail: int) -> str:
    flat = _SPACE.sub(" ", text).strip()
    if is_cjk_text(flat):
        # A CJK character says what two or three Latin ones do: at the same budget a short Chinese
        # part was shown almost whole, and the 0.5B asked for more text wrote its sentences again
        # (py-float-zh: five of six tries refused as repeats).
        head, tail = head * 2 // 5, tail * 2 // 5
    if len(flat) <= head + tail + 5:
        return flat
    end = flat[-tail:].lstrip() if tail else ""
    return f"{flat[:head].rstrip()} ... {end}".rstrip()


def near_cursor(outline: Outline, cursor: str | None) -> set[str]:
    """Nodes shown in detail: the cursor's top-level section and the last part written before it."""
    if cursor is None:
        return set()
    top = cursor.split(".")[0]
    near = {nid for nid, _ in outline.walk() if nid == top or nid.startswith(top + ".")}
    previous = None
    for nid, node in outline.walk():
        if nid == cursor:
            break
        if node.content is not None:
            previous = nid
    if previous:
        near.add(previous)
    return near


def outline_view(outline: Outline, cursor: str | None, *, head: int = 160, tail: int = 80, far_chars: int = 0,
                 texts: bool = True) -> str:
    """One line per node. Written nodes near the cursor show head ... tail of their text; the
    others only their title (plus ``far_chars`` of text), so the view grows by a few tokens
    per part however long the parts are. Without ``texts`` every written node shows its title only."""
    near = near_cursor(outline, cursor) if texts else set()
    lines = [f"Title: {outline.title}"]
    for nid, node in outline.walk():
        indent = "  " * (nid.count("."))
        if node.content is not None:
            state = "written"
            if nid in near:
                body = abbreviate(node.content, head, tail)
            elif far_chars:
                body = abbreviate(node.content, far_chars, 0)
            else:
                body = ""
        elif node.failed:
            state, body = "skipped", node.plan
        else:
            state, body = "to write", node.plan
        marker = "  <== you are here" if nid == cursor else ""
        lines.append(f"{indent}{nid} [{state}] {node.title}{': ' + body if body else ''}{marker}")
    return "\n".join(lines)


def text_before(outline: Outline, cursor: str | None, *, max_chars: int = 1500) -> str:
    """Full text (up to ``max_chars``, the end kept) of the last written node before the cursor."""
    previous = ""
    for nid, node in outline.walk():
        if nid == cursor:
            break
        if node.content:
            previous = node.content
    if len(previous) > max_chars:
        previous = "..." + previous[-max_chars:]
    return previous



def quote_evidence(text: str) -> str:
    text = _TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}", text)
    return CITATION.sub(lambda m: f"({m.group(1)})", text)


def focused_cut(text: str, max_chars: int, focus: str = "", margin: int = 2) -> str:
    """The run of whole sentences of ``text``, at most ``max_chars`` long, that holds the most of
    ``focus``'s words; the passage's start unless a later run holds clearly more (``margin`` words).

    At the quick preset's 400 characters a passage's start is often its setting, not its point:
    py-venv's part on installing packages was shown "pip has a number of subcommands ... (Consult
    the installing-index guide ...)" and none of the passage's "You can install the latest
    version of a package by specifying a package's name" after it. The margin keeps the start where
    a later run is only a word better: moving on every such tie-break changed what most parts of
    README's example saw (13 of 98 part/passage pairs, against 2 with the margin) and its report
    was worse backed by its passages (17 of 26 cited sentences, against 15 of 20; 18 of 18 with
    the margin)."""
    head = cut_at_sentence(text, max_chars)
    wanted = content_words(focus) if focus else set()
    if len(text) <= max_chars or not wanted:
        return head
    at_start = len(wanted & _prose_words(head))
    best, most = head, at_start
    for start in sentence_offsets(text)[1:]:
        piece = cut_at_sentence(text[start:], max_chars)
        found = len(wanted & _prose_words(piece))
        if found > most:
            best, most = piece, found
    return best if most >= at_start + max(margin, 1) else head


#: A console session, an interpreter prompt, a placeholder, code or a checklist arrow: text whose
#: words repeat the part's ("$ python -m pip install ...") but that a 0.5B pastes as it is.
_NOT_PROSE = re.compile(r"(?:^|\s)(?:\$|>>>) |__\w+__|→|\bdef \w+\(|[{}]")


def _prose_words(text: str) -> set[str]:
    """``content_words`` of the sentences of ``text`` that are prose (see ``_NOT_PROSE``)."""
    starts = sentence_offsets(text) + [len(text)]
    return set().union(*(content_words(text[a:b]) for a, b in zip(starts, starts[1:], strict=False)
                         if not _NOT_PROSE.search(text[a:b])))


def evidence_view(registry: Registry, ids: list[str], *, max_chars: int = 700, focus: str = "") -> str:
    """The passages ``ids`` as quoted data, each cut to ``max_chars`` around ``focus`` (the part's
    title and plan) when it is longer."""
    if not ids:
        return "(no evidence found)"
    blocks = []
    for pid in ids:
        p = registry.passages[pid]
        # The title is shown above the text: a heading line inside it only gets pasted into prose.
        # Cut at a sentence end, with no "..." mark: a small model copies cut marks and fragments.
        # Code blocks go first: joined into the line the model reads, code is one more sentence to paste.
        text = drop_heading_lines(drop_code_blocks(_HEADING_LINE.sub("", p.text)), p.title)
        body = quote_evidence(focused_cut(_SPACE.sub(" ", text).strip(), max_chars, focus))
        title = quote_evidence(p.title or p.source)
        blocks.append(f"[{pid}] {title}\n\"\"\"{body}\"\"\"")
    return "\n\n".join(blocks)


def outline_nodes(outline: Outline) -> list[dict[str, object]]:
    """The tree as plain data for progress events (id, title, state, which extension added it)."""
    return [
        {"id": nid, "title": node.title, "extension": node.added_in_extension,
         "state": "written" if node.content is not None else ("failed" if node.failed else "planned")}
        for nid, node in outline.walk()
    ]
