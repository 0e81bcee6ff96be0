"""Deterministic stand-ins for a model, for tests, benchmarks and trying the pipeline.

``simulated_reply`` follows the WARP protocol by reading the prompt (it plans, searches,
writes text citing the evidence numbers it was shown, extends ``extend_times`` times then
says nop). ``ScriptedChatModel`` replays a fixed list of replies and records every prompt.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableLambda
from pydantic import BaseModel, PrivateAttr

from warp_report.protocol.headings import DANGLING_END

Reply = str | Callable[[list[BaseMessage]], str]

# Wide enough that two parts' random sentences share few words: a real writer's parts differ,
# and the repeat checks compare content words (two earlier sentences may hold 80% of a new one's).
_VOCABULARY = ("solar", "cells", "light", "energy", "grid", "panels", "current", "silicon", "storage", "cost",
               "heat", "output", "sources", "design", "systems", "power", "voltage", "home", "battery", "field",
               "roof", "angle", "winter", "summer", "meter", "wiring", "glass", "frame", "coating", "shade",
               "tracker", "module", "string", "charge", "inverter", "load", "peak", "demand", "tariff", "export",
               "yield", "loss", "dust", "rain", "cable", "fuse", "breaker", "relay", "sensor", "clock",
               "price", "subsidy", "permit", "warranty", "lifetime", "recycling", "silver", "copper", "wafer", "ingot")
_EVIDENCE_ID = re.compile(r"^\[(\d+)\] ", re.MULTILINE)


def _task_prompt(messages: Sequence[BaseMessage]) -> str:
    humans = [m for m in messages if isinstance(m, HumanMessage)]
    return str(humans[0].content) if humans else ""


def simulated_reply(messages: Sequence[BaseMessage], *, extend_times: int = 1, sections: int = 3, words: int = 60) -> str:
    """A valid tagged-protocol reply to whatever the prompt asks."""
    prompt = _task_prompt(messages)
    question = prompt.split("\n", 1)[0].removeprefix("Question: ").strip()
    if "Task: plan the report" in prompt:
        # The question's first words, not ending on "with" or "the": a heading is no cut phrase.
        head = question[:40].split()
        while len(head) > 1 and head[-1].casefold().strip("?,.") in DANGLING_END:
            head.pop()
        subject = " ".join(head).rstrip("?,.")
        plan = {
            "name": "init-plan",
            "title": f"Report: {question[:80]}",
            "sections": [{"title": f"Part {i} of {subject}", "plan": f"Cover aspect {i} of the question."}
                         for i in range(1, sections + 1)],
        }
        return f"<thought>Plan {sections} parts.</thought><action>{json.dumps(plan)}</action>"
    if "Task: choose 1 to 5 short search keywords" in prompt:
        title = re.search(r'Next part to write: "(.*?)"', prompt)
        kw = title.group(1) if title else question
        return f'<thought>Search the topic.</thought><action>{json.dumps({"name": "search", "keywords": [kw[:60], question[:60]]})}</action>'
    if "Task: write the part" in prompt or "Task: add to the part" in prompt:
        evidence = re.split(r"Evidence for this step|Evidence no part", prompt, maxsplit=1)[-1]
        ids = _EVIDENCE_ID.findall(evidence)[:3] or ["1"]
        title = re.search(r'Task: (?:write|add to) the part "(.*?)"', prompt)
        topic = title.group(1) if title else "this part"
        # Different parts get different words, as a real writer's would (repeats are rejected);
        # text added to a written part differs from its first text.
        rng = random.Random(topic + (" more" if "Task: add to" in prompt else ""))
        sentences = [" ".join(rng.choice(_VOCABULARY) for _ in range(9)).capitalize() + f" [{i}]." for i in ids]
        filler = " ".join(
            " ".join(rng.choice(_VOCABULARY) for _ in range(8)).capitalize() + f" [{ids[n % len(ids)]}]."
            for n in range(max(1, words // 8))
        )
        return f"<thought>Write it.</thought><action>{' '.join(sentences)} {filler}</action>"
    if "Task: plan the part" in prompt:
        position = re.search(r'"position": "(section-[\d.]+)"', prompt) or re.search(r'"position" to "(section-[\d.]+)"', prompt)
        where = position.group(1) if position else "section-1"
        act = {"name": "extend-plan", "position": where, "subsections": [
            {"title": f"Planned detail {i} of part {where.removeprefix('section-')}", "plan": f"Detail {i} of this part."}
            for i in (1, 2)]}
        return f"<thought>Plan it.</thought><action>{json.dumps(act)}</action>"
    if "Task: every planned part is written" in prompt:
        made = int(re.search(r"Extensions made so far: (\d+)", prompt).group(1))  # type: ignore[union-attr]
        positions = re.search(r"Parts that may get subsections: (.*)", prompt)
        if made < extend_times and positions:
            pos = positions.group(1).split(",")[0].strip()
            act = {"name": "extend-plan", "position": pos, "subsections": [
                {"title": f"Detail A of extension {made + 1}", "plan": "Go deeper on the first aspect."},
                {"title": f"Detail B of extension {made + 1}", "plan": "Go deeper on the second aspect."},
            ]}
            return f"<thought>Needs depth.</thought><action>{json.dumps(act)}</action>"
        return '<thought>Complete.</thought><action>{"name": "nop"}</action>'
    return "<thought>?</thought><action>{}</action>"


class ScriptedChatModel(BaseChatModel):
    """Replays ``replies`` in order (strings, or functions of the prompt messages).

    ``with_structured_output`` parses the next reply as JSON, as a constrained decoder would
    return it. ``calls`` keeps every prompt it was sent.
    """

    replies: list[Any]
    usage: tuple[int, int] = (100, 20)
    #: prompt tokens reported as taken from a prefix cache (input_token_details.cache_read)
    cached: int = 0
    #: (prefill ms, decode ms) reported per call, as the embedded model does
    timing: tuple[float, float] = (0.0, 0.0)
    _index: int = PrivateAttr(default=0)
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def calls(self) -> list[list[BaseMessage]]:
        return self._calls

    def _next(self, messages: list[BaseMessage]) -> str:
        self._calls.append(list(messages))
        if self._index >= len(self.replies):
            raise AssertionError(f"scripted model ran out of replies after {self._index} calls")
        reply = self.replies[self._index]
        self._index += 1
        return reply(messages) if callable(reply) else reply

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text = self._next(messages)
        msg = AIMessage(content=text, usage_metadata={
            "input_tokens": self.usage[0], "output_tokens": self.usage[1], "total_tokens": sum(self.usage),
            "input_token_details": {"cache_read": self.cached}},
            response_metadata={"prefill_ms": self.timing[0], "decode_ms": self.timing[1]})
        return ChatResult(generations=[ChatGeneration(message=msg)])

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kwargs: Any):  # type: ignore[override]
        def run(messages: list[BaseMessage]) -> Any:
            result = self._generate(list(messages))
            raw = result.generations[0].message
            try:
                data = json.loads(str(raw.content))
                parsed = schema.model_validate(data) if isinstance(schema, type) and issubclass(schema, BaseModel) else data
                error = None
            except Exception as exc:
                parsed, error = None, exc
            if include_raw:
                return {"raw": raw, "parsed": parsed, "parsing_error": error}
            if error:
                raise error
            return parsed

        return RunnableLambda(run)


def simulated_model(extend_times: int = 1, sections: int = 3, calls: int = 500) -> ScriptedChatModel:
    return ScriptedChatModel(replies=[lambda m: simulated_reply(m, extend_times=extend_times, sections=sections)] * calls)
