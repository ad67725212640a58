"""Result objects as rows of the machine formats: fixed English keys, raw numbers, ISO dates.

These rows are the contract of `--format tsv|csv|json|jsonl|md` (docs: Machine output); the key order of
each row builder is the column order. They never depend on the language or the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pohang_cli.dates import PartialDate
from pohang_cli.models import Dataset, Flag, Indicator, Observation, Sector, Target, TargetRevision
from pohang_cli.progress import Judgement, MilestoneJudgement, WatchedJudgement

if TYPE_CHECKING:
    from pohang_cli.service import CheckResult, IndicatorHistory, StatusReport

Row = dict[str, Any]

STATUS_FIELDS = (
    "sector", "indicator", "target_id", "name_ko", "name_en", "unit", "direction", "kind", "model", "basis",
    "baseline", "baseline_date", "actual", "actual_date", "target", "deadline", "progress_pct",
    "time_elapsed_pct", "required_per_year", "observed_per_year", "needed_per_year", "pace_ratio",
    "acceleration", "projected_value", "projected_reach", "status", "flags", "data_age_months",
    "as_of_elapsed_pct", "previous", "previous_date", "change_pct", "change_per_year",
    # Methodology §8.
    "indication", "level_pct", "next_expected", "change_points", "change_points_per_year", "assessed_status",
    "assessed_basis", "assessed_basis_en", "assessed_sources", "assessed_on", "revised_on", "revision_reason",
    "revision_reason_en",
    # `target` for a target's row, `watched` for an indicator without one (its `kind` stays the indicator's).
    "row_type",
)  # fmt: skip
MILESTONE_FIELDS = (
    "id", "sector", "title", "title_en", "status", "date", "due", "original_due", "overdue", "days_overdue",
    "due_soon", "late", "slip_days", "source", "note",
)  # fmt: skip
SECTOR_FIELDS = ("id", "name_ko", "name_en", "indicators", "targets", "milestones", "source")
INDICATOR_FIELDS = (
    "id", "sector", "name_ko", "name_en", "unit", "direction", "kind", "model", "basis", "baseline",
    "baseline_date", "source", "note", "frequency", "lag_months", "owner", "basis_en", "note_en",
)  # fmt: skip
TARGET_FIELDS = (
    "id", "indicator", "sector", "name_ko", "name_en", "unit", "value", "deadline", "state", "superseded_by",
    "supersedes", "revised_on", "reason", "source", "note", "reason_en", "note_en", "adopted",
)  # fmt: skip
HISTORY_FIELDS = (
    "indicator", "kind", "id", "date", "value", "provisional", "source", "note", "reported", "note_en", "recorded",
    "status", "sources",
)  # fmt: skip
CHECK_FIELDS = (
    "kind", "id", "sector", "name_ko", "name_en", "status", "days_overdue", "flags", "indication", "owner",
    "next_expected",
)  # fmt: skip


def number(value: float | None, digits: int | None = None) -> float | int | None:
    """A raw number for machine output: integral values as integers, derived figures rounded to `digits`."""
    if value is None:
        return None
    value = float(value)
    if digits is not None:
        value = round(value, digits)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def status_row(a: Judgement) -> Row:
    i, t = a.indicator, a.target
    return {
        "sector": i.sector,
        "indicator": i.id,
        "target_id": t.id,
        "name_ko": i.name_ko,
        "name_en": i.name_en,
        "unit": i.unit,
        "direction": i.direction.value,
        "kind": i.kind.value,
        "model": a.model.value,
        "basis": i.basis,
        "baseline": number(i.baseline),
        "baseline_date": iso(i.baseline_date),
        "actual": number(a.actual),
        "actual_date": iso(a.actual_date),
        "target": number(t.value),
        "deadline": t.deadline.iso(),
        "progress_pct": number(a.progress_pct, 4),
        "time_elapsed_pct": number(a.time_elapsed_pct, 4),
        "required_per_year": number(a.required_per_year, 6),
        "observed_per_year": number(a.observed_per_year, 6),
        "needed_per_year": number(a.needed_per_year, 6),
        "pace_ratio": number(a.pace_ratio, 4),
        "acceleration": number(a.acceleration, 4),
        "projected_value": number(a.projected_value, 6),
        "projected_reach": iso(a.projected_reach),
        "status": a.status.value,
        "flags": [f.value for f in a.flags],
        "data_age_months": a.data_age_months,
        "as_of_elapsed_pct": number(a.as_of_elapsed_pct, 4),
        "previous": None,
        "previous_date": None,
        "change_pct": None,
        "change_per_year": None,
        **_verdict_fields(a),
        "row_type": "target",
    }


def _verdict_fields(a: Judgement) -> Row:
    """The fields of methodology §8 in a target's row: indication, level, next figure, assessment, revision."""
    assessment, revisions = a.assessment, a.target.revisions
    latest = revisions[-1] if revisions and Flag.REVISED in a.flags else None
    return {
        "indication": None if a.indication is None else a.indication.value,
        "level_pct": number(a.level_pct, 4),
        "next_expected": iso(a.next_expected),
        "change_points": None,
        "change_points_per_year": None,
        "assessed_status": None if assessment is None else assessment.status.value,
        "assessed_basis": None if assessment is None else assessment.basis,
        "assessed_basis_en": None if assessment is None else assessment.basis_en,
        "assessed_sources": [] if assessment is None else list(assessment.sources),
        "assessed_on": None if assessment is None else assessment.date.iso(),
        "revised_on": None if latest is None else iso(latest.date),
        "revision_reason": None if latest is None else latest.reason,
        "revision_reason_en": None if latest is None else latest.reason_en,
    }


