"""Hostile input is data: stored and shown as typed, or refused with exit 2; never a traceback, never a damaged file.

The fuzz tests drive every value, date and text entry point of the command line with Hypothesis. Each
example must exit 0 (and print one id) or 2 (and leave the file byte-for-byte as it was, or a PostgreSQL
database's records and log as they were); afterwards the database must still read, every record must convert,
and its tables must render. POHANG_FUZZ_EXAMPLES sets the number of examples per entry point (default 100).
Every test runs on both backends (the `db` fixture), but for the path of a file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import AS_OF, Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from places import on_postgres, state, stored, tables_of
from typer.testing import CliRunner

from pohang_cli.cli import app
from pohang_cli.doctor import examine
from pohang_cli.models import Kind
from pohang_cli.storage import Database, bundled_sample_path

EXAMPLES = int(os.environ.get("POHANG_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ---------------------------------------------------------------------------------------------------
# Strategies

TRICKY = [
    "[bold]", "[/]", "[red", "[/bold]", "[mw]", "[link=https://x]", ":fire:", ":smile:", "\x1b[31m", "\x1b]0;x\x07",
    "\x00", "\r", "\r\n", "\t", "\n", "\x7f", "\x85", "\u202e", "\u2066", "\u2028", "\udcff", "\ud800", "\u200d",
    "\ufeff", "\u1112\u1161\u11ab", "한", "수소", "이차전지", "%s", "{0}", "'", '"', "\\", "--", "-x", "=", "  ",
    "NaN", "inf", "-inf", "1e309", "1e308", "5e-324", "😀", "👩‍🔬", "A" * 300, "가" * 2000,
]  # fmt: skip
VALUE_TOKENS = [
    "1", "0", "14", "5600", "1.5", ".5", "e12", "e308", "e-320", "E", "-", "+", "_", ",", " ", "조", "억", "만",
    "천", "백", "원", "t", "톤", "개사", "명", "%", "k", "M", "B", "bn", "T", "tn", "KRW", "nan", "inf", "１",
]  # fmt: skip
DATE_TOKENS = [
    "2023", "2027", "1800", "2200", "0000", "9999", "-", "07", "7", "13", "02", "29", "30", "31", "00", ".", "/",
    "년", "월", "일", " ", "Q", "q", "2", "4", "5", "July", "Jul", "Sept", "today", "오늘", "yesterday", "어제",
    "２０２３",
]  # fmt: skip
SECTOR_NAMES = ["battery", "hydrogen", "bio", "steel", "future-tech", "이차전지", "수소", "바이오", "BATTERY"]
INDICATORS = ["battery.investment", "hydrogen.companies", "battery.jobs", "future-tech.datacenter-capacity"]
TARGETS = ["battery.investment@2027", "hydrogen.companies@2035", "battery.jobs@2030", "hydrogen.sales@2035"]


def any_text() -> st.SearchStrategy[str]:
    """Arbitrary Unicode (surrogates and controls included), tricky fragments, or both mixed."""
    unicode = st.text(st.characters(exclude_categories=()), max_size=40)
    fragments = st.lists(st.sampled_from(TRICKY), max_size=4).map("".join)
    return st.one_of(unicode, fragments, st.tuples(fragments, unicode).map("".join))


def tokens(vocabulary: Sequence[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(vocabulary), min_size=1, max_size=6).map("".join)


VALUES = st.one_of(
    tokens(VALUE_TOKENS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    any_text(),
)
DATES = st.one_of(tokens(DATE_TOKENS), st.dates().map(str), any_text())
TEXTS = any_text()


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


def one_of_or_text(names: Sequence[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(names), any_text())


# ---------------------------------------------------------------------------------------------------
# Running one example


def invoke(args: Sequence[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"POHANG_AS_OF": AS_OF})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails with it
    return result.exit_code, result.stdout, result.stderr


def command_line(command: str, positionals: Sequence[str], options: dict[str, str | None], db: str) -> list[str]:
    # `--opt=value` and `--` make a value that starts with '-' a value, not an option.
    given_options = [f"{name}={value}" for name, value in options.items() if value is not None]
    return [command, "--db", db, *given_options, "--", *positionals]


def run_example(db: str, args: Sequence[str], listings: Sequence[Sequence[str]]) -> None:
    """Exit 0 with one id, or exit 2 with nothing on stdout and the database untouched; then the tables render."""
    before = state(db)
    code, stdout, stderr = invoke(args)
    assert code in (0, 2), (args, code, stderr)
    assert "Traceback" not in stderr
    if code == 2:
        assert stdout == ""
        assert state(db) == before
        return
    assert len(stdout.splitlines()) == 1, stdout
    for listing in listings:
        for fmt in ("table", "tsv", "json"):
            shown = invoke([*listing, "--db", db, "--format", fmt, "--lang", "ko"])
            assert shown[0] in (0, 3), (listing, fmt, shown)


def assert_database_sound(db: str) -> None:
    """The database reads, every record converts, and the doctor finds nothing but targets without sources."""
    if on_postgres(db):
        from pohang_cli.storage.postgres import PostgresDatabase

        shared = PostgresDatabase(db)
        try:
            dataset = shared.read()
        finally:
            shared.close()
    else:
        dataset = Database(Path(db)).read()
    for kind in Kind:
        list(getattr(dataset, kind.value).values())
    assert {problem.code for problem in examine(tables_of(db))} <= {"no-source"}


@pytest.fixture
def fuzz_db(db: str) -> str:
    """A copy of the sample that a whole fuzz run writes into, on each backend."""
    return db


# A command on PostgreSQL makes round trips to the server that a file does not, so an example costs two to
# three times as much: there, a quarter of the examples run, chosen by their values (the same example is
# always chosen or not, so Hypothesis can shrink a failure). POHANG_FUZZ_EXAMPLES raises both.
SERVER_SHARE = 4


def drawn_for(db: str, example: dict[str, object]) -> bool:
    """Whether this example runs on this database: every one on a file, one in SERVER_SHARE on PostgreSQL."""
    if not on_postgres(db):
        return True
    values = repr(sorted((name, value) for name, value in example.items() if name not in ("db", "fuzz_db")))
    return zlib.crc32(values.encode("utf-8", "surrogatepass")) % SERVER_SHARE == 0


# ---------------------------------------------------------------------------------------------------
# Fuzzing every entry point


@FUZZ
@given(
    sector=one_of_or_text(SECTOR_NAMES),
    title=TEXTS,
    title_en=optional(TEXTS),
    status=optional(st.one_of(st.sampled_from(["done", "완료", "in-progress", "planned"]), TEXTS)),
    date=optional(DATES),
    due=optional(DATES),
    source=optional(TEXTS),
    note=optional(TEXTS),
)
def test_fuzz_add_milestone(
    fuzz_db: str,
    sector: str,
    title: str,
    title_en: str | None,
    status: str | None,
    date: str | None,
    due: str | None,
    source: str | None,
    note: str | None,
) -> None:
    """add-milestone with any sector, title, status, dates, source and note: exit 0 or 2, never a traceback."""
    if not drawn_for(fuzz_db, locals()):
        return
    options = {
        "--title-en": title_en,
        "--status": status,
        "--date": date,
        "--due": due,
        "--source": source,
        "--note": note,
    }
    args = command_line("add-milestone", [sector, title], options, fuzz_db)
    run_example(fuzz_db, args, [["milestones"], ["check"]])
    assert_database_sound(fuzz_db)


@FUZZ
@given(
    milestone=st.one_of(st.integers(min_value=-3, max_value=40).map(str), TEXTS),
    title=optional(TEXTS),
    title_en=optional(TEXTS),
    status=optional(st.one_of(st.sampled_from(["done", "cancelled", "보류"]), TEXTS)),
    date=optional(DATES),
    due=optional(DATES),
    source=optional(TEXTS),
    note=optional(TEXTS),
)
def test_fuzz_update_milestone(
    fuzz_db: str,
    milestone: str,
    title: str | None,
    title_en: str | None,
    status: str | None,
    date: str | None,
    due: str | None,
    source: str | None,
    note: str | None,
) -> None:
    """update-milestone with any id and fields: exit 0 or 2, never a traceback."""
    if not drawn_for(fuzz_db, locals()):
        return
    options = {
        "--title": title,
        "--title-en": title_en,
        "--status": status,
        "--date": date,
        "--due": due,
        "--source": source,
        "--note": note,
    }
    args = command_line("update-milestone", [milestone], options, fuzz_db)
    run_example(fuzz_db, args, [["milestones"]])
    assert_database_sound(fuzz_db)


@FUZZ
@given(
    indicator=one_of_or_text(INDICATORS),
    value=VALUES,
    date=DATES,
    source=optional(TEXTS),
    note=optional(TEXTS),
    provisional=st.booleans(),
)
def test_fuzz_record(
    fuzz_db: str, indicator: str, value: str, date: str, source: str | None, note: str | None, provisional: bool
) -> None:
    """record with any indicator, value, date, source and note: exit 0 or 2; status and history still render."""
    if not drawn_for(fuzz_db, locals()):
        return
    args = command_line("record", [indicator, value], {"--date": date, "--source": source, "--note": note}, fuzz_db)
    if provisional:
        args.insert(1, "--provisional")
    run_example(fuzz_db, args, [["status"], ["history", "battery.investment"], ["check"]])
    assert_database_sound(fuzz_db)


@FUZZ
@given(
    sector=one_of_or_text(SECTOR_NAMES),
    slug=st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True), TEXTS),
    name_ko=TEXTS,
    name_en=TEXTS,
    unit=st.one_of(st.sampled_from(["KRW", "t", "%", "MW", "[mw]", "단위"]), TEXTS),
    baseline=VALUES,
    baseline_date=DATES,
    direction=st.sampled_from(["increase", "decrease", "up", ""]),
    kind=st.sampled_from(["level", "cumulative", "LEVEL", "x"]),
    model=st.sampled_from(["linear", "compound", "quadratic"]),
    basis=optional(TEXTS),
    source=optional(TEXTS),
    note=optional(TEXTS),
    target=optional(VALUES),
    deadline=DATES,
)
def test_fuzz_add_indicator_and_target(
    fuzz_db: str,
    sector: str,
    slug: str,
    name_ko: str,
    name_en: str,
    unit: str,
    baseline: str,
    baseline_date: str,
    direction: str,
    kind: str,
    model: str,
    basis: str | None,
    source: str | None,
    note: str | None,
    target: str | None,
    deadline: str,
) -> None:
    """add-indicator with any names, unit, baseline and options, then add-target on it: exit 0 or 2 each."""
    if not drawn_for(fuzz_db, locals()):
        return
    options = {
        "--name-ko": name_ko,
        "--name-en": name_en,
        "--unit": unit,
        "--baseline": baseline,
        "--baseline-date": baseline_date,
        "--direction": direction,
        "--kind": kind,
        "--model": model,
        "--basis": basis,
        "--source": source,
        "--note": note,
    }
    run_example(fuzz_db, command_line("add-indicator", [sector, slug], options, fuzz_db), [["indicators"]])
    if target is not None:
        indicator = f"{sector}.{slug}" if sector in SECTOR_NAMES[:5] else "battery.jobs"
        args = command_line("add-target", [indicator, target], {"--by": deadline, "--source": source}, fuzz_db)
        run_example(fuzz_db, args, [["status"], ["targets", "--history"]])
    assert_database_sound(fuzz_db)


@FUZZ
@given(
    target=one_of_or_text(TARGETS),
    reason=TEXTS,
    value=optional(VALUES),
    by=optional(DATES),
    source=optional(TEXTS),
    date=optional(DATES),
)
def test_fuzz_revise_target(
    fuzz_db: str, target: str, reason: str, value: str | None, by: str | None, source: str | None, date: str | None
) -> None:
    """revise-target with any target, reason, value and dates: exit 0 or 2; status and targets still render."""
    if not drawn_for(fuzz_db, locals()):
        return
    options = {"--reason": reason, "--value": value, "--by": by, "--source": source, "--date": date}
    args = command_line("revise-target", [target], options, fuzz_db)
    run_example(fuzz_db, args, [["status"], ["targets", "--history"]])
    assert_database_sound(fuzz_db)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 3))  # three commands per example
@given(
    sectors=st.lists(one_of_or_text(SECTOR_NAMES), max_size=2),
    status=optional(st.one_of(st.sampled_from(["done", "완료"]), TEXTS)),
    since=optional(DATES),
    until=optional(DATES),
    as_of=optional(DATES),
    year=optional(st.one_of(st.integers(-5, 10000).map(str), TEXTS)),
    fail_on=optional(st.one_of(st.sampled_from(["behind", "missed"]), TEXTS)),
    fields=optional(st.one_of(st.sampled_from(["id,title", "sector,status", "nope"]), TEXTS)),
    fmt=st.sampled_from(["table", "tsv", "csv", "json", "jsonl", "md", "xml"]),
)
def test_fuzz_reading_filters(
    db: str,
    sectors: list[str],
    status: str | None,
    since: str | None,
    until: str | None,
    as_of: str | None,
    year: str | None,
    fail_on: str | None,
    fields: str | None,
    fmt: str,
) -> None:
    """Reading commands with any filters, dates, fields and format: exit 0, 2 or 3, never a traceback."""
    if not drawn_for(db, locals()):
        return
    common = {"--as-of": as_of, "--fields": fields, "--format": fmt}
    for command, options in (
        ("milestones", {"--status": status, "--since": since, "--until": until}),
        ("status", {"--year": year}),
        ("check", {"--fail-on": fail_on}),
    ):
        code, _stdout, stderr = invoke(
            command_line(command, sectors if command != "check" else [], options | common, db)
        )
        assert code in (0, 2, 3), (command, code, stderr)
        assert "Traceback" not in stderr


# ---------------------------------------------------------------------------------------------------
# Each kind of hostility, one at a time


def stored_milestone(db: str, milestone_id: int) -> dict[str, object]:
    return stored(db, "milestones", milestone_id)


@pytest.mark.parametrize(
    "title", ["용량 [mw]", "[bold]굵게[/bold]", "[red", "단위 [kg/yr]", ":fire: 화재", "[link=x]y[/link]"]
)
def test_markup_and_emoji_codes_are_stored_and_shown_as_typed(cli: Invoke, db: str, title: str) -> None:
    """Rich markup and emoji codes in a title are kept in the file and printed literally in tables."""
    result = cli("add-milestone", "battery", title, "--note", title, "--db", db, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "59\n", "")
    assert stored_milestone(db, 59)["title"] == title
    table = cli("milestones", "battery", "--db", db, "--format", "table", env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert title in table.stdout
    assert "🔥" not in table.stdout
    rows = json.loads(cli("milestones", "battery", "--db", db, "--format", "json").stdout)
    assert rows[-1]["title"] == title


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31m빨강", "a control character U+001B at position 1"),
        ("널\x00문자", "a control character U+0000 at position 2"),
        ("캐리지\r리턴", "a control character U+000D at position 4"),
        ("del\x7f", "a control character U+007F at position 4"),
        ("c1\x85x", "a control character U+0085 at position 3"),
        ("\u202eevil", "a bidirectional override U+202E at position 1"),
        ("line\u2028sep", "a Unicode line separator U+2028 at position 5; use a newline"),
    ],
)
def test_control_characters_are_refused_with_exit_2(cli: Invoke, db: str, text: str, shown: str) -> None:
    """Characters that would act on a terminal are refused, naming the character and where it is."""
    before = state(db)
    result = cli("add-milestone", "battery", text, "--db", db)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("pohang: the text ")
    assert f"contains {shown}; remove it and try again\n" in result.stderr
    assert "\x1b" not in result.stderr
    assert state(db) == before


def test_tab_newline_and_crlf_are_kept_as_data_and_escaped_in_tsv(cli: Invoke, db: str) -> None:
    """Tabs and newlines in a note are stored (CRLF as LF) and escaped in tsv, so rows stay rows."""
    note = "첫 줄\r\n둘째\t줄"
    assert cli("add-milestone", "battery", "x", "--note", note, "--db", db, "-q").exit_code == 0
    assert stored_milestone(db, 59)["note"] == "첫 줄\n둘째\t줄"
    tsv = cli("milestones", "battery", "--db", db, "--format", "tsv", "--fields", "id,note").stdout
    assert tsv.splitlines()[-1] == "59\t첫 줄\\n둘째\\t줄"


def test_bytes_that_are_not_utf8_are_refused_not_a_traceback(db: str) -> None:
    """A title of invalid UTF-8 bytes from a real shell exits 2; the file is untouched."""
    before = state(db)
    title = b"\xff\xfe\xed".decode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable, "-m", "pohang_cli", "add-milestone", "battery", title, "--db", db],
        capture_output=True,
        env={**os.environ, "POHANG_AS_OF": AS_OF, "LC_ALL": "C.UTF-8"},
        check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.startswith(b"pohang: the text '\\udcff\\udcfe\\udced' contains bytes that are not UTF-8")
    assert state(db) == before


def test_a_database_path_of_non_utf8_bytes_is_logged_escaped(tmp_path: Path) -> None:
    """A --db path that is not UTF-8 works, and the audit log records the command line with escapes."""
    name = b"db-\xff.json".decode("utf-8", "surrogateescape")
    db = tmp_path / name
    shutil.copyfile(bundled_sample_path(), db)
    result = subprocess.run(
        [sys.executable, "-m", "pohang_cli", "add-milestone", "battery", "경로", "--db", str(db), "-q"],
        capture_output=True,
        env={**os.environ, "POHANG_AS_OF": AS_OF},
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, b"59\n", b"")
    entry = json.loads(Path(str(db) + ".log").read_bytes())
    assert entry["command"].endswith("db-\\xff.json' -q") or "db-\\xff.json -q" in entry["command"]


FIELDS_BY_COMMAND = [
    (
        "add-indicator",
        ["battery", "nfd-test"],
        {
            "--name-ko": "한글 이름",
            "--name-en": "Cafe\u0301",
            "--unit": "개소",
            "--baseline": "1",
            "--baseline-date": "2022",
            "--basis": "계약",
            "--source": "출처",
            "--note": "메모",
        },
        ("indicators", "battery.nfd-test"),
        ["name_ko", "name_en", "unit", "basis", "source", "note"],
    ),
    (
        "add-target",
        ["battery.jobs", "2000"],
        {"--by": "2031", "--source": "출처", "--note": "메모"},
        ("targets", "battery.jobs@2031"),
        ["source", "note"],
    ),
    (
        "revise-target",
        ["battery.jobs@2030"],
        {"--value": "3000", "--reason": "상향 조정", "--source": "새 출처"},
        ("targets", "battery.jobs@2030"),
        ["source"],
    ),
    (
        "record",
        ["battery.jobs", "1500"],
        {"--date": "2024", "--source": "출처", "--note": "메모"},
        ("observations", "battery.jobs:2024"),
        ["source", "note"],
    ),
    (
        "add-milestone",
        ["바이오", "착공식 개최"],
        {"--title-en": "Cafe\u0301", "--source": "출처", "--note": "메모"},
        ("milestones", 59),
        ["title", "title_en", "source", "note"],
    ),
    (
        "update-milestone",
        ["1"],
        {"--title": "규제특구 지정", "--title-en": "Cafe\u0301", "--source": "출처", "--note": "메모"},
        ("milestones", 1),
        ["title", "title_en", "source", "note"],
    ),
]


@pytest.mark.parametrize(("command", "positionals", "options", "where", "names"), FIELDS_BY_COMMAND)
def test_nfd_text_is_stored_as_nfc_in_every_text_field(
    cli: Invoke,
    db: str,
    command: str,
    positionals: list[str],
    options: dict[str, str],
    where: tuple[str, object],
    names: list[str],
) -> None:
    """Text pasted as NFD (macOS) is stored NFC in every field and every id it names resolves."""
    nfd = {name: unicodedata.normalize("NFD", value) for name, value in options.items()}
    args = [unicodedata.normalize("NFD", value) for value in positionals]
    result = cli(command, *args, *[f"{k}={v}" for k, v in nfd.items()], "--db", db, "-q")
    assert (result.exit_code, result.stderr) == (0, "")
    kind, record_id = where
    doc = stored(db, kind, record_id)
    for name in names:
        assert unicodedata.is_normalized("NFC", doc[name]), name
    if command == "revise-target":
        assert doc["revisions"][-1]["reason"] == "상향 조정"
    text = json.dumps(tables_of(db), ensure_ascii=False)
    assert unicodedata.is_normalized("NFC", text)


def test_a_very_long_title_is_stored_and_shown_exactly(cli: Invoke, db: str) -> None:
    """A 100,000-character title (about the most one argument can carry) is kept and printed whole."""
    title = ("가나다 [b]라 " * 12_500)[:100_000].strip()
    assert cli("add-milestone", "battery", title, "--db", db, "-q").exit_code == 0
    assert stored_milestone(db, 59)["title"] == title
    rows = json.loads(cli("milestones", "--db", db, "--format", "json").stdout)
    assert next(r for r in rows if r["id"] == 59)["title"] == title
    table = cli("milestones", "battery", "--db", db, "--format", "table")
    assert table.exit_code == 0
    assert "가나다 [b]라" in table.stdout


@pytest.mark.parametrize("value", ["1e18", "-1e18", "9.999e15", "5e-324", "1e-300", "0", "-0.0"])
def test_huge_and_tiny_numbers_are_stored_exactly_and_every_view_renders(cli: Invoke, db: str, value: str) -> None:
    """Extreme but finite values are stored as typed (with --force: each is 1,000 times from the series), and
    status, history and check still render."""
    result = cli("record", "battery.investment", "--date", "2025", "--db", db, "-q", "--force", "--", value)
    assert (result.exit_code, result.stdout) == (0, "battery.investment:2025\n")
    assert all(line.startswith("accepted with --force: [magnitude] ") for line in result.stderr.splitlines())
    doc = stored(db, "observations", "battery.investment:2025")
    assert doc["value"] == float(value)
    for command in (["status"], ["history", "battery.investment"], ["check"]):
        for fmt in ("table", "json"):
            shown = cli(*command, "--db", db, "--format", fmt)
            assert shown.exit_code in (0, 3), (command, fmt)


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e999", "1e308조"])
def test_nan_and_infinities_are_refused_with_exit_2(cli: Invoke, db: str, value: str) -> None:
    """Values that are not finite numbers are refused with the accepted forms; nothing is written."""
    before = state(db)
    result = cli("record", "battery.investment", "--date", "2025", "--db", db, "--", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"pohang: VALUE: invalid value '{value}': ")
    assert "(accepted: 1234, 1,234.5, -3, 1.5e12, 14조" in result.stderr
    assert state(db) == before


@pytest.mark.parametrize("value", ["1e308", "-1.7976931348623157e308", "1.0000001e18", "999999999999999999999999"])
def test_values_beyond_ten_to_the_eighteenth_are_refused(cli: Invoke, db: str, value: str) -> None:
    """A value above 10^18 in magnitude can only be a typo; it is refused before any maths overflows."""
    before = state(db)
    result = cli("record", "battery.investment", "--date", "2025", "--db", db, "--", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("pohang: the value ")
    assert "is beyond ±10^18, larger than any quantity pohang tracks; check the digits\n" in result.stderr
    assert state(db) == before


def test_markup_in_indicator_names_and_units_prints_literally_in_every_table(cli: Invoke, db: str) -> None:
    """Names and units that look like markup show as typed in the indicators, targets, status and history tables."""
    added = cli(
        "add-indicator", "battery", "markup", "--name-ko", "[bold]용량[/bold]", "--name-en", "Capacity [mw]",
        "--unit", "[mw]", "--baseline", "1", "--baseline-date", "2022", "--source", ":fire:", "--db", db, "-q",
    )  # fmt: skip
    assert (added.exit_code, added.stdout, added.stderr) == (0, "battery.markup\n", "")
    assert cli("add-target", "battery.markup", "10", "--by", "2030", "--db", db, "-q").exit_code == 0
    assert cli("record", "battery.markup", "4", "--date", "2024", "--db", db, "-q").exit_code == 0
    for command in (
        ["indicators", "battery"],
        ["targets", "battery"],
        ["status", "battery"],
        ["history", "battery.markup"],
    ):
        for lang in ("ko", "en"):
            result = cli(*command, "--db", db, "--format", "table", "--lang", lang, env={"COLUMNS": "240"})
            assert result.exit_code == 0, command
            name = "[bold]용량[/bold]" if lang == "ko" else "Capacity [mw]"
            assert name in result.stdout, (command, lang)
            assert "\x1b" not in result.stdout
