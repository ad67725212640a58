"""The in-memory twin of the database file, for tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import orjson

from pohang_cli.models import Change, Dataset, Kind, Observation
from pohang_cli.storage.layout import dataset_from_tables, empty_dataset, encode_dataset, observations_of


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
        return observations_of(self.dataset, indicator)

    def write(self, changes: Sequence[Change]) -> None:
        self.database.payload = encode_dataset(self.dataset)
        self.database.writes += 1
        self.database.changes.extend(changes)
