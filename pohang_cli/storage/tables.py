"""Tables of records keyed by public id that convert a stored document only when it is looked at.

Also what both backends compute on whole datasets: the stored documents of a kind, and the changes
that turn one dataset into another (what `init --force` logs).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, ItemsView, Iterator, MutableMapping, ValuesView
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from pohang_cli.errors import (
    DatabaseCorruptError,
    PohangError,
)
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind, Observation
from pohang_cli.storage.documents import Document, date_rank, record_to_doc

if TYPE_CHECKING:
    from pohang_cli import audit

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
_ID = itemgetter("id")


class LazyTable(MutableMapping[K, V], Generic[K, V]):
    """A table of records keyed by public id that converts a stored document only on first access.

    It keeps the stored documents, so writing the database back never re-encodes records nobody touched.
    """

    def __init__(
        self,
        docs: dict[K, Document],
        from_doc: Callable[[Document], V],
        to_doc: Callable[[V], Document],
        whole: Callable[[Document], Document] | None = None,
    ) -> None:
        """
        Args:
            docs: the stored documents by public id.
            from_doc: a stored document's record.
            to_doc: a record's stored document.
            whole: a stored document with every field, where the backend stores them packed (the file).
        """
        self._docs: dict[K, Document] = docs
        self._records: dict[K, V] = {}
        # Whether the records' keys are the documents' keys in the same order. A write keeps it so (a new key
        # goes at the end of both, a deletion leaves both), a conversion on look-up does not.
        self._in_order = True
        self._from_doc = from_doc
        self._to_doc = to_doc
        self._whole = whole

    def __getitem__(self, key: K) -> V:
        record = self._records.get(key)
        if record is None:
            doc = self._docs[key]
            try:
                record = self._from_doc(doc)
            except (KeyError, TypeError, ValueError, AttributeError, PohangError) as exc:
                # A hand-edited file: report it as a damaged database (exit 4), never as bad input.
                raise DatabaseCorruptError(
                    _(
                        "the stored record {key!r} is malformed ({error}: {exc}); run `pohang doctor` to list every "
                        "problem"
                    ).format(key=key, error=type(exc).__name__, exc=exc)
                ) from None
            self._records[key] = record
            self._in_order = False
        return record

    def __setitem__(self, key: K, value: V) -> None:
        self._set(key, value, self._to_doc(value))

    def _set(self, key: K, value: V, doc: Document) -> None:
        if key not in self._records and len(self._records) != len(self._docs):
            self._in_order = False  # it goes after records that come later among the documents
        self._docs[key] = doc
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

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...

    def get(self, key: K, /, default: Any = None) -> Any:
        # Mapping's own `get` raises and catches a KeyError for every missing key: an import asks for each
        # of its 100,000 new observations several times.
        record = self._records.get(key)
        if record is not None:
            return record
        return self[key] if key in self._docs else default

    def values(self) -> ValuesView[V]:
        """The records in stored order; the first full pass converts every document in one loop."""
        return _LazyValues(self)

    def items(self) -> ItemsView[K, V]:
        """(id, record) pairs in stored order, converted like `values`."""
        return _LazyItems(self)

    def _convert_all(self) -> dict[K, V]:
        """Every record, keyed in the documents' order, so that iterating it is iterating the table."""
        # Looking each key up through __getitem__ costs as much again as converting the document, and a
        # generator over the documents' keys another tenth: status reads all 100,000 observations.
        records, docs = self._records, self._docs
        if self._in_order and len(records) == len(docs):
            return records
        from_doc = self._from_doc
        try:
            if not records:
                # Convert everything first, then key it: filling a dictionary while converting costs a third
                # more (100,000 observations: 170 ms against 128 ms).
                converted = list(map(from_doc, docs.values()))
            else:
                get = records.get
                converted = [get(key) or from_doc(doc) for key, doc in docs.items()]
        except Exception:
            for key in docs:  # a malformed document: __getitem__ says how that is reported
                self[key]
            raise
        records = self._records = dict(zip(docs, converted, strict=True))
        self._in_order = True
        return records

    def documents(self) -> dict[K, Document]:
        """The stored documents, including those of records set since loading."""
        return self._docs

    def whole_documents(self) -> dict[K, Document]:
        """The documents with every field, as another backend stores them and the audit log keeps them."""
        docs, whole = self.documents(), self._whole
        return docs if whole is None else {key: whole(doc) for key, doc in docs.items()}

    def whole_document(self, key: K) -> Document | None:
        """One document with every field; None when there is no record `key`."""
        doc = self.documents().get(key)
        return doc if doc is None or self._whole is None else self._whole(doc)

    def stored_document(self, key: K, record: V) -> Document | None:
        """The document stored for `key` if it holds exactly `record` (saves re-encoding it), else None."""
        return self._docs.get(key) if self._records.get(key) is record else None

    def put_document(self, key: K, doc: Document) -> None:
        """Store a document as it is (undo restores the exact bytes a record had)."""
        self._docs[key] = doc
        self._records.pop(key, None)


