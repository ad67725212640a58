"""One use-case function per command, over the records of a database.

- reading.py: judge the targets (status, history), list records;
- naming.py: find records by the names people type;
- checking.py: what `pohang check` reports;
- as_of.py: the database as it stood on a past day (targets in force, values reported by then);
- writing.py, editing.py, removing.py: validate a change and apply it in one transaction
  (`from pohang_cli.service import writing`);
- transaction.py: the seam to storage those writers share; validate.py and questions.py: the checks they share.

Reading commands never import writing.py: its request types and checks cost a few milliseconds of
start-up that `pohang status` does not need. The reading API is re-exported here, each name loaded with
its module when first asked for: a writer that imports `pohang_cli.service.writing` runs this file too, and
loading reading.py here would load the progress maths no write uses.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pohang_cli.service.as_of import dataset_as_of
    from pohang_cli.service.checking import CheckResult, Problem, check, is_reported_by_check
    from pohang_cli.service.naming import (
        normalize_text,
        resolve_indicator,
        resolve_milestone,
        resolve_sector,
        resolve_sectors,
        resolve_target,
    )
    from pohang_cli.service.reading import (
        SPARKLINE_POINTS,
        IndicatorHistory,
        MilestoneFilter,
        SectorStatus,
        StatusReport,
        filter_status,
        history,
        list_indicators,
        list_milestones,
        list_sectors,
        list_targets,
        observations_by_indicator,
        recent_observations,
        status,
    )

_HOMES = {
    "as_of": ("dataset_as_of",),
    "checking": ("CheckResult", "Problem", "check", "is_reported_by_check"),
    "naming": (
        "normalize_text",
        "resolve_indicator",
        "resolve_milestone",
        "resolve_sector",
        "resolve_sectors",
        "resolve_target",
    ),
    "reading": (
        "SPARKLINE_POINTS",
        "IndicatorHistory",
        "MilestoneFilter",
        "SectorStatus",
        "StatusReport",
        "filter_status",
        "history",
        "list_indicators",
        "list_milestones",
        "list_sectors",
        "list_targets",
        "observations_by_indicator",
        "recent_observations",
        "status",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "SPARKLINE_POINTS",
    "CheckResult",
    "IndicatorHistory",
    "MilestoneFilter",
    "Problem",
    "SectorStatus",
    "StatusReport",
    "check",
    "dataset_as_of",
    "filter_status",
    "history",
    "is_reported_by_check",
    "list_indicators",
    "list_milestones",
    "list_sectors",
    "list_targets",
    "normalize_text",
    "observations_by_indicator",
    "recent_observations",
    "resolve_indicator",
    "resolve_milestone",
    "resolve_sector",
    "resolve_sectors",
    "resolve_target",
    "status",
]