def watched_row(w: WatchedJudgement) -> Row:
    """A watched indicator's row (status `no_target`): the target and pace fields are empty (methodology §7)."""
    i = w.indicator
    return {
        "sector": i.sector,
        "indicator": i.id,
        "target_id": None,
        "name_ko": i.name_ko,
        "name_en": i.name_en,
        "unit": i.unit,
        "direction": i.direction.value,
        "kind": i.kind.value,
        "model": i.model.value,
        "basis": i.basis,
        "baseline": number(i.baseline),
        "baseline_date": iso(i.baseline_date),
        "actual": number(w.actual),
        "actual_date": iso(w.actual_date),
        "target": None,
        "deadline": None,
        "progress_pct": None,
        "time_elapsed_pct": None,
        "required_per_year": None,
        "observed_per_year": None,
        "needed_per_year": None,
        "pace_ratio": None,
        "acceleration": None,
        "projected_value": None,
        "projected_reach": None,
        "status": w.status.value,
        "flags": [f.value for f in w.flags],
        "data_age_months": w.data_age_months,
        "as_of_elapsed_pct": None,
        "previous": number(w.previous),
        "previous_date": iso(w.previous_date),
        "change_pct": number(w.change_pct, 4),
        "change_per_year": number(w.change_per_year, 6),
        "indication": None,
        "level_pct": None,
        "next_expected": iso(w.next_expected),
        "change_points": number(w.change_points, 6),
        "change_points_per_year": number(w.change_points_per_year, 6),
        "assessed_status": None,
        "assessed_basis": None,
        "assessed_basis_en": None,
        "assessed_sources": [],
        "assessed_on": None,
        "revised_on": None,
        "revision_reason": None,
        "revision_reason_en": None,
        "row_type": "watched",
    }


def status_rows(report: StatusReport) -> Iterator[Row]:
    """Each sector's target rows, then its watched indicators' rows."""
    for block in report.sectors:
        yield from (status_row(a) for a in block.judgements)
        yield from (watched_row(w) for w in block.watched)


def milestone_row(j: MilestoneJudgement) -> Row:
    m = j.milestone
    # Spelled out rather than through iso() and .value (an enum property): `milestones` makes 10,000 rows,
    # and those calls were a third of the cost of each.
    done, due, original_due = m.date, m.due, m.original_due
    return {
        "id": m.id,
        "sector": m.sector,
        "title": m.title,
        "title_en": m.title_en,
        "status": str(m.status),  # a StrEnum's str() is its value
        "date": None if done is None else done.iso(),
        "due": None if due is None else due.iso(),
        "original_due": None if original_due is None else original_due.iso(),
        "overdue": j.overdue,
        "days_overdue": j.days_overdue,
        "due_soon": j.due_soon,
        "late": j.late,
        "slip_days": j.slip_days,
        "source": m.source,
        "note": m.note,
    }


def milestone_rows(judged: Iterable[MilestoneJudgement]) -> Iterator[Row]:
    return (milestone_row(j) for j in judged)


def sector_rows(sectors: Iterable[Sector], data: Dataset) -> Iterator[Row]:
    indicators: dict[str, int] = {}
    sector_of: dict[str, str] = {}
    for indicator in data.indicators.values():
        indicators[indicator.sector] = indicators.get(indicator.sector, 0) + 1
        sector_of[indicator.id] = indicator.sector
    targets: dict[str, int] = {}
    for target in data.targets.values():
        if target.is_current and target.indicator in sector_of:
            sector = sector_of[target.indicator]
            targets[sector] = targets.get(sector, 0) + 1
    milestones: dict[str, int] = {}
    for milestone in data.milestones.values():
        milestones[milestone.sector] = milestones.get(milestone.sector, 0) + 1
    for s in sectors:
        yield {
            "id": s.id,
            "name_ko": s.name_ko,
            "name_en": s.name_en,
            "indicators": indicators.get(s.id, 0),
            "targets": targets.get(s.id, 0),
            "milestones": milestones.get(s.id, 0),
            "source": s.source,
        }


def indicator_row(i: Indicator) -> Row:
    return {
        "id": i.id,
        "sector": i.sector,
        "name_ko": i.name_ko,
        "name_en": i.name_en,
        "unit": i.unit,
        "direction": i.direction.value,
        "kind": i.kind.value,
        "model": i.model.value,
        "basis": i.basis,
        "baseline": number(i.baseline),
        "baseline_date": iso(i.baseline_date),
        "source": i.source,
        "note": i.note,
        "frequency": i.frequency.value,
        "lag_months": i.lag_months,
        "owner": i.owner,
        "basis_en": i.basis_en,
        "note_en": i.note_en,
    }


