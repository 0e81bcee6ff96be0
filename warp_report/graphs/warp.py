"""The WARP graph (see docs/architecture.md).

START -> english_question -> search_outline -> init_outline -> review_outline -> (search_section -> write_section)* -> judge_gaps
      -> (deepen -> revise_outline -> review_outline -> (search_section -> write_section)*)* -> lengthen* -> translate_report
      -> finalize
(english_question and translate_report pass straight through but for a CJK question over English
documents written by an embedded model; review_outline passes straight through unless the run asks for a review; search_outline, the
model's own search before the outline, runs in the agentcpm dialect only; lengthen, more text
for the written parts of a short report, never does.)
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy

from warp_report.context import Context
from warp_report.graphs import routers
from warp_report.nodes import (
    deepen,
    english_question,
    init_outline,
    judge_gaps,
    lengthen,
    plan_subsections,
    search_outline,
    search_section,
    translate_report,
    write_section,
)
from warp_report.nodes.finalize import finalize
from warp_report.nodes.review_outline import review_outline
from warp_report.nodes.revise_outline import revise_outline
from warp_report.nodes.services import Services, server_corpus_roots
from warp_report.search.base import EvidenceMemory, SearchBackend
from warp_report.search.langchain import as_search_backend
from warp_report.state.state import WarpInput, WarpOutput, WarpState


def _transient(exc: Exception) -> bool:
    """Model-server and network hiccups are retried; bugs and bad input are not."""
    import httpx

    try:
        import openai

        if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError, openai.InternalServerError,
                            openai.RateLimitError)):
            return True
    except ImportError:  # pragma: no cover - langchain-openai is a dependency
        pass
    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


#: Each model step runs at most a few nodes; far above any budget a run can be given.
RECURSION_LIMIT = 10_000

MODEL_RETRY = RetryPolicy(max_attempts=3, initial_interval=1.0, backoff_factor=2.0, retry_on=_transient)


def _ends(targets: list[str]) -> dict[str, str]:
    """A router's targets, where its "finalize" (the run is over) goes through translate_report:
    the routers say when a run ends, not what comes after."""
    return {t: "translate_report" if t == "finalize" else t for t in targets}


def build_graph(
    *,
    model: BaseChatModel | None = None,
    search: SearchBackend | BaseRetriever | VectorStore | None = None,
    memory: EvidenceMemory | None = None,
    checkpointer: BaseCheckpointSaver | None = None,
    name: str = "warp",
    corpus_roots: Sequence[str] | None = None,
) -> CompiledStateGraph:
    """The compiled WARP graph; collaborators not given are made from each run's context.

    ``corpus_roots``: the only folders a run's input may name as corpora (default: any; the
    graph served by ``langgraph.json`` uses ``$WARP_CORPUS_ROOTS``, else the data dir and the
    server's working directory).
    """
    roots = tuple(str(r) for r in corpus_roots) if corpus_roots is not None else None
    backend = as_search_backend(search) if search is not None else None
    services = Services(model=model, search=backend, memory=memory, corpus_roots=roots)
    builder = StateGraph(WarpState, context_schema=Context, input_schema=WarpInput, output_schema=WarpOutput)
    builder.add_node("english_question", english_question.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("search_outline", search_outline.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("init_outline", init_outline.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("search_section", search_section.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("write_section", write_section.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("judge_gaps", judge_gaps.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("deepen", deepen.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("lengthen", lengthen.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("review_outline", review_outline)
    builder.add_node("plan_subsections", plan_subsections.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("revise_outline", revise_outline)
    builder.add_node("translate_report", translate_report.make(services), retry_policy=MODEL_RETRY)
    builder.add_node("finalize", finalize)
    builder.add_edge(START, "english_question")
    builder.add_edge("english_question", "search_outline")
    builder.add_edge("search_outline", "init_outline")
    builder.add_conditional_edges("init_outline", routers.after_init, _ends(["review_outline", "finalize"]))
    builder.add_conditional_edges(
        "review_outline", routers.after_review,
        _ends(["init_outline", "plan_subsections", "search_section", "judge_gaps", "finalize"]),
    )
    drafting = ["search_section", "judge_gaps", "finalize"]
    builder.add_conditional_edges("plan_subsections", routers.after_planning, _ends(["plan_subsections", *drafting]))
    builder.add_conditional_edges("search_section", routers.after_search, _ends(["write_section", *drafting]))
    builder.add_conditional_edges("write_section", routers.after_draft, _ends(drafting))
    builder.add_conditional_edges("judge_gaps", routers.after_judge,
                                  _ends(["deepen", "search_section", "lengthen", "finalize"]))
    builder.add_conditional_edges("lengthen", routers.after_lengthen, _ends(["lengthen", "finalize"]))
    builder.add_edge("deepen", "revise_outline")
    builder.add_edge("revise_outline", "review_outline")
    builder.add_edge("translate_report", "finalize")
    builder.add_edge("finalize", END)
    # The step budget (Context.max_steps) is what ends a run; LangGraph's recursion limit is only
    # a backstop, set here so the CLI, the server and embedding apps all get the same one.
    return builder.compile(checkpointer=checkpointer, name=name).with_config(recursion_limit=RECURSION_LIMIT)


# What langgraph.json exposes: no checkpointer (the server brings its own).
graph = build_graph(corpus_roots=server_corpus_roots())
