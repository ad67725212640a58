"""The database file: TinyDB layout, locking, atomic writes, schema version, document <-> record conversion.

The file is a TinyDB JSON document (one object per table, documents keyed by TinyDB's doc id), so
`TinyDB(path, storage=AtomicJSONStorage)` opens it. pohang itself reads and writes the whole file once per
command through `Database`: TinyDB's `Table` wraps every document and re-parses the file on each insert,
which costs seconds at 100,000 records (docs/perf-baselines.md §2), and its doc ids are reused after a
delete, so records carry their own public `id` and doc ids never leave this module.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shlex
import shutil
import stat
import tempfile
from collections.abc import Callable, Hashable, ItemsView, Iterator, Mapping, MutableMapping, Sequence, ValuesView
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from pohang_cli import audit
from pohang_cli.dates import PartialDate, parse_iso
from pohang_cli.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseMissingError,
    InputError,
    PohangError,
    SchemaVersionError,
)
from pohang_cli.models import (
    Change,
    Dataset,
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Sector,
    Target,
    TargetRevision,
)

SCHEMA_VERSION = 1
META_TABLE = "_meta"
DEFAULT_LOCK_TIMEOUT_S = 10.0

Document = dict[str, Any]

# ---------------------------------------------------------------------------------------------------
# Documents <-> records


@lru_cache(maxsize=8192)
def _date(text: str) -> PartialDate:
    # A large database repeats a few thousand distinct dates 100,000 times: parse each once.
    return parse_iso(text)


def _opt_date(text: str | None) -> PartialDate | None:
    return None if text is None else _date(text)


def _iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def sector_from_doc(doc: Document) -> Sector:
    return Sector(
        id=doc["id"],
        name_ko=doc["name_ko"],
        name_en=doc["name_en"],
        order=doc.get("order", 0),
        source=doc.get("source"),
        note=doc.get("note"),
    )


def sector_to_doc(sector: Sector) -> Document:
    return {
        "id": sector.id,
        "name_ko": sector.name_ko,
        "name_en": sector.name_en,
        "order": sector.order,
        "source": sector.source,
        "note": sector.note,
    }


def indicator_from_doc(doc: Document) -> Indicator:
    return Indicator(
        id=doc["id"],
        sector=doc["sector"],
        name_ko=doc["name_ko"],
        name_en=doc["name_en"],
        unit=doc["unit"],
        baseline=doc.get("baseline"),
        baseline_date=_opt_date(doc.get("baseline_date")),
        direction=Direction(doc.get("direction", "increase")),
        kind=IndicatorKind(doc.get("kind", "level")),
        model=Model(doc.get("model", "linear")),
        basis=doc.get("basis"),
        source=doc.get("source"),
        note=doc.get("note"),
    )


def indicator_to_doc(indicator: Indicator) -> Document:
    return {
        "id": indicator.id,
        "sector": indicator.sector,
        "name_ko": indicator.name_ko,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "baseline_date": _iso(indicator.baseline_date),
        "direction": indicator.direction.value,
        "kind": indicator.kind.value,
        "model": indicator.model.value,
        "basis": indicator.basis,
        "source": indicator.source,
        "note": indicator.note,
    }


def _revision_from_doc(doc: Document) -> TargetRevision:
    return TargetRevision(
        value=doc["value"],
        deadline=_date(doc["deadline"]),
        date=_opt_date(doc.get("date")),
        reason=doc["reason"],
        source=doc.get("source"),
        note=doc.get("note"),
    )


def _revision_to_doc(revision: TargetRevision) -> Document:
    return {
        "value": revision.value,
        "deadline": revision.deadline.iso(),
        "date": _iso(revision.date),
        "reason": revision.reason,
        "source": revision.source,
        "note": revision.note,
    }


def target_from_doc(doc: Document) -> Target:
    return Target(
        id=doc["id"],
        indicator=doc["indicator"],
        value=doc["value"],
        deadline=_date(doc["deadline"]),
        source=doc.get("source"),
        note=doc.get("note"),
        revisions=tuple(_revision_from_doc(r) for r in doc.get("revisions", ())),
        supersedes=doc.get("supersedes"),
        superseded_by=doc.get("superseded_by"),
    )


def target_to_doc(target: Target) -> Document:
    return {
        "id": target.id,
        "indicator": target.indicator,
        "value": target.value,
        "deadline": target.deadline.iso(),
        "source": target.source,
        "note": target.note,
        "revisions": [_revision_to_doc(r) for r in target.revisions],
        "supersedes": target.supersedes,
        "superseded_by": target.superseded_by,
    }


def _observation_by_constructor(doc: Document) -> Observation:
    # Positional: a database holds 100,000 of these, and keywords cost a third more per record.
    get = doc.get
    return Observation(
        doc["id"],
        doc["indicator"],
        _date(doc["date"]),
        doc["value"],
        get("source"),
        get("note"),
        get("provisional", False),
    )


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The setters of the slots of a frozen dataclass whose fields are exactly `names`, else ().

    A large status reads 100,000 observations and `milestones` lists 10,000 milestones, and a frozen
    dataclass's __init__ stores each field through object.__setattr__: storing straight into the slots makes
    the same object in two thirds of the time (tests/test_fast_paths.py compares the two). Only while the
    class is a slotted dataclass of exactly these fields, in this order, without __post_init__; otherwise
    the readers use the constructor.
    """
    if (
        getattr(cls, "__slots__", None) == names
        and tuple(f.name for f in fields(cls)) == names
        and not hasattr(cls, "__post_init__")
    ):
        return tuple(getattr(cls, name).__set__ for name in names)
    return ()


