"""What AgentCPM-Report reads in the ``agentcpm`` dialect: its draft views, its passage block and
its four step prompts (issue 11; facts in the project notes on the trained interface).

The line syntax is the released one, because the model was trained on it:

    # Title: [OK] Heat pumps explained
    # Section-1 [Principles]: [OK] A heat pump moves heat \\cite{textid1}.
    # Section-2 [Efficiency]: [PLAN] Explain COP and seasonal performance.
        ## Section-2.1 [Cold climates]: [PLAN] Performance below freezing.

Written text is shown with the model's own citation syntax (``\\cite{textidN}``), never the
report's ``[n]``. The release meant to shorten long texts to head ... tail (its search view is
the abbreviated one) but never passed the tokenizer that does it, so its views grow without
bound and its write view even shows the current section's texts twice. Here the search view
shortens every text, the write view every text but the cursor's section and the part before it
(shown once), and the extend view shows everything until the report outgrows ``REPORT_VIEW_CHARS``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from warp_report.corpus.passages import cut_at_sentence
from warp_report.prompts import render
from warp_report.prompts.views import near_cursor, quote_evidence
from warp_report.protocol.markers import marks_to_cites
from warp_report.state.citations import Registry
from warp_report.state.outline import Outline

NO_OUTLINE = "There is no survey."
#: The variables each step's template receives (the released pipeline's, per step).
STEP_VARIABLES: dict[str, tuple[str, ...]] = {
    "search": ("user_query", "current_outline", "current_instruction"),
    "init_plan": ("user_query", "current_information"),
    "write": ("user_query", "current_survey", "current_instruction", "current_information"),
    "extend_plan": ("user_query", "current_survey"),
}
#: Characters kept of a text far from the cursor (about the release's 100 + 50 tokens).
HEAD_CHARS = 400
TAIL_CHARS = 200
#: A passage longer than this is cut (see ``passages_block``).
PASSAGE_CHARS = 3000

_SPACE = re.compile(r"\s+")
_BROKEN_CITE = re.compile(r"\\cite\{[^}]*$")


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, head: int = HEAD_CHARS, tail: int = TAIL_CHARS) -> str:
    """``head`` characters ... ``tail`` characters, cut between words, citations kept whole."""
    if len(text) <= head + tail + 5:
        return text
    start = text[:head].rsplit(" ", 1)[0]
    end = text[-tail:].split(" ", 1)[-1]
    return f"{_BROKEN_CITE.sub('', start).rstrip()} ... {end.lstrip()}"


def instruction(cursor: str | None) -> str:
    """``You need to update section-2.2`` (or ``outline`` before there is one)."""
    return f"You need to update {cursor or 'outline'}"


def draft_view(outline: Outline | None, *, full: Collection[str] | None = None,
               head: int = HEAD_CHARS, tail: int = TAIL_CHARS) -> str:
    """The draft in the released line syntax. Nodes in ``full`` show their whole text; the
    others head ... tail (``full=None``: every node in full, as the release shows them)."""
    if outline is None:
        return NO_OUTLINE
    lines = [f"# Title: [OK] {one_line(outline.title)}" if outline.title else "# Title: None"]
    for nid, node in outline.walk():
        level = nid.count(".")
        if node.content is not None:
            text = one_line(node.content)
            if full is not None and nid not in full:
                text = shorten(text, head, tail)
            body = f"[OK] {marks_to_cites(text)}" if text else ""
        else:
            body = f"[PLAN] {one_line(node.plan)}"
        number = nid.removeprefix("section-")
        lines.append(f"{'    ' * level}{'#' * (level + 1)} Section-{number} [{one_line(node.title)}]: {body}")
    # The release ends every line with a newline, the last one included.
    return "\n".join(lines) + "\n"


def compact_view(outline: Outline) -> str:
    """The search step's view (the release's ``abbr=True`` view): every written text head ... tail."""
    return draft_view(outline, full=())


def focus_view(outline: Outline, cursor: str | None) -> str:
    """The write step's view: the cursor's section and the part before it in full, the rest head ... tail."""
    return draft_view(outline, full=near_cursor(outline, cursor))


def passages_block(registry: Registry, ids: list[str], max_chars: int = PASSAGE_CHARS) -> str:
    """``bibkey:textidN`` then the passage text, passages separated by a blank line.

    Passages are shown whole, as released (corpus and web passages are chunks of about 1,000
    characters); only a passage longer than ``max_chars`` (a retriever returning whole pages) is
    cut, at a sentence end, so 20 of them cannot overflow the model's context."""
    blocks = []
    for pid in ids:
        text = quote_evidence(cut_at_sentence(registry.passages[pid].text.strip(), max_chars))
        # A passage line that reads like a key would split the passage for the model.
        text = re.sub(r"^(bibkey:)", r"bibkey :", text, flags=re.MULTILINE | re.IGNORECASE)
        blocks.append(f"bibkey:textid{pid}\n{text}")
    return "\n\n".join(blocks).strip()


def step_prompt(step: str, prompts_dir: str | None = None, **values: str) -> str:
    """The one user message of a step: the project's own template, or DIR's ``surveycpm_<step>.jinja``."""
    wanted = STEP_VARIABLES[step]
    missing = [name for name in wanted if name not in values]
    if missing:
        raise TypeError(f"step {step} needs {', '.join(missing)}")
    values = {name: values[name] for name in wanted}
    if prompts_dir:
        from warp_report.prompts.prompts_dir import render_step

        return render_step(prompts_dir, step, values)
    return render(f"agentcpm/{step}", **values)


#: The extend step's "full report" is shown whole up to this size, shortened beyond it.
REPORT_VIEW_CHARS = 24_000


def report_view(outline: Outline, max_chars: int = REPORT_VIEW_CHARS) -> str:
    """The view of the extend step: every text in full (as released) while that fits ``max_chars``."""
    full = draft_view(outline)
    return full if len(full) <= max_chars else draft_view(outline, full=())
