"""warp-report as one step of your own LangGraph app (README, "Use it from Python")."""

from typing import TypedDict

from langgraph.graph import END, START, StateGraph

from warp_report import Context, WarpInput, build_graph


class AppState(TypedDict, total=False):
    topic: str
    report: str
    summary: str


def build_app(model=None, search=None, context: Context | None = None):
    # Injected model/search are optional: without them each run builds its own from Context.
    warp = build_graph(model=model, search=search)
    context = context or Context(max_extend=1)

    async def research(state: AppState) -> AppState:
        question = WarpInput(question=f"What should a newcomer know about {state['topic']}?")
        out = await warp.ainvoke(question.model_dump(), context=context)
        return {"report": out["report"]}

    def summarize(state: AppState) -> AppState:
        headings = [line for line in state["report"].splitlines() if line.startswith("## ")]
        return {"summary": f"{len(headings) - 1} sections: " + "; ".join(h[3:] for h in headings[:-1])}

    app = StateGraph(AppState)
    app.add_node("research", research)
    app.add_node("summarize", summarize)
    app.add_edge(START, "research")
    app.add_edge("research", "summarize")
    app.add_edge("summarize", END)
    return app.compile()


if __name__ == "__main__":
    import asyncio
    import sys
    from pathlib import Path

    # A demo without a model: the simulated one lives with the tests, in the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support.scripted import simulated_model
    from warp_report.search.keyword import KeywordCorpusSearch

    corpus = KeywordCorpusSearch(sys.argv[1] if len(sys.argv) > 1 else "examples/corpus")
    app = build_app(model=simulated_model(), search=corpus, context=Context(max_extend=1, protocol="tagged"))
    print(asyncio.run(app.ainvoke({"topic": "solar inverters"}))["summary"])