class FileTable(LazyTable[K, V]):
    """A table of the database file that keeps the TinyDB table it was read from (doc id -> document).

    Writing the file back then keeps every record under its doc id and gives new records new ones: the
    TinyDB table is the one read, with the records this command changed put in, instead of 100,000
    documents sorted and numbered again on every write (a `record` into 100,000 observations spent as
    long on that as orjson on encoding the whole file).
    """

    def __init__(
        self,
        tinydb_table: dict[str, Document],
        docs: dict[K, Document],
        from_doc: Callable[[Document], V],
        to_doc: Callable[[V], Document],
        whole: Callable[[Document], Document],
        packed: Callable[[Document], Document],
    ) -> None:
        """
        Args:
            tinydb_table: the TinyDB table read (doc id -> packed document).
            docs: its documents by public id.
            from_doc: a stored document's record.
            to_doc: a record's whole document, as the audit log keeps it.
            whole: a packed document with every field.
            packed: a whole document as the file stores it (`documents.pack`).
        """
        super().__init__(docs, from_doc, to_doc, whole)
        self._tinydb_table = tinydb_table
        self._packed = packed
        # The keys set, removed or restored since the read, each with whether the read held it.
        self._changed: dict[K, bool] = {}
        # The whole documents of the records set since the read: the log's (`set_document`).
        self._set_docs: dict[K, Document] = {}

    def _note(self, key: K) -> None:
        if key not in self._changed:
            self._changed[key] = key in self._docs

    def __setitem__(self, key: K, value: V) -> None:
        self._note(key)
        # One conversion serves the log and the file: an import sets 100,000 records.
        whole = self._set_docs[key] = self._to_doc(value)
        self._set(key, value, self._packed(whole))

    def __delitem__(self, key: K) -> None:
        self._note(key)
        self._set_docs.pop(key, None)
        super().__delitem__(key)

    def put_document(self, key: K, doc: Document) -> None:
        self._note(key)
        self._set_docs.pop(key, None)
        super().put_document(key, doc)

    def set_document(self, key: K, record: V) -> Document | None:
        """The whole document of `record` if it is the record set under `key` since the read, else None."""
        return self._set_docs.get(key) if self._records.get(key) is record else None

    def tinydb_table(self, int_ids: bool = False) -> dict[str, Document]:
        """The TinyDB table holding exactly this table's documents, the unchanged ones under their doc ids.

        Args:
            int_ids: the public ids are the documents' `id` as integers (milestones), not as stored.
        """
        table = dict(self._tinydb_table)
        if not self._changed:
            return table
        # The doc ids of the records read that changed: one pass over the table, needed only when a write
        # replaces or removes a record (a new observation or milestone needs none).
        doc_ids: dict[Any, str] = {}
        if any(self._changed.values()):
            ids: Iterator[Any] = map(_ID, table.values())
            doc_ids = dict(zip(map(int, ids) if int_ids else ids, table, strict=True))
        docs = self._docs
        next_id = len(table) + 1
        for key in self._changed:
            doc_id = doc_ids.get(key)
            doc = docs.get(key)
            if doc is None:
                if doc_id is not None:
                    del table[doc_id]
                continue
            if doc_id is None:
                while str(next_id) in table:
                    next_id += 1
                doc_id = str(next_id)
            table[doc_id] = doc
        return table


