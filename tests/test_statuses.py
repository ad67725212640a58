"""Tests for pohang_cli.statuses: the words a person may type for a milestone or target status."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.errors import InputError
from pohang_cli.models import MilestoneStatus, TargetStatus
from pohang_cli.statuses import parse_milestone_status, parse_target_status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("추진 중", MilestoneStatus.IN_PROGRESS),
        ("추진중", MilestoneStatus.IN_PROGRESS),
        ("진행중", MilestoneStatus.IN_PROGRESS),
        ("진행 중", MilestoneStatus.IN_PROGRESS),
        ("in progress", MilestoneStatus.IN_PROGRESS),
        ("in-progress", MilestoneStatus.IN_PROGRESS),
        ("IN_PROGRESS", MilestoneStatus.IN_PROGRESS),
        ("완료", MilestoneStatus.DONE),
        ("done", MilestoneStatus.DONE),
        ("계획", MilestoneStatus.PLANNED),
        ("보류", MilestoneStatus.ON_HOLD),
        ("on hold", MilestoneStatus.ON_HOLD),
        ("일부완료", MilestoneStatus.PARTIAL),
        ("일부 완료", MilestoneStatus.PARTIAL),
        ("폐기", MilestoneStatus.CANCELLED),
        ("취소", MilestoneStatus.CANCELLED),
        ("canceled", MilestoneStatus.CANCELLED),
        ("미확인", MilestoneStatus.UNKNOWN),
        (" 완료 ", MilestoneStatus.DONE),
    ],
)
def test_milestone_status_words(text: str, status: MilestoneStatus) -> None:
    """Each Korean and English spelling of the issue is its status."""
    assert parse_milestone_status(text) is status


@pytest.mark.parametrize(
    ("text", "status"),
    [("부진", TargetStatus.OFF_TRACK), ("off track", TargetStatus.OFF_TRACK), ("자료 없음", TargetStatus.NO_DATA)],
)
def test_target_status_words(text: str, status: TargetStatus) -> None:
    """Target statuses read by code or by the words the tables show."""
    assert parse_target_status(text) is status


def test_an_unknown_status_lists_the_accepted_words() -> None:
    """The refusal names the text and lists Korean and English words."""
    with pytest.raises(InputError) as error:
        parse_milestone_status("finished")
    assert str(error.value) == (
        "unknown milestone status 'finished'; use one of planned/계획, in_progress/추진 중/진행 중, on_hold/보류, "
        "done/완료, partial/일부완료, cancelled/폐기/취소, unknown/미확인"
    )


@given(st.sampled_from(list(MilestoneStatus)), st.text(alphabet=" -_", max_size=3))
def test_every_code_reads_back_with_any_spacing(status: MilestoneStatus, padding: str) -> None:
    """A stored code, upper- or lower-case, with spaces, hyphens or underscores around, reads as itself."""
    assert parse_milestone_status(padding + status.value.upper() + padding) is status


@given(st.text(max_size=12))
def test_parsers_fail_only_with_input_error(text: str) -> None:
    """Any text gives a status or an InputError, never another exception."""
    for parse in (parse_milestone_status, parse_target_status):
        with contextlib.suppress(InputError):
            parse(text)
