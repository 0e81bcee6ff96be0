"""Writing a run's outputs: every file atomically (temp file + rename), never half-written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from warp_report.output.html import report_html
from warp_report.output.markdown import Reference
from warp_report.secrets import scrub
from warp_report.state.state import WarpState


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # backslashreplace: a non-UTF-8 file name (lone surrogates) is written as \udcff, never a crash
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def evidence_record(state: WarpState) -> dict[str, Any]:
    """Report number -> the passage behind it (what a reader needs to check a citation)."""
    out: dict[str, Any] = {}
    for ref in state.references:
        p = state.registry.passages[ref["id"]]
        out[ref["n"]] = {"id": p.id, "title": p.title, "source": p.source, "locator": p.locator, "text": p.text}
    return out


def references_of(state: WarpState) -> list[Reference]:
    """The fields behind report.md's reference list (the HTML escapes them itself)."""
    out = []
    for ref in state.references:
        p = state.registry.passages[ref["id"]]
        out.append(Reference(int(ref["n"]), p.title, p.source, p.locator))
    return out


def summary_record(state: WarpState) -> dict[str, Any]:
    usage = {node: u.model_dump() for node, u in state.usage.items()}
    return {
        "question": state.question,
        "title": state.title,
        "finish_reason": state.finish_reason,
        "partial": state.partial,
        "steps": state.steps,
        "extensions": state.extensions,
        "passages_retrieved": state.registry.registered,
        "citations": len(state.references),
        "llm_calls": sum(u.calls for u in state.usage.values()),
        "input_tokens": sum(u.input_tokens for u in state.usage.values()),
        "output_tokens": sum(u.output_tokens for u in state.usage.values()),
        "cached_input_tokens": sum(u.cached_input_tokens for u in state.usage.values()),
        "model_seconds": round(sum(u.model_ms for u in state.usage.values()) / 1000, 1),
        "prefill_seconds": round(sum(u.prefill_ms for u in state.usage.values()) / 1000, 1),
        "usage_per_node": usage,
        "notes": state.notes,
    }


def write_outputs(state: WarpState, out_dir: Path, extra_summary: dict[str, Any] | None = None) -> dict[str, Path]:
    out_dir = Path(out_dir)
    paths = {
        "report": out_dir / "report.md",
        "html": out_dir / "report.html",
        "evidence": out_dir / "evidence.json",
        "trace": out_dir / "trace.jsonl",
        "summary": out_dir / "summary.json",
    }
    # scrub: no key or URL password (from a document, a note or an error) reaches any output file.
    atomic_write(paths["report"], scrub(state.report))
    atomic_write(paths["html"], scrub(report_html(state.report, references_of(state))))
    atomic_write(paths["evidence"], scrub(json.dumps(evidence_record(state), ensure_ascii=False, indent=2) + "\n"))
    atomic_write(paths["trace"], scrub("".join(e.model_dump_json() + "\n" for e in state.trace)))
    summary = {**summary_record(state), **(extra_summary or {})}
    atomic_write(paths["summary"], scrub(json.dumps(summary, ensure_ascii=False, indent=2) + "\n"))
    return paths
