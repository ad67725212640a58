"""The log's hash chain: one canonical encoding, and `doctor` naming each way a log or its records were changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Invoke

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
