"""What a write stored, said back whole: the one place every writer formats its echo on stderr.

A person who typed `1억2천` or `5.6` must see what pohang made of it before trusting it: values unrounded
with their unit (`1억 2,000만 원`, `100,002,000 원`), dates with their precision (`2024-H1 (half-year)`),
and for a change each changed field as old → new. Writers added later pass their records here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from enum import Enum
from typing import Any

from pohang_cli.dates import PartialDate, Precision
from pohang_cli.i18n import _, pgettext
from pohang_cli.models import (
    Assessment,
    Indicator,
    Milestone,
    MilestoneStatus,
    Observation,
    Sector,
    Target,
    TargetStatus,
)
from pohang_cli.quantities import format_exact

NOTHING = "—"

# Fields that are bookkeeping of a record, not what a person typed: never listed as changed.
_UNLISTED = frozenset(
    {"id", "revisions", "supersedes", "superseded_by", "original_due", "indicator", "sector", "target", "recorded"}
)
# Fields holding a number in the indicator's unit.
_VALUE_FIELDS = frozenset({"value", "baseline"})


def stored_value(value: float | None, unit: str | None, lang: str) -> str:
    """A value exactly as stored, with its unit: `1억 2,000만 원`, `100,002,000 원`, `KRW 5.6`."""
    return NOTHING if value is None else format_exact(value, unit, lang)


def precision_word(precision: Precision) -> str:
    """`year`, `half-year`, `quarter`, `month`, `day`, in the language of this run."""
    words = {
        Precision.YEAR: pgettext("precision", "year"),
        Precision.HALF: pgettext("precision", "half-year"),
        Precision.QUARTER: pgettext("precision", "quarter"),
        Precision.MONTH: pgettext("precision", "month"),
        Precision.DAY: pgettext("precision", "day"),
    }
    return words[precision]


def stored_date(when: PartialDate | None) -> str:
    """A date as stored, with its precision: `2024 (year)`, `2024-H1 (half-year)`, `2024-06-30 (day)`."""
    if when is None:
        return NOTHING
    return f"{when.iso()} ({precision_word(when.precision)})"


def describe(record: Any, unit: str | None, lang: str) -> str:
    """What a new record holds, in a few words: its value and date, its deadline, its baseline, its status."""
    if isinstance(record, Observation):
        text = _("{value} for {date}").format(
            value=stored_value(record.value, unit, lang), date=stored_date(record.date)
        )
        return text + (_(", provisional") if record.provisional else "") + _later(record)
    if isinstance(record, Target):
        return _("{value} by {deadline}").format(
            value=stored_value(record.value, unit, lang), deadline=stored_date(record.deadline)
        ) + _later(record)
    if isinstance(record, Indicator):
        return _("unit {unit}, baseline {baseline} at {date}").format(
            unit=record.unit,
            baseline=stored_value(record.baseline, record.unit, lang),
            date=stored_date(record.baseline_date),
        ) + _later(record)
    if isinstance(record, Assessment):
        return _("{status} on {date}, {count} source(s); basis: {basis}").format(
            status=_status_text(record.status, lang),
            date=stored_date(record.date),
            count=len(record.sources),
            basis=record.basis,
        )
    if isinstance(record, Milestone):
        parts = [_status_text(record.status, lang)]
        if record.due is not None:
            parts.append(_("due {due}").format(due=stored_date(record.due)))
        if record.date is not None:
            parts.append(_("dated {date}").format(date=stored_date(record.date)))
        return ", ".join(parts)
    if isinstance(record, Sector):
        return f"{record.name_ko} / {record.name_en}"
    return ""


# The fields of methodology §8 a new record says back when they hold more than their default: the echo of a
# record made without them reads as before.
_LATER_FIELDS = ("frequency", "lag_months", "owner", "adopted", "basis_en", "note_en")


def _later(record: Any) -> str:
    """`; frequency quarterly; owner 포항시 …`: the §8 fields of a new record that are set (not at a default)."""
    parts = []
    for name in _LATER_FIELDS:
        value = getattr(record, name, None)
        if value is None or (name == "frequency" and value == "annual") or (name == "lag_months" and value == 3):
            continue
        parts.append(f"{field_label(name)} {field_text(name, value, None, '')}")
    return "".join(f"; {part}" for part in parts)


def recorded(result: Any, lang: str) -> str:
    """What `record` stored: the value and date recorded, the value revised (old → new), or the fields changed."""
    observation, replaced = result.observation, result.replaced
    unit = None if result.indicator is None else result.indicator.unit
    if replaced is None:
        return _("recorded {id}: {stored}").format(id=observation.id, stored=describe(observation, unit, lang))
    changed = result.changed
    if not changed:
        return _("{id} already has these values; nothing changed").format(id=observation.id)
    if "value" in changed:
        note = _(
            "revised {id}: value {old} → {new} for {date}; the earlier value is kept as a revision "
            "(see `pohang history`)"
        ).format(
            id=observation.id,
            old=stored_value(replaced.value, unit, lang),
            new=stored_value(observation.value, unit, lang),
            date=stored_date(observation.date),
        )
        others = changes(replace(replaced, value=observation.value), observation, unit, lang)
        return note if not others else note + _("; also changed: {fields}").format(fields="; ".join(others))
    return _("updated {id}: {stored}; the other fields are kept").format(
        id=observation.id, stored=changed_text(replaced, observation, unit, lang)
    )


def stored_line(written: Any, lang: str) -> str:
    """One record a write (an import) stored: `added observation X: 1,200명 for 2024 (year)`, or its changes."""
    record, before = written.record, written.before
    kind = record_word(record)
    if before is None:
        return _("added {kind} {id}: {stored}").format(
            kind=kind, id=record.id, stored=describe(record, written.unit, lang)
        )
    return _("updated {kind} {id}: {stored}").format(
        kind=kind, id=record.id, stored=changed_text(before, record, written.unit, lang) or _("no field changed")
    )


def record_word(record: Any) -> str:
    """The kind of a record as a word of the language of this run: observation, target, indicator, ..."""
    if isinstance(record, Observation):
        return pgettext("record", "observation")
    if isinstance(record, Target):
        return pgettext("record", "target")
    if isinstance(record, Indicator):
        return pgettext("record", "indicator")
    if isinstance(record, Milestone):
        return pgettext("record", "milestone")
    if isinstance(record, Sector):
        return pgettext("record", "sector")
    if isinstance(record, Assessment):
        return pgettext("record", "assessment")
    return type(record).__name__.lower()


def changes(before: Any, after: Any, unit: str | None, lang: str) -> list[str]:
    """Each field a change altered, as `name old → new`, in the order of the record's fields."""
    listed = []
    for field in fields(after):
        name = field.name
        if name in _UNLISTED or name.startswith("_"):
            continue
        old, new = getattr(before, name, None), getattr(after, name)
        if old == new:
            continue
        field_unit = after.unit if name == "baseline" and isinstance(after, Indicator) else unit
        listed.append(
            _("{field} {old} → {new}").format(
                field=field_label(name),
                old=field_text(name, old, field_unit, lang),
                new=field_text(name, new, field_unit, lang),
            )
        )
    return listed


