"""``warp-report serve`` refuses, in one line that says what to set, before it starts anything."""

from __future__ import annotations

from typer.testing import CliRunner

from warp_report.cli.app import app


def serve(*args: str, **env: str | None):
    base = {"DATABASE_URI": None, "REDIS_URI": None, "WARP_CHROMA_URL": None, "WARP_CORPUS_ROOTS": None}
    return CliRunner().invoke(app, ["serve", *args], env={**base, **env})


def test_refuses_without_database_uri():
    result = serve("--workers", "4")
    assert result.exit_code == 2
    assert "set DATABASE_URI=postgresql://" in result.output and "Traceback" not in result.output


def test_refuses_without_redis_uri():
    result = serve(DATABASE_URI="postgresql://warp:secret@127.0.0.1:5432/warp")
    assert result.exit_code == 2
    assert "REDIS_URI=redis://" in result.output and "secret" not in result.output
