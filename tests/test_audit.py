"""The audit log and undo: every change recorded with time, command line and documents; undo reverts and is logged.

The tests of what a user sees run on both backends (the `db` fixture: the sample, made by `init`, whose entry
is #1); those of the log file's own format, backups and crashes run on a file.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Invoke, Run
from places import on_postgres, state, tables_of

from pohang_cli import audit
from pohang_cli.cli import common as cli_common
from pohang_cli.cli import safety as cli_safety
from pohang_cli.dates import PartialDate
from pohang_cli.models import Change, Dataset, Indicator, Kind, Observation, Sector
from pohang_cli.storage import Database, backup_path, encode_line, unpack
from pohang_cli.storage import log as file_log

NOW = datetime(2026, 11, 25, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def run(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """`cli` with a fixed clock for log entries and sys.argv set as a shell would set it."""
    monkeypatch.setattr(cli_common, "utc_now", lambda: NOW)
    monkeypatch.setattr(cli_common, "author", lambda: ("planner", "city-pc-07"))

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
        monkeypatch.setattr(sys, "argv", ["pohang", *args])
        return cli(*args, env=env, input=input)

    return invoke


def log_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in audit.log_path(path).read_text(encoding="utf-8").splitlines()]


def milestone_ids(run: Invoke, db: Path | str) -> list[int]:
    result = run("milestones", "--db", str(db), "--format", "json")
    return sorted(row["id"] for row in json.loads(result.stdout))


@pytest.fixture
def user(db: str, request: pytest.FixtureRequest) -> str:
    """Who the log names: the OS user on a file (fixed by `run`), the database user on PostgreSQL."""
    return str(request.getfixturevalue("postgres_server").user) if on_postgres(db) else "planner"


def newest_entries(run: Invoke, db: str, count: int) -> list[dict[str, object]]:
    return list(json.loads(run("log", "--db", db, "--format", "json", "-n", str(count)).stdout))


def as_seen(text: str, db: str) -> str:
    """`text` with what a PostgreSQL log entry takes from the server (its time and client host) made generic."""
    if not on_postgres(db):
        return text
    text = re.sub(r"\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST\)", "(TIME)", text)
    return re.sub(r"by: ([^@\s]+)@[^:]*:", r"by: \1@HOST:", text)


def test_a_write_appends_one_entry_with_time_command_and_documents(run: Invoke, sample_db: Path) -> None:
    """add-milestone logs its UTC time, its command line as typed and the new document."""
    result = run("add-milestone", "battery", "배터리 [bold]센터[/bold]", "--due", "2027", "--db", str(sample_db), "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "59\n", "")
    [entry] = log_lines(sample_db)
    assert entry["seq"] == 1
    assert entry["parent"] is None
    assert entry["time"] == "2026-11-25T03:04:05Z"
    assert (entry["user"], entry["host"]) == ("planner", "city-pc-07")
    assert entry["command"] == f"pohang add-milestone battery '배터리 [bold]센터[/bold]' --due 2027 --db {sample_db} -q"
    assert entry["summary"] == "added milestone 59"
    assert entry["undoes"] is None
    assert entry["changes"] == [
        {
            "kind": "milestones",
            "id": 59,
            "before": None,
            "after": {
                "id": 59,
                "sector": "battery",
                "title": "배터리 [bold]센터[/bold]",
                "title_en": None,
                "status": "planned",
                "date": None,
                "due": "2027",
                "original_due": None,
                "source": None,
                "note": None,
                "note_en": None,
            },
        }
    ]
    meta = json.loads(sample_db.read_text(encoding="utf-8"))["_meta"]["1"]
    assert (meta["log_seq"], meta["log_head"]) == (1, entry["id"])


def test_a_change_records_the_document_before_and_after(run: Invoke, db: str) -> None:
    """update-milestone logs the whole document before and after the change."""
    run("update-milestone", "1", "--note", "확인함", "--db", db, "-q")
    [change] = json.loads(run("log", "--records", "-n", "1", "--db", db, "--format", "json").stdout)
    assert change["before"]["note"].endswith("[ACT-12, C-6]")
    assert change["after"]["note"] == "확인함"
    assert {k: v for k, v in change["before"].items() if k != "note"} == {
        k: v for k, v in change["after"].items() if k != "note"
    }


def test_a_refused_command_logs_nothing(run: Invoke, db: str) -> None:
    """A write refused with exit 2 leaves neither the database nor the log changed."""
    before = state(db)
    result = run("record", "battery.investment", "NaN", "--date", "2025", "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert state(db) == before
    assert [entry["seq"] for entry in newest_entries(run, db, 5)] == [1]


def test_log_lists_changes_newest_first(run: Invoke, db: str, user: str) -> None:
    """`pohang log` shows seq, time, command, summary, record count and undo link, newest first."""
    run("add-milestone", "수소", "충전소 착공", "--db", db, "-q")
    run("record", "battery.investment", "7조 2000억", "--date", "2024", "--db", db, "-q")
    result = run("log", "--db", db, "--format", "tsv", "-n", "2")
    assert result.exit_code == 0
    assert result.stderr == ""
    header, *rows = result.stdout.splitlines()
    assert header == "seq\ttime\tuser\thost\tcommand\tsummary\trecords\tundoes\thash"
    cells = [row.split("\t") for row in rows]
    newest, before = (str(entry["hash"]) for entry in newest_entries(run, db, 2))
    assert [[row[0], row[2], *row[4:]] for row in cells] == [
        [
            "3",
            user,
            f"pohang record battery.investment '7조 2000억' --date 2024 --db {db} -q",
            "added observation battery.investment:2024",
            "1",
            "",
            newest,
        ],
        ["2", user, f"pohang add-milestone 수소 '충전소 착공' --db {db} -q", "added milestone 59", "1", "", before],
    ]
    if not on_postgres(db):  # a server's entries take their time and client host from the server
        assert [(row[1], row[3]) for row in cells] == [("2026-11-25T03:04:05Z", "city-pc-07")] * 2
        assert [newest, before] == [str(entry["hash"]) for entry in reversed(log_lines(Path(db))[1:])]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row[1]) for row in cells)
    limited = run("log", "--db", db, "--format", "json", "--limit", "1")
    assert [row["seq"] for row in json.loads(limited.stdout)] == [3]


def test_log_records_shows_documents_as_objects_in_json_and_text_in_csv(run: Invoke, db: str) -> None:
    """`log --records` has one row per record; documents nest in json and are JSON text in csv."""
    run("update-milestone", "1", "--status", "partial", "--db", db, "-q")
    rows = json.loads(run("log", "--records", "-n", "1", "--db", db, "--format", "json").stdout)
    assert [(r["seq"], r["kind"], r["id"], r["action"]) for r in rows] == [(2, "milestones", 1, "changed")]
    assert rows[0]["before"]["status"] == "done"
    assert rows[0]["after"]["status"] == "partial"
    text = run("log", "--records", "-n", "1", "--db", db, "--format", "csv").stdout
    assert text.splitlines()[0] == "seq,time,user,host,command,kind,id,action,before,after"
    assert '""status"":""partial""' in text


def test_log_of_a_database_without_changes_is_empty(run: Invoke, sample_db: Path) -> None:
    """A database never written by this pohang has an empty log, said on stderr."""
    result = run("log", "--db", str(sample_db), "--format", "tsv")
    assert (result.exit_code, result.stdout) == (0, "seq\ttime\tuser\thost\tcommand\tsummary\trecords\tundoes\thash\n")
    assert result.stderr == "no changes recorded yet\n"


def test_log_table_prints_markup_literally(run: Invoke, db: str) -> None:
    """The table of `pohang log` shows the command line's markup-like text as typed."""
    run("add-milestone", "battery", "[red]용량[/red] [mw]", "--db", db, "-q")
    result = run("log", "--db", db, "--format", "table", "-n", "1")
    assert result.exit_code == 0
    assert "[red]용량[/red]" in result.stdout
    assert "[mw]" in result.stdout


