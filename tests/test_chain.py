"""The log's hash chain: one canonical encoding, and `doctor` naming each way a log or its records were changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from postgres_server import Server

from pohang_cli import audit, chain

# The test vector of docs/audit-log.md: both the Python and the SQL side give this hash.
VECTOR_CHANGES = b'[{"kind":"milestones","id":59,"before":null,"after":{"id":59,"title":"\xec\x88\x98\xec\x86\x8c"}}]'
VECTOR_PREV = "0" * 64
VECTOR_HASH = "8471aa5b7885a792ab9f389c369a4864a5893fbb9d1c24babb08ab925cf3d137"


def vector_entry() -> audit.LogEntry:
    return audit.LogEntry(
        seq=2,
        id="5c1f0e6a9b8d4c3e2f1a0b9c8d7e6f5a",
        parent="0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        time="2026-12-07T01:02:03Z",
        command="pohang add-milestone 수소 '충전소 착공'",
        summary="added milestone 59",
        undoes=None,
        records=1,
        user="planner",
        host=None,
    )


def test_the_canonical_encoding_is_as_documented() -> None:
    """Each field is `-` for null, else its UTF-8 byte length, a colon and the text; each ends with a newline."""
    digest = chain.changes_digest(VECTOR_CHANGES)
    assert chain.canonical(vector_entry(), VECTOR_PREV, digest) == (
        b"12:pohang-log-1\n1:2\n32:5c1f0e6a9b8d4c3e2f1a0b9c8d7e6f5a\n32:0a1b2c3d4e5f60718293a4b5c6d7e8f9\n"
        + b"64:" + VECTOR_PREV.encode() + b"\n20:2026-12-07T01:02:03Z\n7:planner\n-\n"
        + "46:pohang add-milestone 수소 '충전소 착공'\n".encode()
        + b"18:added milestone 59\n-\n1:1\n64:" + digest.encode() + b"\n"
    )  # fmt: skip


def test_the_test_vector_gives_its_hash() -> None:
    """The documented vector hashes to the documented value (tests/test_chain_postgres.py: the SQL side too)."""
    assert chain.entry_hash(vector_entry(), VECTOR_PREV, chain.changes_digest(VECTOR_CHANGES)) == VECTOR_HASH


# ---------------------------------------------------------------------------------------------------
# The file's log


def lines(db: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in audit.log_path(db).read_text(encoding="utf-8").splitlines()]


def rewrite(db: Path, entries: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n" for entry in entries)
    audit.log_path(db).write_text(text, encoding="utf-8")


def three_changes(cli: Invoke, db: Path) -> None:
    for args in (
        ("add-milestone", "battery", "x", "--due", "2027"),
        ("update-milestone", "1", "--status", "partial"),
        ("record", "battery.investment", "7조 2000억", "--date", "2024"),
    ):
        assert cli(*args, "--db", str(db), "-q").exit_code == 0


def doctor_errors(cli: Invoke, db: Path, *extra: str) -> tuple[int, list[str]]:
    result = cli("doctor", "--db", str(db), "--format", "tsv", *extra)
    rows = [row for row in result.stdout.splitlines()[1:] if row.endswith("\terror")]
    return result.exit_code, [row.removesuffix("\terror") for row in rows]


def test_each_line_carries_the_hash_of_the_one_before(cli: Invoke, sample_db: Path) -> None:
    """Every entry's prev is the hash before it, and its hash is that of its canonical encoding."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    assert entries[0]["prev"] is None
    assert [entry["prev"] for entry in entries[1:]] == [entry["hash"] for entry in entries[:-1]]
    meta = json.loads(sample_db.read_text(encoding="utf-8"))["_meta"]["1"]
    assert meta["log_hash"] == entries[-1]["hash"]
    assert doctor_errors(cli, sample_db) == (0, [])


def test_log_prints_the_head_and_doctor_finds_it(cli: Invoke, sample_db: Path) -> None:
    """`log` prints the head's hash under its table; `doctor --head` with it exits 0."""
    three_changes(cli, sample_db)
    head = lines(sample_db)[-1]["hash"]
    result = cli("log", "--db", str(sample_db), "--format", "table")
    assert result.exit_code == 0
    assert result.stderr == (
        f"head of the log: {head} (`pohang doctor --head HASH` checks later that the log still holds it)\n"
    )
    assert doctor_errors(cli, sample_db, "--head", head.upper()) == (0, [])


