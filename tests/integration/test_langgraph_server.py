"""The graph on a real ``langgraph dev`` server, driven with the SDK: progress, review, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_client

ROOT = Path(__file__).resolve().parents[2]
EDITED = "# Inverters, edited\n\n## DC and AC\nWhy conversion.\n\n## Tracking\nMPPT.\n\n## Grid rules\nSafety.\n"








@pytest.fixture
def langgraph_server(model_url, tmp_path, unused_port):
    port = unused_port
    env = {**os.environ, "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGGRAPH_NO_VERSION_CHECK": "true",
           "LANGSMITH_TRACING": "false", "WARP_BASE_URL": model_url, "WARP_MODEL": "sim",
           "WARP_DATA_DIR": str(tmp_path / "data"), "WARP_CORPUS_ROOTS": str(tmp_path)}
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("langgraph")), "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("langgraph dev did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


async def test_stream_review_and_finish_through_the_sdk(langgraph_server, text_corpus):
    client = get_client(url=langgraph_server)
    thread = await client.threads.create()
    events, interrupted = [], None
    async for part in client.runs.stream(
        thread["thread_id"], "warp",
        input={"question": "How do solar inverters work?", "corpus": [str(text_corpus)]},
        context={"protocol": "tagged", "review": "outline"},
        stream_mode=["custom", "updates"],
    ):
        if part.event == "custom":
            events.append(part.data)
        if part.event == "updates" and "__interrupt__" in (part.data or {}):
            interrupted = part.data["__interrupt__"][0]["value"]
    assert interrupted and interrupted["kind"] == "outline" and "## " in interrupted["markdown"]
    assert any(e.get("event") == "outline" for e in events)

    async for part in client.runs.stream(
        thread["thread_id"], "warp",
        command={"resume": {"action": "edit", "markdown": EDITED}},
        context={"protocol": "tagged", "review": "outline"},
        stream_mode=["custom"],
    ):
        if part.event == "custom":
            events.append(part.data)
    kinds = [e.get("event") for e in events]
    assert kinds.count("section_written") >= 3 and kinds[-1] == "finished"

    state = await client.threads.get_state(thread["thread_id"])
    report = state["values"]["report"]
    assert report.startswith("# Inverters, edited") and "## 2 Tracking" in report
    assert "## References" in report and str(text_corpus) in report

    # The server reads no folder outside its corpus roots, and bad settings are refused by name.
    outside = await client.threads.create()
    run = await client.runs.wait(outside["thread_id"], "warp", input={"question": "What is in /etc?", "corpus": ["/etc"]},
                                 context={"protocol": "tagged"}, raise_error=False)
    bad_state = await client.threads.get_state(outside["thread_id"])
    assert not (bad_state["values"] or {}).get("registry", {}).get("passages")
    assert "outside the allowed roots" in json.dumps(run)
    refused = await client.threads.create()
    run = await client.runs.wait(refused["thread_id"], "warp", input={"question": "q?"},
                                 context={"max_steps": "abc"}, raise_error=False)
    assert "ValidationError" in json.dumps(run) and "max_steps" in json.dumps(run)
