"""A person's assessment of a target (methodology §8.3): recorded beside the computed status, never replacing it.

One per target: assessing a target again replaces its assessment (the log keeps the earlier one, and
`pohang undo` brings it back). Removing one is `pohang remove assessment TARGET` (removing.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Assessment, Kind, TargetStatus
from pohang_cli.service.naming import resolve_target
from pohang_cli.service.transaction import Repository, Written, retried, transaction
from pohang_cli.service.validate import clean_text, refuse_future

# A source is a web address a reader can open: the evidence must be checkable, not a name of a document.
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class AssessmentRequest:
    """What `pohang assess` asks for, parsed: the status is one a person may give (statuses.py)."""

    target: str
    status: TargetStatus
    basis: str
    sources: Sequence[str]
    date: PartialDate | None = None  # None: today
    basis_en: str | None = None


def check_sources(sources: Sequence[str]) -> tuple[str, ...]:
    """The source URLs, cleaned; refuses none at all and anything that is not an http(s) address."""
    cleaned = tuple(text for text in (clean_text(source) for source in sources) if text is not None)
    if not cleaned:
        raise InputError(_("an assessment needs at least one source: add --source URL (repeat it for each document)"))
    for source in cleaned:
        if not _URL.fullmatch(source):
            raise InputError(
                _("'{source}' is not a web address; give each source as --source https://...").format(source=source)
            )
    return cleaned


@retried
def assess(repo: Repository, request: AssessmentRequest, today: date) -> Written[Assessment]:
    """Record (or replace) the person's assessment of a target; returns it and the one it replaced.

    Raises:
        InputError: an empty basis, no source or one that is not a URL, a date after today, an indicator
            with several current targets.
        NotFoundError: no such target.
    """
    basis = clean_text(request.basis)
    if basis is None:
        raise InputError(_("an assessment needs its basis: add --basis '...' (판단근거, in Korean)"))
    sources = check_sources(request.sources)
    when = request.date or PartialDate.of_day(today)
    refuse_future(when, today, _("the assessment date"))
    with transaction(repo) as tx:
        target = resolve_target(tx.dataset, request.target)
        before = tx.dataset.assessments.get(target.id)
        assessment = Assessment(target.id, request.status, basis, sources, when, clean_text(request.basis_en))
        if assessment == before:
            raise InputError(_("target '{id}' already has this assessment; nothing changed").format(id=target.id))
        tx.put(Kind.ASSESSMENTS, target.id, assessment)
    return Written(assessment, before)
