"""The two scaled-out ways ``run_tasks.py`` runs a task set (its own docstring says how to call them).

- **server**: every task is one thread on a LangGraph-API server (``langhost``, ``langgraph dev``, a
  deployment), driven by the stock ``langgraph_sdk`` client with at most ``--parallel`` runs in
  flight; the finished state is fetched and written into ``OUT/POLICY/ID/`` exactly as
  ``warp-report run`` writes it, so the quality table reads both alike.
- **local workers**: ``warp-report run`` processes that share one checkpointer (PostgreSQL with
  ``--checkpoint-url``). A worker killed mid-task leaves a run record that is not ``finished``;
  ``--resume-failed`` finds it by its output folder and finishes it with ``run --resume``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from warp_report.secrets import scrub

# The settings a task set may choose for each run (the rest are the server's or the CLI's defaults).
CONTEXT_OPTIONS = ("model", "base_url", "search", "chroma_url", "protocol")


def run_context(args: argparse.Namespace, policy: str) -> dict[str, Any]:
    """The run's ``Context`` from the same options local runs use (sent as the server run's context)."""
    ctx = {k: getattr(args, k) for k in CONTEXT_OPTIONS if getattr(args, k, None)}
    return {**ctx, "policy": policy}


def read_meta(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / "task.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_meta(out: Path, **fields: Any) -> None:
    (out / "task.json").write_text(json.dumps(fields, ensure_ascii=False) + "\n", encoding="utf-8")


# --- server mode ------------------------------------------------------------------------------------


async def _thread_to_run(client: Any, task: dict[str, Any], policy: str, out: Path,
                         resume: bool) -> tuple[str, bool]:
    """(thread id, continue it?): the thread of an earlier unfinished try when resuming, else a new one."""
    old = read_meta(out).get("thread_id") if resume else None
    if old:
        try:
            thread = await client.threads.get(old)
            return old, thread.get("status") != "idle" or bool((await client.threads.get_state(old)).get("next"))
        except Exception:  # gone from the server: start again
            pass
    thread = await client.threads.create(metadata={"task": task["id"], "policy": policy})
    return thread["thread_id"], False


async def _wait(client: Any, thread_id: str, inputs: dict[str, Any] | None, context: dict[str, Any]) -> Any:
    """Wait for the thread's run: join the one still in flight (a client that died left it running),
    else start one; ``inputs=None`` continues from the last checkpoint."""
    if inputs is None:
        for run in await client.runs.list(thread_id, limit=5):
            if run.get("status") in ("pending", "running"):
                return await client.runs.join(thread_id, run["run_id"])
    return await client.runs.wait(thread_id, "warp", input=inputs, context=context, raise_error=False)


async def server_job(client: Any, task: dict[str, Any], policy: str, args: argparse.Namespace,
                     inputs: dict[str, Any], slots: asyncio.Semaphore) -> dict[str, Any]:
    from warp_report.output.files import write_outputs
    from warp_report.state.state import WarpState

    out = Path(args.out) / policy / task["id"]
    async with slots:
        started = time.monotonic()
        thread_id, resumed = await _thread_to_run(client, task, policy, out, args.resume_failed)
        # Recorded before the run, so a batch that dies here can join or continue the thread later.
        write_meta(out, id=task["id"], question=task["question"], policy=policy, mode="server", thread_id=thread_id,
                   server=args.server_url, status="running")
        status, error = "failed", None
        try:
            result = await asyncio.wait_for(_wait(client, thread_id, None if resumed else inputs,
                                                  run_context(args, policy)), args.timeout)
            snapshot = await client.threads.get_state(thread_id)
            if isinstance(result, dict) and "__error__" in result:
                error = str(result["__error__"].get("message", result["__error__"]))[:300]
            elif snapshot.get("next"):
                status, error = "paused", f"waiting before {snapshot['next']} (an outline review?)"
            else:
                took = round(time.monotonic() - started, 2)
                write_outputs(WarpState.model_validate(snapshot["values"]), out,
                              {"thread_id": thread_id, "wall_seconds": took})
                status = "ok"
        except TimeoutError:
            error = f"no result within {args.timeout:.0f}s"
        except Exception as exc:  # (one task's failure never stops the batch)
            error = f"{type(exc).__name__}: {exc}"[:300]
        took = time.monotonic() - started
        write_meta(out, id=task["id"], question=task["question"], policy=policy, mode="server", thread_id=thread_id,
                   server=args.server_url, status=status, error=error and scrub(error), seconds=round(took, 1))
    shown = status if status == "ok" else f"{status} (thread {thread_id}: {scrub(error or '')})"
    return {"id": task["id"], "policy": policy, "status": shown, "seconds": took}


def run_on_server(jobs: list[tuple[dict[str, Any], str]], args: argparse.Namespace,
                  inputs_of: Any) -> list[dict[str, Any]]:
    """Run every (task, policy) as a thread on ``args.server_url``; results in the order they finish."""
    import httpx
    from langgraph_sdk import get_client

    async def main() -> list[dict[str, Any]]:
        client = get_client(url=args.server_url, timeout=httpx.Timeout(args.timeout, connect=10))
        slots = asyncio.Semaphore(max(1, args.parallel))
        done: list[dict[str, Any]] = []
        for job in asyncio.as_completed([server_job(client, t, p, args, inputs_of(t), slots) for t, p in jobs]):
            r = await job
            done.append(r)
            print(f"[{len(done)}/{len(jobs)}] {r['policy']}/{r['id']}: {r['status']} in {r['seconds']:.0f}s", flush=True)
        return done

    return asyncio.run(main())


# --- local workers ----------------------------------------------------------------------------------


def unfinished_runs(args: argparse.Namespace) -> dict[Path, str]:
    """Output folder -> thread id of every run record not finished (a killed worker's run stays 'running')."""
    from warp_report.runs.checkpointer import run_records

    found: dict[Path, str] = {}
    for record in run_records(Path(args.data_dir), args.checkpoint_url).list():
        if record.get("status") != "finished" and record.get("out_dir"):
            found[Path(record["out_dir"]).resolve()] = record["thread_id"]
    return found


def resume_command(cli: list[str], thread_id: str, out: Path, args: argparse.Namespace) -> list[str]:
    """Finish a run another worker left: its settings come from its record; this worker's data dir."""
    cmd = [*cli, "run", "--resume", thread_id, "--out-dir", str(out), "--quiet", "--data-dir", args.data_dir]
    # The record never stores a URL password, so the model server is named again.
    return cmd + (["--base-url", args.base_url] if args.base_url else [])


def thread_id_in_log(log: Path) -> str | None:
    """The thread id ``warp-report run`` prints first (kept in task.json to find the run later)."""
    try:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("thread id: "):
                return line.split()[2]
    except OSError:
        pass
    return None
