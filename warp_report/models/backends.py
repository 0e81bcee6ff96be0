"""Chat-model backends: embedded llama.cpp, OpenAI-compatible servers, any LangChain provider."""

from __future__ import annotations

import os
from functools import lru_cache

from langchain_core.language_models import BaseChatModel

from warp_report.context import Context


class ModelConfigError(ValueError):
    """The model setting cannot be turned into a chat model."""


def protocol_for(ctx: Context) -> str:
    if ctx.protocol != "auto":
        return ctx.protocol
    # AgentCPM-Report was trained on the tagged format; servers most likely run it.
    return "tagged" if ctx.base_url else "structured"


def make_chat_model(ctx: Context) -> BaseChatModel:
    return _cached(ctx.model, ctx.base_url, ctx.temperature)


@lru_cache(maxsize=8)
def _cached(spec: str, base_url: str | None, temperature: float) -> BaseChatModel:
    if base_url:
        from langchain_openai import ChatOpenAI

        name = spec if spec and spec != "local" else "openbmb/AgentCPM-Report"
        # The key is read here and handed to the client only; it never enters state or traces.
        key = os.environ.get("WARP_API_KEY") or os.environ.get("OPENAI_API_KEY") or "EMPTY"
        return ChatOpenAI(
            model=name,
            base_url=base_url,
            api_key=key,
            temperature=temperature,
            max_retries=2,
            timeout=float(os.environ.get("WARP_MODEL_TIMEOUT", "600")),
        )
    if spec == "local" or spec.startswith(("local:", "gguf:")):
        try:
            from warp_report.models.llamacpp import load_local_model
        except ImportError:
            raise ModelConfigError(
                "the embedded model needs llama-cpp-python: pip install -e \".[local]\" "
                "(or use --base-url with a model server)"
            ) from None

        # A whole section as constrained JSON is long; 1024 tokens would cut it off.
        return load_local_model(spec, temperature=temperature, max_tokens=2048)
    if ":" in spec:
        from langchain.chat_models import init_chat_model

        try:
            return init_chat_model(spec, temperature=temperature)
        except (ImportError, ValueError) as exc:
            raise ModelConfigError(f"cannot create chat model {spec!r}: {exc}") from None
    raise ModelConfigError(
        f"model {spec!r} needs --base-url (a model served by an OpenAI-compatible server), "
        "or use 'local', 'local:smollm2-135m', 'gguf:/path/model.gguf' or 'provider:model'"
    )
