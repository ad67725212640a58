"""Faults under load on PostgreSQL: parallel writers through a server restart, killed clients, terminated
backends and connections dropped after COMMIT; then every write is counted in the database.

Usage (from the repository root, with the virtual environment that has pohang and psycopg installed; as root
the cluster runs as the `postgres` user):

    python benchmarks/faults.py                      # 8 writers x 50 writes
    python benchmarks/faults.py --writers 4 --writes 20

The run starts a PostgreSQL cluster of its own (initdb in a temporary directory, a free port on 127.0.0.1,
durable settings: fsync and synchronous_commit on), so restarting it disturbs nobody, and removes it at the
end. `pohang init` puts the sample in a database there. Then WRITERS threads each run WRITES pohang commands
one after the other, each a process of its own (`python -m pohang_cli`): alternately `record` (a value for a
date of its own) and `add-milestone` (a title of its own, with `--request-key`). A write that does not exit
0 is run again, unchanged, as a user would after reading its message, until it does (at most 20 times).

Meanwhile, spread over the run: the server is restarted once (`pg_ctl restart -m immediate`: a crash and
recovery), six pohang processes are killed with SIGKILL at a random moment of their work, three backends of
pohang are ended with pg_terminate_backend while they work, and five of writer 0's writes, which go through a
small TCP proxy (and are spared the other faults), lose their connection just after COMMIT was sent: the
proxy forwards the COMMIT to the server and closes the client's side before the answer comes back.

Right after each attempt, the rows it was to store are counted: a `record` by its observation id and value,
an `add-milestone` by its title, which no other write uses. The report gives, for each exit code, how many
attempts ended so and how many of them had stored their row; then each write's final count (1 is right: 0
is lost, 2 is stored twice), the log's entries, and `pohang doctor` on the database at the end. An attempt
that said "nothing was written" (exit 4) but had stored its row, or exited 0 without storing it, is a
violation; so is any write not stored exactly once.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

DATABASE = "pohang_load"
RETRIES = 20


# --------------------------------------------------------------------------------------------------
# A cluster of our own


@dataclass
class Cluster:
    """A PostgreSQL cluster in a temporary directory, run as `postgres` when we are root."""

    base: Path
    port: int
    binaries: Path
    as_postgres: list[str]

    @property
    def data(self) -> Path:
        return self.base / "data"

    def uri(self, database: str, port: int | None = None, **params: str) -> str:
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"postgresql://postgres@127.0.0.1:{port or self.port}/{database}" + (f"?{query}" if query else "")

    def pg_ctl(self, *args: str) -> None:
        # Not captured: the server pg_ctl starts would hold the pipe open for ever. Its output goes to its log.
        subprocess.run(
            [*self.as_postgres, str(self.binaries / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.pg_ctl("-l", str(self.base / "log"), "-w", "-o", self._options(), "start")

    def restart(self) -> None:
        # A crash and recovery: the sessions of the moment are cut, and what they had not committed is gone.
        self.pg_ctl("-l", str(self.base / "log"), "-m", "immediate", "-w", "-o", self._options(), "restart")

    def _options(self) -> str:
        return f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=100"

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


def start_cluster() -> Cluster:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    initdb = Path(found[-1]) if found else Path(shutil.which("initdb") or "initdb")
    base = Path(tempfile.mkdtemp(prefix="pohang-faults-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    cluster = Cluster(base, port, initdb.parent, as_postgres)
    subprocess.run(
        [*as_postgres, str(initdb), "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "--locale=C.UTF-8"],
        check=True,
        capture_output=True,
    )
    cluster.start()
    return cluster


# --------------------------------------------------------------------------------------------------
# The proxy that cuts a connection after COMMIT


class CommitCutter:
    """A TCP proxy to the server; when armed, the next COMMIT is forwarded and the client's side then closed.

    The server commits; the client never hears so. Only the protocol's message framing is read: a simple
    query message ('Q') whose text is COMMIT. Clients connect with sslmode=disable, so the stream is plain.
    """

    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.armed = threading.Event()
        self.cut = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.server_port))
        except OSError:
            client.close()
            return
        silenced = threading.Event()
        threading.Thread(target=self._back, args=(server, client, silenced), daemon=True).start()
        buffer, startup = b"", True
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                buffer += data
                while True:
                    message, buffer, startup = _next_message(buffer, startup)
                    if message is None:
                        break
                    is_commit = message[:1] == b"Q" and message[5:].lstrip().upper().startswith(b"COMMIT")
                    if is_commit and self.armed.is_set():
                        self.armed.clear()
                        silenced.set()  # the answer to this COMMIT must not reach the client
                        server.sendall(message)
                        client.close()
                        time.sleep(1.0)  # the server reads and runs the COMMIT before its socket closes
                        server.close()
                        self.cut += 1
                        return
                    server.sendall(message)
        except OSError:
            pass
        finally:
            client.close()
            server.close()

    @staticmethod
    def _back(server: socket.socket, client: socket.socket, silenced: threading.Event) -> None:
        try:
            while True:
                data = server.recv(65536)
                if not data or silenced.is_set():
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            if not silenced.is_set():
                client.close()


def _next_message(buffer: bytes, startup: bool) -> tuple[bytes | None, bytes, bool]:
    """The next whole protocol message in `buffer` (the start-up message has no type byte), and the rest."""
    if startup:
        if len(buffer) < 4 or len(buffer) < int.from_bytes(buffer[:4], "big"):
            return None, buffer, startup
        length = int.from_bytes(buffer[:4], "big")
        return buffer[:length], buffer[length:], False
    if len(buffer) < 5 or len(buffer) < 1 + int.from_bytes(buffer[1:5], "big"):
        return None, buffer, startup
    length = 1 + int.from_bytes(buffer[1:5], "big")
    return buffer[:length], buffer[length:], False


# --------------------------------------------------------------------------------------------------
# The writers


@dataclass
class Write:
    """One write of one writer: the command, and how its rows are found."""

    writer: int
    number: int
    args: list[str]
    kind: str  # "record" or "milestone"
    key: str  # the observation id, or the milestone's title
    value: float | None = None
    attempts: list[tuple[int, int, str]] = field(default_factory=list)  # (exit code, rows stored after, stderr)


def plan(writers: int, writes: int) -> list[list[Write]]:
    every = []
    for writer in range(writers):
        mine = []
        for number in range(writes):
            if number % 2 == 0:
                date = f"{1950 + number}-{writer + 1:02d}"
                value = 1000 + writer * 100 + number
                args = ["record", "battery.jobs", str(value), "--date", date, "--force"]
                mine.append(Write(writer, number, args, "record", f"battery.jobs:{date}", float(value)))
            else:
                title = f"load w{writer} n{number}"
                args = ["add-milestone", "hydrogen", title, "--due", "2030", "--request-key", f"w{writer}-n{number}"]
                mine.append(Write(writer, number, args, "milestone", title))
        every.append(mine)
    return every


class Run:
    """The shared state of a run: the processes at work, the count of attempts, the admin connection."""

    def __init__(self, cluster: Cluster, cutter: CommitCutter) -> None:
        self.cluster = cluster
        self.cutter = cutter
        self.lock = threading.Lock()
        self.working: dict[int, subprocess.Popen[str]] = {}
        self.attempts = 0
        self.cut_at: set[int] = set()

    def stored(self, write: Write) -> int:
        """How many rows hold this write, read directly from the server (waiting for it across a restart)."""
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(self.cluster.uri(DATABASE), connect_timeout=5) as conn:
                    if write.kind == "record":
                        rows = conn.execute(
                            "SELECT count(*) FROM pohang.observations WHERE id = %s AND value = %s",
                            (write.key, write.value),
                        ).fetchone()
                    else:
                        rows = conn.execute(
                            "SELECT count(*) FROM pohang.milestones WHERE title = %s", (write.key,)
                        ).fetchone()
                    return int(rows[0]) if rows else 0
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def write(self, write: Write, through_proxy: bool) -> None:
        # Writer 0's connections go through the proxy, under a name of their own: the other faults spare them,
        # so that each of its cuts after COMMIT is one.
        params = {"application_name": "pohang-via-proxy"} if through_proxy else {}
        port = self.cutter.port if through_proxy else None
        uri = self.cluster.uri(DATABASE, port, sslmode="disable", gssencmode="disable", **params)
        environment = {**os.environ, "POHANG_LOCK_TIMEOUT": "30", "PGCONNECT_TIMEOUT": "5"}
        for _attempt in range(RETRIES):
            cut = any(code == 5 for code, _rows, _err in write.attempts)  # a cut already made
            if through_proxy and write.number in self.cut_at and not cut:
                self.cutter.armed.set()
            process = subprocess.Popen(
                [sys.executable, "-m", "pohang_cli", *write.args, "--db", uri, "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                env=environment,
            )
            if not through_proxy:
                with self.lock:
                    self.working[process.pid] = process
            _out, err = process.communicate()
            with self.lock:
                self.working.pop(process.pid, None)
                self.attempts += 1
            if through_proxy:
                self.cutter.armed.clear()  # a write that ended before its COMMIT does not pass it to the next
            write.attempts.append((process.returncode, self.stored(write), err.strip()))
            if process.returncode == 0:
                return
            time.sleep(0.3)  # a user reads the message, then runs the command again


def writer(run: Run, writes: list[Write], through_proxy: bool) -> None:
    for write in writes:
        run.write(write, through_proxy)


def faults(run: Run, total: int, events: list[str], finished: threading.Event) -> None:
    """Kill, terminate and restart at set points of the run (by the number of attempts made so far)."""
    schedule = {
        0.10: "kill",
        0.18: "terminate",
        0.26: "kill",
        0.38: "restart",
        0.48: "kill",
        0.56: "terminate",
        0.66: "kill",
        0.76: "terminate",
        0.84: "kill",
        0.92: "kill",
    }
    pending = sorted(schedule.items())
    chooser = random.Random(19)
    while pending and not finished.is_set():
        share, fault = pending[0]
        with run.lock:
            reached = run.attempts >= share * total
            working = list(run.working.values())
        if not reached:
            time.sleep(0.05)
            continue
        if fault == "kill":
            if not working:
                time.sleep(0.02)
                continue
            time.sleep(chooser.uniform(0.05, 0.4))  # a random moment of its work
            victim = chooser.choice(working)
            try:
                os.kill(victim.pid, signal.SIGKILL)
                events.append(f"SIGKILL pid {victim.pid}")
            except ProcessLookupError:
                continue  # it ended first: another one
        elif fault == "terminate":
            with psycopg.connect(run.cluster.uri(DATABASE), autocommit=True) as admin:
                row = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'pohang' AND state <> 'idle' "
                    "AND pid <> pg_backend_pid() LIMIT 1"
                ).fetchone()
                if row is None:
                    time.sleep(0.01)
                    continue
                admin.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                events.append(f"pg_terminate_backend({row[0]})")
        else:
            started = time.monotonic()
            run.cluster.restart()
            events.append(f"server restart (immediate) in {time.monotonic() - started:.1f} s")
        pending.pop(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=50)
    options = parser.parse_args()
    cluster = start_cluster()
    try:
        with psycopg.connect(cluster.uri("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
            version = admin.execute("SHOW server_version").fetchone()
        pohang = [sys.executable, "-m", "pohang_cli"]
        subprocess.run([*pohang, "init", "--db", cluster.uri(DATABASE), "-q"], check=True, stdout=subprocess.DEVNULL)
        cutter = CommitCutter(cluster.port)
        run = Run(cluster, cutter)
        writes = plan(options.writers, options.writes)
        run.cut_at = set(range(4, options.writes, 10))
        total = options.writers * options.writes
        events: list[str] = []
        started = time.monotonic()
        finished = threading.Event()
        controller = threading.Thread(target=faults, args=(run, total, events, finished), daemon=True)
        controller.start()
        threads = [threading.Thread(target=writer, args=(run, mine, n == 0)) for n, mine in enumerate(writes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        finished.set()
        controller.join()
        elapsed = time.monotonic() - started
        doctor = subprocess.run(
            [*pohang, "doctor", "--db", cluster.uri(DATABASE), "--format", "tsv"],
            capture_output=True,
            text=True,
            check=False,
        )
        with psycopg.connect(cluster.uri(DATABASE)) as conn:
            log_entries = conn.execute("SELECT count(*) FROM pohang.log").fetchone()
        report(options, version, writes, events, cutter, elapsed, doctor, log_entries)
        flat = [w for mine in writes for w in mine]
        wrong = violations(flat)
        return 1 if wrong or doctor.returncode != 0 else 0
    finally:
        cluster.stop()


def violations(writes: list[Write]) -> list[str]:
    """Each attempt whose outcome contradicts what it said, and each write not stored exactly once at the end."""
    found = []
    for write in writes:
        before = 0
        for code, stored, err in write.attempts:
            if code == 0 and stored != 1:
                found.append(f"{write.key}: exit 0, but {stored} rows")
            if code == 4 and "nothing was written" in err and stored != before:
                found.append(f"{write.key}: 'nothing was written', but {before} rows became {stored}")
            before = stored
        if before != 1:
            found.append(f"{write.key}: {before} rows at the end")
    return found


def report(
    options: Any,
    version: Any,
    writes: list[list[Write]],
    events: list[str],
    cutter: CommitCutter,
    elapsed: float,
    doctor: subprocess.CompletedProcess[str],
    log_entries: Any,
) -> None:
    flat = [w for mine in writes for w in mine]
    print(
        f"fault-and-load run: {options.writers} writers x {options.writes} writes on PostgreSQL {version[0]}, "
        f"{elapsed:.0f} s"
    )
    print(f"faults: {'; '.join(events)}; {cutter.cut} connections cut after COMMIT")
    print()
    print("attempts by exit code, and the rows each had stored when it ended")
    print(f"{'exit':>5} {'attempts':>9} {'stored':>7} {'not stored':>11}  first line of stderr (count)")
    by_code: dict[int, list[tuple[int, str]]] = collections.defaultdict(list)
    for write in flat:
        for code, stored, err in write.attempts:
            by_code[code].append((stored, err))
    for code in sorted(by_code):
        outcomes = by_code[code]
        stored = sum(1 for rows, _err in outcomes if rows >= 1)
        messages = collections.Counter(_gist(err) for _rows, err in outcomes if err)
        gist = "; ".join(f"{text} ({count})" for text, count in messages.most_common(3))
        print(f"{code:>5} {len(outcomes):>9} {stored:>7} {len(outcomes) - stored:>11}  {gist}")
    finals = collections.Counter(w.attempts[-1][1] if w.attempts else 0 for w in flat)
    print()
    print(
        f"writes: {len(flat)}; stored once {finals.get(1, 0)}; lost {finals.get(0, 0)}; "
        f"stored more than once {sum(n for rows, n in finals.items() if rows > 1)}"
    )
    print(f"log entries: {log_entries[0]} (init and one per stored write: {1 + finals.get(1, 0)})")
    wrong = violations(flat)
    print(f"violations: {len(wrong)}" + "".join(f"\n  {line}" for line in wrong[:20]))
    print(f"doctor: exit {doctor.returncode}: {doctor.stderr.strip()}")


KINDS = (
    "unknown whether it was written",
    "lost the connection to PostgreSQL database",
    "cannot connect to PostgreSQL database",
    "database busy",
    "another session changed the same records",
)


def _gist(err: str) -> str:
    """What kind of message an attempt ended with, without what varies in it (names, pids, reasons)."""
    line = err.splitlines()[-1] if err else ""
    return next((kind for kind in KINDS if kind in line), line[:80])


if __name__ == "__main__":
    sys.exit(main())
