"""A simulated OpenAI-compatible server that speaks AgentCPM-Report's trained dialect (stdlib only).

It stands in for ``vllm serve openbmb/AgentCPM-Report`` in tests of the ``agentcpm`` dialect
(issue 11). Like the trained model, it only behaves when the prompt has the layout it was trained
on (see /work/notes/agentcpm_interface.md): one user message, no system message, the step's
``** Header **`` sections in the trained order, draft views in the ``# Section-1 [Title]: [OK] ...``
syntax and passages as ``bibkey:textidN``. It then answers ``<thought>..</thought><action>..</action>``:
a search first, an ``init-plan``, texts citing ``\\cite{textidN}`` with ids taken from the shown
passages, one ``extend-plan`` (``extend_times``) and then ``nop``. Any other prompt gets what an
out-of-distribution prompt gets from a small model: prose without the action tags.

Every request is recorded (messages, sampling parameters, ``chat_template_kwargs``), so a test can
assert that the client sent the trained layout with the released sampling. The replies are derived
from the prompt alone (no per-run memory), so concurrent runs against one server do not interfere.

    python -m tests.support.agentcpm_server --port 8012 [--extend-times 1] [--sections 3]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import threading
import time
from typing import Any

from tests.support.simserver import make_server  # the same endpoint, another model behind it

MODEL_ID = "openbmb/AgentCPM-Report"

#: The header lines of each step, in the trained order (exact lines, trailing spaces ignored).
STEPS: dict[str, tuple[str, ...]] = {
    "search": ("** User Query **", "** Current Article Outline **", "** Analyst's Instruction **",
               "## Action Example:", "** Output Format **"),
    "init_plan": ("** User Query **", "** Latest Retrieved Information **", "## Notes", "** Available Actions **",
                  "## Action Format:", "** Output Format **"),
    "write": ("** User Query **", "** Current Article Summary **", "** Analyzer's Instruction **",
              "** Retrieved Information **", "## Action Example:", "** Output Format **"),
    "extend_plan": ("## Important Notes:", "** User Query **", "** Current Full Report **", "** Available Actions **",
                    "## Action Format:", "** Output Format **"),
}
_KNOWN = {h for headers in STEPS.values() for h in headers}
#: Words of the role line that tell the two team roles apart (the planner steps differ by headers).
_ROLE_WORD = {"search": "searcher", "write": "writer"}
RELEASED_SAMPLING = {"temperature": 0.7, "top_p": 0.8, "max_tokens": 2048}

_NODE = r"section-\d+(?:\.\d+){0,2}"
_INSTRUCTION = re.compile(rf"^You need to update (outline|{_NODE})$")
_VIEW_LINE = re.compile(
    r"^(# Title: .*"
    r"|# Section-\d+ \[.*\]: ?(\[OK\] .*|\[PLAN\] .*)?"
    r"|    ## Section-\d+\.\d+ \[.*\]: ?(\[OK\] .*|\[PLAN\] .*)?"
    r"|        ### Section-\d+\.\d+\.\d+ \[.*\]: ?(\[OK\] .*|\[PLAN\] .*)?)$"
)
_PASSAGE_KEY = re.compile(r"^bibkey:(textid\d+)$", re.MULTILINE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_VOCABULARY = ("evidence", "design", "systems", "trade", "costs", "limits", "methods", "results", "scale", "risk",
               "practice", "models", "data", "studies", "impact", "quality", "tools", "growth", "policy", "use")
_VOCABULARY_ZH = ("证据", "设计", "系统", "成本", "方法", "结果", "规模", "风险", "实践", "模型", "数据", "研究", "影响",
                  "质量", "工具", "发展", "政策", "应用", "分析", "比较")


class LayoutError(ValueError):
    """The prompt is not in the trained layout; the reason says where it departs."""


#: Sections that hold run data (query, draft, instruction, passages): their lines are never headers.
_VALUES = {"** User Query **", "** Current Article Outline **", "** Current Article Summary **", "** Current Full Report **",
           "** Analyst's Instruction **", "** Analyzer's Instruction **", "** Latest Retrieved Information **",
           "** Retrieved Information **"}


def sections_of(text: str, headers: tuple[str, ...]) -> dict[str, str] | None:
    """The text under each header (up to the next one), or None when the layout differs.

    Headers are located from the end backwards, so a passage or a draft that happens to contain
    a header-like line (a Markdown '## Notes') cannot cut its own section short; then every
    line outside the data sections must be a header of this step or template prose."""
    lines = [line.rstrip() for line in text.splitlines()]
    starts: list[int] = []
    end = len(lines)
    for header in reversed(headers):
        found = [i for i in range(end) if lines[i] == header]
        if not found:
            return None
        end = found[-1]
        starts.insert(0, end)
    blocks = {}
    for n, header in enumerate(headers):
        stop = starts[n + 1] if n + 1 < len(headers) else len(lines)
        body = lines[starts[n] + 1 : stop]
        if header not in _VALUES and any(line in _KNOWN for line in body):
            return None
        blocks[header] = "\n".join(body).strip("\n")
    if any(line in _KNOWN for line in lines[: starts[0]]):
        return None
    return blocks


def check_view(view: str, where: str) -> None:
    lines = [line for line in view.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("# Title: "):
        raise LayoutError(f"{where}: the draft view must start with '# Title: '")
    for line in lines:
        if not _VIEW_LINE.match(line):
            raise LayoutError(f"{where}: not a draft-view line: {line[:80]!r}")


def classify(messages: list[dict[str, Any]]) -> tuple[str, dict[str, str]]:
    """The step a request asks for and its sections, or LayoutError."""
    if len(messages) != 1:
        roles = ", ".join(str(m.get("role")) for m in messages)
        raise LayoutError(f"expected exactly one user message, got {len(messages)} ({roles})")
    message = messages[0]
    if message.get("role") != "user":
        raise LayoutError(f"the one message must come from the user, not {message.get('role')!r}")
    prompt = message.get("content")
    if not isinstance(prompt, str):
        raise LayoutError("the message content must be a plain string")
    step, blocks = next(((name, b) for name, headers in STEPS.items() if (b := sections_of(prompt, headers))),
                        (None, None))
    if step is None or blocks is None:
        found = [line.rstrip() for line in prompt.splitlines() if line.rstrip() in _KNOWN]
        raise LayoutError(f"headers {found} match no trained step")
    first = prompt.lstrip().splitlines()[0]
    if first.startswith(("**", "#")):
        raise LayoutError("the prompt must open with the role line")
    if step in _ROLE_WORD and _ROLE_WORD[step] not in first.lower():
        raise LayoutError(f"the role line of the {step} step must name the {_ROLE_WORD[step]}")
    tail = [line.strip() for line in blocks["** Output Format **"].splitlines() if line.strip()]
    if len(tail) < 2 or not (tail[0].startswith("<thought>") and tail[0].endswith("</thought>")
                             and tail[1].startswith("<action>") and tail[1].endswith("</action>")):
        raise LayoutError("'** Output Format **' must be followed by a <thought> line and an <action> line")
    if not blocks["** User Query **"].strip():
        raise LayoutError("empty user query")
    if step in ("search", "write"):
        header = "** Analyst's Instruction **" if step == "search" else "** Analyzer's Instruction **"
        match = _INSTRUCTION.match(blocks[header].strip())
        if not match or (step == "write" and match.group(1) == "outline"):
            raise LayoutError(f"instruction must read 'You need to update <cursor>', got {blocks[header][:80]!r}")
    if step == "search":
        outline = blocks["** Current Article Outline **"].strip()
        cursor = _INSTRUCTION.match(blocks["** Analyst's Instruction **"].strip()).group(1)  # type: ignore[union-attr]
        if cursor == "outline" and outline != "There is no survey.":
            raise LayoutError("before the outline exists its view must read 'There is no survey.'")
        if cursor != "outline":
            check_view(outline, "Current Article Outline")
    if step == "write":
        check_view(blocks["** Current Article Summary **"], "Current Article Summary")
    if step == "extend_plan":
        check_view(blocks["** Current Full Report **"], "Current Full Report")
    for header in ("** Latest Retrieved Information **", "** Retrieved Information **"):
        info = blocks.get(header, "").strip()
        if info and not info.startswith("bibkey:textid"):
            raise LayoutError(f"{header}: passages must start with a 'bibkey:textidN' line")
    return step, blocks


def node_title(view: str, node: str) -> str:
    """The title of ``section-2.1`` in a draft view (``Section-2.1 [Title]: ...``)."""
    match = re.search(rf"Section-{re.escape(node.removeprefix('section-'))} \[(.*?)\]: ", view)
    return match.group(1) if match else node


def passages(info: str) -> dict[str, str]:
    """textid -> passage text, from a ``bibkey:textidN`` block."""
    parts = _PASSAGE_KEY.split(info)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def _clean(text: str, words: int) -> str:
    text = re.sub(r"section-\d|textid\d*|bibkey|[#<>\[\]{}\\`*|]", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split()[:words]).rstrip(".,;:!?")


def _reply(thought: str, action: str | dict[str, Any]) -> str:
    body = action if isinstance(action, str) else json.dumps(action, ensure_ascii=False)
    return f"<thought> {thought} </thought>\n<action> {body} </action>"


class AgentCPMModel:
    def __init__(self, *, extend_times: int = 1, sections: int = 3, words: int = 60, model_id: str = MODEL_ID):
        self.extend_times = extend_times
        self.sections = sections
        self.words = words
        self.model_id = model_id
        #: one entry per request: step (None when out of layout), reason, messages, sampling, reply
        self.records: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def answer(self, messages: list[dict[str, Any]]) -> tuple[str | None, str, str]:
        """(step, reason, reply): step is None for a prompt outside the trained layout."""
        try:
            step, blocks = classify(messages)
        except (LayoutError, ValueError) as exc:
            return None, str(exc), self.out_of_distribution(messages)
        query = blocks["** User Query **"].strip()
        zh = bool(_CJK.search(query))
        reply = getattr(self, f"reply_{step}")(blocks, query, zh)
        return step, "", reply

    def reply_search(self, blocks: dict[str, str], query: str, zh: bool) -> str:
        cursor = _INSTRUCTION.match(blocks["** Analyst's Instruction **"].strip()).group(1)  # type: ignore[union-attr]
        if cursor == "outline":
            keywords = [query[:60], " ".join(query.split()[:3])[:60]]
        else:
            keywords = [node_title(blocks["** Current Article Outline **"], cursor)[:60], query[:60]]
        keywords = list(dict.fromkeys(k.strip() for k in keywords if k.strip()))
        return _reply("搜索相关资料。" if zh else "Look for evidence first.", {"name": "search", "keywords": keywords})

    def reply_init_plan(self, blocks: dict[str, str], query: str, zh: bool) -> str:
        if zh:
            title, sections = f"关于{query[:40]}的报告", [
                {"title": f"第{i}部分：{_VOCABULARY_ZH[i]}", "plan": f"讨论问题的第{i}个方面。"} for i in range(1, self.sections + 1)]
        else:
            title, sections = f"Report: {query[:80]}", [
                {"title": f"Part {i}: {_VOCABULARY[i].capitalize()}", "plan": f"Cover aspect {i} of the question."}
                for i in range(1, self.sections + 1)]
        return _reply("先列出顶层章节。" if zh else "Top-level sections only.",
                      {"name": "init-plan", "title": title, "sections": sections})

    def reply_write(self, blocks: dict[str, str], query: str, zh: bool) -> str:
        cursor = _INSTRUCTION.match(blocks["** Analyzer's Instruction **"].strip()).group(1)  # type: ignore[union-attr]
        title = node_title(blocks["** Current Article Summary **"], cursor)
        shown = passages(blocks["** Retrieved Information **"])
        ids = list(shown)
        rng = random.Random(f"{query}|{cursor}|{title}")  # different parts, different words
        if ids:
            start = rng.randrange(len(ids))
            ids = (ids[start:] + ids[:start])[:3]
        vocabulary = _VOCABULARY_ZH if zh else _VOCABULARY
        sep = "" if zh else " "
        filler = " ".join(
            sep.join(rng.choice(vocabulary) for _ in range(8)).capitalize() + ("。" if zh else ".")
            for _ in range(max(1, self.words // 8))
        )
        if zh:
            sentences = [f"本部分讨论{_VOCABULARY_ZH[n % 20]}与{_VOCABULARY_ZH[(n + 3) % 20]}的关系\\cite{{{pid}}}。"
                         for n, pid in enumerate(ids)]
        else:
            # Its own words per part (a part that pastes the same passage twice is refused as a repeat).
            sentences = [f"{title} draws on a finding about {rng.choice(vocabulary)} and {rng.choice(vocabulary)} "
                         f"\\cite{{{pid}}}." for pid in ids]
            if len(ids) > 1:
                sentences.append(f"Read together, these sources agree on the main point \\cite{{{', '.join(ids[:2])}}}.")
        text = " ".join(sentences) + " " + filler
        return _reply("依据检索到的资料写作。" if zh else "Write from the retrieved passages.", text.strip())

    def reply_extend_plan(self, blocks: dict[str, str], query: str, zh: bool) -> str:
        view = blocks["** Current Full Report **"]
        extended = set(re.findall(r"^    ## Section-(\d+)\.", view, re.MULTILINE))
        tops = re.findall(r"^# Section-(\d+) ", view, re.MULTILINE)
        free = [n for n in tops if n not in extended]
        if len(extended) >= self.extend_times or not free:
            return _reply("报告已经完整。" if zh else "The report is complete.", {"name": "nop"})
        position = f"section-{free[0]}"
        made = len(extended) + 1
        if zh:
            subs = [{"title": f"细节{c}（扩展{made}）", "plan": f"深入讨论第{c}个方面。"} for c in "一二"]
        else:
            subs = [{"title": f"Detail {c} of extension {made}", "plan": f"Go deeper on aspect {c}."} for c in "AB"]
        return _reply("这一部分需要更深入。" if zh else "This part needs more depth.",
                      {"name": "extend-plan", "position": position, "subsections": subs})

    def out_of_distribution(self, messages: list[dict[str, Any]]) -> str:
        """A plausible answer of a model shown an unfamiliar prompt: prose, no tags, no citations."""
        last = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
        topic = " ".join(last.split()[:8])
        return (f"Sure. Here is an overview of the topic you asked about ({topic}...). It has several aspects "
                "worth considering, and the details depend on the context in which it is used.")

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        messages = body.get("messages") or []
        step, reason, reply = self.answer(messages)
        prompt_tokens = sum(max(1, len(str(m.get("content") or "")) // 4) for m in messages)
        completion_tokens = max(1, len(reply) // 4)
        with self.lock:
            self.records.append({
                "step": step, "reason": reason, "messages": messages, "model": body.get("model"),
                "temperature": body.get("temperature"), "top_p": body.get("top_p"),
                # langchain-openai 1.x sends max_completion_tokens; vLLM reads either name
                "max_tokens": body.get("max_tokens", body.get("max_completion_tokens")),
                "max_tokens_key": "max_tokens" if "max_tokens" in body else
                ("max_completion_tokens" if "max_completion_tokens" in body else None),
                "chat_template_kwargs": body.get("chat_template_kwargs"), "reply": reply,
                "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            })
            number = len(self.records)
        return {
            "id": f"chatcmpl-agentcpm-{number}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model") or self.model_id,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": reply}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }


def sampling_errors(record: dict[str, Any]) -> list[str]:
    """How a recorded request departs from the released sampling (empty when it matches)."""
    errors = [f"{key}={record.get(key)!r}, released {want!r}" for key, want in RELEASED_SAMPLING.items()
              if record.get(key) != want]
    if record.get("chat_template_kwargs") != {"enable_thinking": False}:
        errors.append(f"chat_template_kwargs={record.get('chat_template_kwargs')!r}, released {{'enable_thinking': False}}")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8012)
    parser.add_argument("--extend-times", type=int, default=1)
    parser.add_argument("--sections", type=int, default=3)
    args = parser.parse_args()
    server = make_server(args.host, args.port, AgentCPMModel(extend_times=args.extend_times, sections=args.sections))
    print(f"simulated AgentCPM-Report on http://{args.host}:{server.server_port}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
