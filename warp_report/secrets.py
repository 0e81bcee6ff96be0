"""Keeping keys and passwords out of anything a person or a file sees."""

from __future__ import annotations

import os
import re
from typing import Any

SECRET_VARS = ("TAVILY_API_KEY", "OPENAI_API_KEY", "WARP_API_KEY", "WARP_JUDGE_API_KEY", "CHROMA_AUTH_TOKEN")

# scheme://user:password@host. The password runs to the last "@" before the path, query or
# fragment, because careless URLs carry an unencoded "@" in it (http://u:p@ss@host).
_URL_CREDENTIALS = re.compile(
    r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^\s/?#@:\"'<>]*):(?P<password>[^\s/?#\"'<>]*)@")
MASK = "***"


def mask_url(text: str) -> str:
    """``text`` with the password of every URL in it replaced: ``http://user:***@host``."""
    return _URL_CREDENTIALS.sub(lambda m: f"{m['head']}{m['user']}:{MASK}@", text)


def has_masked_password(url: str | None) -> bool:
    """Whether ``url`` came from a record whose password was masked (it must be given again)."""
    return bool(url) and f":{MASK}@" in str(url)


def scrub(text: str) -> str:
    """``text`` with the value of every secret environment variable replaced by ``***``
    and every password in a URL masked."""
    for name in SECRET_VARS:
        value = os.environ.get(name)
        if value and len(value) >= 6:
            text = text.replace(value, MASK)
    return mask_url(text)


def scrub_data(value: Any) -> Any:
    """A JSON-like value (dicts, lists, strings) with ``scrub`` applied to every string, keys included."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_data(k): scrub_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_data(v) for v in value]
    return value
