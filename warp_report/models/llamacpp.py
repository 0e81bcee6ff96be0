"""Embedded chat model: a GGUF model run in-process by llama.cpp (``llama-cpp-python``).

``LocalChatModel`` is a LangChain ``BaseChatModel``. Its ``with_structured_output`` constrains
decoding with a grammar built from the JSON schema (pydantic ``min_length``/``max_length``,
``Literal`` enums, ``min_items``/``max_items`` all become grammar rules), so a reply is always
JSON of the schema's shape: a small model cannot break the action format.

    model = load_local_model("local")                      # packaged default
    model = load_local_model("gguf:/models/x.gguf", n_ctx=16384, temperature=0.2)
    out = await model.with_structured_output(Action, include_raw=True).ainvoke(messages)

Weights are loaded lazily, once per process per (model file, n_ctx); calls on one llama.cpp
context are serialised by a lock (the context is not thread-safe). Every load and call runs on
one owner thread (``LLAMA_THREAD``), sync or async: llama.cpp's OpenMP threads slow down by
half once several threads have called it (see ``warp_report.owner_thread``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from warp_report.models.grammar import grammar_for_schema, json_schema_of
from warp_report.models.local_models import resolve_model_path
from warp_report.owner_thread import OwnerThread

__all__ = [
    "LocalChatModel",
    "clear_model_cache",
    "default_n_threads",
    "grammar_for_schema",
    "json_schema_of",
    "load_local_model",
]


def default_n_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


class _Loaded:
    """One llama.cpp context plus the lock that serialises its use."""

    def __init__(self, llama: Any) -> None:
        self.llama = llama
        self.lock = threading.Lock()

    def counters(self) -> tuple[int, float, float]:
        """llama.cpp's own (prompt tokens evaluated, prefill ms, decode ms) so far on this context.

        Why: a prompt that shares a prefix with the previous call is evaluated only past that
        prefix (llama-cpp-python keeps the KV cache), so "prompt tokens" overstate the work.
        """
        try:
            import llama_cpp

            data = llama_cpp.llama_perf_context(self.llama.ctx)
            return int(data.n_p_eval), float(data.t_p_eval_ms), float(data.t_eval_ms)
        except Exception:  # pragma: no cover - a llama.cpp build without perf counters
            return 0, 0.0, 0.0


_MODELS: dict[tuple[str, int], _Loaded] = {}
#: The one thread that loads and runs every llama.cpp context of this process.
LLAMA_THREAD = OwnerThread("llama")
_MODELS_LOCK = threading.Lock()


def amx_in_build() -> bool:
    """llama.cpp was built for a CPU with AMX tiles (its build takes the build machine's CPU)."""
    import llama_cpp

    return "AMX_INT8 = 1" in llama_cpp.llama_print_system_info().decode(errors="replace")


@contextmanager
def plain_cpu_weights() -> Iterator[None]:
    """Models loaded inside keep their weights in plain CPU buffers where llama.cpp was built with
    AMX: there it repacks weights into AMX tiles by default, and on a Xeon with AMX (2 cores, stop
    30) the first decode of every load crashed the process (segfault), the embedded model's only
    way to fail a whole run. Llama() has no parameter for it; its model parameters come from
    ``llama_model_default_params``, so the loads inside see defaults with extra buffers off."""
    import llama_cpp.llama_cpp as capi

    if not amx_in_build():
        yield
        return
    default = capi.llama_model_default_params

    def params() -> Any:
        p = default()
        p.use_extra_bufts = False
        return p

    capi.llama_model_default_params = params
    try:
        yield
    finally:
        capi.llama_model_default_params = default


def _load_llama(path: Path, n_ctx: int, n_threads: int, n_batch: int, seed: int | None) -> _Loaded:
    key = (str(path), n_ctx)
    with _MODELS_LOCK:
        loaded = _MODELS.get(key)
        if loaded is None:
            try:
                import llama_cpp  # noqa: F401

                from warp_report.models.lazy_grammar import LazyGrammarLlama as Llama
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise ImportError(
                    "the embedded model needs llama-cpp-python: pip install llama-cpp-python"
                ) from exc
            kwargs: dict[str, Any] = dict(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_batch=n_batch,
                verbose=False,
            )
            if seed is not None:
                kwargs["seed"] = seed
            with plain_cpu_weights():
                loaded = _Loaded(Llama(**kwargs))
            _MODELS[key] = loaded
        return loaded


def clear_model_cache() -> None:
    """Drop every loaded llama.cpp context (frees their memory once unreferenced)."""
    with _MODELS_LOCK:
        _MODELS.clear()


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


_ROLES = {SystemMessage: "system", HumanMessage: "user", AIMessage: "assistant", ToolMessage: "tool"}


def _to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [
        {"role": m.role if isinstance(m, ChatMessage) else next((r for t, r in _ROLES.items() if isinstance(m, t)), "user"),
         "content": _content_text(m.content)}
        for m in messages
    ]


class LocalChatModel(BaseChatModel):
    """Chat model backed by an in-process llama.cpp context.

    ``model`` is a spec understood by :func:`resolve_model_path` (``"local"``,
    ``"local:<name>"`` or ``"gguf:/path/model.gguf"``).
    """

    model: str = "local"
    n_ctx: int = 8192
    n_threads: int = Field(default_factory=default_n_threads)
    n_batch: int = 512
    temperature: float = 0.2
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    max_tokens: int | None = 1024
    seed: int | None = None
    stop: list[str] | None = None
    #: check the grammar only on tokens that would break it (llama.cpp's own order): about
    #: twice the constrained decoding speed; False is llama-cpp-python's grammar-first order.
    lazy_grammar: bool = True
    #: DRY penalty on text repeating the prompt (passages); 0: off. One write prompt, 8-word runs copied:
    #: 79% off, 13% at (0.8, 6), 6% at (1.5, 4), which glued words ("temperedglass") and garbled facts.
    dry_multiplier: float = 0.8
    dry_allowed_length: int = 6

    model_config = ConfigDict(protected_namespaces=())

    _path: Path | None = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "n_ctx": self.n_ctx,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "repeat_penalty": self.repeat_penalty,
            "max_tokens": self.max_tokens,
        }

    # -- loading -----------------------------------------------------------------------------

    def model_path(self) -> Path:
        """The verified GGUF file (blocking the first time: may hash/assemble the weights)."""
        if self._path is None:
            self._path = resolve_model_path(self.model)
        return self._path

    def _loaded(self) -> _Loaded:
        return _load_llama(self.model_path(), self.n_ctx, self.n_threads, self.n_batch, self.seed)

    def for_retry(self, attempt: int) -> LocalChatModel:
        """Sampling for try ``attempt`` > 1: new seed, higher temperature (at 0.3 a retry came back identical)."""
        temperature = min(max(self.temperature, 0.3) + 0.3 * (attempt - 1), 1.0)
        seed = None if self.seed is None else self.seed + 7919 * attempt
        return self.model_copy(update={"temperature": temperature, "seed": seed})

    def preload(self) -> LocalChatModel:
        """Resolve and load the weights now (blocking) instead of at the first call."""
        LLAMA_THREAD.run(self._loaded)
        return self

    # -- generation --------------------------------------------------------------------------

    def _call(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> ChatResult:
        return LLAMA_THREAD.run(self._call_on_owner, messages, stop, **kwargs)

    def _call_on_owner(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> ChatResult:
        kwargs.pop("ls_structured_output_format", None)
        kwargs.pop("structured_output_format", None)
        response_format = kwargs.pop("response_format", None)
        grammar = kwargs.pop("grammar", None)
        if grammar is None and response_format is not None:
            grammar = self._grammar_from_response_format(response_format)
        params: dict[str, Any] = {
            "temperature": kwargs.pop("temperature", self.temperature),
            "top_p": kwargs.pop("top_p", self.top_p),
            "top_k": kwargs.pop("top_k", self.top_k),
            "repeat_penalty": kwargs.pop("repeat_penalty", self.repeat_penalty),
            "max_tokens": kwargs.pop("max_tokens", self.max_tokens),
        }
        seed = kwargs.pop("seed", self.seed)
        if seed is not None:
            params["seed"] = seed
        stops = list(stop or self.stop or [])
        if stops:
            params["stop"] = stops
        if kwargs:
            raise TypeError(f"unsupported arguments for LocalChatModel: {sorted(kwargs)}")

        loaded = self._loaded()
        with loaded.lock:
            loaded.llama.lazy_grammar = self.lazy_grammar
            loaded.llama.dry_multiplier = self.dry_multiplier
            loaded.llama.dry_allowed_length = self.dry_allowed_length
            before = loaded.counters()
            resp = loaded.llama.create_chat_completion(
                messages=_to_llama_messages(messages), grammar=grammar, **params
            )
            after = loaded.counters()
        choice = resp["choices"][0]
        text = choice["message"].get("content") or ""
        usage = resp.get("usage") or {}
        n_in = int(usage.get("prompt_tokens", 0))
        n_out = int(usage.get("completion_tokens", 0))
        evaluated = after[0] - before[0]
        message = AIMessage(
            content=text,
            usage_metadata=UsageMetadata(
                input_tokens=n_in,
                output_tokens=n_out,
                total_tokens=int(usage.get("total_tokens", n_in + n_out)),
                # The prefix reused from llama.cpp's KV cache costs no prefill.
                input_token_details={"cache_read": max(0, n_in - evaluated) if after[0] else 0},
            ),
            response_metadata={
                "model_name": self.model,
                "model_path": str(self.model_path()),
                "finish_reason": choice.get("finish_reason"),
                "constrained": grammar is not None,
                "prefill_ms": round(after[1] - before[1], 1),
                "decode_ms": round(after[2] - before[2], 1),
            },
        )
        return ChatResult(
            generations=[
                ChatGeneration(message=message, generation_info={"finish_reason": choice.get("finish_reason")})
            ],
            llm_output={"model_name": self.model, "token_usage": dict(usage)},
        )

    @staticmethod
    def _grammar_from_response_format(response_format: dict[str, Any]) -> Any:
        kind = response_format.get("type")
        if kind == "json_schema":  # OpenAI style: {"type":"json_schema","json_schema":{"schema":...}}
            inner = response_format.get("json_schema") or {}
            schema = inner.get("schema", inner)
            return grammar_for_schema(json_schema_of(schema))
        if kind == "json_object":  # llama-cpp style: optional "schema"
            schema = response_format.get("schema")
            return grammar_for_schema(json_schema_of(schema) if schema else None)
        if kind in (None, "text"):
            return None
        raise ValueError(f"unsupported response_format type {kind!r}")

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._call(messages, stop, **kwargs)

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return await LLAMA_THREAD.arun(self._call_on_owner, messages, stop, **kwargs)

    # -- structured output -------------------------------------------------------------------

    def with_structured_output(
        self,
        schema: dict[str, Any] | type,
        *,
        method: Literal["json_schema", "json_mode", "function_calling"] = "json_schema",
        include_raw: bool = False,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | BaseModel]:
        """Replies constrained at decode time to JSON of ``schema``; parsed like LangChain's.

        ``schema``: a pydantic model class (parsed into an instance) or a JSON-schema dict
        (parsed into a dict). ``method``: ``"json_schema"`` (and ``"function_calling"``, which
        this model serves the same way) constrain to the schema; ``"json_mode"`` only to some
        JSON object. ``include_raw=True`` gives ``{"raw", "parsed", "parsing_error"}``.
        """
        if kwargs:
            raise ValueError(f"Received unsupported arguments {kwargs}")
        if method not in ("json_schema", "json_mode", "function_calling"):
            raise ValueError(f"unsupported method {method!r}")
        json_schema = json_schema_of(schema)
        is_pydantic = isinstance(schema, type) and issubclass(schema, BaseModel)
        if method == "json_mode":
            response_format: dict[str, Any] = {"type": "json_object"}
        else:
            response_format = {"type": "json_object", "schema": json_schema}
        llm = self.bind(
            response_format=response_format,
            ls_structured_output_format={"kwargs": {"method": method}, "schema": schema},
        )
        parser: Runnable = PydanticOutputParser(pydantic_object=schema) if is_pydantic else JsonOutputParser()
        if include_raw:
            parser_assign = RunnablePassthrough.assign(
                parsed=itemgetter("raw") | parser, parsing_error=lambda _: None
            )
            parser_none = RunnablePassthrough.assign(parsed=lambda _: None)
            parser_with_fallback = parser_assign.with_fallbacks([parser_none], exception_key="parsing_error")
            return RunnableMap(raw=llm) | parser_with_fallback
        return llm | parser


def load_local_model(spec: str = "local", *, preload: bool = False, **settings: Any) -> LocalChatModel:
    """A :class:`LocalChatModel` for ``spec``; the weights file is resolved (and verified) now.

    ``settings`` are LocalChatModel fields (``n_ctx``, ``temperature``, ``max_tokens``, ...).
    ``preload=True`` also loads the weights into memory now. Both steps block: from async code
    wrap this call in ``asyncio.to_thread``.
    """
    model = LocalChatModel(model=spec, **settings)
    model.model_path()
    if preload:
        model.preload()
    return model