def test_an_edited_entry_is_named(cli: Invoke, sample_db: Path) -> None:
    """Changing what an entry says (its command) is found: the entry no longer gives its hash."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    entries[1]["command"] = "pohang update-milestone 1 --status done"
    rewrite(sample_db, entries)
    assert doctor_errors(cli, sample_db) == (
        1,
        ["log\t#2\tlog-entry-changed\tentry #2 was changed after it was written: its content no longer gives its hash"],
    )


def test_a_rewritten_entry_with_a_new_hash_breaks_the_next_link(cli: Invoke, sample_db: Path) -> None:
    """An entry replaced whole, its own hash recomputed, leaves the entry after it pointing at the old hash."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    forged = audit.LogEntry(**{**{k: v for k, v in entries[0].items() if k != "changes"}, "summary": "nothing"})
    changes = json.dumps(entries[0]["changes"], ensure_ascii=False, separators=(",", ":")).encode()
    entries[0]["summary"] = "nothing"
    entries[0]["hash"] = chain.entry_hash(forged, None, chain.changes_digest(changes))
    rewrite(sample_db, entries)
    assert doctor_errors(cli, sample_db) == (
        1,
        [
            "log\t#2\tlog-broken-link\tthe chain breaks at entry #2: it does not follow the hash of the entry "
            "before it (#1); an entry was removed, inserted or replaced"
        ],
    )


def test_a_deleted_entry_is_named(cli: Invoke, sample_db: Path) -> None:
    """An entry removed from the file's log is named by its number."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    rewrite(sample_db, [entries[0], entries[2]])
    code, found = doctor_errors(cli, sample_db)
    assert code == 1
    assert [row.split("\t")[:3] for row in found] == [["log", "#2", "log-incomplete"]]


def test_a_record_edited_in_the_file_is_named(cli: Invoke, sample_db: Path) -> None:
    """A logged record changed by editing the file, with no entry, is named with its id."""
    three_changes(cli, sample_db)
    tables = json.loads(sample_db.read_text(encoding="utf-8"))
    milestone = next(doc for doc in tables["milestones"].values() if doc["id"] == 1)
    milestone["status"] = "done"
    sample_db.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    assert doctor_errors(cli, sample_db) == (
        1,
        [
            "milestone\t1\tunlogged-change\tit differs from what the log's last change of it stored: changed with "
            "no log entry"
        ],
    )


def test_a_record_added_to_a_database_logged_from_its_start_is_named(cli: Invoke, tmp_path: Path) -> None:
    """In a database whose log holds its creation, a record no entry added is named."""
    db = tmp_path / "new.json"
    assert cli("init", "--db", str(db), "-q").exit_code == 0
    tables = json.loads(db.read_text(encoding="utf-8"))
    tables["sectors"]["99"] = {"id": "ports", "name_ko": "항만", "name_en": "Ports"}
    db.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    code, found = doctor_errors(cli, db)
    assert code == 1
    assert [row.split("\t")[:3] for row in found] == [["sector", "ports", "unlogged-change"]]


def test_a_rewritten_history_no_longer_holds_the_noted_head(cli: Invoke, sample_db: Path) -> None:
    """Dropping the newest entry and pointing the file at the one before is found against a noted head."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    noted = entries[-1]["hash"]
    assert cli("undo", "--yes", "--db", str(sample_db), "-q").exit_code == 0
    rewrite(sample_db, entries[:2])
    tables = json.loads(sample_db.read_text(encoding="utf-8"))
    tables["_meta"]["1"].update(log_seq=2, log_head=entries[1]["id"], log_hash=entries[1]["hash"])
    sample_db.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    assert doctor_errors(cli, sample_db) == (0, [])
    code, found = doctor_errors(cli, sample_db, "--head", noted)
    assert code == 1
    assert found == [
        f"log\t{noted}\tlog-head-missing\tthe log holds no entry of hash {noted}: the history was rewritten since "
        f"that head was noted (its head is now {entries[1]['hash']})"
    ]


