"""The evidence layer against a real Chroma server (``chroma run``) through ``HttpClient``."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from warp_report.corpus.chroma import make_chroma_client
from warp_report.corpus.embeddings import get_embedder
from warp_report.memory.evidence import ChromaMemory
from warp_report.search.corpus import open_corpus
from warp_report.state.citations import Registry
from warp_report.state.passage import Hit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _chroma_cli() -> str | None:
    local = Path(sys.executable).parent / "chroma"
    return str(local) if local.exists() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the chroma CLI is not installed")
    path = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    log = open(path / "server.log", "wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [cli, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma server exited: {(path / 'server.log').read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("chroma server did not start within 60 s")
            time.sleep(0.2)
        yield url, port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


async def test_ingest_and_search_through_http_client(chroma_server, tmp_path):
    url, _ = chroma_server
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    backend, report = open_corpus(root, data_dir=tmp_path / "unused", chroma_url=url, embedder=get_embedder())
    settings = backend.client.get_settings()
    assert settings.chroma_api_impl.endswith("FastAPI")  # the HTTP client, not the embedded one
    assert settings.chroma_server_http_port == int(url.rsplit(":", 1)[1])
    assert settings.anonymized_telemetry is False
    assert not (tmp_path / "unused" / "chroma").exists()  # nothing written locally
    assert len(report.added) == 7 and report.chunks_total >= 8

    hits = await backend.search("waggle dance of bees", 2)
    assert hits[0].metadata["path"] == "honeybees.pdf"

    _, again = open_corpus(root, chroma_url=url, embedder=get_embedder())
    assert again.unchanged == 7 and not again.changed


async def test_memory_and_env_configuration_through_http(chroma_server, monkeypatch, tmp_path):
    _, port = chroma_server
    monkeypatch.delenv("WARP_CHROMA_URL", raising=False)
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    client = make_chroma_client(data_dir=tmp_path / "unused")
    assert client.get_settings().chroma_api_impl.endswith("FastAPI")
    assert client.get_settings().chroma_server_http_port == port
    assert not (tmp_path / "unused").exists()
    hits = [Hit(text=(FIXTURES / "volcanoes.rst").read_text(encoding="utf-8"), source="v", title="volcanoes")]
    registry, ids = Registry().register(hits)
    mem = ChromaMemory(client, get_embedder(), collection="memory_over_http")
    await mem.add("run-http", [registry.passages[i] for i in ids])
    assert await mem.relevant("run-http", "explosive eruption", 3) == ["1"]
    assert await mem.relevant("other-run", "explosive eruption", 3) == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"CHROMA_HOST": "db.internal"}, "http://db.internal:8000"),
        ({"CHROMA_HOST": "db.internal", "CHROMA_PORT": "9000"}, "http://db.internal:9000"),
        ({"CHROMA_HOST": "https://chroma.example.com"}, "https://chroma.example.com"),
        ({"CHROMA_HOST": "https://chroma.example.com", "CHROMA_PORT": "8443"}, "https://chroma.example.com:8443"),
        ({"WARP_CHROMA_URL": "http://a:1", "CHROMA_HOST": "b"}, "http://a:1"),
    ],
)
def test_chroma_url_from_env(monkeypatch, env, expected):
    from warp_report.settings import chroma_url_from_env

    for name in ("WARP_CHROMA_URL", "CHROMA_HOST", "CHROMA_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert chroma_url_from_env() == expected


def test_default_data_dir(monkeypatch, tmp_path):
    from warp_report.settings import chroma_dir, default_data_dir

    monkeypatch.setenv("WARP_DATA_DIR", str(tmp_path / "d"))
    assert default_data_dir() == tmp_path / "d"
    assert chroma_dir() == tmp_path / "d" / "chroma"
    assert chroma_dir(tmp_path / "x") == tmp_path / "x" / "chroma"
    monkeypatch.delenv("WARP_DATA_DIR")
    assert default_data_dir().name == "warp-report"
