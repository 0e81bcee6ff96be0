"""The terminal side of outline review: show the outline, ask accept / edit / feedback."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.prompt import Prompt


def edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = fh.name
    try:
        subprocess.run([*shlex.split(editor), path], check=True)
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def terminal_reviewer(console: Console | None = None):
    """A reviewer for ``execute``; None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    console = console or Console(stderr=True)

    def review(payload: dict[str, Any]) -> Any:
        console.rule("Outline review" if payload["kind"] == "outline" else "New subsections")
        console.print(Markdown(payload["markdown"]))
        if payload.get("error"):
            console.print(f"[red]Your last answer was not applied:[/red] {payload['error']}")
        choices = payload["choices"]
        choice = Prompt.ask("Your choice", choices=choices, default="accept", console=console)
        if choice == "edit":
            return {"action": "edit", "markdown": edit_in_editor(payload["markdown"])}
        if choice == "feedback":
            return {"action": "feedback", "text": Prompt.ask("What should change?", console=console)}
        return {"action": choice}

    return review
