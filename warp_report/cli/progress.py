"""Showing a run: a live terminal view, plain lines, or JSON lines, all from the graph's custom events."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from warp_report.secrets import scrub

STYLE = {"planned": "dim", "writing": "bold cyan", "written": "green", "failed": "red"}
MARK = {"planned": "○", "writing": "◐", "written": "●", "failed": "✗"}


class RunView:
    """What the terminal shows, rebuilt from events (the same events Studio and the SDK get)."""

    def __init__(self) -> None:
        self.title = ""
        self.nodes: dict[str, dict[str, Any]] = {}
        self.step = 0
        self.max_steps = 0
        self.keywords: list[str] = []
        self.passages = 0
        self.tokens = 0
        self.extension = 0
        self.started = time.monotonic()
        self.status = "planning the outline"

    def update(self, ev: dict[str, Any]) -> None:
        kind = ev.get("event")
        if kind in ("outline", "outline_extended"):
            self.title = ev.get("title", self.title)
            self.extension = ev.get("extension", self.extension)
            self.nodes = {n["id"]: dict(n) for n in ev.get("nodes", [])}
        elif kind == "section_started" and ev.get("more"):
            self.status = f"adding to {ev['title']}"  # the part stays written, whatever the reply
        elif kind == "section_started" and ev["id"] in self.nodes:
            self.nodes[ev["id"]]["state"] = "writing"
            self.status = f"writing {ev['title']}"
        elif kind == "section_written" and ev["id"] in self.nodes:
            self.nodes[ev["id"]]["state"] = "written"
        elif kind == "section_failed" and ev["id"] in self.nodes:
            self.nodes[ev["id"]]["state"] = "failed"
        elif kind == "section_retried" and ev["id"] in self.nodes:
            self.nodes[ev["id"]]["state"] = "planned"
            self.status = f"trying {ev['title']} again"
        elif kind == "step":
            self.step, self.max_steps = ev["step"], ev["max_steps"]
            self.tokens += ev.get("tokens", 0)
        elif kind == "search":
            self.keywords, self.passages = ev["keywords"], ev["passages"]
        elif kind == "extension_planned":
            self.status = "adding parts" if ev.get("as_parts") else f"deepening {ev['position']}"
        elif kind == "question_translated":
            self.status = f"researching in English: {ev['question']}"
        elif kind == "translating":
            self.status = f"translating {ev['title']}"
        elif kind == "finished":
            self.status = f"finished ({ev['finish_reason']})"

    def render(self) -> Group:
        tree = Tree(Text(self.title or "(outline not planned yet)", style="bold"))
        branches: dict[str, Tree] = {}
        for nid, node in self.nodes.items():
            parent_id = nid.rsplit(".", 1)[0] if "." in nid else None
            parent = branches.get(parent_id, tree) if parent_id else tree
            label = Text(f"{MARK[node['state']]} {nid.removeprefix('section-')} {node['title']}",
                         style=STYLE[node["state"]])
            if node.get("extension") and node["extension"] == self.extension and node["state"] == "planned":
                label.append("  new", style="bold magenta")
            branches[nid] = parent.add(label)
        stats = Table.grid(padding=(0, 2))
        stats.add_row("step", f"{self.step}/{self.max_steps or '?'}", "passages", str(self.passages),
                      "tokens", f"{self.tokens:,}", "elapsed", f"{time.monotonic() - self.started:,.0f}s")
        search = Text(f"last search: {', '.join(self.keywords)}" if self.keywords else "", style="dim")
        return Group(tree, stats, search, Text(self.status, style="italic"))


class ProgressPrinter:
    """``live`` (a terminal), plain lines (logs), ``quiet`` or ``json_events`` (scripts)."""

    def __init__(self, *, quiet: bool = False, json_events: bool = False, stream: TextIO | None = None,
                 live: bool | None = None):
        self.quiet = quiet
        self.json_events = json_events
        self.console = Console(file=stream or sys.stderr, highlight=False)
        self.out = stream or sys.stdout
        self.view = RunView()
        wants_live = self.console.is_terminal if live is None else live
        self.live = Live(self.view.render(), console=self.console, refresh_per_second=4) \
            if wants_live and not quiet and not json_events else None

    def __enter__(self) -> ProgressPrinter:
        if self.live:
            self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.live.update(self.view.render())
            self.live.stop()

    def ask(self, question: Any, payload: Any) -> Any:
        """Call an interactive ``question`` with the live view out of the way."""
        if self.live:
            self.live.stop()
        try:
            return question(payload)
        finally:
            if self.live:
                self.live.start()

    def event(self, ev: dict[str, Any]) -> None:
        if self.json_events:
            self.out.write(scrub(json.dumps(ev, ensure_ascii=False, default=str)) + "\n")
            self.out.flush()
            return
        self.view.update(ev)
        if self.quiet:
            return
        if self.live:
            self.live.update(self.view.render())
            return
        line = describe(ev)
        if line:
            self.console.print(line)


def describe(ev: dict[str, Any]) -> str | None:
    kind = ev.get("event")
    if kind == "outline":
        parts = "\n".join(f"  {i}. {t}" for i, t in enumerate(ev["sections"], 1))
        return f"[bold]Outline:[/bold] {ev['title']}\n{parts}"
    if kind == "section_started":
        return f"[cyan]{'adding to' if ev.get('more') else 'writing'}[/cyan] {ev['title']}"
    if kind == "section_written":
        return f"[green]written[/green] {ev['title']} ({ev['chars']} chars, {len(ev['citations'])} citations)"
    if kind == "section_failed":
        return f"[red]skipped[/red] {ev['title']} ({ev.get('reason', 'no valid text')})"
    if kind == "section_retried":
        return f"[cyan]again[/cyan] {ev['title']} (searched and written once more after the other parts)"
    if kind == "outline_extended":
        return f"[magenta]extended[/magenta] adds {', '.join(ev['subsections'])}"
    if kind == "step" and not ev.get("valid"):
        return f"[yellow]step {ev['step']}/{ev['max_steps']}: invalid {ev['action']} reply[/yellow] ({ev.get('error')})"
    if kind == "search":
        return f"[dim]search {ev['keywords']}: {ev['found']} found, {ev['passages']} passages in memory[/dim]"
    if kind == "question_translated":
        return f"[cyan]researching in English[/cyan] {ev['question']} (the report is translated at the end)"
    if kind == "translating":
        return f"[cyan]translating[/cyan] {ev['title']}"
    if kind == "finished":
        return f"[bold]finished[/bold] ({ev['finish_reason']}, {ev['steps']} steps)"
    return None
