"""Prompt templates, one file per action, rendered with LangChain's mustache templates.

Mustache keeps JSON examples in the templates readable (no brace escaping); ``{{{x}}}``
inserts a value verbatim.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from langchain_core.prompts import PromptTemplate

_DIR = Path(__file__).parent


@cache
def template(name: str) -> PromptTemplate:
    text = (_DIR / f"{name}.md").read_text(encoding="utf-8")
    return PromptTemplate.from_template(text, template_format="mustache")


def render(name: str, **values: object) -> str:
    return template(name).format(**values).strip()
