"""Run configuration: LangGraph's runtime context (``context_schema``).

Environment variables only fill defaults; nothing here is read from hidden globals at run
time. Secrets are not settings: API keys are read by the model and search clients from the
environment and never enter the context, the state, a checkpoint or a trace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Literal


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(kw_only=True)
class Context:
    """Settings of one run. Studio shows these with their descriptions."""

    model: str = field(
        default_factory=lambda: _env("WARP_MODEL", "local"),
        metadata={"description": "'local' (embedded GGUF), 'gguf:/path/model.gguf', a model name served at base_url, or 'provider:model' for init_chat_model."},
    )
    base_url: str | None = field(
        default_factory=lambda: os.environ.get("WARP_BASE_URL") or None,
        metadata={"description": "OpenAI-compatible server URL (vLLM, llama.cpp server). Its key comes from WARP_API_KEY or OPENAI_API_KEY."},
    )
    protocol: Literal["auto", "tagged", "structured"] = field(
        default_factory=lambda: _env("WARP_PROTOCOL", "auto"),  # type: ignore[arg-type]
        metadata={"description": "'tagged' = AgentCPM-Report's <thought>/<action> format; 'structured' = JSON schema; 'auto' picks tagged for servers, structured for the embedded model."},
    )
    max_steps: int = field(
        default_factory=lambda: _env_int("WARP_MAX_STEPS", 140),
        metadata={"description": "Step budget for the whole run (every model call is a step)."},
    )
    max_extend: int = field(
        default_factory=lambda: _env_int("WARP_MAX_EXTEND", 5),
        metadata={"description": "At most this many outline extensions."},
    )
    max_tries: int = field(default=3, metadata={"description": "Tries per action before the step degrades."})
    outline_top_k: int = field(default=20, metadata={"description": "Passages shown for the outline."})
    section_top_k: int = field(default=10, metadata={"description": "Passages from this step's searches per section."})
    memory_top_k: int = field(default=4, metadata={"description": "Extra passages from the run's memory per section."})
    passage_chars: int = field(default=700, metadata={"description": "Characters of each passage shown to the model."})
    evidence_chars: int = field(default=9000, metadata={"description": "Budget of evidence text shown per step, in characters."})
    context_chars: int = field(default=1500, metadata={"description": "Characters of the previous part shown in full before the cursor (0: none)."})
    words_per_section: int = field(default=300, metadata={"description": "Target length of each written part, in words."})
    policy: Literal["warp", "plan-then-write"] = field(
        default="warp",
        metadata={"description": "'warp' grows the outline while writing; 'plan-then-write' (the paper's baseline) plans all subsections first and never extends."},
    )
    review: Literal["off", "outline", "all"] = field(
        default="off",
        metadata={"description": "Pause for a person to review the outline ('outline') or also every extension ('all')."},
    )
    temperature: float = field(default=0.3, metadata={"description": "Sampling temperature."})
    search: Literal["local", "web", "both"] = field(
        default_factory=lambda: _env("WARP_SEARCH", "local"),  # type: ignore[arg-type]
        metadata={"description": "Evidence source: local corpora, the web (Tavily), or both."},
    )
    memory: Literal["chroma", "keyword"] = field(
        default_factory=lambda: _env("WARP_MEMORY", "chroma"),  # type: ignore[arg-type]
        metadata={"description": "Evidence memory: Chroma with embeddings (durable), or in-process keyword search."},
    )
    data_dir: str | None = field(
        default_factory=lambda: os.environ.get("WARP_DATA_DIR") or None,
        metadata={"description": "Where corpora, evidence memory and checkpoints live."},
    )
    chroma_url: str | None = field(
        default_factory=lambda: os.environ.get("WARP_CHROMA_URL") or None,
        metadata={"description": "Chroma server URL; embedded Chroma under data_dir when empty."},
    )


PRESETS: dict[str, dict[str, object]] = {
    # Faithful to the paper's budgets.
    "default": {},
    # A small model on a laptop CPU: a readable report in minutes.
    "quick": {"max_steps": 24, "max_extend": 1, "outline_top_k": 6, "section_top_k": 4, "memory_top_k": 2,
               "passage_chars": 400, "evidence_chars": 2400, "context_chars": 0, "words_per_section": 120, "max_tries": 2},
}


def with_preset(ctx: Context, preset: str) -> Context:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    return replace(ctx, **PRESETS[preset])  # type: ignore[arg-type]


def setting_names() -> list[str]:
    return [f.name for f in fields(Context)]
