"""The seam between the writing use cases and storage: one write transaction, retried on a conflict.

A writer opens one transaction, asks the session for the records it validates against (one by id, or a
small kind whole), stages its changes on them, and hands the changes over once at the end; an exception
hands over nothing. What a backend reads and writes for that is its own business: the file reads and
rewrites itself whole, PostgreSQL touches the rows named.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pohang_cli.errors import TransactionConflictError
from pohang_cli.models import Change, Dataset, Kind, Observation, Record
from pohang_cli.values import FrozenValue

if TYPE_CHECKING:
    from pohang_cli.service.questions import Question


class Session(Protocol):
    """One write transaction of a database: the records a write validates against, and where it hands its changes.

    `dataset` holds the records as the transaction sees them. A backend may read its tables on demand:
    `key in table`, `table[key]` and `table.get(key)` read one record, iterating a table reads that kind
    whole. Iterate the small kinds (sectors, indicators, targets) freely; call `load` before iterating
    observations or milestones, which hold 100,000 records in a large database. Records put into the
    tables are seen by the rest of the transaction, and written only by `write`.
    """

    @property
    def dataset(self) -> Dataset: ...

    def load(self, *kinds: Kind) -> None:
        """Read these kinds whole now, in one go each (a bulk import checks against everything)."""
        ...

    def observations_of(self, indicator: str) -> list[Observation]:
        """The observations of one indicator, as this transaction sees them (staged ones included).

        What a write needs to judge a value beside the indicator's others, without reading every
        observation of the database.
        """
        ...

    def new_milestone_id(self) -> int:
        """The id of a new milestone: never given before, never given again, even if this write fails."""
        ...

    def reserve_milestone_ids(self, next_id: int) -> None:
        """Let new milestones get `next_id` or more (an import brings milestones with ids of their own)."""
        ...

    def write(self, changes: Sequence[Change]) -> None:
        """Store these changes, staged on `dataset`, and log them as one entry; the transaction then ends."""
        ...


class Repository(Protocol):
    """What the service needs of a database: read it whole (reading commands), or open one write transaction."""

    def read(self) -> Dataset: ...

    def transaction(self) -> AbstractContextManager[Session]:
        """A write transaction: held exclusively where the backend must (the file's lock), ended on exit."""
        ...


class Transaction:
    """The records of one write transaction, and the changes staged on them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dataset = session.dataset
        self.changes: list[Change] = []

    def put(self, kind: Kind, key: str | int, record: Record) -> None:
        """Stage a new or changed record (a record equal to the stored one is no change)."""
        table: Any = getattr(self.dataset, kind.value)
        before = table.get(key)
        # `is not None` first: `None == record` would ask the record's own __eq__, once a new record.
        if before is not None and before == record:
            return
        table[key] = record
        self.changes.append(Change(kind, key, before, record))

    def remove(self, kind: Kind, key: str | int) -> None:
        """Stage the removal of a record (removing a missing one is no change)."""
        table: Any = getattr(self.dataset, kind.value)
        before = table.get(key)
        if before is None:
            return
        del table[key]
        self.changes.append(Change(kind, key, before, None))


# How often a write that collided with another session's is run again before it is reported as busy.
CONFLICT_RETRIES = 5

UseCase = TypeVar("UseCase", bound=Callable[..., Any])


def retried(use_case: UseCase) -> UseCase:
    """Run a writing use case again, whole, when the backend reports a conflicting concurrent write.

    Every writing use case carries it: a use case reads what it validates against inside its own
    transaction, so running it again validates against what the other session wrote. At most
    CONFLICT_RETRIES more times; then the conflict is reported (exit 4, "busy") and nothing was written.
    """

    @functools.wraps(use_case)
    def run(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, CONFLICT_RETRIES + 2):
            try:
                return use_case(*args, **kwargs)
            except TransactionConflictError:
                if attempt > CONFLICT_RETRIES:
                    raise
                import random
                import time

                time.sleep(0.01 * 2 ** (attempt - 1) * (1 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    return run  # type: ignore[return-value]


@contextmanager
def transaction(repo: Repository) -> Iterator[Transaction]:
    """Open a write transaction, let the caller stage changes, then hand them over once; an exception writes nothing."""
    with repo.transaction() as session:
        tx = Transaction(session)
        yield tx
        if tx.changes:
            session.write(tx.changes)


Stored = TypeVar("Stored")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Written(FrozenValue, Generic[Stored]):
    """What a write stored, for the CLI to say back: the record, the one it changed, and what was accepted.

    `unit` is the unit of the record's values (its indicator's); `accepted` the questioned inputs that
    `--force` let through (service/questions.py), each to be named on stderr.
    """

    record: Stored
    before: Stored | None = None
    unit: str | None = None
    accepted: tuple[Question, ...] = ()
    repeated: bool = False  # a retried request that was already stored: nothing written this time
