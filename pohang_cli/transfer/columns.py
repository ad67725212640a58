"""The columns of each kind of record, and a file's header row read into them (English keys or Korean headings)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Kind

# The columns of each kind: the keys of its stored document, in the order `record_to_doc` writes them.
FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.SECTORS: ("id", "name_ko", "name_en", "order", "source", "note"),
    Kind.INDICATORS: (
        "id", "sector", "name_ko", "name_en", "unit", "baseline", "baseline_date", "direction", "kind", "model",
        "basis", "source", "note",
    ),
    Kind.TARGETS: (
        "id", "indicator", "value", "deadline", "source", "note", "revisions", "supersedes", "superseded_by",
    ),
    Kind.OBSERVATIONS: ("id", "indicator", "date", "value", "source", "note", "provisional", "reported", "revisions"),
    Kind.MILESTONES: (
        "id", "sector", "title", "title_en", "status", "date", "due", "original_due", "source", "note",
    ),
}  # fmt: skip
# What a record cannot do without; ids of observations, targets and milestones can be left out (derived or new).
REQUIRED: dict[Kind, frozenset[str]] = {
    Kind.SECTORS: frozenset({"id", "name_ko", "name_en"}),
    Kind.INDICATORS: frozenset({"id", "sector", "name_ko", "name_en", "unit"}),
    Kind.TARGETS: frozenset({"indicator", "value", "deadline"}),
    Kind.OBSERVATIONS: frozenset({"indicator", "date", "value"}),
    Kind.MILESTONES: frozenset({"sector", "title"}),
}
REVISION_FIELDS = ("value", "deadline", "date", "reason", "source", "note")
OBSERVATION_REVISION_FIELDS = ("value", "reported", "source", "note", "provisional")


def guess_kind(keys: Iterable[str]) -> Kind | None:
    """The kind of record whose fields (or csv columns) these are, by the fields only that kind has."""
    present = set(keys)
    if "title" in present:  # a milestone's due date may be headed 기한, as a target's deadline is
        return Kind.MILESTONES
    if "deadline" in present:
        return Kind.TARGETS
    if "indicator" in present:
        return Kind.OBSERVATIONS
    if "unit" in present:
        return Kind.INDICATORS
    if present & {"name_ko", "name_en"}:
        return Kind.SECTORS
    return None


# Column headings as Korean spreadsheets write them, each an alias of one key. Compared case-folded, with
# spaces and a trailing "(...)" left out, so `일자`, `날짜` and `비 고` all match.
ALIASES: dict[str, str] = {
    "아이디": "id", "식별자": "id", "번호": "id",
    "부문": "sector", "분야": "sector", "산업": "sector", "섹터": "sector",
    "지표": "indicator", "지표id": "indicator", "지표아이디": "indicator",
    "일자": "date", "날짜": "date", "기준일자": "date", "시점": "date", "완료일": "date",
    "값": "value", "실적": "value", "실적값": "value", "수치": "value", "목표값": "value", "목표": "value",
    "출처": "source", "자료출처": "source", "근거": "source",
    "비고": "note", "메모": "note",
    "잠정": "provisional", "잠정치": "provisional",
    "국문명": "name_ko", "한글명": "name_ko", "이름": "name_ko", "명칭": "name_ko", "지표명": "name_ko",
    "영문명": "name_en", "영문이름": "name_en",
    "순서": "order",
    "단위": "unit", "기준값": "baseline", "기준일": "baseline_date", "기준시점": "baseline_date",
    "방향": "direction", "유형": "kind", "모형": "model", "산정기준": "basis", "기준": "basis",
    "목표연도": "deadline", "목표시점": "deadline", "기한": "deadline",
    "개정": "revisions", "개정이력": "revisions", "대체한목표": "supersedes", "대체목표": "superseded_by",
    "제목": "title", "과제": "title", "과제명": "title", "영문제목": "title_en",
    "상태": "status", "진행상태": "status", "마감": "due", "마감일": "due", "예정일": "due",
    "당초기한": "original_due", "원래기한": "original_due",
}  # fmt: skip
# The first Korean heading of each key, as the smallest headers a refusal suggests.
_KOREAN_HEADING = {key: heading for heading, key in reversed(ALIASES.items())}
# The kinds in the order people most often import them.
_SUGGESTED = (Kind.OBSERVATIONS, Kind.MILESTONES, Kind.TARGETS, Kind.INDICATORS, Kind.SECTORS)


def smallest_headers() -> str:
    """`indicator,date,value (지표,일자,값) for observations; ...`: each kind's required columns in both languages."""
    parts = []
    for kind in _SUGGESTED:
        keys = [key for key in FIELDS[kind] if key in REQUIRED[kind]]
        korean = [KIND_ALIASES_BACK.get(kind, {}).get(key) or _KOREAN_HEADING.get(key, key) for key in keys]
        parts.append(f"{','.join(keys)} ({','.join(korean)}) " + _("for {kind}").format(kind=kind.value))
    return "; ".join(parts)


