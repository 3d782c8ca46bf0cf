"""A throwaway PostgreSQL server for the tests: Debian's package, started on 127.0.0.1.

``PgServer.start()`` runs ``initdb`` into a new temporary folder and ``pg_ctl start`` on a
free loopback port (as the ``postgres`` system user when the tests run as root, since
initdb refuses root), with fsync off: a test server, not a place for data. Each test asks
``new_database()`` for an empty database. ``stop()`` stops the server and removes the folder.

``$STORYTRACE_TEST_PG`` (a ``postgresql://`` URL of a server where the user may create
databases) uses that server instead of starting one.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "STORYTRACE_TEST_PG"
USER = "storytrace"


class PgUnavailable(RuntimeError):
    """No PostgreSQL to test against; the message says what to install."""


def pg_bin() -> Path:
    """The newest installed ``/usr/lib/postgresql/<version>/bin`` with initdb and pg_ctl."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not found:
        raise PgUnavailable(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run "
            "'apt-get install -y postgresql' (.ci/run does it when it is root)"
        )
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One PostgreSQL server for a test session."""

    def __init__(self) -> None:
        self.base_url = os.environ.get(ENV_URL, "")
        self.folder: Path | None = None
        self.as_user: list[str] = []
        self._names = itertools.count(1)

    def start(self) -> PgServer:
        if self.base_url:
            return self
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise PgUnavailable("psycopg is missing: pip install 'storytrace[postgres]'") from exc
        bindir = pg_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="storytrace-pg-"))
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise PgUnavailable("running as root without runuser: cannot start initdb")
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data, port = self.folder / "data", _free_port()
        self._run([str(bindir / "initdb"), "-D", str(data), "-U", USER, "-A", "trust",
                   "--no-sync", "-E", "UTF8", "--locale=C"])  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {self.folder} -F -c fsync=off -c max_connections=60"
        self._run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                   "-l", str(self.folder / "server.log"), "start"])  # fmt: skip
        self.base_url = f"postgresql://{USER}@127.0.0.1:{port}/postgres"
        return self

    def _run(self, cmd: list[str]) -> None:
        done = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, check=False)
        if done.returncode:
            log = self.folder / "server.log" if self.folder else None
            tail = log.read_text()[-2000:] if log and log.exists() else ""
            raise PgUnavailable(
                f"{' '.join(cmd[:1])} failed ({done.returncode}): {done.stderr[-2000:]}{tail}"
            )

    def new_database(self, prefix: str = "st") -> str:
        """The URL of a new, empty database on this server."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.base_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.base_url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(PgUnavailable):
            self._run([str(pg_bin() / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                       "immediate", "-w", "stop"])  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
