"""The milestone use cases: add one under an id that is never reused (once per request key), or change its fields.

They share the transaction seam and the checks of validate.py with the other writers (writing.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Kind, Milestone, MilestoneStatus
from pohang_cli.service import questions
from pohang_cli.service.naming import resolve_milestone, resolve_sector
from pohang_cli.service.transaction import Repository, Transaction, Written, retried, transaction
from pohang_cli.service.validate import clean_text, refuse_done_in_future


@dataclass(frozen=True, slots=True)
class MilestoneFields:
    """Fields of a milestone given on the command line; None means "not given"."""

    title: str | None = None
    title_en: str | None = None
    status: MilestoneStatus | None = None
    date: PartialDate | None = None
    due: PartialDate | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@retried
def add_milestone(
    repo: Repository,
    sector_name: str,
    fields: MilestoneFields,
    today: date | None = None,
    request_key: str | None = None,
) -> Written[Milestone]:
    """Create a milestone; its id is the next integer, never reused.

    With `request_key`, the write is made once however often it is retried (after exit 5, "outcome
    unknown"): a second request with the same key gives back the milestone the first one added.

    Raises:
        InputError: an empty title, an unknown sector, or a milestone done on a future date.
    """
    title = clean_text(fields.title)
    if title is None:
        raise InputError(_("the milestone title is empty: give one, e.g. '수소 특화단지 지정'"))
    if request_key is None:
        return _add_milestone(repo, sector_name, fields, title, today)
    from pohang_cli import audit

    entry_id = audit.request_entry_id("add-milestone", request_key)
    token = audit.requested_entry.set(entry_id)
    try:
        return _add_milestone(repo, sector_name, fields, title, today, entry_id, request_key)
    finally:
        audit.requested_entry.reset(token)


def _add_milestone(
    repo: Repository,
    sector_name: str,
    fields: MilestoneFields,
    title: str,
    today: date | None,
    entry_id: str | None = None,
    request_key: str | None = None,
) -> Written[Milestone]:
    with transaction(repo) as tx:
        if entry_id is not None:
            earlier = _requested_milestone(tx, entry_id, request_key or "")
            if earlier is not None:
                return Written(earlier, repeated=True)
        sector = resolve_sector(tx.dataset, sector_name)
        new_id = tx.session.new_milestone_id()
        milestone = Milestone(
            id=new_id,
            sector=sector.id,
            title=title,
            status=fields.status or MilestoneStatus.PLANNED,
            title_en=clean_text(fields.title_en),
            date=fields.date,
            due=fields.due,
            source=clean_text(fields.source),
            note=clean_text(fields.note),
            note_en=clean_text(fields.note_en),
        )
        refuse_done_in_future(milestone, today)
        tx.put(Kind.MILESTONES, new_id, milestone)
    return Written(milestone)


def _requested_milestone(tx: Transaction, entry_id: str, request_key: str) -> Milestone | None:
    """The milestone the logged request `entry_id` added, if that request was logged."""
    from pohang_cli import audit

    entry = audit.logged_entry(tx.session, entry_id)  # type: ignore[arg-type]  # both sessions keep a history
    if entry is None:
        return None
    for change in entry.changes:
        if change.kind is Kind.MILESTONES and change.after is not None:
            milestone: Milestone | None = tx.dataset.milestones.get(int(change.id))
            if milestone is None:
                raise InputError(
                    _(
                        "request {key} added milestone {id} (change #{seq}), which has since been removed; nothing "
                        "was added — use another --request-key to add it again"
                    ).format(key=request_key, id=change.id, seq=entry.seq)
                )
            return milestone
    return None


@retried
def update_milestone(
    repo: Repository, milestone_id: int, fields: MilestoneFields, today: date | None = None, *, force: bool = False
) -> Written[Milestone]:
    """Change the given fields of a milestone; a changed due date keeps the original one.

    Raises:
        InputError: nothing given, an empty title, no change, or a milestone done on a future date.
        QuestionedInput: a due date moved into the past of a milestone still open, unless `force`.
    """
    given = {name: getattr(fields, name) for name in MilestoneFields.__dataclass_fields__}
    if all(v is None for v in given.values()):
        raise InputError(
            _("nothing to update: give --status, --date, --due, --title, --title-en, --source, --note or --note-en")
        )
    if fields.title is not None and clean_text(fields.title) is None:
        raise InputError(_("the milestone title cannot be empty"))
    with transaction(repo) as tx:
        milestone = resolve_milestone(tx.dataset, milestone_id)
        changes: dict[str, Any] = {}
        for name in ("title", "title_en", "source", "note", "note_en"):
            if given[name] is not None:
                changes[name] = clean_text(given[name])
        for name in ("status", "date", "due"):
            if given[name] is not None:
                changes[name] = given[name]
        if fields.due is not None and milestone.due is not None and fields.due != milestone.due:
            changes["original_due"] = milestone.original_due or milestone.due
        updated = replace(milestone, **changes)
        if updated == milestone:
            raise InputError(
                _("milestone {milestone_id} already has these values; nothing changed").format(
                    milestone_id=milestone_id
                )
            )
        refuse_done_in_future(updated, today)
        accepted = questions.ask([questions.due_moved_into_past(milestone, updated, today)], force)
        tx.put(Kind.MILESTONES, milestone_id, updated)
    return Written(updated, milestone, accepted=accepted)