def test_init_is_logged_and_can_be_undone_to_an_empty_database(run: Invoke, new_db: str) -> None:
    """`init` logs every record it added; undoing it leaves a database with no records."""
    db = new_db
    assert run("init", "--db", db, "-q").exit_code == 0
    [entry] = newest_entries(run, db, 5)
    assert (
        entry["summary"] == "added 5 sectors, 34 indicators, 16 targets, 37 observations, 58 milestones, 2 assessments"
    )
    result = run("undo", "--yes", "--db", db, "-q")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 152
    assert run("sectors", "--db", db, "--format", "json").stdout == "[]\n"


def test_init_force_is_a_change_that_undo_reverts(run: Invoke, db: str) -> None:
    """`init --empty --force` over a database is logged as removals, and undo brings every record back."""
    original = run("milestones", "--db", db, "--format", "json").stdout
    assert run("init", "--empty", "--force", "--db", db, "-q").exit_code == 0
    assert run("milestones", "--db", db, "--format", "json").stdout == "[]\n"
    assert run("undo", "--yes", "--db", db, "-q").exit_code == 0
    assert run("milestones", "--db", db, "--format", "json").stdout == original


def test_undo_reverts_the_newest_change_and_prints_the_ids(run: Invoke, db: str, user: str) -> None:
    """undo removes the milestone just added, prints its id, describes what it did on stderr."""
    run("add-milestone", "battery", "잘못 입력", "--db", db, "-q")
    result = run("undo", "--yes", "--db", db)
    assert result.exit_code == 0
    assert result.stdout == "59\n"
    expected = (
        "newest change #2 (2026-11-25 12:04:05 KST): added milestone 59\n"
        f"  by: {user}@city-pc-07: pohang add-milestone battery '잘못 입력' --db {db} -q\n"
        "undid #2; logged as #3 (`pohang undo 3` re-applies it)\n"
    )
    assert as_seen(result.stderr, db) == as_seen(expected, db)
    assert 59 not in milestone_ids(run, db)
    [newest] = newest_entries(run, db, 1)
    assert (newest["seq"], newest["summary"], newest["undoes"]) == (3, "undo #2: removed milestone 59", 2)


