"""The database: read without a lock, write under one, log every change, migrate old versions, the sample."""

from __future__ import annotations

import contextlib
import glob
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from pohang_cli.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseMissingError,
    InputError,
    SchemaVersionError,
)
from pohang_cli.i18n import _
from pohang_cli.models import (
    Change,
    Dataset,
    Kind,
    LogHead,
    Observation,
)
from pohang_cli.storage.documents import (
    META_TABLE,
    SCHEMA_VERSION,
    STORED_CODECS,
    Document,
    pack,
    record_to_doc,
    unpack_sorted,
)
from pohang_cli.storage.files import (
    AtomicJSONStorage,
    atomic_write_bytes,
    backup_path,
    encode_line,
    encode_tables,
    link_backup,
    restore_hint,
)
from pohang_cli.storage.tables import FileTable, LazyTable, ObservationFileTable, document_diff, keeping_milestone_ids

if TYPE_CHECKING:
    from pohang_cli import audit

DEFAULT_LOCK_TIMEOUT_S = 10.0


class Snapshot(NamedTuple):
    """A database read from disk: the records, plus the raw tables they came from."""

    dataset: Dataset
    tables: dict[str, dict[str, Document]]
    schema_version: int
    head: LogHead = LogHead()


_ID = itemgetter("id")


def _index(table: dict[str, Document], *, int_ids: bool = False) -> dict[Any, Document]:
    docs = table.values()
    ids = map(_ID, docs)  # in C: a generator costs a tenth more over 100,000 documents
    index = dict(zip(map(int, ids) if int_ids else ids, docs, strict=True))
    if len(index) != len(table):
        # Writing this back would silently drop all but one of the records sharing an id.
        raise ValueError("two records share an id")
    return index


