"""Progress of targets and milestones: the pure maths of docs/progress-methodology.md.

Nothing here reads the clock, the environment or the database: `as_of` is an argument. Figures are raw
floats (renderers round them); a figure that is not defined for a row is None, shown as "—".

The parts: figures.py (§3), scan.py (which observations count), flags.py (flags and staleness),
ladder.py (the status ladder of §4), watched.py (indicators without a target, §7), milestones.py (§6) and
rollup.py (a sector's counts).
"""

from __future__ import annotations

from pohang_cli.progress.flags import STALE_AFTER_MONTHS
from pohang_cli.progress.ladder import Judgement, Rule, is_at_or_below, judge_target
from pohang_cli.progress.milestones import MilestoneJudgement, judge_milestone
from pohang_cli.progress.rollup import SectorRollup, rollup_sector, rollup_sector_at
from pohang_cli.progress.watched import WatchedJudgement, judge_watched

__all__ = [
    "STALE_AFTER_MONTHS",
    "Judgement",
    "MilestoneJudgement",
    "Rule",
    "SectorRollup",
    "WatchedJudgement",
    "is_at_or_below",
    "judge_milestone",
    "judge_target",
    "judge_watched",
    "rollup_sector",
    "rollup_sector_at",
]