def test_undo_restores_the_exact_bytes_of_the_database(run: Invoke, db: str) -> None:
    """After a change and its undo the records are byte-for-byte what they were (only _meta moves on)."""
    before = tables_of(db)
    run("update-milestone", "3", "--due", "2031", "--title", "바뀐 제목", "--db", db, "-q")
    run("undo", "--yes", "--db", db, "-q")
    after = tables_of(db)
    assert {k: v for k, v in after.items() if k != "_meta"} == {k: v for k, v in before.items() if k != "_meta"}


def test_repeated_undo_walks_back_and_never_reuses_a_milestone_id(run: Invoke, db: str) -> None:
    """undo, undo reverts the two newest changes in turn; the next milestone still gets a fresh id."""
    run("add-milestone", "battery", "첫째", "--db", db, "-q")
    run("add-milestone", "battery", "둘째", "--db", db, "-q")
    assert run("undo", "--yes", "--db", db, "-q").stdout == "60\n"
    assert run("undo", "--yes", "--db", db, "-q").stdout == "59\n"
    assert 59 not in milestone_ids(run, db)
    assert run("add-milestone", "battery", "셋째", "--db", db, "-q").stdout == "61\n"


def test_undo_of_an_undo_reapplies_the_change(run: Invoke, db: str) -> None:
    """`pohang undo SEQ` naming an undo re-applies what it undid, as a logged change."""
    run("record", "battery.investment", "8조", "--date", "2025", "--db", db, "-q")
    run("undo", "--yes", "--db", db, "-q")
    result = run("undo", "3", "--yes", "--db", db, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "battery.investment:2025\n", "")
    rows = json.loads(run("history", "battery.investment", "--db", db, "--format", "json").stdout)
    assert any(row["id"] == "battery.investment:2025" and row["value"] == 8e12 for row in rows)
    # The plain undo now reverts the re-applied observation again.
    assert run("undo", "--yes", "--db", db, "-q").stdout == "battery.investment:2025\n"


