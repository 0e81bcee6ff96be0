"""Where the evidence layer keeps its data, and how it reaches Chroma.

Everything is a plain function of explicit arguments; environment variables only fill
defaults (``WARP_DATA_DIR``, ``WARP_CHROMA_URL``, ``CHROMA_HOST``/``CHROMA_PORT``,
``WARP_EMBEDDINGS``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

APP_NAME = "warp-report"

#: Collection that holds every run's evidence (runs are told apart by ``run_id`` metadata).
MEMORY_COLLECTION = "warp_memory"

#: Files larger than this are skipped by ``ingest`` (bytes).
DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 150


def default_data_dir() -> Path:
    """``$WARP_DATA_DIR`` or the platform's per-user data dir (``~/.local/share/warp-report``)."""
    env = os.environ.get("WARP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data dir to use: the argument if given, else the default."""
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


def chroma_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Directory of the embedded (persistent) Chroma database."""
    return resolve_data_dir(data_dir) / "chroma"


def chroma_url_from_env() -> str | None:
    """``$WARP_CHROMA_URL``, else ``http://$CHROMA_HOST:$CHROMA_PORT`` when CHROMA_HOST is set."""
    url = os.environ.get("WARP_CHROMA_URL")
    if url:
        return url
    host = os.environ.get("CHROMA_HOST")
    if not host:
        return None
    port = os.environ.get("CHROMA_PORT")
    had_scheme = "://" in host
    parsed = urlsplit(host if had_scheme else f"http://{host}")
    if parsed.port is None and (port or not had_scheme):
        return f"{parsed.scheme}://{parsed.hostname}:{port or 8000}{parsed.path}"
    return parsed.geturl()