class ObservationFileTable(FileTable[str, Observation]):
    """The file's observations, which `status` can group and order by date before making any record."""

    def ranked_by_indicator(self) -> dict[str, list[tuple[int, str]]] | None:
        """For each indicator, its observations' (date rank, id) pairs, in stored order (`progress.Series`).

        One pass over the stored documents, reading three fields of each; None when a document lacks one,
        or holds what only its record can check (revisions, a report date): its conversion then says what
        is wrong, as it did when every record was made.
        """
        grouped: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        rank_of: dict[str, int] = {}  # a large database repeats a few thousand dates 100,000 times
        records, looked_at = self._records, []
        try:
            for key, doc in self._docs.items():
                record = records.get(key) if records else None
                if record is not None:
                    grouped[record.indicator].append((record.date.rank(), key))
                    continue
                text = doc["date"]
                rank = rank_of.get(text)
                if rank is None:
                    rank = rank_of[text] = date_rank(text)
                grouped[doc["indicator"]].append((rank, key))
                if "revisions" in doc or "reported" in doc or "value" not in doc:
                    looked_at.append(key)
            for key in looked_at:
                self[key]  # converted now: a malformed one raises here as it would anywhere
        except (KeyError, TypeError, ValueError, AttributeError, PohangError):
            return None
        return grouped


class _LazyValues(ValuesView[V]):
    _mapping: LazyTable[Any, V]

    def __iter__(self) -> Iterator[V]:
        return iter(self._mapping._convert_all().values())


class _LazyItems(ItemsView[K, V]):
    _mapping: LazyTable[K, V]

    def __iter__(self) -> Iterator[tuple[K, V]]:
        return iter(self._mapping._convert_all().items())


def documents_of(dataset: Dataset, kind: Kind) -> dict[Any, Document]:
    """The whole documents of a dataset's records of one kind, by id: as the log keeps them, and PostgreSQL."""
    mapping: MutableMapping[Any, Any] = getattr(dataset, kind.value)
    if isinstance(mapping, LazyTable):
        return mapping.whole_documents()  # a file's documents are packed
    return {key: record_to_doc(kind, record) for key, record in mapping.items()}


def document_diff(old: Dataset | None, new: Dataset) -> list[audit.ChangeDoc]:
    """What turns `old` (None: nothing) into `new`, as the log stores it: by kind, then by id."""
    from pohang_cli.audit import ChangeDoc

    changes = []
    for kind in Kind:
        before_docs = {} if old is None else documents_of(old, kind)
        after_docs = documents_of(new, kind)
        for key in sorted(before_docs.keys() | after_docs.keys()):
            before, after = before_docs.get(key), after_docs.get(key)
            if before != after:
                changes.append(ChangeDoc(kind, key, before, after))
    return changes


def keeping_milestone_ids(old: Dataset | None, new: Dataset) -> Dataset:
    """`new`, replacing `old`, with a next milestone id that never goes back (`init --force`).

    `undo` may bring the old records back, and a new milestone must not take an id they hold, nor one the
    log already gave another record.
    """
    if old is None:
        return new
    highest = max(new.next_milestone_id, old.next_milestone_id, max(old.milestones, default=0) + 1)
    return new if highest == new.next_milestone_id else dataclasses.replace(new, next_milestone_id=highest)
