"""One way to reach Chroma: embedded under the data dir, or a server over HTTP.

Telemetry is always off. Collections are always opened with our embedding function
(``ChromaEmbedding``), so Chroma never falls back to its default embedder (which would try
to download a model).
"""

from __future__ import annotations

import os
import threading
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings

from warp_report.corpus.embeddings import ChromaEmbedding, Embedder, as_embedder
from warp_report.errors import SearchError
from warp_report.settings import chroma_dir, chroma_url_from_env

_SETTINGS = dict(anonymized_telemetry=False, allow_reset=False)
_CLIENT_LOCK = threading.Lock()


def make_chroma_client(
    data_dir: str | os.PathLike[str] | None = None,
    chroma_url: str | None = None,
) -> ClientAPI:
    """``HttpClient`` for ``chroma_url`` (or ``$WARP_CHROMA_URL`` / ``$CHROMA_HOST``+``$CHROMA_PORT``),
    else a ``PersistentClient`` in ``<data_dir>/chroma``."""
    url = chroma_url or chroma_url_from_env()
    if url:
        if "://" not in url:
            url = f"http://{url}"
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError(f"invalid Chroma URL: {url!r}")
        ssl = parts.scheme == "https"
        port = parts.port or (443 if ssl else 8000)
        kwargs: dict[str, Any] = {}
        token = os.environ.get("CHROMA_AUTH_TOKEN")
        if token:
            kwargs["headers"] = {"Authorization": f"Bearer {token}"}
        try:
            return chromadb.HttpClient(
                host=parts.hostname, port=port, ssl=ssl, settings=Settings(**_SETTINGS), **kwargs
            )
        except Exception as exc:  # chromadb raises ValueError("Could not connect ...")
            raise SearchError(f"cannot reach the Chroma server at {parts.scheme}://{parts.hostname}:{port}: {exc}") from None
    path = chroma_dir(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    # Chroma's client setup for one path is not safe to race (two runs starting at once).
    with _CLIENT_LOCK:
        return chromadb.PersistentClient(path=str(path), settings=Settings(**_SETTINGS))


def open_collection(
    client: ClientAPI,
    name: str,
    embedder: Embedder | str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Collection:
    """Get or create ``name`` with our embedding function and cosine distance.

    The embedder's spec is kept in the collection metadata; opening a collection with another
    model raises ``ValueError`` (vectors of two models cannot be compared)."""
    emb = as_embedder(embedder)
    col = client.get_or_create_collection(
        name=name,
        embedding_function=ChromaEmbedding(emb),
        metadata={**(metadata or {}), "embedder": emb.spec},
        configuration={"hnsw": {"space": "cosine"}},
    )
    return _same_model(col, name, emb)


def _same_model(col: Collection, name: str, emb: Embedder) -> Collection:
    stored = (col.metadata or {}).get("embedder")
    if stored is not None and stored != emb.spec:
        raise ValueError(
            f"collection {name!r} was built with embeddings {stored!r}, not {emb.spec!r}: "
            "use the same model or ingest into a new collection"
        )
    return col


def get_collection(client: ClientAPI, name: str, embedder: Embedder | str | None = None) -> Collection:
    """An existing collection (``chromadb.errors.NotFoundError`` if absent; ``ValueError`` if it
    was built with another embedding model)."""
    emb = as_embedder(embedder)
    col = client.get_collection(name=name, embedding_function=ChromaEmbedding(emb))
    return _same_model(col, name, emb)