def target_rows(targets: Iterable[Target], data: Dataset, *, history: bool) -> Iterator[Row]:
    for t in targets:
        indicator = data.indicators.get(t.indicator)
        common = {
            "id": t.id,
            "indicator": t.indicator,
            "sector": indicator.sector if indicator else None,
            "name_ko": indicator.name_ko if indicator else None,
            "name_en": indicator.name_en if indicator else None,
            "unit": indicator.unit if indicator else None,
        }
        # Each row carries the revision that made it (§8.5): a version's reason and date stand on that
        # version, not on the one it replaced; the first version has none.
        if history:
            for index, revision in enumerate(t.revisions):
                if t.supersedes is not None and revision.deadline.year != t.deadline.year:
                    continue  # shown as the superseded target's own row
                yield {
                    **common,
                    "value": number(revision.value),
                    "deadline": revision.deadline.iso(),
                    "state": "earlier",
                    "superseded_by": None,
                    "supersedes": None,
                    **_made_by(t.revisions[index - 1] if index else None),
                    "source": revision.source,
                    "note": revision.note,
                    "note_en": revision.note_en,
                    "adopted": None,
                }
        yield {
            **common,
            "value": number(t.value),
            "deadline": t.deadline.iso(),
            "state": "current" if t.is_current else "superseded",
            "superseded_by": t.superseded_by,
            "supersedes": t.supersedes,
            **_made_by(t.revisions[-1] if t.revisions else None),
            "source": t.source,
            "note": t.note,
            "note_en": t.note_en,
            "adopted": iso(t.adopted),
        }


def _made_by(revision: TargetRevision | None) -> Row:
    """The date and reason of the revision that made a version of a target, for its row."""
    if revision is None:
        return {"revised_on": None, "reason": None, "reason_en": None}
    return {"revised_on": iso(revision.date), "reason": revision.reason, "reason_en": revision.reason_en}


def history_rows(h: IndicatorHistory) -> Iterator[Row]:
    i = h.indicator
    if i.baseline is not None:
        yield _history_row(i, "baseline", i.id, i.baseline_date, i.baseline, False, i.source, i.note, note_en=i.note_en)
    for o in h.observations:
        yield from history_rows_of_observation(i, o)
    for t in h.targets:
        kind = "target" if t.is_current else "superseded_target"
        yield _history_row(i, kind, t.id, t.deadline, t.value, False, t.source, t.note, note_en=t.note_en)
    for a in h.judgements:
        # A person's assessment of a target (§8.3): its status and basis, dated the day it was made.
        if a.assessment is not None:
            row = _history_row(i, "assessment", a.target.id, a.assessment.date, None, False, None, a.assessment.basis)
            row.update(note_en=a.assessment.basis_en, status=a.assessment.status.value)
            row["sources"] = list(a.assessment.sources)
            yield row
    for a in h.judgements:
        if a.projected_value is not None:
            yield _history_row(
                i,
                "projection",
                a.target.id,
                a.target.deadline,
                a.projected_value,
                False,
                None,
                f"{a.model.value} projection at the deadline",
            )


def _observation_history_row(i: Indicator, o: Observation) -> Row:
    return _history_row(
        i, "observation", o.id, o.date, o.value, o.provisional, o.source, o.note, o.reported, o.note_en, o.recorded
    )


def history_rows_of_observation(i: Indicator, o: Observation) -> Iterator[Row]:
    """An observation's earlier values (kind `revision`, oldest first), then its current value."""
    for r in o.revisions:
        yield _history_row(
            i, "revision", o.id, o.date, r.value, r.provisional, r.source, r.note, r.reported, r.note_en, r.recorded
        )
    yield _observation_history_row(i, o)


def _history_row(
    i: Indicator, kind: str, record_id: str, when: PartialDate | None, value: float | None, provisional: bool,
    source: str | None, note: str | None, reported: PartialDate | None = None, note_en: str | None = None,
    recorded: PartialDate | None = None,
) -> Row:  # fmt: skip
    return {
        "indicator": i.id,
        "kind": kind,
        "id": record_id,
        "date": iso(when),
        "value": number(value, 6 if kind == "projection" else None),
        "provisional": provisional,
        "source": source,
        "note": note,
        "reported": iso(reported),
        "note_en": note_en,
        "recorded": iso(recorded),
        "status": None,
        "sources": [],
    }


def check_rows(result: CheckResult) -> Iterator[Row]:
    for p in result.problems:
        a = p.judgement
        yield {
            "kind": p.kind,
            "id": p.id,
            "sector": p.sector,
            "name_ko": p.name_ko,
            "name_en": p.name_en,
            "status": p.status,
            "days_overdue": p.days_overdue,
            "flags": [] if a is None else [f.value for f in a.flags],
            "indication": None if a is None or a.indication is None else a.indication.value,
            # Who owes the next figure (§8.2), and from when it is late.
            "owner": None if a is None else a.indicator.owner,
            "next_expected": None if a is None else iso(a.next_expected),
        }
