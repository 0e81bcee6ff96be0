"""RACE-style scoring of reports against reference reports with an LLM judge.

The method follows DeepResearch Bench's RACE (Du et al., 2025), reimplemented here:

1. Every task has its own criteria, grouped in four dimensions (comprehensiveness, insight,
   instruction following, readability). Each dimension has a weight in the task
   (``dimension_weight``), and each criterion a weight inside its dimension.
2. A judge model reads the task, the criteria, the target report and a reference report, and
   scores both reports on every criterion (0-10).
3. A report's dimension score is the weighted mean of its criterion scores; its overall score
   is the dimension-weighted mean of those.
4. The final score of the target is relative: ``target / (target + reference)`` (0.5 = as good
   as the reference). Per-dimension relative scores are computed the same way.

File formats (JSON Lines, one task per line, the same as DeepResearch Bench's files):

- criteria: ``{"id": 1, "prompt": "...", "dimension_weight": {"comprehensiveness": 0.3, ...},
  "criterions": {"comprehensiveness": [{"criterion": "...", "explanation": "...", "weight": 0.2}, ...], ...}}``
  (``criteria`` is accepted for ``criterions``);
- reference (and target, when not run folders): ``{"id": 1, "prompt": "...", "article": "markdown"}``.

The judge is any OpenAI-compatible ``/chat/completions`` endpoint; its key, if it needs one,
comes from ``WARP_JUDGE_API_KEY`` or ``OPENAI_API_KEY``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warp_report.protocol.markers import CITATION

DIMENSIONS = ("comprehensiveness", "insight", "instruction_following", "readability")

DIMENSION_HELP = {
    "comprehensiveness": "breadth and depth of coverage of what the task asks for",
    "insight": "analysis, reasoning and original, well-founded conclusions beyond restating facts",
    "instruction_following": "how exactly the report does what the task asked (scope, format, constraints)",
    "readability": "structure, clarity, fluency and presentation",
}


# --------------------------------------------------------------------------------------------
# Reading inputs


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
    return rows


def task_key(value: Any) -> str:
    """Ids compare as text, with integers normalised (``1``, ``"1"`` and ``"001"`` are one task)."""
    s = str(value).strip()
    return str(int(s)) if s.isdigit() else s


@dataclass
class Criterion:
    text: str
    explanation: str
    weight: float


@dataclass
class TaskCriteria:
    id: str
    prompt: str
    dimension_weight: dict[str, float]
    criteria: dict[str, list[Criterion]] = field(default_factory=dict)

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> TaskCriteria:
        groups = rec.get("criterions") or rec.get("criteria") or {}
        if not isinstance(groups, dict) or not groups:
            raise ValueError(f"task {rec.get('id')}: no criteria")
        criteria = {
            dim: [Criterion(str(c.get("criterion", "")).strip(), str(c.get("explanation", "")).strip(),
                            float(c.get("weight", 1.0))) for c in items]
            for dim, items in groups.items()
        }
        weights = {dim: float(w) for dim, w in (rec.get("dimension_weight") or {}).items()}
        if not weights:
            weights = {dim: 1.0 for dim in criteria}
        return cls(task_key(rec.get("id")), str(rec.get("prompt", "")), weights, criteria)


def load_criteria(path: str | os.PathLike[str]) -> dict[str, TaskCriteria]:
    return {t.id: t for t in map(TaskCriteria.from_record, read_jsonl(path))}


def load_articles(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """A JSONL file of ``{"id", "article"}``; or a folder of run folders named by task id
    (each with report.md, as ``benchmarks/run_tasks.py`` writes them)."""
    p = Path(path)
    if p.is_dir():
        out = {}
        for d in sorted(p.iterdir()):
            if (d / "report.md").is_file():
                summary = d / "summary.json"
                question = json.loads(summary.read_text(encoding="utf-8")).get("question", "") if summary.is_file() else ""
                out[task_key(d.name)] = {"id": d.name, "prompt": question,
                                         "article": (d / "report.md").read_text(encoding="utf-8")}
        return out
    return {task_key(r.get("id")): r for r in read_jsonl(p)}


_REFS = re.compile(r"^#{1,3}\s*(references|sources|参考文献|参考资料)\s*$.*", re.IGNORECASE | re.MULTILINE | re.DOTALL)


def clean_article(text: str, *, drop_references: bool = True) -> str:
    """The report as a reader judges it: without the reference list and ``[n]`` markers
    (reference articles of DeepResearch Bench come cleaned the same way)."""
    if drop_references:
        text = _REFS.sub("", text)
        text = CITATION.sub("", text)
    return text.strip()


# --------------------------------------------------------------------------------------------
# Prompt


def build_messages(task: TaskCriteria, target: str, reference: str, *, prompt: str | None = None) -> list[dict[str, str]]:
    """The judge's chat messages: the task, every criterion numbered per dimension, both articles.

    Criterion weights are not shown (they only enter the aggregation); the judge is asked for
    JSON with one entry per criterion, keyed by its number, so scores map back without relying
    on the criterion text being copied exactly.
    """
    lines = []
    for dim in _ordered(task.criteria):
        help_text = DIMENSION_HELP.get(dim, "")
        lines.append(f"### {dim}" + (f" ({help_text})" if help_text else ""))
        for i, c in enumerate(task.criteria[dim], 1):
            lines.append(f"{i}. {c.text}" + (f": {c.explanation}" if c.explanation else ""))
        lines.append("")
    example = {dim: [{"index": 1, "criterion": "...", "article_1_score": 7.5, "article_2_score": 6.0}]
               for dim in _ordered(task.criteria)}
    system = ("You are a strict, fair reviewer of research reports. You compare two reports written for the "
              "same task, criterion by criterion, and answer with JSON only.")
    user = (
        f"## Task\n{prompt or task.prompt}\n\n"
        f"## Criteria\n" + "\n".join(lines) + "\n"
        "## Article 1\n<article_1>\n" + target.strip() + "\n</article_1>\n\n"
        "## Article 2\n<article_2>\n" + reference.strip() + "\n</article_2>\n\n"
        "## What to return\n"
        "Score both articles on every criterion above, from 0 (fails it) to 10 (excellent), judging each "
        "article on its own merits against the criterion; length alone earns nothing. Return one JSON object "
        "with one key per dimension; each value lists every criterion of that dimension with its number "
        "(\"index\"), its text, \"article_1_score\" and \"article_2_score\". Example of the shape:\n"
        + json.dumps(example, ensure_ascii=False)
        + "\nAnswer with the JSON object only."
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _ordered(groups: dict[str, Any]) -> list[str]:
    return [d for d in DIMENSIONS if d in groups] + [d for d in groups if d not in DIMENSIONS]


def extract_json(text: str) -> dict[str, Any]:
    """The first JSON object in a reply (code fences and text around it are ignored)."""
    text = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL)
    fence = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", text, re.DOTALL)
    candidates = [fence.group(1)] if fence else []
    start = text.find("{")
    if start >= 0:
        candidates.append(text[start : text.rfind("}") + 1])
    for c in candidates:
        try:
            data = json.loads(c)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            return data
    raise ValueError("the judge's reply holds no JSON object")


# --------------------------------------------------------------------------------------------
# Aggregation


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _score(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return min(10.0, max(0.0, x))


@dataclass
class TaskScore:
    id: str
    target: float  # overall weighted score of the target report (0-10)
    reference: float
    final: float  # target / (target + reference)
    dims: dict[str, dict[str, float]]  # dim -> {"target", "reference", "relative"}
    unmatched: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "target": self.target, "reference": self.reference, "final": self.final,
                "dims": self.dims, "unmatched": self.unmatched}


def aggregate(task: TaskCriteria, judged: dict[str, Any]) -> TaskScore:
    """Weighted scores of one task from the judge's JSON.

    Each returned item is matched to a criterion by its ``index`` (1-based within its
    dimension) or else by its text (exact after normalising spaces and case). Items that match
    nothing are listed in ``unmatched`` and ignored; criteria the judge left out do not count
    (their weight leaves the denominator). A dimension with no scored criterion is left out of
    the overall score, whose weights are renormalised over the dimensions scored.
    """
    dims: dict[str, dict[str, float]] = {}
    unmatched: list[str] = []
    for dim, criteria in task.criteria.items():
        items = judged.get(dim)
        if not isinstance(items, list):
            continue
        by_text = {_norm(c.text): i for i, c in enumerate(criteria)}
        scored: dict[int, tuple[float, float]] = {}
        for item in items:
            if not isinstance(item, dict):
                continue
            idx = None
            raw_index = item.get("index")
            if isinstance(raw_index, (int, float)) or (isinstance(raw_index, str) and raw_index.strip().isdigit()):
                k = int(raw_index) - 1
                if 0 <= k < len(criteria):
                    idx = k
            if idx is None:
                idx = by_text.get(_norm(str(item.get("criterion", ""))))
            t, r = _score(item.get("article_1_score")), _score(item.get("article_2_score"))
            if idx is None or t is None or r is None:
                unmatched.append(f"{dim}: {str(item.get('criterion', item.get('index', '?')))[:60]}")
                continue
            scored[idx] = (t, r)
        wsum = sum(criteria[i].weight for i in scored)
        if not scored or wsum <= 0:
            continue
        t = sum(criteria[i].weight * s[0] for i, s in scored.items()) / wsum
        r = sum(criteria[i].weight * s[1] for i, s in scored.items()) / wsum
        dims[dim] = {"target": t, "reference": r, "relative": t / (t + r) if t + r else 0.5}
    weights = {d: task.dimension_weight.get(d, 0.0) for d in dims}
    total_w = sum(weights.values())
    if not dims or total_w <= 0:
        raise ValueError(f"task {task.id}: the judge scored no criterion")
    target = sum(weights[d] * dims[d]["target"] for d in dims) / total_w
    reference = sum(weights[d] * dims[d]["reference"] for d in dims) / total_w
    final = target / (target + reference) if target + reference else 0.5
    return TaskScore(task.id, target, reference, final, dims, unmatched)


def summarise(scores: Iterable[TaskScore]) -> dict[str, Any]:
    """Means over tasks, on DeepResearch Bench's 0-100 scale (50 = on par with the reference)."""
    scores = list(scores)
    if not scores:
        return {"tasks": 0}
    out: dict[str, Any] = {"tasks": len(scores), "overall": 100 * sum(s.final for s in scores) / len(scores)}
    for dim in DIMENSIONS:
        vals = [s.dims[dim]["relative"] for s in scores if dim in s.dims]
        out[dim] = 100 * sum(vals) / len(vals) if vals else None
    return out


