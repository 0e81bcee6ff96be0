"""Headless Chromium for the report.html tests: opens a page, returns the DOM it ended with.

Chromium is the Debian package ``chromium``. Outside CI a machine without it skips these tests
with the reason; in CI (``CI`` set) a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    explicit = os.environ.get("WARP_CHROMIUM")
    if explicit:
        return explicit
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


@dataclass
class Loaded:
    dom: str  #: the page as the browser holds it after loading and running whatever it would run
    console: list[str]  #: console lines the page logged (a script that ran would log here)


class Browser:
    def __init__(self, binary: str, profile: Path):
        self.binary = binary
        self.profile = profile

    def load(self, page: Path, budget_ms: int = 1500) -> Loaded:
        """Load ``page`` as file://, let timers and handlers run for ``budget_ms`` of virtual time."""
        args = [self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", f"--user-data-dir={self.profile}",
                f"--virtual-time-budget={budget_ms}", "--enable-logging=stderr", "--v=0",
                "--dump-dom", page.resolve().as_uri()]
        done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        return Loaded(dom=done.stdout, console=console)


@pytest.fixture(scope="session")
def browser(tmp_path_factory) -> Browser:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: install the Debian package (apt-get install -y chromium)")
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium); report.html browser checks skipped")
    return Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
