"""The model's own compute for a run, the denominator of the benchmark's wall-time ratio.

A run's compute is the prompt tokens llama.cpp evaluated divided by the prefill rate, plus the
output tokens divided by the unconstrained decode rate. The rates are readings taken on the
machine that ran it (``benchmarks/report_quality.py`` measures them with llama_cpp). A shared
machine's speed drifts by a fifth within half an hour, so a set of runs reads the rates around
each run (before and after it) instead of once for the whole set: two readings half an hour
apart moved one set's ratio between 1.10x and 1.32x.
"""

from __future__ import annotations

from typing import Any

RATE_KEYS = ("prefill_tok_s", "decode_tok_s")


def mean_reading(*readings: dict[str, Any]) -> dict[str, Any]:
    """Several rate readings as one: each rate the mean of theirs, the readings kept under ``readings``."""
    if not readings:
        raise ValueError("mean_reading needs at least one reading")
    for r in readings:
        missing = [k for k in RATE_KEYS if not r.get(k)]
        if missing:
            raise ValueError(f"rate reading without {', '.join(missing)}: {sorted(r)}")
    out = {k: v for k, v in readings[0].items() if k != "readings"}
    for key in RATE_KEYS:
        out[key] = sum(r[key] for r in readings) / len(readings)
    out["readings"] = [{k: v for k, v in r.items() if k != "readings"} for r in readings]
    out["measured"] = " and ".join(str(r.get("measured", "?")) for r in readings)
    return out


def compute_seconds(summary: dict[str, Any], rates: dict[str, Any] | None) -> float | None:
    """Seconds the model itself needs for a run's tokens (None without rates or token counts).

    Only the prompt tokens llama.cpp evaluated count: a prefix reused from its KV cache costs nothing."""
    if not rates or summary.get("input_tokens") is None or summary.get("output_tokens") is None:
        return None
    evaluated = summary["input_tokens"] - (summary.get("cached_input_tokens") or 0)
    return evaluated / rates["prefill_tok_s"] + summary["output_tokens"] / rates["decode_tok_s"]


def rates_for_run(task_meta: dict[str, Any], set_rates: dict[str, Any] | None,
                  override: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The rates to divide one run's tokens by: an explicit override (``--rates``), else the readings
    taken around that run (``task.json``'s ``rates``), else the set's readings (runs made before
    readings were taken per run)."""
    if override:
        return override
    return task_meta.get("rates") or set_rates
