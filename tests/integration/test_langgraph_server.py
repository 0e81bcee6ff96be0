"""The graph on a real ``langgraph dev`` server, driven with the SDK: progress, review, resume."""

from __future__ import annotations

import json
import threading

import pytest
from langgraph_sdk import get_client

from tests.support.sdk import review_edit_and_finish
from tests.support.servers import running_langgraph_dev
from tests.support.simserver import SimulatedModel, make_server


@pytest.fixture(scope="module")
def langgraph_server(tmp_path_factory):
    """One ``langgraph dev`` for the module; every test's corpus lies under pytest's base temp dir."""
    model = SimulatedModel(extend_times=1)
    sim = make_server("127.0.0.1", 0, model)
    threading.Thread(target=sim.serve_forever, daemon=True).start()
    work = tmp_path_factory.mktemp("langgraph-dev")
    env = {"WARP_BASE_URL": f"http://127.0.0.1:{sim.server_port}/v1", "WARP_MODEL": "sim",
           "WARP_DATA_DIR": str(work / "data"), "WARP_CORPUS_ROOTS": str(tmp_path_factory.getbasetemp())}
    try:
        with running_langgraph_dev(env, work / "server.log") as server:
            yield server.url
    finally:
        sim.shutdown()


async def test_stream_review_and_finish_through_the_sdk(langgraph_server, text_corpus):
    values = await review_edit_and_finish(langgraph_server, text_corpus)
    assert str(text_corpus) in values["report"]

    client = get_client(url=langgraph_server)
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


async def test_a_finished_thread_carries_only_the_passages_its_report_cites(langgraph_server, tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(10):  # ten files, each one passage with its own marker word
        (corpus / f"note{i}.md").write_text(f"# Solar note {i}\n\nSolar panels and inverters, fact marker{i}xq: "
                                            f"panel number {i} turns sunlight into current for the grid.\n")
    client = get_client(url=langgraph_server)
    thread = await client.threads.create()
    # One passage shown per part: the report cites at most three of the ten files.
    await client.runs.wait(thread["thread_id"], "warp", input={"question": "How do solar panels work?",
                                                               "corpus": [str(corpus)]},
                           context={"protocol": "tagged", "section_top_k": 1, "memory_top_k": 0})
    values = (await client.threads.get_state(thread["thread_id"]))["values"]
    assert "## References" in values["report"] and values["finish_reason"]
    cited = {ref["source"] for ref in values["references"]}
    assert 0 < len(cited) < 10
    assert set(values["registry"]["passages"]) == {ref["id"] for ref in values["references"]}
    shown = json.dumps(values)
    for i in range(10):
        path = str(corpus / f"note{i}.md")
        # a cited file's passage stays (the report cites it); no other file's text comes back
        assert (f"marker{i}xq" in shown) == (path in cited), path
