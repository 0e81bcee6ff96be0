"""Keeping keys out of anything a person or a file sees."""

from __future__ import annotations

import os

SECRET_VARS = ("TAVILY_API_KEY", "OPENAI_API_KEY", "WARP_API_KEY", "WARP_JUDGE_API_KEY", "CHROMA_AUTH_TOKEN")


def scrub(text: str) -> str:
    """``text`` with the value of every secret environment variable replaced by ``***``."""
    for name in SECRET_VARS:
        value = os.environ.get(name)
        if value and len(value) >= 6:
            text = text.replace(value, "***")
    return text
