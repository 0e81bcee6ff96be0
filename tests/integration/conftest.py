from __future__ import annotations

import socket
import threading

import pytest

from tests.support.simserver import SimulatedModel, make_server


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for "server unreachable" cases)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def model_server():
    """A simulated OpenAI-compatible model on 127.0.0.1: (base URL, the model for inspection)."""
    model = SimulatedModel(extend_times=1)
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1", model
    server.shutdown()


@pytest.fixture
def model_url(model_server):
    return model_server[0]