def test_a_head_that_is_no_hash_is_refused(cli: Invoke, sample_db: Path) -> None:
    """`--head` takes 64 hexadecimal digits: anything else exits 2 saying so."""
    result = cli("doctor", "--db", str(sample_db), "--head", "abc")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--head takes the 64 hexadecimal digits" in result.stderr


def test_a_log_older_than_the_chain_is_chained_on_the_next_write(cli: Invoke, sample_db: Path) -> None:
    """Entries without hashes are kept as they are; the next entry's prev covers them, edits included."""
    three_changes(cli, sample_db)
    entries = lines(sample_db)
    for entry in entries:
        del entry["prev"], entry["hash"]
    rewrite(sample_db, entries)
    tables = json.loads(sample_db.read_text(encoding="utf-8"))
    del tables["_meta"]["1"]["log_hash"]
    sample_db.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    assert doctor_errors(cli, sample_db) == (0, [])
    assert cli("add-milestone", "steel", "y", "--db", str(sample_db), "-q").exit_code == 0
    upgraded = lines(sample_db)
    assert upgraded[:3] == entries  # nothing rewritten
    derived = chain.check(reversed(list(audit.take(_history(sample_db)).entries)), _digest)
    assert upgraded[3]["prev"] == derived.links[2].computed
    assert doctor_errors(cli, sample_db) == (0, [])
    upgraded[0]["summary"] = "nothing"
    rewrite(sample_db, upgraded)
    code, found = doctor_errors(cli, sample_db)
    assert code == 1
    assert [row.split("\t")[:3] for row in found] == [["log", "#4", "log-broken-link"]]


def _history(db: Path) -> Any:
    from pohang_cli.storage import Database

    return Database(db).history()


def _digest(entry: audit.LogEntry) -> str:
    from pohang_cli.storage.log import stored_digest

    return stored_digest(entry)


# ---------------------------------------------------------------------------------------------------
# PostgreSQL: the database writes and chains its log


def sql(uri: str, statement: str, params: tuple[Any, ...] = (), *, replica: bool = False) -> list[tuple[Any, ...]]:
    """Run one statement and commit; `replica` runs it with the triggers off, as only a superuser may."""
    import psycopg

    with psycopg.connect(uri) as conn:
        if replica:
            conn.execute("SET session_replication_role = replica")
        cursor = conn.execute(statement.encode() if not params else statement, params or None)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def sample_pg(cli: Invoke, pg_uri: str) -> str:
    assert cli("init", "--db", pg_uri, "-q").exit_code == 0
    return pg_uri


@pytest.fixture
def editor(cli: Invoke, sample_pg: str, postgres_server: Server) -> Iterator[str]:
    """The URI of a login role that holds the database's editor role."""
    database = sample_pg.rsplit("/", 1)[1]
    role = f"ed_{database}"
    sql(sample_pg, f"DROP ROLE IF EXISTS {role}")
    sql(sample_pg, f"CREATE ROLE {role} LOGIN PASSWORD 'pw-ed'")
    assert cli("roles", "grant", role, "editor", "--db", sample_pg, "-q").exit_code == 0
    yield postgres_server.uri(database, user=role, password="pw-ed")
    sql(sample_pg, f"DROP OWNED BY {role}; DROP ROLE {role}")


def test_the_sql_side_gives_the_test_vector(sample_pg: str) -> None:
    """pohang.entry_hash reproduces the documented vector, byte for byte (the Python side: above)."""
    entry = vector_entry()
    [(found,)] = sql(
        sample_pg,
        "SELECT pohang.entry_hash(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (entry.seq, entry.id, entry.parent, VECTOR_PREV, entry.time, entry.user, entry.host, entry.command,
         entry.summary, entry.undoes, entry.records, VECTOR_CHANGES.decode()),
    )  # fmt: skip
    assert found == VECTOR_HASH


def test_a_psql_transaction_is_one_entry_under_its_user_and_application(editor: str, sample_pg: str) -> None:
    """An editor's change with psql is logged by the database: one entry, its user, its client's name."""
    import psycopg

    with psycopg.connect(editor, application_name="psql") as conn:
        conn.execute("UPDATE pohang.milestones SET status = 'done' WHERE id = 2")
        conn.execute("DELETE FROM pohang.assessments")
        conn.execute("UPDATE pohang.milestones SET title = 'retitled' WHERE id = 2")
    [(user, command, summary, records)] = sql(
        sample_pg, "SELECT db_user, command, summary, records FROM pohang.log WHERE seq = 2"
    )
    assert (user, command, records) == (editor.split("//")[1].split("@", maxsplit=1)[0], "psql", 3)
    assert summary == "changed 1 milestone; removed 2 assessments"


