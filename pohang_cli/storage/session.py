"""The write transaction of a database file: the whole file read under the lock, and written back whole."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pohang_cli.errors import DatabaseError
from pohang_cli.i18n import _
from pohang_cli.models import Change, Dataset, Kind, Observation
from pohang_cli.storage.documents import Document, pack, record_to_doc
from pohang_cli.storage.layout import Snapshot, observations_of
from pohang_cli.storage.tables import FileTable, LazyTable

if TYPE_CHECKING:
    from pohang_cli import audit


class WrittenFile(Protocol):
    """What a session needs of its database file (`database.Database`), which opens it."""

    @property
    def name(self) -> str: ...
    @property
    def log_name(self) -> str: ...
    @property
    def log_path(self) -> Path: ...
    @property
    def last_entry(self) -> audit.LogEntry | None: ...
    def write(self, dataset: Dataset, changes: Sequence[Change] = (), *, undoes: int | None = None) -> None: ...
    def write_documents(
        self, dataset: Dataset, changes: Sequence[audit.ChangeDoc], *, undoes: int | None = None
    ) -> None: ...


class FileSession:
    """A write transaction of a database file: the whole file read under the lock, and written back whole.

    Implements the service's `Session` and audit's `UndoSession`.
    """

    def __init__(self, database: WrittenFile, snapshot: Snapshot) -> None:
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
        return observations_of(self.dataset, indicator)

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


def change_docs(dataset: Dataset, changes: Sequence[Change]) -> list[audit.ChangeDoc]:
    """The changes as whole documents for the audit log (the file stores them packed)."""
    from pohang_cli.audit import ChangeDoc

    tables = {kind: getattr(dataset, kind.value) for kind in Kind}

    def after(change: Change) -> Document | None:
        if change.after is None:
            return None
        # The document the table made when the record was set, if it still holds that record.
        table = tables[change.kind]
        doc = table.set_document(change.id, change.after) if isinstance(table, FileTable) else None
        return record_to_doc(change.kind, change.after) if doc is None else doc

    return [
        ChangeDoc(
            change.kind,
            change.id,
            None if change.before is None else record_to_doc(change.kind, change.before),
            after(change),
        )
        for change in changes
    ]