# --------------------------------------------------------------------------------------------
# Judge client


class Judge:
    """An OpenAI-compatible chat endpoint asked for JSON; retries a reply that holds none."""

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None, timeout: float = 600.0,
                 temperature: float = 0.0, max_tokens: int | None = 4096, tries: int = 3) -> None:
        import httpx

        key = api_key or os.environ.get("WARP_JUDGE_API_KEY") or os.environ.get("OPENAI_API_KEY")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)
        self.model, self.temperature, self.max_tokens, self.tries = model, temperature, max_tokens, tries

    def ask(self, messages: list[dict[str, str]]) -> tuple[dict[str, Any], str]:
        body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": self.temperature}
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        error: Exception | None = None
        for _ in range(self.tries):
            resp = self.client.post("/chat/completions", json=body)
            resp.raise_for_status()
            text = resp.json()["choices"][0]["message"].get("content") or ""
            try:
                return extract_json(text), text
            except ValueError as exc:
                error = exc
        raise ValueError(f"{error} (after {self.tries} tries)")

    def close(self) -> None:
        self.client.close()


def score_task(judge: Judge, task: TaskCriteria, target: str, reference: str, *, prompt: str | None = None,
               clean: bool = True) -> tuple[TaskScore, str]:
    if clean:
        target, reference = clean_article(target), clean_article(reference)
    judged, raw = judge.ask(build_messages(task, target, reference, prompt=prompt))
    return aggregate(task, judged), raw