@pytest.mark.parametrize(
    ("statement", "summary"),
    [
        ("INSERT INTO pohang.milestones (id, sector, title, status) VALUES (900, 'bio', 'new', 'planned')",
         "added milestone 900"),
        ("UPDATE pohang.observations SET revisions = '[\n {\"value\": 1.5, \"date\": \"2024-01\"}\r\n]', "
         "note = E'two\nlines' WHERE id = (SELECT min(id) FROM pohang.observations)", None),
        ("UPDATE pohang.milestones SET id = 901 WHERE id = 2", "added 1 milestone; removed 1 milestone"),
        ("DELETE FROM pohang.assessments", "removed 2 assessments"),
        ("TRUNCATE pohang.assessments", "removed 2 assessments"),
    ],
)  # fmt: skip
def test_each_change_is_logged_in_the_documented_shape(sample_pg: str, statement: str, summary: str | None) -> None:
    """Every change of an entry is {"kind","id","before","after"} as pohang.log_change writes it, on one line."""
    sql(sample_pg, statement)
    [(found, text)] = sql(sample_pg, "SELECT summary, changes::text FROM pohang.log ORDER BY seq DESC LIMIT 1")
    if summary is not None:
        assert found == summary
    assert "\n" not in text
    assert "\r" not in text
    mismatched = sql(
        sample_pg,
        "SELECT c::text FROM pohang.log, json_array_elements(changes) AS c WHERE seq = (SELECT max(seq) FROM "
        "pohang.log) AND c::text <> pohang.log_change(c ->> 'kind', c -> 'id', nullif((c -> 'before')::text, "
        "'null')::json, nullif((c -> 'after')::text, 'null')::json)",
    )
    assert mismatched == []
    assert text.count('"kind":') == len(json.loads(text))


