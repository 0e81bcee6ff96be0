"""Benchmark the embedded llama.cpp model on WARP-like actions, constrained vs unconstrained.

    python benchmarks/local_model.py                      # default packaged model, N=5
    python benchmarks/local_model.py -n 3 --model local:smollm2-135m --model gguf:/m/x.gguf
    python benchmarks/local_model.py --no-default --model local:qwen2.5-coder-0.5b

For each model and action type (init-plan, write, extend-plan) it makes N tries:
- constrained: ``with_structured_output(schema, method="json_schema", include_raw=True)``,
  i.e. decoding restricted by a grammar built from the schema;
- unconstrained: a plain chat call asking for the same JSON; the first JSON object in the
  reply is parsed with the same schema.
A try is *valid* when it parses and passes the design's hard checks (section counts,
non-empty titles/plans, > 50 chars and no headings in written text, 1-12 citations all
among the ids shown, 2-7 subsections at an allowed position, English output).
Speeds come from llama.cpp's own counters (prompt tokens actually evaluated, i.e. after
prefix-cache reuse, and generated tokens).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Literal

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError, create_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warp_report.models.llamacpp import LocalChatModel, load_local_model

QUERY = "How do heat pumps work, and are they worth installing in cold climates?"
PASSAGES = {
    "2": "A heat pump moves heat instead of generating it: a refrigerant absorbs heat from outside "
    "air or ground, a compressor raises its temperature, and a condenser releases it indoors.",
    "5": "The coefficient of performance (COP) of air-source heat pumps is typically 2.5-4, meaning "
    "each kWh of electricity delivers 2.5-4 kWh of heat; COP falls as outdoor temperature drops.",
    "9": "Cold-climate heat pumps with variable-speed compressors keep a COP near 2 at -15 C; field "
    "studies in Canada and Scandinavia found 30-60% lower heating costs than electric resistance.",
    "11": "Installation costs range from 4,000 to 15,000 USD; ground-source systems cost more but "
    "are more efficient. Subsidies in many countries cover part of the cost.",
}
PROTOCOL = (
    "You are a research writer. You build a report step by step. Reply ONLY with one JSON object "
    "in the requested format, no other text."
)


# -- action schemas (what the protocol layer builds; kept local to this script) --------------


class PlanItem(BaseModel):
    title: str = Field(min_length=3, max_length=80)
    plan: str = Field(min_length=10, max_length=300)


class InitPlan(BaseModel):
    thought: str = Field(max_length=400)
    name: Literal["init-plan"]
    title: str = Field(min_length=3, max_length=100)
    sections: list[PlanItem] = Field(min_length=3, max_length=12)


class ExtendPlan(BaseModel):
    thought: str = Field(max_length=400)
    name: Literal["extend-plan"]
    position: Literal["section-1", "section-2", "section-3", "section-4"]
    subsections: list[PlanItem] = Field(min_length=2, max_length=7)


def write_schema(ids: list[str]) -> type[BaseModel]:
    cite = Literal[tuple(ids)]  # type: ignore[valid-type]
    para = create_model(
        "Paragraph",
        text=(str, Field(min_length=80, max_length=900)),
        cites=(list[cite], Field(min_length=1, max_length=4)),
    )
    return create_model(
        "Write",
        thought=(str, Field(max_length=400)),
        paragraphs=(list[para], Field(min_length=1, max_length=3)),
    )


def _evidence() -> str:
    return "\n".join(f"[{k}] {v}" for k, v in PASSAGES.items())


OUTLINE = (
    "Title: Heat pumps in cold climates\n"
    "section-1 How heat pumps work: (written) A heat pump moves heat ... compressor and condenser.\n"
    "section-2 Efficiency and COP: (written) The COP of air-source units ... falls in the cold.\n"
    "section-3 Performance in cold climates: (written) Cold-climate models keep ... lower costs.\n"
    "section-4 Costs and subsidies: (written) Installation costs range ... subsidies help."
)

TASKS: dict[str, dict[str, Any]] = {
    "init-plan": {
        "schema": InitPlan,
        "prompt": f"Query: {QUERY}\n\nSearch results:\n{_evidence()}\n\n"
        "Action: init-plan. Propose the report title and 3 to 6 top-level sections, each with a "
        'one-sentence plan. Format: {"thought": "...", "name": "init-plan", "title": "...", '
        '"sections": [{"title": "...", "plan": "..."}]}',
    },
    "write": {
        "schema": write_schema(list(PASSAGES)),
        "prompt": f"Query: {QUERY}\n\nOutline:\nsection-1 How heat pumps work: (cursor) explain the "
        f"refrigeration cycle.\nsection-2 Efficiency and COP: (plan)\n\nEvidence:\n{_evidence()}\n\n"
        "Action: write section-1. Write 1 to 3 paragraphs of English prose for the section at the "
        "cursor, using only the evidence, and list the ids of the passages each paragraph cites. "
        'No headings. Format: {"thought": "...", "paragraphs": [{"text": "...", "cites": ["2"]}]}',
    },
    "extend-plan": {
        "schema": ExtendPlan,
        "prompt": f"Query: {QUERY}\n\nDraft:\n{OUTLINE}\n\nAction: extend-plan. Pick the one "
        "section most in need of depth and give it 2 to 7 subsections. Format: "
        '{"thought": "...", "name": "extend-plan", "position": "section-N", '
        '"subsections": [{"title": "...", "plan": "..."}]}',
    },
}

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(bool(_CJK.match(c)) for c in letters) / len(letters) < 0.01


def check(action: str, obj: BaseModel) -> str | None:
    """The design's hard checks; None when valid, else the reason."""
    if action == "init-plan":
        if not 3 <= len(obj.sections) <= 12:
            return "section count"
        if not obj.title.strip() or any(not s.title.strip() or not s.plan.strip() for s in obj.sections):
            return "empty title/plan"
        texts = [obj.title] + [s.title + s.plan for s in obj.sections]
    elif action == "write":
        body = "\n\n".join(p.text for p in obj.paragraphs)
        cites = [c for p in obj.paragraphs for c in p.cites]
        if len(body.strip()) <= 50:
            return "too short"
        if re.search(r"^\s*#", body, re.M):
            return "heading"
        if not 1 <= len(set(cites)) <= 12 or not set(cites) <= set(PASSAGES):
            return "citations"
        if len(set(body.split())) < 0.3 * len(body.split()):
            return "degenerate (repetitive)"
        texts = [body]
    else:
        if not 2 <= len(obj.subsections) <= 7:
            return "subsection count"
        if any(not s.title.strip() or not s.plan.strip() for s in obj.subsections):
            return "empty title/plan"
        texts = [s.title + s.plan for s in obj.subsections]
    if not all(_english(t) for t in texts):
        return "language"
    return None


