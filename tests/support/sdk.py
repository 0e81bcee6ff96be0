"""What server tests do through the stock ``langgraph_sdk`` client, the same on every server
(``langgraph dev``, ``langhost`` with workers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph_sdk import get_client

EDITED = "# Inverters, edited\n\n## DC and AC\nWhy conversion.\n\n## Tracking\nMPPT.\n\n## Grid rules\nSafety.\n"
REVIEWED = {"protocol": "tagged", "review": "outline"}


async def review_edit_and_finish(url: str, corpus: Path) -> dict[str, Any]:
    """A run streams progress, pauses for the outline review, resumes with an edited outline and
    finishes; returns the finished thread's values (the checks common to every server made)."""
    client = get_client(url=url)
    thread = await client.threads.create()
    events, interrupted = [], None
    async for part in client.runs.stream(
        thread["thread_id"], "warp", input={"question": "How do solar inverters work?", "corpus": [str(corpus)]},
        context=REVIEWED, stream_mode=["custom", "updates"],
    ):
        if part.event == "custom":
            events.append(part.data)
        if part.event == "updates" and "__interrupt__" in (part.data or {}):
            interrupted = part.data["__interrupt__"][0]["value"]
    assert interrupted and interrupted["kind"] == "outline" and "## " in interrupted["markdown"]
    assert any(e.get("event") == "outline" for e in events)

    async for part in client.runs.stream(
        thread["thread_id"], "warp", command={"resume": {"action": "edit", "markdown": EDITED}},
        context=REVIEWED, stream_mode=["custom"],
    ):
        if part.event == "custom":
            events.append(part.data)
    kinds = [e.get("event") for e in events]
    assert kinds.count("section_written") >= 3 and kinds[-1] == "finished"
    values = (await client.threads.get_state(thread["thread_id"]))["values"]
    report = values["report"]
    assert report.startswith("# Inverters, edited") and "## 2 Tracking" in report and "## References" in report
    return values
