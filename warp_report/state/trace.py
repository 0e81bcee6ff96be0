"""What the run did: one entry per model call (valid or not), plus token usage per node."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TraceEntry(BaseModel):
    step: int = Field(description="the run's step counter after this call")
    node: str
    action: str = Field(description="the action asked for (search, init-plan, write, extend-plan/nop)")
    target: str | None = Field(default=None, description="the outline node the step works on")
    valid: bool
    attempt: int = Field(description="1 for the first try, 2 for the first retry, ...")
    thought: str = ""
    error: str | None = None
    detail: dict[str, object] = Field(default_factory=dict)


class Usage(BaseModel):
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    #: prompt tokens the server took from its prefix cache (not evaluated again), when it says
    cached_input_tokens: int = 0
    #: milliseconds the embedded model spent evaluating prompts and decoding (llama.cpp's own
    #: counters; 0 for a server): the rest of a run's wall time is sampling, grammar and the graph
    model_ms: float = 0.0
    #: the part of ``model_ms`` spent evaluating prompts; the rest is decoding (with the run's
    #: grammar, penalties and sampler), so the two rates can be set beside unconstrained ones
    prefill_ms: float = 0.0

    def plus(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cached_input_tokens=self.cached_input_tokens + other.cached_input_tokens,
            model_ms=self.model_ms + other.model_ms,
            prefill_ms=self.prefill_ms + other.prefill_ms,
        )


def merge_usage(left: dict[str, Usage], right: dict[str, Usage]) -> dict[str, Usage]:
    """Reducer: token usage per node adds up over the run."""
    out = dict(left)
    for node, usage in right.items():
        out[node] = out[node].plus(usage) if node in out else usage
    return out