def changed_text(before: Any, after: Any, unit: str | None, lang: str) -> str:
    """`changes` as one clause: `value 1억 원 → 2억 원; source — → https://…`."""
    return "; ".join(changes(before, after, unit, lang))


def field_text(name: str, value: Any, unit: str | None, lang: str) -> str:
    """One field's value as the echo shows it."""
    if value is None or value in ("", ()):
        return NOTHING
    if name in _VALUE_FIELDS and isinstance(value, int | float):
        return stored_value(float(value), unit, lang)
    if isinstance(value, PartialDate):
        return stored_date(value)
    if isinstance(value, MilestoneStatus | TargetStatus):
        return _status_text(value, lang)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(item) for item in value)
    return str(value)


def _status_text(status: MilestoneStatus | TargetStatus, lang: str) -> str:
    from pohang_cli.render.labels import MILESTONE_STATUS, TARGET_STATUS

    labels: dict[Any, str] = MILESTONE_STATUS[lang] if isinstance(status, MilestoneStatus) else TARGET_STATUS[lang]
    return labels.get(status, status.value)


def field_label(name: str) -> str:
    """A field's name as a person reads it in the language of this run (the option that sets it, in English)."""
    labels = {
        "value": pgettext("field", "value"),
        "date": pgettext("field", "date"),
        "deadline": pgettext("field", "deadline"),
        "baseline": pgettext("field", "baseline"),
        "baseline_date": pgettext("field", "baseline_date"),
        "unit": pgettext("field", "unit"),
        "source": pgettext("field", "source"),
        "sources": pgettext("field", "sources"),
        "note": pgettext("field", "note"),
        "status": pgettext("field", "status"),
        "due": pgettext("field", "due"),
        "title": pgettext("field", "title"),
        "title_en": pgettext("field", "title_en"),
        "name_ko": pgettext("field", "name_ko"),
        "name_en": pgettext("field", "name_en"),
        "basis": pgettext("field", "basis"),
        "direction": pgettext("field", "direction"),
        "kind": pgettext("field", "kind"),
        "model": pgettext("field", "model"),
        "order": pgettext("field", "order"),
        "provisional": pgettext("field", "provisional"),
        "reported": pgettext("field", "reported"),
        "frequency": pgettext("field", "frequency"),
        "lag_months": pgettext("field", "lag_months"),
        "owner": pgettext("field", "owner"),
        "basis_en": pgettext("field", "basis_en"),
        "note_en": pgettext("field", "note_en"),
        "adopted": pgettext("field", "adopted"),
        "reason_en": pgettext("field", "reason_en"),
    }
    return labels.get(name, name)
