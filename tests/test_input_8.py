"""Files treated with care (issue 18, point 8).

A read-only database is never written or replaced, a directory given as --db says so, an .xls file gets advice, a
header of no kind lists what was found and what works, a CSV for spreadsheets cannot run formulas (and reads back
exactly; LibreOffice opens it), undoing the change that created a database warns, and an empty database says so.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import Invoke

# ---------------------------------------------------------------------------------------------------
# A read-only database file


@pytest.mark.parametrize(
    "args",
    [
        ["record", "battery.jobs", "1200", "--date", "2025"],
        ["add-milestone", "battery", "착공", "--due", "2027"],
        ["update-sector", "battery", "--note", "확인"],
        ["remove", "milestone", "3", "--yes"],
        ["init", "--force"],
    ],
)
def test_a_read_only_database_is_refused_and_never_replaced(cli: Invoke, sample_db: Path, args: list[str]) -> None:
    """Every write bit clear (as root too, where the permission alone would not stop a replace): exit 4."""
    sample_db.chmod(0o444)
    before = sample_db.stat()
    content = sample_db.read_bytes()
    result = cli(*args, "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        f"pohang: {sample_db} is read-only (no write permission for anyone); nothing was written — make it "
        f"writable with `chmod u+w {sample_db}`, or work on a copy\n"
    )
    after = sample_db.stat()
    assert (after.st_ino, stat.S_IMODE(after.st_mode), sample_db.read_bytes()) == (before.st_ino, 0o444, content)
    assert sorted(p.name for p in sample_db.parent.iterdir() if p.name.startswith(sample_db.name)) == [sample_db.name]


def test_undo_of_a_read_only_database_is_refused_before_it_asks(cli: Invoke, sample_db: Path) -> None:
    assert cli("record", "battery.jobs", "1200", "--date", "2025", "--db", str(sample_db), "-q").exit_code == 0
    sample_db.chmod(0o444)
    result = cli("undo", "--db", str(sample_db))
    assert result.exit_code == 4
    assert "read-only" in result.stderr
    assert "Undo change" not in result.stderr


def test_reading_a_read_only_database_works(cli: Invoke, sample_db: Path) -> None:
    sample_db.chmod(0o444)
    assert cli("status", "--db", str(sample_db), "--format", "tsv").exit_code == 0
    assert cli("check", "--db", str(sample_db), "--format", "tsv").exit_code in (0, 3)


def test_a_file_writable_by_its_group_only_is_not_read_only(cli: Invoke, sample_db: Path) -> None:
    """Only a file with every write bit clear is refused: the permission itself decides the rest."""
    sample_db.chmod(0o464)
    result = cli("record", "battery.jobs", "1200", "--date", "2025", "--db", str(sample_db), "-q")
    if os.geteuid() == 0:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 4


# ---------------------------------------------------------------------------------------------------
# --db given a directory


@pytest.mark.parametrize("command", [["status"], ["record", "battery.jobs", "1", "--date", "2025"], ["init"]])
def test_db_given_a_directory_says_so(cli: Invoke, tmp_path: Path, command: list[str]) -> None:
    result = cli(*command, "--db", str(tmp_path))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        f"pohang: {tmp_path} is a directory, not a database file; name a file in it, e.g. --db {tmp_path}/pohang.json\n"
    )


# ---------------------------------------------------------------------------------------------------
# Files import cannot read, and headers of no kind


def test_an_xls_file_gets_the_advice_to_save_it_as_xlsx(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    old = tmp_path / "실적.XLS"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = cli("import", str(old), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: '{old}' is an Excel 97-2003 workbook (.xls), which pohang does not read; open it in Excel or "
        "LibreOffice and save it as an Excel workbook (.xlsx), then import that\n"
    )


SMALLEST = (
    "indicator,date,value (지표,일자,값) for observations; sector,title (부문,제목) for milestones; "
    "indicator,value,deadline (지표,값,목표연도) for targets; id,sector,name_ko,name_en,unit "
    "(아이디,부문,국문명,영문명,단위) for indicators; id,name_ko,name_en (아이디,국문명,영문명) for sectors"
)


def test_a_header_of_no_kind_lists_the_columns_and_the_smallest_headers(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "h.csv"
    sheet.write_text("구분,금액,메모2\nbattery.jobs,3,x\n", encoding="utf-8")
    result = cli("import", str(sheet), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: {sheet} line 1: cannot tell which kind of record the columns describe (found: 구분, 금액, 메모2); "
        f"the smallest headers that work are {SMALLEST}, or add --kind\n"
    )


@pytest.mark.parametrize("header", ["indicator,date,value", "지표,일자,값", "sector,title", "부문,제목"])
def test_the_smallest_headers_suggested_work(cli: Invoke, sample_db: Path, tmp_path: Path, header: str) -> None:
    row = "battery.jobs,2025,1200" if header.count(",") == 2 else "battery,착공"
    sheet = tmp_path / "small.csv"
    sheet.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = cli("import", str(sheet), "--db", str(sample_db), "--dry-run")
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------------------------------------------
# CSV for spreadsheets cannot run formulas

RISKY = ["=1+1", "+2+3", "-4+5", "@SUM(1,2)", "'quoted", "''twice", '=HYPERLINK("http://x")', "plain"]


def _with_risky_text(cli: Invoke, db: Path) -> None:
    for number, text in enumerate(RISKY):
        options = ["--note", text, "--source", text, "--due", "2030", "--title-en", f"t{number}"]
        result = cli("add-milestone", *options, "--db", str(db), "-q", "--", "battery", text)
        assert result.exit_code == 0, result.stderr


def test_a_csv_for_spreadsheets_defuses_text_cells(cli: Invoke, sample_db: Path) -> None:
    _with_risky_text(cli, sample_db)
    result = cli("export", "--kind", "milestones", "--format", "csv", "--bom", "--db", str(sample_db))
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = [line.split(",", 1)[1] for line in result.stdout_bytes.decode("utf-8-sig").splitlines()]
    assert "battery,'=1+1,t0,planned,,2030,,'=1+1,'=1+1," in rows
    assert "battery,'-4+5,t2,planned,,2030,,'-4+5,'-4+5," in rows
    assert "battery,''quoted,t4,planned,,2030,,''quoted,''quoted," in rows
    assert "battery,plain,t7,planned,,2030,,plain,plain," in rows


def test_the_environment_asks_for_the_same_csv(cli: Invoke, sample_db: Path) -> None:
    _with_risky_text(cli, sample_db)
    flag = cli("export", "--kind", "milestones", "--format", "csv", "--bom", "--db", str(sample_db))
    env = cli("export", "--kind", "milestones", "--format", "csv", "--db", str(sample_db), env={"POHANG_CSV_BOM": "1"})
    assert flag.stdout_bytes == env.stdout_bytes


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_without_a_bom_stay_raw(cli: Invoke, sample_db: Path, fmt: str) -> None:
    _with_risky_text(cli, sample_db)
    result = cli("export", "--kind", "milestones", "--format", fmt, "--db", str(sample_db))
    assert "'=1+1" not in result.stdout
    assert "=1+1" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_a_spreadsheet_csv_round_trip_is_exact(cli: Invoke, sample_db: Path, tmp_path: Path, fmt: str) -> None:
    _with_risky_text(cli, sample_db)
    for kind in ("sectors", "indicators", "targets", "observations", "milestones"):
        exported = cli("export", "--kind", kind, "--format", fmt, "--bom", "--db", str(sample_db)).stdout_bytes
        (tmp_path / f"{kind}.{fmt}").write_bytes(exported)
    copy = tmp_path / "copy.json"
    assert cli("init", "--empty", "--db", str(copy), "-q").exit_code == 0
    for kind in ("sectors", "indicators", "targets", "observations", "milestones"):
        result = cli("import", str(tmp_path / f"{kind}.{fmt}"), "--db", str(copy), "--force", "-q")
        assert result.exit_code == 0, (kind, result.stderr)
    original = json.loads(cli("export", "--kind", "milestones", "--db", str(sample_db)).stdout)
    copied = json.loads(cli("export", "--kind", "milestones", "--db", str(copy)).stdout)
    assert copied == original
    assert {m["note"] for m in copied} >= set(RISKY)


def test_import_removes_exactly_one_quote_and_only_from_a_spreadsheet_csv(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    header = "sector,title,note\n"
    rows = "battery,a,'=1\nbattery,b,''x\nbattery,c,'plain\n"
    with_bom, raw = tmp_path / "bom.csv", tmp_path / "raw.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + (header + rows).encode())
    raw.write_text(header + rows.replace(",a,", ",d,").replace(",b,", ",e,").replace(",c,", ",f,"), encoding="utf-8")
    for path in (with_bom, raw):
        assert cli("import", str(path), "--db", str(sample_db), "-q").exit_code == 0
    notes = {
        m["title"]: m["note"] for m in json.loads(cli("export", "--kind", "milestones", "--db", str(sample_db)).stdout)
    }
    assert [notes[t] for t in "abc"] == ["=1", "'x", "'plain"]
    assert [notes[t] for t in "def"] == ["'=1", "''x", "'plain"]


def _open_in_libreoffice(csv_file: Path, tmp_path: Path) -> list[list[tuple[object, str]]]:
    """The cells of `csv_file` as LibreOffice reads it with formulas evaluated, saved as a workbook."""
    import openpyxl

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    profile = tmp_path / "lo-profile"
    # Comma, double quote, UTF-8, from line 1, ..., token 13: evaluate formulas (what a careless opening does).
    options = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", f"--infilter={options}",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(csv_file)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "lo" / (csv_file.stem + ".xlsx")).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: the test opens the CSV in it",
)
def test_libreoffice_opens_the_spreadsheet_csv_without_running_a_formula(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    _with_risky_text(cli, sample_db)
    defused = tmp_path / "defused.csv"
    defused.write_bytes(
        cli("export", "--kind", "milestones", "--format", "csv", "--bom", "--db", str(sample_db)).stdout_bytes
    )
    raw = tmp_path / "raw.csv"
    raw.write_bytes(
        b"\xef\xbb\xbf" + cli("export", "--kind", "milestones", "--format", "csv", "--db", str(sample_db)).stdout_bytes
    )
    raw_cells = _open_in_libreoffice(raw, tmp_path)
    assert any(kind == "f" for row in raw_cells for _value, kind in row)  # the danger is real without defusing
    cells = _open_in_libreoffice(defused, tmp_path)
    assert not any(kind == "f" for row in cells for _value, kind in row)
    risky_row = next(row for row in cells if row[3][0] == "t0")
    assert risky_row[2] == ("'=1+1", "s")  # shown as typed, with the apostrophe a reader can see


# ---------------------------------------------------------------------------------------------------
# Undoing the change that created the database; status on an empty one


def test_undo_of_the_change_that_created_the_database_warns_and_says_how_to_bring_it_back(
    cli: Invoke, tmp_path: Path
) -> None:
    db = tmp_path / "new.json"
    assert cli("init", "--empty", "--db", str(db), "-q").exit_code == 0
    result = cli("undo", "--yes", "--db", str(db), "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "warning: change #1 created this database; undoing it removes all 5 records it added and leaves the "
        "database empty\n"
        "the database is now empty; `pohang undo 2` brings back everything it held\n"
    )
    assert cli("undo", "2", "--yes", "--db", str(db), "-q").exit_code == 0
    assert len(json.loads(cli("sectors", "--db", str(db), "--format", "json").stdout)) == 5


def test_undo_of_the_creating_change_asks_a_stronger_question(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pohang_cli.cli import safety

    monkeypatch.setattr(safety, "_stdin_is_terminal", lambda: True)
    db = tmp_path / "new.json"
    assert cli("init", "--empty", "--db", str(db), "-q").exit_code == 0
    before = db.read_bytes()
    result = cli("undo", "--db", str(db), input="n\n")
    assert "Empty the database by undoing change #1? [y/N]:" in result.stderr
    assert result.stderr.endswith("nothing was undone\n")
    assert db.read_bytes() == before


def test_a_later_undo_has_no_such_warning(cli: Invoke, sample_db: Path) -> None:
    assert cli("record", "battery.jobs", "1200", "--date", "2025", "--db", str(sample_db), "-q").exit_code == 0
    result = cli("undo", "--yes", "--db", str(sample_db))
    assert "warning" not in result.stderr
    assert "now empty" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "tsv", "json"])
def test_status_on_an_empty_database_says_it_is_empty(cli: Invoke, empty_db: Path, fmt: str) -> None:
    result = cli("status", "--db", str(empty_db), "--format", fmt)
    assert result.exit_code == 0
    assert result.stderr == (
        "the database is empty: no indicators yet — add them with `pohang add-indicator` or `pohang import`, "
        "or start from the sample with `pohang init`\n"
    )


def test_a_listing_for_spreadsheets_defuses_its_text_cells_too(cli: Invoke, sample_db: Path) -> None:
    """`POHANG_CSV_BOM=1` also makes the csv of the listings safe to open; ids and numbers are untouched."""
    _with_risky_text(cli, sample_db)
    args = ("milestones", "--db", str(sample_db), "--format", "csv", "--fields", "title,note,due")
    safe = cli(*args, env={"POHANG_CSV_BOM": "1"}).stdout_bytes.decode("utf-8-sig").splitlines()
    assert "'=1+1,'=1+1,2030" in safe
    assert "'-4+5,'-4+5,2030" in safe
    raw = cli(*args).stdout.splitlines()
    assert "=1+1,=1+1,2030" in raw
