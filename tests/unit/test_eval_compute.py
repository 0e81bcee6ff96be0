"""The benchmark's model-compute denominator (warp_report.eval.compute): readings around each run."""

from __future__ import annotations

import pytest

from warp_report.eval.compute import compute_seconds, mean_reading, rates_for_run

SLOW = {"prefill_tok_s": 300.0, "decode_tok_s": 40.0, "measured": "10:00", "threads": 2}
FAST = {"prefill_tok_s": 500.0, "decode_tok_s": 60.0, "measured": "10:05", "threads": 2}


def test_mean_reading_averages_each_rate_and_keeps_the_readings():
    r = mean_reading(SLOW, FAST)
    assert r["prefill_tok_s"] == 400.0
    assert r["decode_tok_s"] == 50.0
    assert [x["measured"] for x in r["readings"]] == ["10:00", "10:05"]
    assert r["measured"] == "10:00 and 10:05"
    assert r["threads"] == 2


def test_mean_reading_of_means_does_not_nest_readings():
    once = mean_reading(SLOW, FAST)
    again = mean_reading(once, FAST)
    assert all("readings" not in x for x in again["readings"])
    assert again["prefill_tok_s"] == 450.0


def test_mean_reading_refuses_a_reading_without_rates():
    with pytest.raises(ValueError, match="decode_tok_s"):
        mean_reading(SLOW, {"prefill_tok_s": 10.0})
    with pytest.raises(ValueError):
        mean_reading()


def test_compute_counts_only_evaluated_prompt_tokens():
    summary = {"input_tokens": 5000, "cached_input_tokens": 1000, "output_tokens": 400}
    # 4000 evaluated / 400 tok/s + 400 / 50 tok/s = 10 + 8
    assert compute_seconds(summary, mean_reading(SLOW, FAST)) == pytest.approx(18.0)
    assert compute_seconds({"input_tokens": 4000, "output_tokens": 400}, mean_reading(SLOW, FAST)) == pytest.approx(18.0)


def test_compute_is_unknown_without_rates_or_tokens():
    assert compute_seconds({"input_tokens": 10, "output_tokens": 1}, None) is None
    assert compute_seconds({"output_tokens": 1}, SLOW) is None


def test_rates_for_run_prefers_override_then_the_runs_own_then_the_sets():
    own = {"rates": FAST}
    assert rates_for_run(own, SLOW) is FAST
    assert rates_for_run({}, SLOW) is SLOW
    assert rates_for_run(own, SLOW, override=SLOW) is SLOW
    # The same tokens read against the run's own (faster) readings take less compute: the ratio rises.
    summary = {"input_tokens": 3000, "output_tokens": 300}
    assert compute_seconds(summary, rates_for_run(own, SLOW)) < compute_seconds(summary, rates_for_run({}, SLOW))
