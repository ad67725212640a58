"""The doctor's checks of the audit log's chain, and of the records against it: one small function per problem.

Each check takes what the chain found (`LogFacts`) and the documents with a valid id, and yields the problems
it finds; `LOG_CHECKS` lists them in the order they are listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pohang_cli.chain import Chain, replay
from pohang_cli.doctor.problem import Documents, Problem, label
from pohang_cli.i18n import _
from pohang_cli.models import Kind


@dataclass(frozen=True, slots=True)
class LogFacts:
    """The applied history, checked link by link, and what the doctor was asked to look for."""

    chain: Chain
    from_start: bool  # the log holds every change since the database was created
    noted_head: str | None  # `doctor --head HASH`


LogCheck = Callable[[LogFacts, Documents], Iterator[Problem]]


def changed_entries(facts: LogFacts, docs: Documents) -> Iterator[Problem]:
    """An entry whose content no longer gives the hash it was written with: it was edited."""
    for link in facts.chain.links:
        if link.changed:
            yield Problem(
                "log",
                f"#{link.entry.seq}",
                "log-entry-changed",
                _("entry #{seq} was changed after it was written: its content no longer gives its hash").format(
                    seq=link.entry.seq
                ),
            )


def broken_link(facts: LogFacts, docs: Documents) -> Iterator[Problem]:
    """The first entry that does not follow the hash of the entry before it: one was removed or replaced."""
    before = None
    for link in facts.chain.links:
        if link.broken:
            after = _("the entry before it (#{seq})").format(seq=before) if before else _("the start of the log")
            yield Problem(
                "log",
                f"#{link.entry.seq}",
                "log-broken-link",
                _(
                    "the chain breaks at entry #{seq}: it does not follow the hash of {after}; an entry was "
                    "removed, inserted or replaced"
                ).format(seq=link.entry.seq, after=after),
            )
            return
        before = link.entry.seq


def noted_head(facts: LogFacts, docs: Documents) -> Iterator[Problem]:
    """`--head HASH`: the chain no longer holds the entry of a hash noted earlier (the history was rewritten)."""
    wanted = facts.noted_head
    if wanted is not None and not facts.chain.holds(wanted):
        yield Problem(
            "log",
            wanted,
            "log-head-missing",
            _(
                "the log holds no entry of hash {hash}: the history was rewritten since that head was noted "
                "(its head is now {head})"
            ).format(hash=wanted, head=facts.chain.head or _("empty")),
        )


def unlogged_changes(facts: LogFacts, docs: Documents) -> Iterator[Problem]:
    """A record that differs from what the log's last change of it stored: changed with no entry."""
    state = replay([link.entry for link in facts.chain.links])
    for (kind_name, record_id), logged in state.items():
        kind = Kind(kind_name)
        current = docs[kind].get(record_id)
        if current == logged or (current is not None and logged is not None and _same(kind, current, logged)):
            continue
        if logged is None:
            sentence = _("the log says it was removed, but it is here: it was put back with no log entry")
        elif current is None:
            sentence = _("it was removed with no log entry (the log's last change of it left it in place)")
        else:
            sentence = _("it differs from what the log's last change of it stored: changed with no log entry")
        yield Problem(label(kind), str(record_id), "unlogged-change", sentence)
    if not facts.from_start:
        return
    for kind in Kind:
        for record_id in docs[kind]:
            if (kind.value, record_id) not in state:
                yield Problem(
                    label(kind),
                    str(record_id),
                    "unlogged-change",
                    _("no log entry added it, though the log holds every change since the database was created"),
                )


def _same(kind: Kind, current: dict[str, Any], logged: dict[str, Any]) -> bool:
    # A file stores documents packed (defaults left out) and a log keeps them whole: compare them whole.
    from pohang_cli.storage import unpack

    return bool(unpack(kind, current) == unpack(kind, logged))


LOG_CHECKS: tuple[LogCheck, ...] = (changed_entries, broken_link, noted_head, unlogged_changes)
"""Every check of the log and of the records against it, in the order their problems are listed."""