def test_an_editor_may_not_touch_the_log(editor: str) -> None:
    """INSERT, UPDATE and DELETE on the log are refused to an editor."""
    import psycopg

    for statement in (
        "INSERT INTO pohang.log (seq, id, command, summary, records, changes) VALUES (99, 'x', 'c', 's', 0, '[]')",
        "UPDATE pohang.log SET command = 'forged'",
        "DELETE FROM pohang.log",
        "UPDATE pohang.log_head SET seq = 0",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(editor, statement)


def test_truncate_is_logged_and_undone(cli: Invoke, sample_pg: str) -> None:
    """TRUNCATE records every row it removes, so `undo` brings them back."""
    before = cli("export", "--db", sample_pg).stdout
    sql(sample_pg, "TRUNCATE pohang.assessments")
    [(summary,)] = sql(sample_pg, "SELECT summary FROM pohang.log ORDER BY seq DESC LIMIT 1")
    assert summary == "removed 2 assessments"
    assert cli("undo", "--yes", "--any", "--db", sample_pg, "-q").exit_code == 0
    assert cli("export", "--db", sample_pg).stdout == before
    assert doctor_errors(cli, sample_pg) == (0, [])


def test_concurrent_writers_make_one_linear_chain(cli: Invoke, sample_pg: str) -> None:
    """Eight sessions committing at once leave consecutive entries, each following the one before."""
    import threading

    import psycopg

    def write(number: int) -> None:
        with psycopg.connect(sample_pg) as conn:
            for step in range(5):
                conn.execute("UPDATE pohang.milestones SET note = %s WHERE id = %s", (f"{number}-{step}", number + 1))
                conn.commit()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = sql(sample_pg, "SELECT seq, prev, hash FROM pohang.log ORDER BY seq")
    assert [row[0] for row in rows] == list(range(1, 42))
    assert [row[1] for row in rows[1:]] == [row[2] for row in rows[:-1]]
    assert doctor_errors(cli, sample_pg) == (0, [])


def test_an_edited_entry_is_named_on_postgres(cli: Invoke, sample_pg: str) -> None:
    """The schema's owner changing an entry's command is found."""
    assert cli("add-milestone", "battery", "x", "--db", sample_pg, "-q").exit_code == 0
    sql(sample_pg, "UPDATE pohang.log SET command = 'pohang init' WHERE seq = 2")
    assert doctor_errors(cli, sample_pg) == (
        1,
        ["log\t#2\tlog-entry-changed\tentry #2 was changed after it was written: its content no longer gives its hash"],
    )


def test_a_rewritten_entry_breaks_the_next_link_on_postgres(cli: Invoke, sample_pg: str) -> None:
    """An entry rewritten with a hash that matches its new content leaves the next entry pointing at the old one."""
    for title in ("x", "y"):
        assert cli("add-milestone", "battery", title, "--db", sample_pg, "-q").exit_code == 0
    sql(
        sample_pg,
        "UPDATE pohang.log SET summary = 'nothing', hash = pohang.entry_hash(seq, id, parent, prev, time, db_user, "
        "host, command, 'nothing', undoes, records, changes::text) WHERE seq = 2",
    )
    assert doctor_errors(cli, sample_pg) == (
        1,
        [
            "log\t#3\tlog-broken-link\tthe chain breaks at entry #3: it does not follow the hash of the entry "
            "before it (#2); an entry was removed, inserted or replaced"
        ],
    )


def test_a_deleted_entry_is_named_on_postgres(cli: Invoke, sample_pg: str) -> None:
    """An entry deleted from pohang.log is named by its number, the newest as well."""
    for title in ("x", "y"):
        assert cli("add-milestone", "battery", title, "--db", sample_pg, "-q").exit_code == 0
    sql(sample_pg, "DELETE FROM pohang.log WHERE seq = 2")
    code, found = doctor_errors(cli, sample_pg)
    assert (code, [row.split("\t")[:3] for row in found]) == (1, [["log", "#2", "log-incomplete"]])
    sql(sample_pg, "DELETE FROM pohang.log WHERE seq = 3")
    code, found = doctor_errors(cli, sample_pg)
    assert (code, [row.split("\t")[:3] for row in found]) == (1, [["log", "#3", "log-incomplete"]])


def test_a_record_changed_with_the_triggers_off_is_named(cli: Invoke, sample_pg: str) -> None:
    """A superuser's change that bypasses the triggers leaves a record the log does not explain."""
    sql(sample_pg, "UPDATE pohang.milestones SET status = 'cancelled' WHERE id = 3", replica=True)
    assert doctor_errors(cli, sample_pg) == (
        1,
        [
            "milestone\t3\tunlogged-change\tit differs from what the log's last change of it stored: changed with "
            "no log entry"
        ],
    )
    sql(sample_pg, "INSERT INTO pohang.sectors (id, name_ko, name_en) VALUES ('ports', '항만', 'Ports')", replica=True)
    _code, found = doctor_errors(cli, sample_pg)
    assert [row.split("\t")[:3] for row in found][1:] == [["sector", "ports", "unlogged-change"]]


def test_a_noted_head_is_found_until_the_history_is_rewritten_on_postgres(cli: Invoke, sample_pg: str) -> None:
    """`doctor --head` holds while the chain does, and names the head once the owner drops the newest entries."""
    assert cli("add-milestone", "battery", "x", "--db", sample_pg, "-q").exit_code == 0
    [(noted,)] = sql(sample_pg, "SELECT hash FROM pohang.log ORDER BY seq DESC LIMIT 1")
    assert doctor_errors(cli, sample_pg, "--head", noted) == (0, [])
    sql(sample_pg, "DELETE FROM pohang.milestones WHERE id = 59", replica=True)
    sql(sample_pg, "DELETE FROM pohang.log WHERE seq = 2")
    sql(sample_pg, "UPDATE pohang.log_head SET (seq, id, hash) = (SELECT seq, id, hash FROM pohang.log WHERE seq = 1)")
    assert doctor_errors(cli, sample_pg) == (0, [])
    code, found = doctor_errors(cli, sample_pg, "--head", noted)
    assert (code, [row.split("\t")[2] for row in found]) == (1, ["log-head-missing"])


# ---------------------------------------------------------------------------------------------------
# A whole database with its history, between backends


def test_a_database_moves_file_to_postgres_to_file_with_its_chain(cli: Invoke, tmp_path: Path, pg_uri: str) -> None:
    """export --with-log and import --with-log carry records, history and chain; doctor verifies each end."""
    source = tmp_path / "city.json"
    assert cli("init", "--db", str(source), "-q").exit_code == 0
    three_changes(cli, source)
    backup = tmp_path / "backup.json"
    exported = cli("export", "--with-log", "-o", str(backup), "--db", str(source))
    assert exported.exit_code == 0, exported.stderr
    head = lines(source)[-1]["hash"]

    restored = cli("import", "--with-log", str(backup), "--db", pg_uri)
    assert (restored.exit_code, restored.stdout) == (0, "")
    assert restored.stderr.endswith(f"restored 154 records and 4 log entries into {pg_uri}\nhead of the log: {head}\n")
    assert doctor_errors(cli, pg_uri, "--head", head) == (0, [])
    assert cli("export", "--db", pg_uri).stdout == cli("export", "--db", str(source)).stdout
    # The next change on PostgreSQL is written by the database and follows the file's entries.
    assert cli("add-milestone", "steel", "y", "--db", pg_uri, "-q").exit_code == 0
    [(prev,)] = sql(pg_uri, "SELECT prev FROM pohang.log WHERE seq = 5")
    assert prev == head

    again = tmp_path / "again.json"
    moved = tmp_path / "moved.json"
    assert cli("export", "--with-log", "-o", str(again), "--db", pg_uri, "-q").exit_code == 0
    assert cli("import", "--with-log", str(again), "--db", str(moved), "-q").exit_code == 0
    assert doctor_errors(cli, moved, "--head", head) == (0, [])
    assert [entry["hash"] for entry in lines(moved)][:4] == [entry["hash"] for entry in lines(source)]
    assert cli("export", "--db", str(moved)).stdout == cli("export", "--db", pg_uri).stdout
    assert cli("undo", "--yes", "--db", str(moved), "-q").exit_code == 0  # the entries restored still undo
    assert doctor_errors(cli, moved) == (0, [])


def test_import_with_log_never_replaces_a_database(cli: Invoke, tmp_path: Path, sample_db: Path) -> None:
    """A --db that already holds a database exits 2 and is left as it was."""
    backup = tmp_path / "backup.json"
    assert cli("export", "--with-log", "-o", str(backup), "--db", str(sample_db), "-q").exit_code == 0
    before = sample_db.read_bytes()
    result = cli("import", "--with-log", str(backup), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: {sample_db} already exists; import --with-log creates a new database with its history — give a "
        "--db where there is none\n"
    )
    assert sample_db.read_bytes() == before


def test_a_changed_export_is_refused(cli: Invoke, tmp_path: Path, sample_db: Path) -> None:
    """An entry edited in the export after it was written fails the chain: nothing is written."""
    three_changes(cli, sample_db)
    backup = tmp_path / "backup.json"
    assert cli("export", "--with-log", "-o", str(backup), "--db", str(sample_db), "-q").exit_code == 0
    document = json.loads(backup.read_text(encoding="utf-8"))
    document["log"][1]["user"] = "someone-else"
    backup.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "target.json"
    result = cli("import", "--with-log", str(backup), "--db", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "entry #2 of its log does not hold in the chain" in result.stderr
    assert not target.exists()


def test_the_report_shows_the_head_of_the_log(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """html, md and xlsx reports name the head of the log, so a reader can check it later."""
    three_changes(cli, sample_db)
    head = lines(sample_db)[-1]["hash"]
    markdown = cli("report", "--format", "md", "-o", "-", "--db", str(sample_db))
    assert f"- Head of the log: `{head}`\n" in markdown.stdout
    html = cli("report", "--format", "html", "-o", "-", "--db", str(sample_db))
    assert f"<dt>Head of the log</dt><dd><code>{head}</code></dd>" in html.stdout
    workbook = tmp_path / "report.xlsx"
    assert cli("report", "--format", "xlsx", "-o", str(workbook), "--db", str(sample_db), "-q").exit_code == 0
    from openpyxl import load_workbook

    cells = [cell.value for sheet in load_workbook(workbook) for row in sheet.iter_rows() for cell in row]
    assert head in cells
