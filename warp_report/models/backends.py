"""Chat-model backends: embedded llama.cpp, OpenAI-compatible servers, any LangChain provider."""

from __future__ import annotations

import os
from functools import lru_cache

from langchain_core.language_models import BaseChatModel

from warp_report.context import Context


class ModelConfigError(ValueError):
    """The model setting cannot be turned into a chat model."""


#: AgentCPM-Report's released sampling (its pipeline's generation settings).
TRAINED_SAMPLING = {"temperature": 0.7, "top_p": 0.8, "max_tokens": 2048}
DEFAULT_SERVED_MODEL = "openbmb/AgentCPM-Report"


def served_model(ctx: Context) -> str:
    """The model name a server is asked for."""
    return ctx.model if ctx.model and ctx.model != "local" else DEFAULT_SERVED_MODEL


def dialect_for(ctx: Context) -> str:
    """'agentcpm' (the trained interface) or 'warp' (the project's prompts): the one place that decides."""
    if ctx.dialect != "auto":
        return ctx.dialect
    if ctx.prompts_dir:  # the user's copy of the trained templates
        return "agentcpm"
    return "agentcpm" if ctx.base_url and "agentcpm" in served_model(ctx).lower() else "warp"


def protocol_for(ctx: Context) -> str:
    if dialect_for(ctx) == "agentcpm":
        return "tagged"  # the trained reply format; there is no structured variant of it
    if ctx.protocol != "auto":
        return ctx.protocol
    # AgentCPM-Report was trained on the tagged format; servers most likely run it.
    return "tagged" if ctx.base_url else "structured"


def make_chat_model(ctx: Context) -> BaseChatModel:
    trained = dialect_for(ctx) == "agentcpm"
    return _cached(ctx.model, ctx.base_url, TRAINED_SAMPLING["temperature"] if trained else ctx.temperature, trained)


@lru_cache(maxsize=8)
def _cached(spec: str, base_url: str | None, temperature: float, trained: bool = False) -> BaseChatModel:
    if base_url:
        from langchain_openai import ChatOpenAI

        name = spec if spec and spec != "local" else DEFAULT_SERVED_MODEL
        # The key is read here and handed to the client only; it never enters state or traces.
        key = os.environ.get("WARP_API_KEY") or os.environ.get("OPENAI_API_KEY") or "EMPTY"
        # The agentcpm dialect samples as the release did; its chat template must not think aloud.
        sampling = ({"top_p": TRAINED_SAMPLING["top_p"], "max_tokens": TRAINED_SAMPLING["max_tokens"],
                     "extra_body": {"chat_template_kwargs": {"enable_thinking": False}}} if trained else {})
        return ChatOpenAI(
            model=name,
            base_url=base_url,
            api_key=key,
            temperature=temperature,
            max_retries=2,
            timeout=float(os.environ.get("WARP_MODEL_TIMEOUT", "600")),
            **sampling,
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
