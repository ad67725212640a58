"""The database file: TinyDB layout, locking, atomic writes, schema version, document <-> record conversion.

The file is a TinyDB JSON document (one object per table, documents keyed by TinyDB's doc id), so
`TinyDB(path, storage=AtomicJSONStorage)` opens it. pohang itself reads and writes the whole file once per
command through `Database`: TinyDB's `Table` wraps every document and re-parses the file on each insert,
which costs seconds at 100,000 records, and its doc ids are reused after a delete, so records carry their
own public `id` and doc ids never leave this package.

- documents.py: the document of each kind of record, packed as the file stores it, and the versions;
- tables.py: tables that convert a stored document only when it is looked at;
- files.py: the bytes of the file, written atomically with a backup;
- layout.py: the records of a database and the tables that store them, one converted into the other;
- database.py: locking, reading, logging and writing a database file, and migrating an older one;
- session.py: its write transaction (`FileSession`), the service's `Session` and audit's `UndoSession`;
- memory.py: the in-memory twin of a database file, for tests;
- sample.py: where the database lives by default, and the sample shipped in the wheel;
- log.py: the audit log beside the file (`<db>.log`), appended and walked.

storage imports the domain (models, audit's records of a change), never the other way round.
"""

from typing import TYPE_CHECKING, Any

from pohang_cli.storage.database import DEFAULT_LOCK_TIMEOUT_S, Database
from pohang_cli.storage.documents import (
    CODECS,
    RECORDS_VERSION,
    SCHEMA_VERSION,
    Document,
    pack,
    record_from_doc,
    record_to_doc,
    unpack,
)
from pohang_cli.storage.files import (
    AtomicJSONStorage,
    atomic_write_bytes,
    backup_path,
    decode_database,
    decode_json,
    encode_line,
    read_table_documents,
    restore_hint,
)
from pohang_cli.storage.layout import Snapshot, dataset_from_tables, empty_dataset, encode_dataset, tables_from_dataset
from pohang_cli.storage.sample import bundled_sample_path, default_database_path, install_sample, load_sample
from pohang_cli.storage.tables import LazyTable

if TYPE_CHECKING:
    from pohang_cli.storage.memory import MemoryDatabase
    from pohang_cli.storage.postgres import PostgresDatabase

    Backend = Database | PostgresDatabase
    """A database of either kind: a file, or PostgreSQL (`--db postgresql://...`)."""


def head_hash(database: "Backend") -> str | None:
    """The hash of the newest entry of a database's audit log (None: no history): what `pohang log` prints.

    The one way to read it, whichever the backend: a report and a site show it, and `pohang doctor --head`
    checks later that the log still holds it.
    """
    return database.head_hash()


def __getattr__(name: str) -> Any:
    # The in-memory twin serves tests; no command loads it.
    if name == "MemoryDatabase":
        from pohang_cli.storage.memory import MemoryDatabase

        return MemoryDatabase
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CODECS",
    "DEFAULT_LOCK_TIMEOUT_S",
    "RECORDS_VERSION",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "Database",
    "Document",
    "LazyTable",
    "MemoryDatabase",
    "Snapshot",
    "atomic_write_bytes",
    "backup_path",
    "bundled_sample_path",
    "dataset_from_tables",
    "decode_database",
    "decode_json",
    "default_database_path",
    "empty_dataset",
    "encode_dataset",
    "encode_line",
    "head_hash",
    "install_sample",
    "load_sample",
    "pack",
    "read_table_documents",
    "record_from_doc",
    "record_to_doc",
    "restore_hint",
    "tables_from_dataset",
    "unpack",
]
