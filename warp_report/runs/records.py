"""Where a run's settings live between the start and a ``--resume`` (no secrets in them)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from warp_report.context import Context
from warp_report.output.files import atomic_write
from warp_report.secrets import scrub_data
from warp_report.settings import resolve_data_dir


def data_dir(explicit: str | None = None) -> Path:
    return resolve_data_dir(explicit)


def checkpoint_db(base: Path) -> Path:
    return base / "checkpoints.sqlite"


def run_file(base: Path, thread_id: str) -> Path:
    return base / "runs" / f"{thread_id}.json"


def save_run(base: Path, thread_id: str, *, question: str, corpus: list[str], ctx: Context, out_dir: Path,
             status: str) -> None:
    record = {"thread_id": thread_id, "question": question, "corpus": corpus, "context": asdict(ctx),
              "out_dir": str(out_dir), "status": status}
    record = scrub_data(record)  # a password in --base-url/--chroma-url is never stored (--resume must be given it again)
    atomic_write(run_file(base, thread_id), json.dumps(record, ensure_ascii=False, indent=2))


def load_run(base: Path, thread_id: str) -> dict[str, Any]:
    path = run_file(base, thread_id)
    if not path.exists():
        raise FileNotFoundError(f"no run with thread id {thread_id!r} in {base}")
    return json.loads(path.read_text(encoding="utf-8"))


def list_runs(base: Path) -> list[dict[str, Any]]:
    folder = base / "runs"
    if not folder.is_dir():
        return []
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(runs, key=lambda r: r.get("thread_id", ""))
