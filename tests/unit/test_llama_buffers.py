"""llama.cpp built with AMX loads the embedded model with plain CPU weight buffers (llamacpp.py)."""

from __future__ import annotations

import pytest

capi = pytest.importorskip("llama_cpp.llama_cpp")

from warp_report.models import llamacpp  # noqa: E402


def test_with_amx_in_the_build_the_loads_inside_get_no_extra_buffers(monkeypatch):
    monkeypatch.setattr(llamacpp, "amx_in_build", lambda: True)
    assert capi.llama_model_default_params().use_extra_bufts is True  # llama.cpp's default
    with llamacpp.plain_cpu_weights():
        assert capi.llama_model_default_params().use_extra_bufts is False
    assert capi.llama_model_default_params().use_extra_bufts is True  # restored after


def test_without_amx_the_defaults_stay(monkeypatch):
    monkeypatch.setattr(llamacpp, "amx_in_build", lambda: False)
    with llamacpp.plain_cpu_weights():
        assert capi.llama_model_default_params().use_extra_bufts is True


def test_the_build_is_read_from_llama_cpps_system_info(monkeypatch):
    import llama_cpp

    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: b"CPU : AVX2 = 1 | AMX_INT8 = 1 | REPACK = 1 |")
    assert llamacpp.amx_in_build() is True
    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: b"CPU : AVX2 = 1 | REPACK = 1 |")
    assert llamacpp.amx_in_build() is False
