"""URL passwords: masked as user:***@ in every message, file and record (issue 15, item 3)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from warp_report.context import Context
from warp_report.secrets import has_masked_password, mask_url, scrub, scrub_data


@pytest.mark.parametrize(("text", "masked"), [
    ("http://user:secretpass@127.0.0.1:8011/v1", "http://user:***@127.0.0.1:8011/v1"),
    ("error: cannot reach https://bob:pw@h.org/v1/models (ConnectError)",
     "error: cannot reach https://bob:***@h.org/v1/models (ConnectError)"),
    ("postgresql://warp:hunter2@db:5432/runs", "postgresql://warp:***@db:5432/runs"),
    # an unencoded "@" in the password: masked up to the host
    ("http://u:p@ss@host/x", "http://u:***@host/x"),
    ("http://:onlypass@host", "http://:***@host"),
    ('{"base_url": "http://u:pw@h/v1", "b": "https://a:b@c"}', '{"base_url": "http://u:***@h/v1", "b": "https://a:***@c"}'),
    ("HTTP://U:PW@H", "HTTP://U:***@H"),
])
def test_passwords_in_urls_are_masked(text, masked):
    assert mask_url(text) == masked
    assert mask_url(masked) == masked  # idempotent


@pytest.mark.parametrize("text", [
    "http://127.0.0.1:8011/v1",  # a port is no password
    "https://h.org/a?next=u:p@x",  # "@" in the query, not in the authority
    "ssh://git@github.com/a/b",  # a user without a password
    "mailto:a@b.org", "ratio 3:4@home", "http://[::1]:8080/v1",
])
def test_urls_without_a_password_are_left_alone(text):
    assert mask_url(text) == text


def test_scrub_masks_url_passwords_as_well_as_keys(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-1234567890")
    assert scrub("key sk-test-1234567890 at http://me:pw123@h/v1") == "key *** at http://me:***@h/v1"


def test_scrub_data_masks_every_string_of_a_record():
    ctx = replace(Context(), base_url="http://user:secretpass@127.0.0.1:8011/v1", chroma_url="https://c:tok@chroma:8000")
    from dataclasses import asdict

    record = scrub_data({"context": asdict(ctx), "corpus": ["/x"], "nested": [("http://a:b@c",)], "n": 3})
    text = json.dumps(record)
    assert "secretpass" not in text and "tok@" not in text and '"a:b@' not in text
    assert record["context"]["base_url"] == "http://user:***@127.0.0.1:8011/v1"
    assert record["n"] == 3 and record["corpus"] == ["/x"]
    assert has_masked_password(record["context"]["base_url"]) and not has_masked_password("http://h/v1")


def test_run_records_never_store_a_url_password(tmp_path):
    from warp_report.runs.records import load_run, save_run

    ctx = replace(Context(), base_url="http://user:secretpass@127.0.0.1:8011/v1")
    save_run(tmp_path, "t1", question="q", corpus=[], ctx=ctx, out_dir=tmp_path / "o", status="running")
    assert b"secretpass" not in (tmp_path / "runs" / "t1.json").read_bytes()
    assert load_run(tmp_path, "t1")["context"]["base_url"] == "http://user:***@127.0.0.1:8011/v1"
