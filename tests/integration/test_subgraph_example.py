"""The README's embedding example runs as written."""

import importlib.util
from pathlib import Path

from tests.support.scripted import simulated_model
from warp_report import Context
from warp_report.search.keyword import KeywordCorpusSearch

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "subgraph.py"


async def test_warp_runs_as_a_step_of_a_parent_graph(text_corpus):
    spec = importlib.util.spec_from_file_location("subgraph_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = simulated_model(extend_times=1)
    app = module.build_app(model=model, search=KeywordCorpusSearch(text_corpus),
                           context=Context(max_extend=1, protocol="tagged"))
    out = await app.ainvoke({"topic": "solar inverters"})
    assert out["report"].startswith("# Report: What should a newcomer know about solar inverters?")
    assert out["summary"].startswith("3 sections: 1 Part 1")
    assert str(text_corpus) in out["report"]
    assert model.calls, "the injected model was used"
