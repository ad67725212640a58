"""One use-case function per command, over the records of a database.

- reading.py: find records by name, judge the targets (status, history), list records;
- checking.py: what `pohang check` reports;
- as_of.py: the database as it stood on a past day (targets in force, values reported by then);
- writing.py, editing.py, removing.py: validate a change and apply it in one transaction
  (`from pohang_cli.service import writing`);
- transaction.py: the seam to storage those writers share; validate.py and questions.py: the checks they share.

Reading commands never import writing.py: its request types and checks cost a few milliseconds of
start-up that `pohang status` does not need. The reading API is re-exported here; `check`'s names are
loaded when first asked for, for the same reason.
"""

from typing import TYPE_CHECKING, Any

from pohang_cli.service.as_of import dataset_as_of
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
    normalize_text,
    observations_by_indicator,
    recent_observations,
    resolve_indicator,
    resolve_milestone,
    resolve_sector,
    resolve_sectors,
    resolve_target,
    status,
)

if TYPE_CHECKING:
    from pohang_cli.service.checking import CheckResult, Problem, check, is_reported_by_check

_CHECKING = frozenset({"CheckResult", "Problem", "check", "is_reported_by_check"})


def __getattr__(name: str) -> Any:
    if name in _CHECKING:
        from pohang_cli.service import checking

        return getattr(checking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