def dataset_from_tables(tables: dict[str, dict[str, Document]]) -> Dataset:
    """Records of the raw TinyDB tables (packed documents), converted lazily."""
    try:
        meta = _meta(tables)
        return Dataset(
            sectors=_table(tables, Kind.SECTORS),
            indicators=_table(tables, Kind.INDICATORS),
            targets=_table(tables, Kind.TARGETS),
            observations=_table(tables, Kind.OBSERVATIONS),
            milestones=_table(tables, Kind.MILESTONES),
            next_milestone_id=int(meta.get("next_milestone_id", 1)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DatabaseCorruptError(
            _(
                "a record has no valid id or shares it with another ({exc!r}); run `pohang doctor` to list "
                "every problem"
            ).format(exc=exc)
        ) from None


def _table(tables: dict[str, dict[str, Document]], kind: Kind) -> FileTable[Any, Any]:
    tinydb_table = tables.get(kind, {})
    docs = _index(tinydb_table, int_ids=kind is Kind.MILESTONES)
    table = ObservationFileTable if kind is Kind.OBSERVATIONS else FileTable
    return table(tinydb_table, docs, *STORED_CODECS[kind], unpack_sorted(kind))


def _written_tables(dataset: Dataset) -> dict[str, Any]:
    """The TinyDB tables a write saves: each as read, with the records changed since put in.

    A table that was not read from a file is numbered afresh, as `tables_from_dataset` does.
    """
    tables = _meta_table(dataset, SCHEMA_VERSION)
    for kind in Kind:
        table = getattr(dataset, kind.value)
        if isinstance(table, FileTable):
            tables[kind.value] = table.tinydb_table(int_ids=kind is Kind.MILESTONES)
        else:
            tables[kind.value] = _numbered(_stored_documents(dataset, kind))
    return tables


def _meta(tables: dict[str, dict[str, Document]]) -> Document:
    meta_table = tables.get(META_TABLE) or {}
    return next(iter(meta_table.values()), {})


def tables_from_dataset(dataset: Dataset, schema_version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The TinyDB tables of a dataset; doc ids are 1..n in the order of public ids (stable for diffs)."""
    tables = _meta_table(dataset, schema_version)
    for kind in Kind:
        tables[kind.value] = _numbered(_stored_documents(dataset, kind))
    return tables


def _meta_table(dataset: Dataset, schema_version: int) -> dict[str, Any]:
    return {META_TABLE: {"1": {"schema_version": schema_version, "next_milestone_id": dataset.next_milestone_id}}}


def _numbered(docs: dict[Any, Document]) -> dict[str, Document]:
    return {str(n): docs[key] for n, key in enumerate(sorted(docs), start=1)}


def _stored_documents(dataset: Dataset, kind: Kind) -> dict[Any, Document]:
    """The documents of one table as the file stores them: packed."""
    mapping: Mapping[Any, Any] = getattr(dataset, kind.value)
    if isinstance(mapping, LazyTable):
        return mapping.documents()
    return {key: pack(kind, record_to_doc(kind, record)) for key, record in mapping.items()}


def encode_dataset(dataset: Dataset) -> bytes:
    """The bytes of the database file holding exactly this dataset."""
    return encode_tables(tables_from_dataset(dataset))


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
        """Nothing to check ahead: a file that may not be written is refused when its lock is taken."""

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
        meta = _meta(tables)
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
        return tables, version, LogHead.of_meta(meta)

    @contextlib.contextmanager
    def locked(self, *, creating: bool = False) -> Iterator[None]:
        """Hold the exclusive lock of this database for a whole read-modify-write.

        Args:
            creating: the caller is about to create the file; otherwise a missing database is reported
                before the lock file is made, so a mistyped `--db` leaves nothing behind.
        """
        if not creating and not self.exists():
            raise self._missing()
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
        self._replace(dataset, _change_docs(dataset, changes), undoes)

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

        tables = _written_tables(dataset)
        head = self._read_head
        if head is None:
            head = self._head_on_disk()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_stale_temporaries()
            entry = None
            if changes:
                user, host = self.author()
                entry = audit.new_entry(
                    head, changes, command=self.command, time=self.clock(), undoes=undoes, user=user, host=host
                )
                # The entry reaches the disk before the database names it: a crash in between leaves an
                # orphan entry that no history shows, never a change without its entry.
                log.append(self.log_path, entry, encode_line)
                head = LogHead(entry.seq, entry.id)
            meta = tables[META_TABLE]["1"]
            meta["log_seq"], meta["log_head"] = head.seq, head.id
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
        for stale in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

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
            self._write_new(dataset)

    def _write_new(self, dataset: Dataset) -> None:
        # Logged as the difference from the records the file held (all added for a new file), so even
        # `init --force` can be undone; an unreadable old file starts a new history.
        old = None
        self._read_version, self._read_head = None, LogHead()
        readable = True
        if self.exists():
            try:
                old = self.read()
            except DatabaseError:
                # Keep the damaged file under its own name: letting it become `.bak` would push out the
                # last good version, which is what the user most likely wants back.
                readable = False
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


def _observations_of(dataset: Dataset, indicator: str) -> list[Observation]:
    # Ids are INDICATOR:DATE: the indicator's observations are found by key, converting only those.
    observations = dataset.observations
    prefix = indicator + ":"
    return [observations[key] for key in observations if key.startswith(prefix)]


class FileSession:
    """A write transaction of a database file: the whole file read under the lock, and written back whole.

    Implements the service's `Session` and audit's `UndoSession`.
    """

    def __init__(self, database: Database, snapshot: Snapshot) -> None:
        self.database = database
        self.snapshot = snapshot

    @property
    def dataset(self) -> Dataset:
        return self.snapshot.dataset

    @property
    def name(self) -> str:
        return self.database.name

    @property
    def log_name(self) -> str:
        return self.database.log_name

    def load(self, *kinds: Kind) -> None:
        """Nothing to do: the file was read whole."""

    def new_milestone_id(self) -> int:
        dataset = self.dataset
        new_id = max(dataset.next_milestone_id, max(dataset.milestones, default=0) + 1)
        dataset.next_milestone_id = new_id + 1
        return new_id

    def reserve_milestone_ids(self, next_id: int) -> None:
        self.dataset.next_milestone_id = max(self.dataset.next_milestone_id, next_id)

    def observations_of(self, indicator: str) -> list[Observation]:
        return _observations_of(self.dataset, indicator)

    def write(self, changes: Sequence[Change]) -> None:
        self.database.write(self.dataset, changes)

    def history(self) -> Iterator[audit.LogEntry | None]:
        from pohang_cli.storage.files import decode_json
        from pohang_cli.storage.log import walk

        return walk(self.database.log_path, self.snapshot.head, decode_json)

    def document(self, kind: Kind, key: str | int) -> Document | None:
        """The record's whole document, as the audit log holds it (the file holds it packed)."""
        table = getattr(self.dataset, kind.value)
        return table.whole_document(key) if isinstance(table, LazyTable) else None

    def write_documents(self, changes: Sequence[audit.ChangeDoc], *, undoes: int) -> audit.LogEntry:
        for change in changes:
            table = getattr(self.dataset, change.kind.value)
            if change.after is None:
                del table[change.id]
            else:
                table.put_document(change.id, pack(change.kind, change.after))
        self.database.write_documents(self.dataset, changes, undoes=undoes)
        entry = self.database.last_entry
        if entry is None:  # pragma: no cover - an undo always changes at least one record
            raise DatabaseError(_("the undo changed nothing"))
        return entry


def _change_docs(dataset: Dataset, changes: Sequence[Change]) -> list[audit.ChangeDoc]:
    """The changes as whole documents for the audit log (the file stores them packed)."""
    from pohang_cli.audit import ChangeDoc

    return [
        ChangeDoc(
            change.kind,
            change.id,
            None if change.before is None else record_to_doc(change.kind, change.before),
            None if change.after is None else record_to_doc(change.kind, change.after),
        )
        for change in changes
    ]


def empty_dataset() -> Dataset:
    """A database with no records."""
    return Dataset()


def default_database_path(environ: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/pohang/pohang.json`, with XDG's default `~/.local/share`."""
    data_home = environ.get("XDG_DATA_HOME", "").strip()
    base = Path(data_home) if data_home else Path(environ.get("HOME") or Path.home()) / ".local" / "share"
    return base / "pohang" / "pohang.json"


def bundled_sample_path() -> Path:
    """The sample database shipped in the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # pohang_cli/
    packaged = package / "sample_db.json"
    if packaged.is_file():
        return packaged
    return package.parent / "sample_db.json"


def load_sample() -> Dataset:
    """The records of the bundled sample database."""
    path = bundled_sample_path()
    return Database(path).read()


def install_sample(database: Database) -> bool:
    """Create `database` from the bundled sample unless another process already did; True if created."""
    database.path.parent.mkdir(parents=True, exist_ok=True)
    with database.locked(creating=True):
        if database.exists():
            return False
        database._write_new(load_sample())
    return True


class MemoryDatabase:
    """The in-memory twin of `Database` for tests: the same read/transaction contract, no file.

    Each read returns a fresh copy of the stored documents, so a failed command leaves nothing behind,
    exactly as with the file.
    """

    def __init__(self, dataset: Dataset | None = None) -> None:
        self.payload = encode_dataset(dataset or empty_dataset())
        self.writes = 0
        self.changes: list[Change] = []

    def read(self) -> Dataset:
        return dataset_from_tables(orjson.loads(self.payload))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[MemorySession]:
        yield MemorySession(self, self.read())


class MemorySession:
    """A write transaction of a `MemoryDatabase`."""

    def __init__(self, database: MemoryDatabase, dataset: Dataset) -> None:
        self.database = database
        self.dataset = dataset

    def load(self, *kinds: Kind) -> None:
        """Nothing to do: everything is in memory."""

    def new_milestone_id(self) -> int:
        new_id = max(self.dataset.next_milestone_id, max(self.dataset.milestones, default=0) + 1)
        self.dataset.next_milestone_id = new_id + 1
        return new_id

    def reserve_milestone_ids(self, next_id: int) -> None:
        self.dataset.next_milestone_id = max(self.dataset.next_milestone_id, next_id)

    def observations_of(self, indicator: str) -> list[Observation]:
        return _observations_of(self.dataset, indicator)

    def write(self, changes: Sequence[Change]) -> None:
        self.database.payload = encode_dataset(self.dataset)
        self.database.writes += 1
        self.database.changes.extend(changes)
