"""Reading a finished run: the report's parts and paragraphs, its evidence, trace and key points."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warp_report.eval.text import _HEADING, _NOT_WRITTEN, _NUMBERED, _REF_HEADINGS, _REFERENCE, count_words

# --------------------------------------------------------------------------------------------
# Reading a run


@dataclass
class Node:
    number: str  # "2.1"; "" for an unnumbered heading
    level: int  # 1 = section, 2 = subsection, 3 = sub-subsection
    title: str
    text: str = ""

    @property
    def written(self) -> bool:
        return bool(self.text.strip()) and not _NOT_WRITTEN.match(self.text.strip())

    def paragraphs(self) -> list[str]:
        if not self.written:
            return []
        paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", self.text)]
        return [p for p in paras if p and count_words(p) > 0]


@dataclass
class ParsedReport:
    title: str = ""
    preamble: str = ""
    nodes: list[Node] = field(default_factory=list)
    #: reference number -> the rest of its line (title and source)
    references: dict[int, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(n.text for n in self.nodes if n.written)

    def paragraphs(self) -> list[tuple[Node, str]]:
        return [(n, p) for n in self.nodes for p in n.paragraphs()]


def parse_report(markdown: str) -> ParsedReport:
    """Split a report into title, headed parts (with their own text) and the reference list."""
    rep = ParsedReport()
    current: Node | None = None
    in_refs = False
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        if current is not None:
            current.text = text
        elif not in_refs:
            rep.preamble = text
        lines.clear()

    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if m:
            hashes, heading = len(m.group(1)), m.group(2).strip()
            if hashes == 1 and not rep.title and current is None and not in_refs:
                rep.title = heading
                continue
            if not in_refs or hashes <= 2:
                flush()
                if heading.casefold().rstrip(":：") in _REF_HEADINGS:
                    in_refs, current = True, None
                    continue
                in_refs = False
                num = _NUMBERED.match(heading)
                if num:
                    current = Node(number=num.group(1), level=num.group(1).count(".") + 1, title=num.group(2).strip())
                else:
                    current = Node(number="", level=max(1, hashes - 1), title=heading)
                rep.nodes.append(current)
                continue
        if in_refs:
            r = _REFERENCE.match(line)
            if r:
                rep.references[int(r.group(1))] = r.group(2).strip()
            continue
        lines.append(line)
    if not in_refs:
        flush()
    return rep


@dataclass
class RunFiles:
    path: Path
    report: str
    evidence: dict[str, dict[str, Any]]
    trace: list[dict[str, Any]]
    summary: dict[str, Any]


def load_run(run_dir: str | os.PathLike[str]) -> RunFiles:
    """Read a run directory; only report.md is required."""
    d = Path(run_dir)
    report_path = d / "report.md"
    if not report_path.is_file():
        raise FileNotFoundError(f"no report.md in {d}")
    evidence: dict[str, dict[str, Any]] = {}
    if (d / "evidence.json").is_file():
        evidence = {str(k): v for k, v in json.loads((d / "evidence.json").read_text(encoding="utf-8")).items()}
    trace: list[dict[str, Any]] = []
    if (d / "trace.jsonl").is_file():
        for line in (d / "trace.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                trace.append(json.loads(line))
    summary: dict[str, Any] = {}
    if (d / "summary.json").is_file():
        summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
    return RunFiles(d, report_path.read_text(encoding="utf-8"), evidence, trace, summary)


def load_keypoints(path: str | os.PathLike[str]) -> list[str]:
    """Key points from a JSON list (of strings, or of objects with ``point``/``text``) or one per line."""
    raw = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict):
        data = data.get("keypoints") or data.get("key_points")
    if isinstance(data, list):
        out = []
        for item in data:
            if isinstance(item, dict):
                item = item.get("point") or item.get("text") or ""
            if str(item).strip():
                out.append(str(item).strip())
        return out
    return [ln.strip().lstrip("-*• ").strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


