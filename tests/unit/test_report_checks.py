"""The benchmark's text checks (benchmarks/report_checks.py) on hand-made prose."""

from __future__ import annotations

from benchmarks.report_checks import artefacts_of


def test_a_type_in_braces_is_markup_but_a_shell_expansion_or_log_format_field_is_not() -> None:
    assert artefacts_of("Events", "The listener gets a {string|symbol} name.") == ["markup"]
    # stop 41's ap-stopping: Apache's combined log format, copied with its passage.
    assert artefacts_of("Logs", "The additional fields are '%{Referer}i' and '%{User-agent}i'.") == []
    assert artefacts_of("Shell", "The value of ${parameter} is substituted.") == []