_OBSERVATION_SLOTS = _slot_setters(Observation, ("id", "indicator", "date", "value", "source", "note", "provisional"))


def _observation_into_slots(doc: Document) -> Observation:
    set_id, set_indicator, set_date, set_value, set_source, set_note, set_provisional = _OBSERVATION_SLOTS
    get = doc.get
    observation: Observation = object.__new__(Observation)
    set_id(observation, doc["id"])
    set_indicator(observation, doc["indicator"])
    set_date(observation, _date(doc["date"]))
    set_value(observation, doc["value"])
    set_source(observation, get("source"))
    set_note(observation, get("note"))
    set_provisional(observation, get("provisional", False))
    return observation


observation_from_doc = _observation_into_slots if _OBSERVATION_SLOTS else _observation_by_constructor


def observation_to_doc(observation: Observation) -> Document:
    return {
        "id": observation.id,
        "indicator": observation.indicator,
        "date": observation.date.iso(),
        "value": observation.value,
        "source": observation.source,
        "note": observation.note,
        "provisional": observation.provisional,
    }


# A dictionary look-up costs a tenth of calling the enum, once per milestone; unknown values still raise.
_MILESTONE_STATUS = {status.value: status for status in MilestoneStatus}


def _milestone_by_constructor(doc: Document) -> Milestone:
    # Positional, in Milestone's field order, like observations: `milestones` converts all 10,000.
    get = doc.get
    return Milestone(
        doc["id"],
        doc["sector"],
        doc["title"],
        _MILESTONE_STATUS.get(get("status", "planned")) or MilestoneStatus(doc["status"]),
        get("title_en"),
        _opt_date(get("date")),
        _opt_date(get("due")),
        _opt_date(get("original_due")),
        get("source"),
        get("note"),
    )


_MILESTONE_SLOTS = _slot_setters(
    Milestone, ("id", "sector", "title", "status", "title_en", "date", "due", "original_due", "source", "note")
)


def _milestone_into_slots(doc: Document) -> Milestone:
    set_id, set_sector, set_title, set_status, set_title_en, set_date, set_due, set_original, set_source, set_note = (
        _MILESTONE_SLOTS
    )
    get = doc.get
    milestone: Milestone = object.__new__(Milestone)
    set_id(milestone, doc["id"])
    set_sector(milestone, doc["sector"])
    set_title(milestone, doc["title"])
    set_status(milestone, _MILESTONE_STATUS.get(get("status", "planned")) or MilestoneStatus(doc["status"]))
    set_title_en(milestone, get("title_en"))
    set_date(milestone, _opt_date(get("date")))
    set_due(milestone, _opt_date(get("due")))
    set_original(milestone, _opt_date(get("original_due")))
    set_source(milestone, get("source"))
    set_note(milestone, get("note"))
    return milestone


milestone_from_doc = _milestone_into_slots if _MILESTONE_SLOTS else _milestone_by_constructor


def milestone_to_doc(milestone: Milestone) -> Document:
    return {
        "id": milestone.id,
        "sector": milestone.sector,
        "title": milestone.title,
        "title_en": milestone.title_en,
        "status": milestone.status.value,
        "date": _iso(milestone.date),
        "due": _iso(milestone.due),
        "original_due": _iso(milestone.original_due),
        "source": milestone.source,
        "note": milestone.note,
    }


