"""Turning the graph's custom stream events into terminal lines (or JSON lines for scripts)."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from rich.console import Console


class ProgressPrinter:
    def __init__(self, *, quiet: bool = False, json_events: bool = False, stream: TextIO | None = None):
        self.quiet = quiet
        self.json_events = json_events
        self.console = Console(file=stream or sys.stderr, highlight=False)
        self.out = stream or sys.stdout

    def event(self, ev: dict[str, Any]) -> None:
        if self.json_events:
            self.out.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
            self.out.flush()
            return
        if self.quiet:
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
        return f"[cyan]writing[/cyan] {ev['title']}"
    if kind == "section_written":
        return f"[green]written[/green] {ev['title']} ({ev['chars']} chars, {len(ev['citations'])} citations)"
    if kind == "section_failed":
        return f"[red]skipped[/red] {ev['title']} ({ev.get('reason', 'no valid text')})"
    if kind == "outline_extended":
        return f"[magenta]extended[/magenta] adds {', '.join(ev['subsections'])}"
    if kind == "step" and not ev.get("valid"):
        return f"[yellow]step {ev['step']}/{ev['max_steps']}: invalid {ev['action']} reply[/yellow] ({ev.get('error')})"
    if kind == "search":
        return f"[dim]search {ev['keywords']}: {ev['found']} found, {ev['passages']} passages in memory[/dim]"
    if kind == "finished":
        return f"[bold]finished[/bold] ({ev['finish_reason']}, {ev['steps']} steps)"
    return None