def test_undo_of_an_already_undone_change_is_refused(run: Invoke, db: str) -> None:
    """Naming a change that was already undone exits 2 and points at the undo that reverted it."""
    run("add-milestone", "battery", "x", "--db", db, "-q")
    run("undo", "--yes", "--db", db, "-q")
    result = run("undo", "2", "--yes", "--db", db)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "change #2 was already undone by #3; `pohang undo 3` re-applies it" in result.stderr


def test_undo_refuses_when_a_later_change_touched_the_same_record(run: Invoke, db: str) -> None:
    """Reverting an older change whose record changed since exits 2 and writes nothing."""
    run("update-milestone", "2", "--note", "하나", "--db", db, "-q")
    run("update-milestone", "2", "--note", "둘", "--db", db, "-q")
    before = state(db)
    result = run("undo", "2", "--yes", "--db", db)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "cannot undo #2: milestone 2 changed since" in result.stderr
    assert state(db) == before


def test_undo_refuses_after_a_hand_edit(run: Invoke, db: str) -> None:
    """A record edited by hand after the change (a text editor, psql) is not silently overwritten by undo.

    On PostgreSQL the database logs the edit made with psql as an entry of its own (#3): undoing the change
    before it (#2) is refused the same way.
    """
    run("add-milestone", "battery", "손으로 고칠 것", "--db", db, "-q")
    if on_postgres(db):
        import psycopg

        with psycopg.connect(db) as conn:
            conn.execute("UPDATE pohang.milestones SET title = '손으로 고침' WHERE id = 59")
    else:
        path = Path(db)
        path.write_text(path.read_text(encoding="utf-8").replace('"손으로 고칠 것"', '"손으로 고침"'), "utf-8")
    before = state(db)
    result = run("undo", "2", "--yes", "--db", db)
    assert result.exit_code == 2
    assert "cannot undo #2: milestone 59 changed since" in result.stderr
    assert state(db) == before


def test_undo_without_a_terminal_needs_yes(run: Invoke, db: str) -> None:
    """Off a terminal undo asks for --yes, exits 2 and changes nothing."""
    run("add-milestone", "battery", "x", "--db", db, "-q")
    before = state(db)
    result = run("undo", "--db", db)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("pohang: undo asks for confirmation: run it in a terminal, or add --yes\n")
    assert state(db) == before


