"""The database file: read without a lock, write under one, log every change, migrate old versions."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pohang_cli.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseMissingError,
    InputError,
    SchemaVersionError,
)
from pohang_cli.i18n import _
from pohang_cli.models import Change, Dataset, LogHead
from pohang_cli.storage.documents import META_TABLE, SCHEMA_VERSION, Document
from pohang_cli.storage.files import (
    AtomicJSONStorage,
    atomic_write_bytes,
    backup_path,
    encode_line,
    encode_tables,
    link_backup,
    refuse_read_only,
    restore_hint,
)
from pohang_cli.storage.layout import Snapshot, dataset_from_tables, log_head_of_meta, meta_of, written_tables
from pohang_cli.storage.session import FileSession, change_docs
from pohang_cli.storage.tables import document_diff, keeping_milestone_ids

if TYPE_CHECKING:
    from pohang_cli import audit, chain
    from pohang_cli.storage.upgrade import Upgrade

DEFAULT_LOCK_TIMEOUT_S = 10.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """One database file: read without a lock (writes are atomic), write under an exclusive lock.

    Every write with changes first appends an entry to the audit log `<db>.log` (see audit.py), with the
    time from `clock`, `command` as the command line, and the user and host `author` names.
    """

    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT_S,
        command: str = "pohang",
        clock: Callable[[], datetime] = _utc_now,
        author: Callable[[], tuple[str | None, str | None]] = lambda: (None, None),
    ) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.command = command
        self.clock = clock
        self.author = author
        self.storage = AtomicJSONStorage(path)
        # What the last read found: the write that follows continues its history and knows its version.
        self._read_version: int | None = None
        self._read_head: LogHead | None = None
        self.last_entry: audit.LogEntry | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def log_path(self) -> Path:
        from pohang_cli import audit

        return audit.log_path(self.path)

    @property
    def name(self) -> str:
        """The database as messages name it: its path."""
        return str(self.path)

    @property
    def log_name(self) -> str:
        """Its audit log as messages name it."""
        return str(self.log_path)

    @property
    def report_name(self) -> str:
        """How a report names the database: the file's name, not the user's home path."""
        return self.path.name

    def check_may_write(self) -> None:
        """A read-only file is refused before anyone is asked anything (and again when the lock is taken)."""
        refuse_read_only(self.path)

    def missing_log_entry(self) -> tuple[int, str] | None:
        """The newest change the database applied whose log entry is missing, and the log's name; None when whole."""
        from pohang_cli.audit import take

        _tables, _version, head = self.read_tables()
        if head.id is None:
            return None
        log_path = _log_of(self.path, self.log_path)
        from pohang_cli.storage.files import decode_json
        from pohang_cli.storage.log import walk

        view = take(walk(log_path, head, decode_json))
        if view.complete:
            return None
        return (view.entries[-1].seq - 1 if view.entries else head.seq), str(log_path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[FileSession]:
        """One write: the lock held, the file read, and written again whole by `FileSession.write`."""
        with self.locked():
            yield FileSession(self, self.read_snapshot())

    def undo_transaction(self) -> contextlib.AbstractContextManager[FileSession]:
        """The write transaction `pohang undo` runs in (the same as every write's)."""
        return self.transaction()

    def history(self) -> Iterator[audit.LogEntry | None]:
        """The log entries this file has applied, newest first (read without the lock)."""
        from pohang_cli.storage.files import decode_json
        from pohang_cli.storage.log import walk

        _tables, _version, head = self.read_tables()
        return walk(self.log_path, head, decode_json)

    def exists(self) -> bool:
        return self.path.is_file()

    def log_head(self) -> LogHead:
        """The log entry the file has applied last, as its `_meta` names it (the file is read, not its log)."""
        return self.read_tables()[2]

    def read(self) -> Dataset:
        """The records in the file; raises DatabaseError when it is missing, corrupt or too new."""
        return self.read_snapshot().dataset

    def read_snapshot(self) -> Snapshot:
        """The file's records, raw tables, schema version and log head; an older schema is migrated in memory.

        Raises:
            DatabaseError: the file is missing, unreadable, not JSON, not a pohang database, too new, or
                holds records without a valid id.
        """
        tables, version, head = self.read_tables()
        try:
            dataset = dataset_from_tables(tables)
        except DatabaseCorruptError as exc:
            raise DatabaseCorruptError(
                _("{path}: {exc}; {hint}").format(path=self.path, exc=exc, hint=restore_hint(self.path))
            ) from None
        self._read_version, self._read_head = version, head
        return Snapshot(dataset, tables, version, head)

    def read_tables(self) -> tuple[dict[str, dict[str, Document]], int, LogHead]:
        """The raw tables (migrated to the current schema in memory), the file's schema version and log head.

        Raises:
            DatabaseError: the file is missing, unreadable, not JSON, not a pohang database, or too new.
        """
        if not self.exists():
            raise self._missing()
        try:
            tables = self.storage.read()
        except OSError as exc:
            raise DatabaseError(
                _("cannot read {path}: {reason}").format(path=self.path, reason=exc.strerror or exc)
            ) from None
        if tables is None:
            raise DatabaseCorruptError(
                _("{path} is empty; {hint}").format(path=self.path, hint=restore_hint(self.path))
            )
        meta = meta_of(tables)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise DatabaseCorruptError(
                _("{path} is not a pohang database (no valid schema_version); {hint}").format(
                    path=self.path, hint=restore_hint(self.path)
                )
            )
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                _(
                    "{path} has schema version {version}, newer than this pohang understands "
                    "({supported}); upgrade pohang — the file was left untouched"
                ).format(path=self.path, version=version, supported=SCHEMA_VERSION)
            )
        if version < SCHEMA_VERSION:
            from pohang_cli.migrations import migrate

            tables = migrate(tables, version, self.path)
        return tables, version, log_head_of_meta(meta)

    @contextlib.contextmanager
    def locked(self, *, creating: bool = False) -> Iterator[None]:
        """Hold the exclusive lock of this database for a whole read-modify-write.

        Args:
            creating: the caller is about to create the file; otherwise a missing database is reported
                before the lock file is made, so a mistyped `--db` leaves nothing behind.
        """
        if not creating and not self.exists():
            raise self._missing()
        refuse_read_only(self.path)
        release = self._acquire_lock()
        try:
            yield
        finally:
            release()

    def _missing(self) -> DatabaseMissingError:
        return DatabaseMissingError(
            _("no database at {path} — create one with `pohang init --db {path}`").format(path=self.path)
        )

    def _busy(self) -> DatabaseBusyError:
        return DatabaseBusyError(
            _(
                "database busy: another pohang process has held {lock_path} for more than {lock_timeout:g} "
                "s; nothing was written — try again, or raise POHANG_LOCK_TIMEOUT"
            ).format(lock_path=self.lock_path, lock_timeout=self.lock_timeout)
        )

    def _cannot_lock(self, exc: OSError) -> DatabaseError:
        return DatabaseError(
            _("cannot lock {lock_path}: {reason}; nothing was written").format(
                lock_path=self.lock_path, reason=exc.strerror or exc
            )
        )

    def _acquire_lock(self) -> Callable[[], None]:
        # filelock is imported here, not at the top: only writers pay for it (~20 ms of start-up).
        import filelock

        lock = filelock.FileLock(str(self.lock_path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise self._busy() from None
        except OSError as exc:
            raise self._cannot_lock(exc) from None
        return lock.release

    def write(self, dataset: Dataset, changes: Sequence[Change] = (), *, undoes: int | None = None) -> None:
        """Log `changes`, then replace the file with this dataset atomically, keeping the previous version as `.bak`.

        Call only while holding `locked()`, after reading the file under the same lock (the write continues
        the history the read found). A file of an older schema version is also kept as `<db>.bak-v{N}`.

        Args:
            dataset: the whole database to write.
            changes: what this write changed; recorded in the audit log (nothing is logged when empty).
            undoes: the seq of the log entry this write reverts (`pohang undo`).

        Raises:
            DatabaseError: the file or its log could not be written; the database file is unchanged.
        """
        self._replace(dataset, change_docs(dataset, changes), undoes)

    def write_documents(
        self, dataset: Dataset, changes: Sequence[audit.ChangeDoc], *, undoes: int | None = None
    ) -> None:
        """`write`, with the changes given as stored documents (undo has them; re-encoding 100,000 costs)."""
        self._replace(dataset, changes, undoes)

    def _replace(
        self, dataset: Dataset, changes: Sequence[audit.ChangeDoc], undoes: int | None, *, keep_backup: bool = True
    ) -> None:
        from pohang_cli import audit  # only writes log: reading commands never import it
        from pohang_cli.storage import log

        tables = written_tables(dataset)
        head = self._read_head
        if head is None:
            head = self._head_on_disk()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_stale_temporaries()
            entry = None
            if changes:
                if head.id is not None and head.hash is None:
                    head = self._chained(head)
                user, host = self.author()
                entry = audit.new_entry(
                    head, changes, command=self.command, time=self.clock(), undoes=undoes, user=user, host=host
                )
                # The entry reaches the disk before the database names it: a crash in between leaves an
                # orphan entry that no history shows, never a change without its entry.
                log.append(self.log_path, entry, encode_line)
                head = LogHead(entry.seq, entry.id, entry.hash, head.from_start)
            meta = tables[META_TABLE]["1"]
            meta["log_seq"], meta["log_head"] = head.seq, head.id
            if head.hash is not None:
                meta["log_hash"] = head.hash
            if head.from_start:
                meta["log_from_start"] = True
            if self._read_version is not None and self._read_version < SCHEMA_VERSION and self.exists():
                link_backup(self.path, self._version_backup_path(self._read_version))
            if keep_backup:
                self.storage.write(tables)
            else:
                atomic_write_bytes(self.path, encode_tables(tables))
        except OSError as exc:
            raise DatabaseError(
                _("cannot write {path}: {reason}; the database was left as it was").format(
                    path=self.path, reason=exc.strerror or exc
                )
            ) from None
        self._read_version, self._read_head, self.last_entry = SCHEMA_VERSION, head, entry

    def _chained(self, head: LogHead) -> LogHead:
        """The head of a log written before pohang chained it, with the hash derived along its history.

        Nothing is rewritten: the next entry's `prev` is this hash, so it covers every entry before it
        (chain.py). A log that lacks entries starts its chain afresh at the next entry.
        """
        found = self.chain_of(head)
        return head._replace(hash=found.head) if found is not None else head

    def chain_of(self, head: LogHead) -> chain.Chain | None:
        """The history up to `head`, checked link by link; None when the log lacks an entry of it."""
        from pohang_cli import chain
        from pohang_cli.audit import take
        from pohang_cli.storage.files import decode_json
        from pohang_cli.storage.log import walk

        view = take(walk(_log_of(self.path, self.log_path), head, decode_json))
        if not view.complete:
            return None
        return chain.check(
            reversed(view.entries), lambda entry: chain.changes_digest(entry.stored_changes(encode_line))
        )

    def head_hash(self) -> str | None:
        """The hash of the newest entry of the log (`pohang log` prints it; a report and a site show it)."""
        _tables, _version, head = self.read_tables()
        if head.hash is not None or head.id is None:
            return head.hash
        return self._chained(head).hash

    def read_with_log(self) -> tuple[Dataset, list[audit.LogEntry], bool]:
        """The records, every entry of their history (oldest first) and whether it starts at the creation.

        Raises:
            DatabaseCorruptError: the log lacks entries of the history (`export --with-log` needs all of it).
        """
        from pohang_cli.audit import take
        from pohang_cli.storage.files import decode_json
        from pohang_cli.storage.log import walk

        snapshot = self.read_snapshot()
        view = take(walk(_log_of(self.path, self.log_path), snapshot.head, decode_json))
        if not view.complete:
            raise DatabaseCorruptError(
                _(
                    "the audit log {log_path} lacks entries of the history of {path}; export --with-log carries "
                    "the whole history (`pohang doctor` names what is missing, `pohang export` the records alone)"
                ).format(log_path=self.log_path, path=self.path)
            )
        return snapshot.dataset, list(reversed(view.entries)), snapshot.head.from_start

    def restore(self, dataset: Dataset, entries: Sequence[audit.LogEntry], from_start: bool) -> None:
        """Create this database holding `dataset`, its log holding `entries` exactly (`import --with-log`).

        Raises:
            InputError: a database or a log is already there (nothing is replaced).
        """
        from pohang_cli.storage import log

        with self.locked(creating=True):
            for path in (self.path, self.log_path):
                if path.exists():
                    raise InputError(
                        _(
                            "{path} already exists; import --with-log creates a new database with its history — "
                            "give a --db where there is none"
                        ).format(path=path)
                    )
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                log.append_all(self.log_path, entries, encode_line)
            except OSError as exc:
                raise DatabaseError(
                    _("cannot write {path}: {reason}; the database was left as it was").format(
                        path=self.log_path, reason=exc.strerror or exc
                    )
                ) from None
            newest = entries[-1] if entries else None
            head = LogHead(newest.seq, newest.id, newest.hash, from_start) if newest else LogHead(from_start=from_start)
            self._read_version, self._read_head = None, head
            self._replace(dataset, (), None, keep_backup=False)

    def _head_on_disk(self) -> LogHead:
        # A write without a read under the lock (create, install_sample): continue whatever history the
        # file has; a missing or unreadable file starts a new one.
        try:
            return self.read_snapshot().head if self.exists() else LogHead()
        except DatabaseError:
            return LogHead()

    def _version_backup_path(self, version: int) -> Path:
        # Never overwrite the backup of an earlier migration: the first one is the true original.
        return self._unique_path(f"{self.path.name}.bak-v{version}")

    def _unique_path(self, name: str) -> Path:
        candidate, number = self.path.with_name(name), 2
        while candidate.exists():
            candidate, number = self.path.with_name(f"{name}-{number}"), number + 1
        return candidate

    def _remove_stale_temporaries(self) -> None:
        # Temp files of writers killed before their os.replace; only a lock holder creates them, and we
        # hold the lock, so none of them is in use.
        import glob  # here: only a writer looks for them

        for stale in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def upgrade(self, *, dry_run: bool = False) -> Upgrade:
        """Rewrite a file of an older schema version in the current one, keeping the original (`pohang migrate`).

        What every first write does anyway, on its own; with `dry_run`, only say what it would do.
        """
        from pohang_cli.migrations import describe
        from pohang_cli.storage.upgrade import Upgrade  # `pohang migrate` alone: a dataclass costs every start-up

        with contextlib.nullcontext() if dry_run else self.locked():
            snapshot = self.read_snapshot()
            version = snapshot.schema_version
            kept_as = None if version >= SCHEMA_VERSION else str(self._version_backup_path(version))
            script = tuple(describe(version))
            done = Upgrade(self.name, version, SCHEMA_VERSION, "", script, kept_as=kept_as)
            if not dry_run and not done.current:
                self._replace(snapshot.dataset, [], None)
        return done

    def create(self, dataset: Dataset, *, overwrite: bool = False) -> None:
        """Write a new database file; refuses to replace an existing one unless `overwrite`."""
        with self.locked(creating=True):
            if self.exists() and not overwrite:
                raise InputError(
                    _(
                        "a database already exists at {path}; add --force to replace it (the old file is kept as "
                        "{backup})"
                    ).format(path=self.path, backup=backup_path(self.path))
                )
            self.write_new(dataset)

    def write_new(self, dataset: Dataset) -> None:
        """Replace the file with `dataset`, as a new database; call only while holding `locked(creating=True)`."""
        # Logged as the difference from the records the file held (all added for a new file), so even
        # `init --force` can be undone; an unreadable old file starts a new history.
        old = None
        # A new database's log holds every change from its first (the doctor's `unlogged-record`).
        self._read_version, self._read_head = None, LogHead(from_start=True)
        readable = True
        if self.exists():
            try:
                old = self.read()
            except DatabaseError:
                # Keep the damaged file under its own name: letting it become `.bak` would push out the
                # last good version, which is what the user most likely wants back.
                readable = False
                self._read_head = LogHead(from_start=True)
                link_backup(self.path, self._unique_path(f"{self.path.name}.damaged"))
        self._replace(keeping_milestone_ids(old, dataset), document_diff(old, dataset), None, keep_backup=readable)


def _log_of(path: Path, log_path: Path) -> Path:
    # A backup (`pohang.json.bak`, `pohang.json.bak-v0`) has no log of its own: its history is the head of
    # the database's log, which is read only up to the change the backup records.
    if not log_path.exists():
        backup = re.fullmatch(r"(.+)\.bak(?:-v\d+)?", path.name)
        if backup is not None:
            original = path.with_name(backup.group(1) + ".log")
            if original.exists():
                return original
    return log_path
