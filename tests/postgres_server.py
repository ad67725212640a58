"""A PostgreSQL server for the tests: the one POHANG_TEST_POSTGRES names, or a throw-away cluster started here.

A cluster of our own runs from a temporary directory on a free port, initialised by `initdb` as the
`postgres` user when we are root (initdb refuses root), with password authentication over TCP so a wrong
password can be tested. Where no PostgreSQL is installed at all, `start` says why and the tests that need
it are skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "pohang-test-secret"  # a throw-away cluster's, bound to 127.0.0.1 for the length of the test run


@dataclass
class Server:
    """A running server: its admin URI (a superuser, the maintenance database) and how to stop it.

    Passwords go to a password file (PGPASSFILE, as the README advises a user), not into the URIs: a URI
    holding one makes pohang warn on stderr. `uri_with_password` gives one that does, for the tests of that.
    """

    host: str
    port: int
    user: str
    password: str
    stop_args: list[str] | None = None
    directory: Path | None = None  # of a cluster started here: removed when it stops
    passfile: Path | None = None

    def uri(self, database: str, user: str | None = None, password: str | None = None) -> str:
        who = user or self.user
        secret = self.password if password is None and user is None else password
        if secret:
            self.remember(who, secret)
        return f"postgresql://{who}@{self.host}:{self.port}/{database}"

    def uri_with_password(self, database: str) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def remember(self, user: str, password: str) -> None:
        """Add the user's password to the password file libpq reads (PGPASSFILE)."""
        if self.passfile is None:
            self.passfile = Path(tempfile.mkdtemp(prefix="pohang-pgpass-")) / "pgpass"
            self.passfile.touch(mode=0o600)
            os.environ["PGPASSFILE"] = str(self.passfile)
        line = f"*:*:*:{user}:{password.replace(chr(92), chr(92) * 2).replace(':', chr(92) + ':')}\n"
        known = self.passfile.read_text(encoding="utf-8")
        if line not in known:
            # Users are matched in order: a newer password for the same user goes first.
            self.passfile.write_text(line + known, encoding="utf-8")

    def stop(self) -> None:
        if self.stop_args is not None:
            subprocess.run(self.stop_args, capture_output=True, check=False)
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
        if self.passfile is not None:
            shutil.rmtree(self.passfile.parent, ignore_errors=True)
            os.environ.pop("PGPASSFILE", None)


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start() -> Server | str:
    """A server for the tests, or the reason there is none."""
    given = os.environ.get("POHANG_TEST_POSTGRES", "").strip()
    if given:
        from urllib.parse import urlsplit

        parts = urlsplit(given)
        return Server(
            parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or SUPERUSER, parts.password or ""
        )
    binaries = _binaries()
    if binaries is None:
        return "PostgreSQL is not installed (no initdb found); install Debian's postgresql to run these tests"
    as_postgres: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="pohang-pg-"))
    if os.geteuid() == 0:
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
    data = base / "data"
    pwfile = base / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if as_postgres:
        shutil.chown(pwfile, "postgres")
    port = _free_port()
    steps = [
        [
            *as_postgres,
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        [
            *as_postgres,
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-o",
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=60",
            "start",
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"could not start PostgreSQL for the tests: {done.stderr.strip() or done.stdout.strip()}"
    stop = [*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
    return Server("127.0.0.1", port, SUPERUSER, PASSWORD, stop, base)
