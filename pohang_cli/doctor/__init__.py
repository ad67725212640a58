"""`pohang doctor`: every problem of a database file, each with the id of the record that has it.

It works on the raw documents, not on records: a hand-edited or synced file can hold what a record
cannot (a date in no known form, a value that is a string, two documents with one id), and the doctor must
list all of it where the other commands would stop at the first. A file that cannot be read at all (not
JSON, not a pohang database, too new) is not the doctor's: that stays an exit 4 of the read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pohang_cli.doctor.chain import LOG_CHECKS, LogFacts, noted_head
from pohang_cli.doctor.links import DATABASE_CHECKS
from pohang_cli.doctor.notes import notes
from pohang_cli.doctor.problem import KNOWN_TABLES, Diagnosis, Document, Problem, Tables
from pohang_cli.doctor.records import RECORD_CHECKS, record_problems, valid_documents
from pohang_cli.i18n import _
from pohang_cli.models import Kind

if TYPE_CHECKING:
    from datetime import date

    from pohang_cli.storage import Backend

__all__ = ["DATABASE_CHECKS", "LOG_CHECKS", "RECORD_CHECKS", "Diagnosis", "Problem", "diagnose", "examine", "notes"]


def diagnose(database: Backend, as_of: date | None = None, head: str | None = None) -> Diagnosis:
    """Read the database under no lock (writes are atomic) and check it, and its audit log, whole.

    With `as_of`, also list the notes of methodology §7 judged at that date (see `notes`). With `head`, a
    hash `pohang log` printed earlier, also check that the log's chain still holds it.

    Raises:
        DatabaseError: the file cannot be read as a pohang database at all (exit 4).
    """
    tables, version, log_head = database.read_tables()
    problems = list(examine(tables))
    problems.extend(log_problems(database, tables, log_head.from_start, head))
    gap = database.missing_log_entry()
    if gap is not None:
        seq, log_name = gap
        problems.append(
            Problem(
                "log",
                f"#{seq}",
                "log-incomplete",
                _(
                    "the audit log {log_path} has no entry for change #{seq}: `pohang log` stops there and "
                    "earlier changes cannot be undone (was the log deleted or not copied with the database?)"
                ).format(log_path=log_name, seq=seq),
            )
        )
    records = sum(len(table) for name, table in tables.items() if name != "_meta" and isinstance(table, Mapping))
    found = () if as_of is None else tuple(notes(tables, as_of))
    return Diagnosis(tuple(problems), records, version, found)


def examine(tables: Tables) -> Iterator[Problem]:
    """Every problem of the raw tables of a (migrated) database.

    The tables pohang does not know first, then the documents without a valid id, then the problems of
    each record (`records.RECORD_CHECKS`), then those across records (`links.DATABASE_CHECKS`).
    """
    yield from unknown_tables(tables)
    docs: dict[Kind, dict[Any, Document]] = {}
    for kind in Kind:
        docs[kind] = yield from valid_documents(kind, tables.get(kind.value) or {})
    for kind in Kind:
        yield from record_problems(kind, docs[kind])
    for check in DATABASE_CHECKS:
        yield from check(tables, docs)


def log_problems(database: Backend, tables: Tables, from_start: bool, head: str | None) -> Iterator[Problem]:
    """The problems of the log's chain, and of the records against the log (`chain.LOG_CHECKS`).

    A log that lacks entries is reported by `diagnose` as incomplete; its chain is not checked.
    """
    from pohang_cli import chain
    from pohang_cli.audit import take
    from pohang_cli.storage.log import stored_digest

    view = take(database.history())
    found = chain.check(reversed(view.entries), stored_digest)
    if not view.complete:
        if head is not None and not found.holds(head):
            yield from noted_head(LogFacts(found, False, head), {})
        return
    docs = {kind: _documents(kind, tables.get(kind.value) or {}) for kind in Kind}
    facts = LogFacts(found, from_start, head)
    for check in LOG_CHECKS:
        yield from check(facts, docs)


def _documents(kind: Kind, table: Mapping[str, Any]) -> dict[Any, Document]:
    # The documents with a valid id, without their problems again (`examine` lists those).
    checked = valid_documents(kind, table)
    while True:
        try:
            next(checked)
        except StopIteration as done:
            return dict(done.value)


def unknown_tables(tables: Tables) -> Iterator[Problem]:
    """A table that is not one of pohang's: the next write would drop it."""
    for name in sorted(tables):
        if name not in KNOWN_TABLES:
            yield Problem(
                "table",
                name,
                "unknown-table",
                _("table '{name}' is not one of pohang's; the next write would drop it").format(name=name),
            )
