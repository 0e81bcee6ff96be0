"""A Chroma server (``chroma run``, from the chromadb package) on 127.0.0.1 for integration tests.

Several processes that share runs must share the corpus and the evidence memory too: the embedded
Chroma in a data dir is neither visible from another machine nor safe across processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.postgres import free_port


def chroma_command() -> str:
    local = Path(sys.executable).with_name("chroma")
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        raise RuntimeError("the chroma CLI is not installed (it comes with the chromadb package)")
    return found


@contextmanager
def running_chroma(folder: Path) -> Iterator[str]:
    """Start ``chroma run`` with its data in ``folder``; yields its URL; stops it afterwards."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "chroma.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([chroma_command(), "run", "--path", str(folder / "db"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma server did not start: " + log_path.read_text(errors="replace")[-2000:])
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
