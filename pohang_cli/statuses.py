"""The words a person may type for a status, in the commands and in imported files alike.

Korean documents write the same status several ways (`추진 중`, `추진중`, `진행 중`); the stored code is
one English word (`in_progress`). Spaces, hyphens and underscores are ignored, so `in progress`,
`in-progress` and `in_progress` are one word too.
"""

from __future__ import annotations

import unicodedata

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import MilestoneStatus, TargetStatus

_MILESTONE_WORDS: dict[MilestoneStatus, tuple[str, ...]] = {
    MilestoneStatus.PLANNED: ("planned", "계획", "예정"),
    MilestoneStatus.IN_PROGRESS: ("in progress", "ongoing", "추진중", "진행중", "추진", "진행"),
    MilestoneStatus.ON_HOLD: ("on hold", "보류"),
    MilestoneStatus.DONE: ("done", "completed", "완료"),
    MilestoneStatus.PARTIAL: ("partial", "일부완료"),
    MilestoneStatus.CANCELLED: ("cancelled", "canceled", "폐기", "취소"),
    MilestoneStatus.UNKNOWN: ("unknown", "미확인"),
}

_TARGET_WORDS: dict[TargetStatus, tuple[str, ...]] = {
    TargetStatus.ACHIEVED: ("achieved", "달성"),
    TargetStatus.ON_TRACK: ("on track", "순항"),
    TargetStatus.BEHIND: ("behind", "지연"),
    TargetStatus.OFF_TRACK: ("off track", "부진"),
    TargetStatus.REGRESSING: ("regressing", "후퇴"),
    TargetStatus.MISSED: ("missed", "미달성"),
    TargetStatus.PENDING_FINAL: ("pending final", "awaiting final figure", "최종자료대기"),
    TargetStatus.INSUFFICIENT: ("too little evidence", "근거부족"),
    TargetStatus.NOT_JUDGED: ("not judged", "판정불가"),
    TargetStatus.NO_DATA: ("no data", "자료없음"),
}

MILESTONE_STATUS_WORDS = (
    "planned/계획, in_progress/추진 중/진행 중, on_hold/보류, done/완료, partial/일부완료, cancelled/폐기/취소, "
    "unknown/미확인"
)
TARGET_STATUS_WORDS = (
    "achieved/달성, on_track/순항, behind/지연, off_track/부진, regressing/후퇴, missed/미달성, "
    "pending_final/최종 자료 대기, insufficient/근거 부족, not_judged/판정 불가, no_data/자료 없음"
)


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(char for char in folded if not char.isspace() and char not in "-_")


_MILESTONES = {_key(word): status for status, words in _MILESTONE_WORDS.items() for word in (status.value, *words)}
_TARGETS = {_key(word): status for status, words in _TARGET_WORDS.items() for word in (status.value, *words)}


def parse_milestone_status(text: str) -> MilestoneStatus:
    """A milestone status by its code, or its English or Korean word (`done`, `완료`, `추진 중`, `취소`).

    Raises:
        InputError: no status is written so; the message lists the accepted words.
    """
    status = _MILESTONES.get(_key(text))
    if status is None:
        refusal = _("unknown milestone status '{text}'; use one of {choices}")
        raise InputError(refusal.format(text=text.strip(), choices=MILESTONE_STATUS_WORDS))
    return status


def parse_target_status(text: str) -> TargetStatus:
    """A target status by its code, or its English or Korean word (`off_track`, `부진`, `자료 없음`).

    Raises:
        InputError: no status is written so; the message lists the accepted words.
    """
    status = _TARGETS.get(_key(text))
    if status is None:
        refusal = _("unknown target status '{text}'; use one of {choices}")
        raise InputError(refusal.format(text=text.strip(), choices=TARGET_STATUS_WORDS))
    return status


# A row of `status` may also be a watched indicator's (no_target), which `--status` chooses like any other; `check
# --fail-on` judges targets only, so it does not take it.
_ROWS = {**_TARGETS, **{_key(word): TargetStatus.NO_TARGET for word in ("no_target", "no target", "목표없음")}}


def parse_row_status(text: str) -> TargetStatus:
    """A status of a row of `status`: a target status, or `no_target`/`목표 없음` for a watched indicator.

    Raises:
        InputError: no status is written so; the message lists the accepted words.
    """
    status = _ROWS.get(_key(text))
    if status is None:
        refusal = _("unknown target status '{text}'; use one of {choices}")
        raise InputError(refusal.format(text=text.strip(), choices=TARGET_STATUS_WORDS + ", no_target/목표 없음"))
    return status