CODECS: dict[Kind, tuple[Callable[[Document], Any], Callable[[Any], Document]]] = {
    Kind.SECTORS: (sector_from_doc, sector_to_doc),
    Kind.INDICATORS: (indicator_from_doc, indicator_to_doc),
    Kind.TARGETS: (target_from_doc, target_to_doc),
    Kind.OBSERVATIONS: (observation_from_doc, observation_to_doc),
    Kind.MILESTONES: (milestone_from_doc, milestone_to_doc),
}


def record_to_doc(kind: Kind, record: Any) -> Document:
    """The stored document of a record of the given kind."""
    return CODECS[kind][1](record)


def record_from_doc(kind: Kind, doc: Document) -> Any:
    """The record of a stored document of the given kind; raises KeyError/ValueError when malformed."""
    return CODECS[kind][0](doc)


# ---------------------------------------------------------------------------------------------------
# Lazy tables

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LazyTable(MutableMapping[K, V], Generic[K, V]):
    """A table of records keyed by public id that converts a stored document only on first access.

    It keeps the stored documents, so writing the database back never re-encodes records nobody touched.
    """

    def __init__(
        self,
        docs: dict[K, Document],
        from_doc: Callable[[Document], V],
        to_doc: Callable[[V], Document],
    ) -> None:
        self._docs: dict[K, Document] = docs
        self._records: dict[K, V] = {}
        self._from_doc = from_doc
        self._to_doc = to_doc

    def __getitem__(self, key: K) -> V:
        record = self._records.get(key)
        if record is None:
            doc = self._docs[key]
            try:
                record = self._from_doc(doc)
            except (KeyError, TypeError, ValueError, AttributeError, PohangError) as exc:
                # A hand-edited file: report it as a damaged database (exit 4), never as bad input.
                raise DatabaseCorruptError(
                    f"the stored record {key!r} is malformed ({type(exc).__name__}: {exc}); "
                    "run `pohang doctor` to list every problem"
                ) from None
            self._records[key] = record
        return record

    def __setitem__(self, key: K, value: V) -> None:
        self._docs[key] = self._to_doc(value)
        self._records[key] = value

    def __delitem__(self, key: K) -> None:
        del self._docs[key]
        self._records.pop(key, None)

    def __iter__(self) -> Iterator[K]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, key: object) -> bool:
        return key in self._docs

    def values(self) -> ValuesView[V]:
        """The records in stored order; the first full pass converts every document in one loop."""
        return _LazyValues(self)

    def items(self) -> ItemsView[K, V]:
        """(id, record) pairs in stored order, converted like `values`."""
        return _LazyItems(self)

    def _convert_all(self) -> dict[K, V]:
        # Looking each key up through __getitem__ costs as much again as converting the document: status
        # reads all 100,000 observations, so convert the missing ones here.
        records, docs = self._records, self._docs
        if len(records) == len(docs):
            return records
        from_doc = self._from_doc
        try:
            if not records:
                # Convert everything first, then key it: filling a dictionary while converting costs a third
                # more (100,000 observations: 170 ms against 128 ms).
                converted = list(map(from_doc, docs.values()))
                records = self._records = dict(zip(docs, converted, strict=True))
                return records
            for key, doc in docs.items():
                if key not in records:
                    records[key] = from_doc(doc)
        except Exception:
            for key in docs:  # a malformed document: __getitem__ says how that is reported
                self[key]
            raise
        return records

    def documents(self) -> dict[K, Document]:
        """The stored documents, including those of records set since loading."""
        return self._docs

    def stored_document(self, key: K, record: V) -> Document | None:
        """The document stored for `key` if it holds exactly `record` (saves re-encoding it), else None."""
        return self._docs.get(key) if self._records.get(key) is record else None

    def put_document(self, key: K, doc: Document) -> None:
        """Store a document as it is (undo restores the exact bytes a record had)."""
        self._docs[key] = doc
        self._records.pop(key, None)


class _LazyValues(ValuesView[V]):
    _mapping: LazyTable[Any, V]

    def __iter__(self) -> Iterator[V]:
        records = self._mapping._convert_all()
        for key in self._mapping._docs:
            yield records[key]


class _LazyItems(ItemsView[K, V]):
    _mapping: LazyTable[K, V]

    def __iter__(self) -> Iterator[tuple[K, V]]:
        records = self._mapping._convert_all()
        for key in self._mapping._docs:
            yield key, records[key]


