"""A throwaway PostgreSQL cluster on 127.0.0.1 for integration tests (Debian's ``postgresql`` package).

``initdb`` refuses to run as root and the tests run as root in CI, so every server binary runs as
the ``postgres`` OS user (the Debian package creates it); as any other user it runs as that user.
The cluster lives in a fresh folder directly under the system temp dir because pytest's own
``tmp_path`` is mode 0700 and owned by root, which the ``postgres`` user could not enter.

    with running_postgres() as server:
        url = server.create_database("warp")   # postgresql://postgres@127.0.0.1:PORT/warp

or, in a test module, import the fixtures:  ``from tests.support.postgres import postgres_server, postgres_url``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALL_HINT = "install PostgreSQL with: apt-get install -y postgresql  (.ci/services.sh does it in CI)"


def find_bindir() -> Path:
    """The newest installed server's bin dir (Debian keeps initdb/pg_ctl out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError(f"PostgreSQL server binaries (initdb, pg_ctl) not found; {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _os_user() -> str | None:
    """The user the server runs as: ``postgres`` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(f"running as root but there is no 'postgres' OS user; {INSTALL_HINT}") from None
    return "postgres"


@dataclass
class PostgresServer:
    root: Path
    port: int
    bindir: Path
    user: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        kwargs = {"user": self.user, "group": self.user} if self.user else {}
        result = subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                                timeout=timeout, cwd=self.root, **kwargs)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}\n{log}")
        return result

    def start(self) -> None:
        # -k: the unix socket goes into our folder (Debian's /var/run/postgresql may be missing);
        # fsync off: a test cluster is thrown away, so durability only costs time.
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start",
                  timeout=90)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its ``postgresql://`` URL."""
        name = name or f"warp_{uuid.uuid4().hex[:10]}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """initdb a cluster in a temp folder, start it on a free port, stop and delete it afterwards."""
    bindir = find_bindir()
    user = _os_user()
    root = Path(tempfile.mkdtemp(prefix="warp-pg-"))
    if user:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(root=root, port=free_port(), bindir=bindir, user=user)
    try:
        # trust on 127.0.0.1 only: the cluster listens nowhere else and lives for one test session.
        server._run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                    "--locale=C", timeout=120)
        for attempt in range(3):  # the free port may be taken between our probe and the server's bind
            try:
                server.start()
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                server.port = free_port()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One cluster for the whole test session (initdb takes seconds)."""
    with running_postgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh database per test, so tests never see each other's runs."""
    return postgres_server.create_database()
