"""The database as it stood on a past day (methodology §8.5): what `--as-of` and `--known-as-of` judge.

`--as-of D` judges the targets in force on D; `--known-as-of D` also uses only the values reported by D,
each observation at the vintage then current, as ALFRED does for revised statistics. A person's assessment
counts from its date. Nothing here prints or reads the clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pohang_cli.models import Assessment, Dataset
from pohang_cli.progress.known import as_known, targets_in_force

__all__ = ["assessment_at", "dataset_as_of"]


def dataset_as_of(data: Dataset, as_of: date, known_as_of: date | None = None) -> Dataset:
    """`data` as it stood: the targets in force on `as_of`, and with `known_as_of` only what was reported by then.

    Args:
        data: The whole database.
        as_of: The day the targets are judged at.
        known_as_of: When given, observations first reported after it are absent and revised ones show the
            value current on it; assessments made after it are absent.

    Returns:
        A dataset that shares every unchanged table with `data` (observations are copied only for
        `known_as_of`).
    """
    view = replace(data, targets=targets_in_force(data.targets, as_of))
    if known_as_of is None:
        return view
    observations = {}
    for key, observation in data.observations.items():
        known = as_known(observation, known_as_of)
        if known is not None:
            observations[key] = known
    assessments = {key: a for key, a in data.assessments.items() if a.date.end() <= known_as_of}
    return replace(view, observations=observations, assessments=assessments)


def assessment_at(data: Dataset, target_id: str, as_of: date) -> Assessment | None:
    """The person's assessment of a target made by `as_of` (§8.3), if any."""
    assessment = data.assessments.get(target_id)
    if assessment is None or assessment.date.end() > as_of:
        return None
    return assessment