# ---------------------------------------------------------------------------------------------------
# The file


def _encode(data: dict[str, Any]) -> bytes:
    # orjson writes UTF-8 (never \uXXXX for Hangul), refuses NaN/inf by raising instead of writing
    # invalid JSON, and is 13x faster than json.dumps (docs/perf-baselines.md §2a).
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def _fsync_directory(directory: Path) -> None:
    # Without this, os.replace can be lost on power failure even though the file's bytes were synced.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, backup: Path | None = None) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old or the new file, whole.

    Args:
        path: the file to replace.
        payload: its new content.
        backup: where to keep the previous version (a hard link, so it costs no copy).
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        # mkstemp creates 0600: keep the mode of the file being replaced (a database shared by a group of
        # officers must stay readable by them), or give a new file the usual 0666 less the umask.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and path.exists():
            _keep_backup(path, backup)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _keep_backup(path: Path, backup: Path) -> None:
    staged = backup.with_name(backup.name + ".tmp")
    staged.unlink(missing_ok=True)
    try:
        os.link(path, staged)
    except OSError:  # filesystems without hard links
        shutil.copy2(path, staged)
    os.replace(staged, backup)


class AtomicJSONStorage:
    """A TinyDB storage that reads UTF-8 and writes through a temp file, fsync and `os.replace`.

    TinyDB's own JSONStorage writes in place (a crash tears the file) and opens with the locale
    encoding; this one keeps no handle open between calls. It has the read/write/close methods of
    `tinydb.storages.Storage` without subclassing it: importing tinydb costs every command 4 ms, and
    TinyDB only calls these methods.
    """

    def __init__(self, path: str | os.PathLike[str], backup: bool = True) -> None:
        self.path = Path(path)
        self.backup = backup

    def close(self) -> None:
        """Nothing to close: no handle is kept between calls."""

    def read(self) -> dict[str, dict[str, Any]] | None:
        # A plain read, not a memory map: a map of a file that another program truncates in place (a sync
        # client, an editor) kills the process with SIGBUS, where a read reports a damaged file (exit 4).
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw or raw.isspace():  # not raw.strip(): that copies the whole file first
            return None
        return decode_database(raw, self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        backup = backup_path(self.path) if self.backup else None
        atomic_write_bytes(self.path, _encode(data), backup=backup)


def backup_path(path: Path) -> Path:
    """Where the previous version of a database is kept."""
    return path.with_name(path.name + ".bak")


def restore_hint(path: Path) -> str:
    """What to tell a user whose database cannot be used: it was not touched, and where the backup is."""
    backup = backup_path(path)
    if backup.is_file():
        shown = shlex.quote(str(backup))
        return (
            f"the file was left untouched — check the previous version with `pohang doctor --db {shown}` "
            f"and restore it with `cp {shown} {shlex.quote(str(path))}`"
        )
    return f"the file was left untouched; there is no backup at {backup}"


def decode_database(raw: bytes | memoryview, path: Path) -> dict[str, Any]:
    """Parse the bytes of a database file, or explain what is wrong with it (exit 4)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = exc.msg.split(":", 1)[0]
        raise DatabaseCorruptError(
            f"{path} is not valid JSON ({reason} at line {exc.lineno}, column {exc.colno}); {restore_hint(path)}"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise DatabaseCorruptError(
            f"{path} is not a pohang database (expected an object of tables); {restore_hint(path)}"
        )
    return data


def decode_json(raw: bytes | str) -> Any:
    """Parse one JSON document (a line of the audit log)."""
    return orjson.loads(raw)


def encode_line(document: dict[str, Any]) -> bytes:
    """One JSON document on one line, keys in insertion order (a line of the audit log)."""
    return orjson.dumps(document)


# ---------------------------------------------------------------------------------------------------
# Database


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A database read from disk: the records, plus the raw tables they came from."""

    dataset: Dataset
    tables: dict[str, dict[str, Document]]
    schema_version: int
    head: audit.LogHead = field(default_factory=audit.LogHead)


def _index(table: dict[str, Document], *, int_ids: bool = False) -> dict[Any, Document]:
    docs = table.values()
    ids = (int(doc["id"]) for doc in docs) if int_ids else (doc["id"] for doc in docs)
    index = dict(zip(ids, docs, strict=True))
    if len(index) != len(table):
        # Writing this back would silently drop all but one of the records sharing an id.
        raise ValueError("two records share an id")
    return index


def dataset_from_tables(tables: dict[str, dict[str, Document]]) -> Dataset:
    """Records of the raw TinyDB tables, converted lazily."""
    try:
        meta = _meta(tables)
        return Dataset(
            sectors=LazyTable(_index(tables.get(Kind.SECTORS, {})), sector_from_doc, sector_to_doc),
            indicators=LazyTable(_index(tables.get(Kind.INDICATORS, {})), indicator_from_doc, indicator_to_doc),
            targets=LazyTable(_index(tables.get(Kind.TARGETS, {})), target_from_doc, target_to_doc),
            observations=LazyTable(_index(tables.get(Kind.OBSERVATIONS, {})), observation_from_doc, observation_to_doc),
            milestones=LazyTable(
                _index(tables.get(Kind.MILESTONES, {}), int_ids=True), milestone_from_doc, milestone_to_doc
            ),
            next_milestone_id=int(meta.get("next_milestone_id", 1)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DatabaseCorruptError(
            f"a record has no valid id or shares it with another ({exc!r}); run `pohang doctor` to list every problem"
        ) from None


def _meta(tables: dict[str, dict[str, Document]]) -> Document:
    meta_table = tables.get(META_TABLE) or {}
    return next(iter(meta_table.values()), {})


def tables_from_dataset(dataset: Dataset, schema_version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The TinyDB tables of a dataset; doc ids are 1..n in the order of public ids (stable for diffs)."""
    tables: dict[str, Any] = {
        META_TABLE: {"1": {"schema_version": schema_version, "next_milestone_id": dataset.next_milestone_id}}
    }
    for kind in Kind:
        docs = _documents(dataset, kind)
        tables[kind.value] = {str(n): docs[key] for n, key in enumerate(sorted(docs), start=1)}
    return tables


def encode_dataset(dataset: Dataset) -> bytes:
    """The bytes of the database file holding exactly this dataset."""
    return _encode(tables_from_dataset(dataset))


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """One database file: read without a lock (writes are atomic), write under an exclusive lock.

    Every write with changes first appends an entry to the audit log `<db>.log` (see audit.py), with the
    time from `clock` and `command` as the command line.
    """

    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT_S,
        command: str = "pohang",
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.command = command
        self.clock = clock
        self.storage = AtomicJSONStorage(path)
        # What the last read found: the write that follows continues its history and knows its version.
        self._read_version: int | None = None
        self._read_head: audit.LogHead | None = None
        self.last_entry: audit.LogEntry | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def log_path(self) -> Path:
        return audit.log_path(self.path)

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
            raise DatabaseCorruptError(f"{self.path}: {exc}; {restore_hint(self.path)}") from None
        self._read_version, self._read_head = version, head
        return Snapshot(dataset, tables, version, head)

    def read_tables(self) -> tuple[dict[str, dict[str, Document]], int, audit.LogHead]:
        """The raw tables (migrated to the current schema in memory), the file's schema version and log head.

        Raises:
            DatabaseError: the file is missing, unreadable, not JSON, not a pohang database, or too new.
        """
        if not self.exists():
            raise self._missing()
        try:
            tables = self.storage.read()
        except OSError as exc:
            raise DatabaseError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        if tables is None:
            raise DatabaseCorruptError(f"{self.path} is empty; {restore_hint(self.path)}")
        meta = _meta(tables)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise DatabaseCorruptError(
                f"{self.path} is not a pohang database (no valid schema_version); {restore_hint(self.path)}"
            )
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} has schema version {version}, newer than this pohang understands "
                f"({SCHEMA_VERSION}); upgrade pohang — the file was left untouched"
            )
        if version < SCHEMA_VERSION:
            from pohang_cli.migrations import migrate

            tables = migrate(tables, version, self.path)
        return tables, version, audit.LogHead.of_meta(meta)

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
        return DatabaseMissingError(f"no database at {self.path} — create one with `pohang init --db {self.path}`")

    def _busy(self) -> DatabaseBusyError:
        return DatabaseBusyError(
            f"database busy: another pohang process has held {self.lock_path} for more than "
            f"{self.lock_timeout:g} s; nothing was written — try again, or raise POHANG_LOCK_TIMEOUT"
        )

    def _cannot_lock(self, exc: OSError) -> DatabaseError:
        return DatabaseError(f"cannot lock {self.lock_path}: {exc.strerror or exc}; nothing was written")

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
        tables = tables_from_dataset(dataset)
        head = self._read_head
        if head is None:
            head = self._head_on_disk()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_stale_temporaries()
            entry = None
            if changes:
                entry = audit.new_entry(head, changes, command=self.command, time=self.clock(), undoes=undoes)
                # The entry reaches the disk before the database names it: a crash in between leaves an
                # orphan entry that no history shows, never a change without its entry.
                audit.append(self.log_path, entry, encode_line)
                head = audit.LogHead(entry.seq, entry.id)
            meta = tables[META_TABLE]["1"]
            meta["log_seq"], meta["log_head"] = head.seq, head.id
            if self._read_version is not None and self._read_version < SCHEMA_VERSION and self.exists():
                _keep_backup(self.path, self._version_backup_path(self._read_version))
            if keep_backup:
                self.storage.write(tables)
            else:
                atomic_write_bytes(self.path, _encode(tables))
        except OSError as exc:
            raise DatabaseError(
                f"cannot write {self.path}: {exc.strerror or exc}; the database was left as it was"
            ) from None
        self._read_version, self._read_head, self.last_entry = SCHEMA_VERSION, head, entry

    def _head_on_disk(self) -> audit.LogHead:
        # A write without a read under the lock (create, install_sample): continue whatever history the
        # file has; a missing or unreadable file starts a new one.
        try:
            return self.read_snapshot().head if self.exists() else audit.LogHead()
        except DatabaseError:
            return audit.LogHead()

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
                    f"a database already exists at {self.path}; add --force to replace it "
                    f"(the old file is kept as {backup_path(self.path)})"
                )
            self._write_new(dataset)

    def _write_new(self, dataset: Dataset) -> None:
        # Logged as the difference from the records the file held (all added for a new file), so even
        # `init --force` can be undone; an unreadable old file starts a new history.
        old = None
        self._read_version, self._read_head = None, audit.LogHead()
        readable = True
        if self.exists():
            try:
                old = self.read()
            except DatabaseError:
                # Keep the damaged file under its own name: letting it become `.bak` would push out the
                # last good version, which is what the user most likely wants back.
                readable = False
                _keep_backup(self.path, self._unique_path(f"{self.path.name}.damaged"))
        self._replace(dataset, _document_diff(old, dataset), None, keep_backup=readable)


def _change_docs(dataset: Dataset, changes: Sequence[Change]) -> list[audit.ChangeDoc]:
    """The changes as documents for the audit log.

    An import of 100,000 records has already encoded each new record into its table: those documents are
    reused, so logging costs one pass and no second encoding.
    """
    docs = []
    stored: dict[Kind, tuple[Callable[[Any], Any], Callable[[Any], Any]] | None] = {}
    for change in changes:
        kind, key, record = change.kind, change.id, change.after
        if kind not in stored:
            table = getattr(dataset, kind)  # a StrEnum is its own value
            # The bound `get`s of the table's documents and records, looked up once per kind, not per change.
            stored[kind] = (table._docs.get, table._records.get) if isinstance(table, LazyTable) else None
        after = None
        if record is not None:
            getters = stored[kind]
            if getters is not None and getters[1](key) is record:
                after = getters[0](key)
            if after is None:
                after = record_to_doc(kind, record)
        before = None if change.before is None else record_to_doc(kind, change.before)
        docs.append(audit.ChangeDoc(kind, key, before, after))
    return docs


def _documents(dataset: Dataset, kind: Kind) -> dict[Any, Document]:
    mapping: MutableMapping[Any, Any] = getattr(dataset, kind.value)
    if isinstance(mapping, LazyTable):
        return mapping.documents()
    return {key: record_to_doc(kind, record) for key, record in mapping.items()}


def _document_diff(old: Dataset | None, new: Dataset) -> list[audit.ChangeDoc]:
    changes = []
    for kind in Kind:
        before_docs = {} if old is None else _documents(old, kind)
        after_docs = _documents(new, kind)
        for key in sorted(before_docs.keys() | after_docs.keys()):
            before, after = before_docs.get(key), after_docs.get(key)
            if before != after:
                changes.append(audit.ChangeDoc(kind, key, before, after))
    return changes


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
    packaged = Path(__file__).with_name("sample_db.json")
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "sample_db.json"


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
    """The in-memory twin of `Database` for tests: the same read/lock/write contract, no file.

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
    def locked(self) -> Iterator[None]:
        yield

    def write(self, dataset: Dataset, changes: Sequence[Change] = ()) -> None:
        self.payload = encode_dataset(dataset)
        self.writes += 1
        self.changes.extend(changes)