def _first_json(text: str) -> Any:
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object")
    obj, _ = json.JSONDecoder().raw_decode(text[start:])
    return obj


class Perf:
    """llama.cpp's own prompt/eval counters for the shared context."""

    def __init__(self, model: LocalChatModel) -> None:
        import llama_cpp

        self.lib = llama_cpp
        self.ctx = model._loaded().llama._ctx.ctx
        self.p_tok = self.p_ms = self.g_tok = self.g_ms = 0.0

    def reset(self) -> None:
        self.lib.llama_perf_context_reset(self.ctx)

    def add(self) -> None:
        d = self.lib.llama_perf_context(self.ctx)
        self.p_tok += d.n_p_eval
        self.p_ms += d.t_p_eval_ms
        self.g_tok += d.n_eval
        self.g_ms += d.t_eval_ms


def run_model(spec: str, n: int, max_tokens: int, temperature: float) -> list[dict[str, Any]]:
    t0 = time.perf_counter()
    model = load_local_model(spec, n_ctx=4096, temperature=temperature, max_tokens=max_tokens, preload=True)
    load_s = time.perf_counter() - t0
    perf = Perf(model)
    rows = []
    for action, task in TASKS.items():
        schema = task["schema"]
        messages = [SystemMessage(PROTOCOL), HumanMessage(task["prompt"])]
        for mode in ("constrained", "unconstrained"):
            valid, secs, reasons, sample = 0, [], {}, ""
            for i in range(n):
                perf.reset()
                t = time.perf_counter()
                seed = 1000 + i
                if mode == "constrained":
                    res = model.with_structured_output(schema, include_raw=True).invoke(messages, seed=seed)
                    obj, raw = res["parsed"], res["raw"].content
                else:
                    raw = model.invoke(messages, seed=seed).content
                    try:
                        obj = schema.model_validate(_first_json(raw))
                    except (ValueError, ValidationError):
                        obj = None
                secs.append(time.perf_counter() - t)
                perf.add()
                reason = "parse/schema" if obj is None else check(action, obj)
                if reason is None:
                    valid += 1
                else:
                    reasons[reason] = reasons.get(reason, 0) + 1
                if i == 0:
                    sample = raw.replace("\n", " ")[:160]
                print(f"  {spec} {action} {mode} try {i + 1}/{n}: {secs[-1]:.1f}s "
                      f"{'ok' if reason is None else reason}", file=sys.stderr, flush=True)
            rows.append(
                dict(model=spec, action=action, mode=mode, valid=valid, n=n,
                     mean_s=statistics.mean(secs), reasons=reasons, sample=sample)
            )
    rows.append(
        dict(model=spec, load_s=load_s,
             prompt_tps=perf.p_tok / (perf.p_ms / 1000) if perf.p_ms else float("nan"),
             gen_tps=perf.g_tok / (perf.g_ms / 1000) if perf.g_ms else float("nan"),
             prompt_tokens=int(perf.p_tok), gen_tokens=int(perf.g_tok))
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=5, help="tries per action and mode (default 5)")
    ap.add_argument("--model", action="append", default=[], help="extra model spec (repeatable)")
    ap.add_argument("--no-default", action="store_true", help="skip the default 'local' model")
    ap.add_argument("--max-tokens", type=int, default=768)
    ap.add_argument("--temperature", type=float, default=0.7)
    ap.add_argument("--samples", action="store_true", help="print the first reply of each cell")
    args = ap.parse_args(argv)
    specs = ([] if args.no_default else ["local"]) + args.model
    all_rows = []
    for spec in specs:
        all_rows += run_model(spec, args.n, args.max_tokens, args.temperature)

    print(f"\n{'model':<28} {'action':<12} {'mode':<14} {'valid':>7} {'s/try':>7}  failures")
    for r in all_rows:
        if "action" in r:
            fails = ", ".join(f"{k} x{v}" for k, v in r["reasons"].items())
            print(f"{r['model']:<28} {r['action']:<12} {r['mode']:<14} {r['valid']:>3}/{r['n']:<3} "
                  f"{r['mean_s']:>7.1f}  {fails}")
            if args.samples:
                print(f"{'':<28} sample: {r['sample']}")
    print(f"\n{'model':<28} {'load s':>7} {'prompt tok/s':>13} {'gen tok/s':>10} {'prompt tok':>11} {'gen tok':>8}")
    for r in all_rows:
        if "prompt_tps" in r:
            print(f"{r['model']:<28} {r['load_s']:>7.1f} {r['prompt_tps']:>13.1f} {r['gen_tps']:>10.1f} "
                  f"{r['prompt_tokens']:>11} {r['gen_tokens']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