# Headings whose key depends on the kind: a milestone's 기한 is its due date.
KIND_ALIASES: dict[Kind, dict[str, str]] = {Kind.MILESTONES: {"기한": "due"}}
KIND_ALIASES_BACK = {kind: {key: heading for heading, key in aliases.items()} for kind, aliases in KIND_ALIASES.items()}
_PARENTHESISED = re.compile(r"\s*[(\[（].*[)\]）]\s*$")


def _heading(text: str) -> str:
    """A column heading as compared: case-folded, without spaces or a trailing `(...)` gloss."""
    cleaned = _PARENTHESISED.sub("", text.strip()) or text.strip()
    return "".join(cleaned.casefold().split())


def column_key(heading: str, kind: Kind | None) -> str:
    """The key a column heading stands for: `지표` -> indicator, `value` -> value, unknown ones as written."""
    wanted = _heading(heading)
    if kind is not None and wanted in KIND_ALIASES.get(kind, {}):
        return KIND_ALIASES[kind][wanted]
    return ALIASES.get(wanted, wanted if kind is None or wanted in FIELDS[kind] else heading.strip())


@dataclass(frozen=True, slots=True)
class Header:
    """The columns of a table (csv, tsv or a sheet): the key of each, None for a column dropped or empty."""

    kind: Kind
    keys: list[str | None]


def read_header(
    headings: list[str], kind: Kind | None, *, ignore_extra: bool, where: Callable[[int | None], str]
) -> Header:
    """Resolve a header row into keys, refusing unknown, repeated and missing columns.

    Args:
        headings: the header cells as written; empty ones are columns without a heading.
        kind: the kind the command line names, if any; else recognised from the keys.
        ignore_extra: drop columns that are no field of the kind, instead of refusing them.
        where: names a header cell by its column index (None: the header as a whole) for messages.

    Raises:
        InputError: the kind cannot be told, or a column is unknown, repeated, or a required one missing.
    """
    if kind is None:
        kind = guess_kind(column_key(h, None) for h in headings if h.strip())
        if kind is None:
            found = ", ".join(h.strip() for h in headings if h.strip()) or _("none")
            raise InputError(
                _(
                    "{place}: cannot tell which kind of record the columns describe (found: {found}); the smallest "
                    "headers that work are {smallest}, or add --kind"
                ).format(place=where(None), found=found, smallest=smallest_headers())
            )
    valid = FIELDS[kind]
    keys: list[str | None] = []
    for index, heading in enumerate(headings):
        if not heading.strip():
            keys.append(None)
            continue
        key = column_key(heading, kind)
        if key not in valid:
            if ignore_extra:
                keys.append(None)
                continue
            raise InputError(
                _(
                    "{place}: unknown column '{column}' for {kind}; valid columns: {columns} "
                    "(or add --ignore-extra to leave it out)"
                ).format(place=where(index), column=heading.strip(), kind=kind.value, columns=",".join(valid))
            )
        if key in keys:
            raise InputError(
                _("{place}: column '{column}' repeats column '{key}'").format(
                    place=where(index), column=heading.strip(), key=key
                )
            )
        keys.append(key)
    missing = [column for column in valid if column in REQUIRED[kind] and column not in keys]
    if missing:
        raise InputError(
            _("{place}: {kind} need a column '{column}'").format(place=where(None), kind=kind.value, column=missing[0])
        )
    return Header(kind, keys)
