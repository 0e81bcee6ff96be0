"""A password in --base-url is never printed or stored (issue 15, item 3): the sentinel scan for URLs.

Every run goes through the real CLI against the simulated model server on 127.0.0.1, which
ignores credentials; the password is a sentinel that must appear in no output and no file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import warp_report

PASSWORD = "SENTINEL-url-pass-5e1a"
ROOT = Path(warp_report.__file__).resolve().parents[1]


def with_password(url: str) -> str:
    return url.replace("http://", f"http://warpuser:{PASSWORD}@", 1)


def cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARP_DATA_DIR": str(tmp_path / "data"),
           # the checkout under test, not whatever copy of warp_report the environment has installed
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "warp_report.cli", *args], check=False, capture_output=True,
                          text=True, timeout=180, cwd=tmp_path, env=env)


def assert_nowhere(tmp_path: Path, result: subprocess.CompletedProcess[str]) -> list[Path]:
    assert PASSWORD not in result.stdout + result.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in written:
        assert PASSWORD.encode() not in path.read_bytes(), f"the URL password leaked into {path}"
    return written


def test_a_finished_run_stores_no_url_password(model_url, text_corpus, tmp_path):
    result = cli("run", "How do inverters work?", "--corpus", str(text_corpus), "--base-url", with_password(model_url),
                 "--model", "sim", "--out-dir", str(tmp_path / "out"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    written = assert_nowhere(tmp_path, result)
    names = {p.name for p in written}
    assert {"report.md", "report.html", "summary.json", "checkpoints.sqlite"} <= names
    record = next(p for p in written if p.parent.name == "runs" and p.suffix == ".json")
    assert "warpuser:***@127.0.0.1" in record.read_text(encoding="utf-8")


def test_a_failing_server_names_the_url_without_its_password(model_server, text_corpus, tmp_path):
    url, model = model_server
    model.fault = "500"
    result = cli("run", "How do inverters work?", "--corpus", str(text_corpus), "--base-url", with_password(url),
                 "--model", "sim", "--out-dir", str(tmp_path / "out"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "warpuser:***@127.0.0.1" in result.stderr  # the message still says which server
    assert_nowhere(tmp_path, result)


def test_an_unreachable_server_names_the_url_without_its_password(unused_port, text_corpus, tmp_path):
    result = cli("run", "How do inverters work?", "--corpus", str(text_corpus),
                 "--base-url", with_password(f"http://127.0.0.1:{unused_port}/v1"), "--model", "sim",
                 tmp_path=tmp_path)
    assert result.returncode == 2
    assert "warpuser:***@127.0.0.1" in result.stderr
    assert_nowhere(tmp_path, result)


def test_doctor_masks_the_url_password(model_url, unused_port, tmp_path):
    for url in (model_url, f"http://127.0.0.1:{unused_port}/v1"):
        result = cli("doctor", "--base-url", with_password(url), "--model", "sim", tmp_path=tmp_path)
        assert "warpuser:***@127.0.0.1" in result.stdout + result.stderr
        assert_nowhere(tmp_path, result)