def test_undo_on_a_terminal_asks_and_accepts_yes(run: Invoke, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal undo asks on stderr; answering y reverts the change."""
    monkeypatch.setattr(cli_safety, "_stdin_is_terminal", lambda: True)
    run("add-milestone", "battery", "x", "--db", db, "-q")
    result = run("undo", "--db", db, input="y\n")
    # The test runner echoes the typed answer to stdout, as a terminal would show it.
    assert (result.exit_code, result.stdout) == (0, " y\n59\n")
    assert "Undo change #2? [y/N]:" in result.stderr
    assert 59 not in milestone_ids(run, db)


def test_undo_on_a_terminal_answered_no_changes_nothing(run: Invoke, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Declining the question leaves the database as it was and exits 0."""
    monkeypatch.setattr(cli_safety, "_stdin_is_terminal", lambda: True)
    run("add-milestone", "battery", "x", "--db", db, "-q")
    before = state(db)
    result = run("undo", "--db", db, input="n\n")
    assert (result.exit_code, result.stdout) == (0, " n\n")
    assert result.stderr.endswith("nothing was undone\n")
    assert state(db) == before


def test_undo_with_no_history_exits_2(run: Invoke, sample_db: Path) -> None:
    """A database with no recorded change has nothing to undo."""
    result = run("undo", "--yes", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "nothing to undo" in result.stderr


def test_undo_with_the_log_deleted_exits_4_naming_the_log(run: Invoke, sample_db: Path) -> None:
    """When the log was not kept with the database, undo explains it and writes nothing."""
    db = str(sample_db)
    run("add-milestone", "battery", "x", "--db", db, "-q")
    audit.log_path(sample_db).unlink()
    before = sample_db.read_bytes()
    result = run("undo", "--yes", "--db", db)
    assert (result.exit_code, result.stdout) == (4, "")
    assert f"the audit log {db}.log has no entry for change #1" in result.stderr
    assert sample_db.read_bytes() == before
    listed = run("log", "--db", db)
    assert (listed.exit_code, listed.stdout) == (0, "seq\ttime\tuser\thost\tcommand\tsummary\trecords\tundoes\thash\n")
    assert listed.stderr == (
        f"the audit log {db}.log lacks older entries (deleted, or not copied with the database); "
        "the history shown stops there\n"
    )


def test_an_entry_of_a_write_killed_before_the_replace_is_ignored(run: Invoke, sample_db: Path) -> None:
    """An orphan entry (logged, but the database never replaced) is not in the history; the next write branches."""
    db = str(sample_db)
    run("add-milestone", "battery", "하나", "--db", db, "-q")
    database = Database(sample_db, command="crashed writer", clock=lambda: NOW)
    with database.locked():
        head = database.read_snapshot().head
        ghost = audit.ChangeDoc(Kind.MILESTONES, 60, None, {"id": 60, "sector": "battery", "title": "유령"})
        entry = audit.new_entry(head, [ghost], command="crashed writer", time=NOW)
        file_log.append(database.log_path, entry, encode_line)
        # ...killed here: the database file is never replaced.
    run("add-milestone", "battery", "둘", "--db", db, "-q")
    rows = json.loads(run("log", "--db", db, "--format", "json").stdout)
    assert [(r["seq"], r["command"].split()[1]) for r in rows] == [(2, "add-milestone"), (1, "add-milestone")]
    assert len(log_lines(sample_db)) == 3


def test_a_torn_last_line_is_kept_and_skipped(run: Invoke, sample_db: Path) -> None:
    """A half-written log line is terminated, not removed, and never shown."""
    db = str(sample_db)
    run("add-milestone", "battery", "하나", "--db", db, "-q")
    with audit.log_path(sample_db).open("ab") as handle:
        handle.write(b'{"seq":2,"id":"0123')
    run("add-milestone", "battery", "둘", "--db", db, "-q")
    lines = audit.log_path(sample_db).read_bytes().split(b"\n")
    assert lines[1] == b'{"seq":2,"id":"0123'
    assert [row["seq"] for row in json.loads(run("log", "--db", db, "--format", "json").stdout)] == [2, 1]


def test_restoring_the_backup_moves_the_history_back(run: Invoke, sample_db: Path) -> None:
    """After `cp db.bak db` the log shows the history of the restored file, and undo acts on it."""
    db = str(sample_db)
    run("add-milestone", "battery", "하나", "--db", db, "-q")
    run("add-milestone", "battery", "둘", "--db", db, "-q")
    sample_db.write_bytes(backup_path(sample_db).read_bytes())
    rows = json.loads(run("log", "--db", db, "--format", "json").stdout)
    assert [r["summary"] for r in rows] == ["added milestone 59"]
    run("add-milestone", "battery", "셋", "--db", db, "-q")
    rows = json.loads(run("log", "--db", db, "--format", "json").stdout)
    assert [r["summary"] for r in rows] == ["added milestone 60", "added milestone 59"]
    assert [r["seq"] for r in rows] == [2, 1]
    assert run("undo", "--yes", "--db", db, "-q").stdout == "60\n"


def test_an_import_sized_write_is_one_entry_of_the_stored_documents(tmp_path: Path) -> None:
    """20,000 changes in one write make one log entry whose documents are those in the database, whole."""
    database = Database(tmp_path / "big.json", command="pohang import big.jsonl", clock=lambda: NOW)
    database.create(small_dataset())
    with database.locked():
        dataset = database.read()
        changes = []
        for n in range(20_000):
            observation = Observation(f"battery.x:{n}", "battery.x", PartialDate.of_year(1900 + n % 300), float(n))
            dataset.observations[observation.id] = observation
            changes.append(Change(Kind.OBSERVATIONS, observation.id, None, observation))
        database.write(dataset, changes)
    entry = log_lines(database.path)[-1]
    assert entry["summary"] == "added 20000 observations"
    stored = json.loads(database.path.read_text(encoding="utf-8"))["observations"]
    by_id = {doc["id"]: doc for doc in stored.values()}
    assert all(change["after"] == unpack(Kind.OBSERVATIONS, by_id[change["id"]]) for change in entry["changes"])
    assert len(entry["changes"]) == 20_000


def small_dataset() -> Dataset:
    """One sector with one indicator."""
    dataset = Dataset()
    dataset.sectors["battery"] = Sector("battery", "이차전지", "Batteries")
    dataset.indicators["battery.x"] = Indicator(
        "battery.x", "battery", "엑스", "X", "t", 0.0, PartialDate.of_year(1899)
    )
    return dataset


def test_the_safety_commands_have_help_with_an_example(cli: Invoke) -> None:
    """log, undo and doctor each explain themselves with an example invocation."""
    for command in ("log", "undo", "doctor"):
        result = cli(command, "--help")
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert "Example" in result.stdout, command
        assert f"pohang {command}" in result.stdout.split("Example", 1)[1], command


def test_log_table_shows_seoul_time_and_who(run: Invoke, db: str, user: str) -> None:
    """The table shows KST and user/host; the machine formats keep the stored UTC time."""
    run("add-milestone", "수소", "충전소 착공", "--db", db, "-q")
    table = run("log", "--db", db, "--format", "table", "--lang", "en", "-n", "1")
    assert table.exit_code == 0
    [row] = newest_entries(run, db, 1)
    assert row["user"] == user
    assert user in table.stdout
    assert " KST" in table.stdout
    assert str(row["time"]).endswith("Z")
    assert str(row["time"])[11:19] not in table.stdout  # shown in Seoul time, not UTC
    if not on_postgres(db):  # a server's entries take their time and client host from the server
        assert (row["time"], row["host"]) == ("2026-11-25T03:04:05Z", "city-pc-07")
        assert "2026-11-25 12:04:05 KST" in table.stdout
        assert "city-pc-07" in table.stdout


def test_an_entry_written_before_user_and_host_were_kept_reads_as_unknown(run: Invoke, sample_db: Path) -> None:
    """An older log line without `user`/`host` still reads; the columns are empty."""
    db = str(sample_db)
    run("add-milestone", "수소", "충전소 착공", "--db", db, "-q")
    path = audit.log_path(sample_db)
    path.write_text(path.read_text(encoding="utf-8").replace('"user":"planner","host":"city-pc-07",', ""), "utf-8")
    result = run("log", "--db", db, "--format", "tsv")
    assert result.stdout.splitlines()[1].startswith("1\t2026-11-25T03:04:05Z\t\t\tpohang add-milestone")


def test_the_author_is_the_os_user_and_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a fixed author, entries name the operating-system user (LOGNAME/USER) and the host name."""
    monkeypatch.setenv("LOGNAME", "kim.planner")
    user, host = cli_common.author()
    assert user == "kim.planner"
    assert host == os.uname().nodename
