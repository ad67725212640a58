"""Spreadsheets: xlsx export and import, Korean Excel's CSV encodings and headings, refused workbooks."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import python_calamine
import xlsxwriter
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli import transfer
from pohang_cli.errors import InputError
from pohang_cli.models import Kind
from pohang_cli.render.files import output_format, write_document
from pohang_cli.transfer.formats import decode_text
from pohang_cli.transfer.workbook import column_letter

FIXTURES = Path(__file__).parent / "fixtures"
KINDS = ["sectors", "indicators", "targets", "observations", "milestones", "assessments"]


def _sheet_rows(data: bytes, sheet: str) -> list[list[Any]]:
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def _workbook(sheets: dict[str, list[list[Any]]], build: Any = None) -> bytes:
    """A workbook written the way a person's spreadsheet program would, with XlsxWriter."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd"}))
                elif value is not None:
                    sheet.write(r, c, value)
        if build is not None:
            build(book, sheet)
    book.close()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# Export


def test_xlsx_round_trip_gives_the_same_bytes(cli: Invoke, sample_db: Path, empty_db: Path, tmp_path: Path) -> None:
    """export -o a.xlsx, import a.xlsx into an empty database, export again: the same workbook and json."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    result = cli("export", "--db", str(sample_db), "-o", str(first))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"exported 152 record(s) to {first}\n")
    imported = cli("import", str(first), "--db", str(empty_db))
    assert (imported.exit_code, imported.stdout) == (0, "")
    # `init --empty` keeps the five sectors, so they are unchanged
    assert imported.stderr.splitlines()[0] == f"imported {first}: 147 added, 0 updated, 5 unchanged"
    assert cli("export", "--db", str(empty_db), "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    assert cli("export", "--db", str(empty_db)).stdout == cli("export", "--db", str(sample_db)).stdout


def test_workbook_has_a_sheet_per_kind_with_the_csv_columns(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """One sheet per kind, row 1 the csv header; numbers numeric, partial dates text, full dates date cells."""
    path = tmp_path / "all.xlsx"
    assert cli("export", "--db", str(sample_db), "--format", "xlsx", "-o", str(path)).exit_code == 0
    data = path.read_bytes()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == KINDS
    for kind in KINDS:
        csv_header = cli("export", "--db", str(sample_db), "--kind", kind, "--format", "csv").stdout.split("\n")[0]
        assert _sheet_rows(data, kind)[0] == csv_header.split(",")
    observations = _sheet_rows(data, "observations")
    first = dict(zip(observations[0], observations[1], strict=True))
    assert first["id"] == "battery.city-investment-annual:2020"
    assert (first["date"], first["value"], first["provisional"]) == ("2020", 663300000000.0, False)
    milestones = _sheet_rows(data, "milestones")
    dates = [row[milestones[0].index("date")] for row in milestones[1:]]
    assert any(isinstance(d, date) for d in dates)  # a day-precision date is a date cell
    assert all(isinstance(d, date | str) for d in dates)


def test_each_sheet_has_a_frozen_header_and_an_autofilter(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """The sheet XML freezes row 1 and filters the whole table."""
    import zipfile

    path = tmp_path / "t.xlsx"
    assert cli("export", "--db", str(sample_db), "--kind", "targets", "-o", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist().count("xl/worksheets/sheet1.xml") == 1
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert '<autoFilter ref="A1:K17"/>' in xml
    assert '<col min="1" max="1" width="' in xml


def test_kind_writes_that_sheet_alone(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """--kind milestones gives a workbook of the one sheet, every milestone a row."""
    path = tmp_path / "m.xlsx"
    result = cli("export", "--db", str(sample_db), "--kind", "milestones", "-o", str(path))
    assert result.stderr == f"exported 58 record(s) to {path}\n"
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    assert book.sheet_names == ["milestones"]
    assert len(_sheet_rows(path.read_bytes(), "milestones")) == 59


@pytest.mark.parametrize("command", ["export", "report"])
def test_an_extension_pohang_cannot_write_is_refused(
    cli: Invoke, sample_db: Path, tmp_path: Path, command: str
) -> None:
    """-o r.pdf exits 2 naming the formats that can be written, and writes no file."""
    target = tmp_path / "r.pdf"
    result = cli(command, "--db", str(sample_db), "-o", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    writes = {
        "export": "json (.json), jsonl (.jsonl .ndjson), csv (.csv), tsv (.tsv), xlsx (.xlsx)",
        "report": "html (.html .htm), md (.md .markdown), xlsx (.xlsx)",
    }[command]
    assert result.stderr == (
        f"pohang: cannot write '{target}': pohang writes {writes}; name the file with one of these extensions\n"
    )
    assert not target.exists()


def test_a_format_the_file_name_contradicts_is_refused() -> None:
    """--format csv -o all.xlsx is a mistake, not a csv file named .xlsx."""
    with pytest.raises(InputError, match=r"^--format csv does not fit the file name 'all.xlsx'; name it \*.csv$"):
        output_format("all.xlsx", "csv", transfer.WRITABLE, "json")
    assert output_format("backup", None, transfer.WRITABLE, "json") == "json"
    assert output_format("-", "xlsx", transfer.WRITABLE, "json") == "xlsx"
    assert output_format("A.XLSX", None, transfer.WRITABLE, "json") == "xlsx"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_workbook_is_never_written_to_a_terminal() -> None:
    """Bytes of a workbook for `-o -` on a terminal are refused; text still prints."""
    terminal = _Terminal()
    with pytest.raises(InputError, match="a workbook is never written to a terminal"):
        write_document(b"PK\x03\x04", "-", terminal)
    assert write_document("text\n", "-", terminal) is None
    assert terminal.getvalue() == "text\n"


# ---------------------------------------------------------------------------------------------------
# Import: cells, refusals


OBSERVATION_HEADER = ["indicator", "date", "value", "source", "note"]


def _import(cli: Invoke, db: Path, tmp_path: Path, data: bytes, *options: str) -> Any:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    return cli("import", str(path), "--db", str(db), *options)


def test_cells_in_the_value_and_date_grammar_and_date_cells(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Numbers, `1조 6,908억 원`, a date cell, `2024년 6월`; trailing empty rows and styling are ignored."""

    def style(book: Any, sheet: Any) -> None:
        sheet.set_column(0, 8, 20, book.add_format({"bg_color": "#FFFF00"}))
        sheet.write_blank(40, 7, None, book.add_format({"bold": True}))

    rows = [
        OBSERVATION_HEADER,
        ["battery.investment", 2024, "6조 6,908억 원", "https://example.org/a", "잠정"],
        ["battery.investment", datetime(2025, 3, 31), 7.5e12, None, 2025],
        ["battery.investment", "2025년 6월", 8000000000000, None, None],
        [None, None, None, None, None],
    ]
    result = _import(cli, sample_db, tmp_path, _workbook({"observations": rows}, style))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"imported {tmp_path / 'in.xlsx'}: 3 added, 0 updated, 0 unchanged (observations)\n"
    history = cli("history", "battery.investment", "--db", str(sample_db), "--format", "json").stdout
    found = {row["id"]: (row["value"], row["note"]) for row in json.loads(history)}
    assert found["battery.investment:2024"] == (6690800000000, "잠정")
    assert found["battery.investment:2025-03-31"] == (7500000000000, "2025")
    assert found["battery.investment:2025-06"] == (8000000000000, None)


def test_a_bad_row_names_sheet_row_column_and_reason(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Every row is checked first; the bad ones are named as Excel shows them, and nothing is written."""
    before = sample_db.read_bytes()
    rows = [
        OBSERVATION_HEADER,
        ["battery.investment", "2024", 1e12, None, None],
        [None, None, None, None, None],
        ["battery.investment", "2024", "lots", None, None],
        ["battery.invesment", "2023", 5, None, None],
    ]
    result = _import(cli, sample_db, tmp_path, _workbook({"observations": rows}))
    assert (result.exit_code, result.stdout) == (2, "")
    name = tmp_path / "in.xlsx"
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"pohang: {name} sheet 'observations' row 4, column C (value): invalid value 'lots': it is not a number"
    )
    assert lines[1] == (
        f"pohang: {name} sheet 'observations' row 5, column A (indicator): unknown indicator 'battery.invesment'"
        " — did you mean 'battery.investment'? (see `pohang indicators`)"
    )
    assert lines[2] == f"pohang: 2 problems in {name}; nothing was imported"
    assert sample_db.read_bytes() == before


def _merged(book: Any, sheet: Any) -> None:
    sheet.merge_range(0, 0, 0, 1, "indicator")


def _formula(book: Any, sheet: Any) -> None:
    sheet.write_formula(2, 2, "=C2*2", None, 2e12)


def _error(book: Any, sheet: Any) -> None:
    sheet.write_formula(2, 2, "=#REF!*2", None, "#REF!")


@pytest.mark.parametrize(
    ("sheets", "build", "message"),
    [
        (
            {"Sheet1": [OBSERVATION_HEADER]},
            None,
            "has no sheet named after a kind of record (its sheets: 'Sheet1'); name a sheet sectors, indicators, "
            "targets, observations, milestones, assessments, or add --kind to read its only sheet",
        ),
        (
            {"observations": [[None, None, "value"], ["battery.investment", "2024", 1e12]]},
            _merged,
            "sheet 'observations' cells A1:B1 are merged; unmerge them (one heading or value per cell) "
            "and import again",
        ),
        (
            {
                "observations": [
                    OBSERVATION_HEADER,
                    ["battery.investment", "2024", 1e12],
                    ["battery.investment", "2023"],
                ]
            },
            _formula,
            "sheet 'observations' cell C3 holds a formula; paste it as values (Paste Special > Values) "
            "and import again",
        ),
        (
            {
                "observations": [
                    OBSERVATION_HEADER,
                    ["battery.investment", "2024", 1e12],
                    ["battery.investment", "2023"],
                ]
            },
            _error,
            "sheet 'observations' cell C3 holds a formula; paste it as values (Paste Special > Values) "
            "and import again",
        ),
        (
            {"observations": [[*OBSERVATION_HEADER, "remarks"], ["battery.investment", "2024", 1e12]]},
            None,
            "sheet 'observations' cell F1: unknown column 'remarks' for observations; valid columns: "
            "id,indicator,date,value,source,note,provisional,reported,revisions,recorded,note_en "
            "(or add --ignore-extra to leave it out)",
        ),
    ],
    ids=["sheet-names", "merged-header", "formula", "formula-with-error", "extra-column"],
)
def test_bad_workbooks_are_refused_naming_the_cell(
    cli: Invoke, sample_db: Path, tmp_path: Path, sheets: dict[str, list[list[Any]]], build: Any, message: str
) -> None:
    """Exit 2, one sentence naming the sheet and cell, the database byte for byte as it was."""
    before = sample_db.read_bytes()
    result = _import(cli, sample_db, tmp_path, _workbook(sheets, build))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"pohang: {tmp_path / 'in.xlsx'} {message}\n"
    assert sample_db.read_bytes() == before


def test_an_error_cell_without_a_formula_is_refused(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A cell of type error (`t="e"`, `#REF!` left after pasting values) is named; calamine would show it empty."""
    import zipfile

    data = _workbook({"observations": [OBSERVATION_HEADER, ["battery.investment", "2024", 7]]})
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<c r="C2"><v>7</v></c>', b'<c r="C2" t="e"><v>#REF!</v></c>')
                assert b't="e"' in content
            target.writestr(item, content)
    result = _import(cli, sample_db, tmp_path, buffer.getvalue())
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: {tmp_path / 'in.xlsx'} sheet 'observations' cell C2 holds an error value such as #REF!; "
        "fix it and import again\n"
    )


def test_a_password_protected_workbook_is_refused(cli: Invoke, sample_db: Path) -> None:
    """An encrypted workbook (an OLE container, made by msoffcrypto-tool with the password `pohang`) exits 2."""
    before = sample_db.read_bytes()
    path = FIXTURES / "password-protected.xlsx"
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: {path} is password-protected (an encrypted workbook); open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save a copy, then import that\n"
    )
    assert sample_db.read_bytes() == before


def test_kind_reads_the_only_sheet_whatever_its_name(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A department's `Sheet1` imports with --kind; --ignore-extra drops a column that is no field."""
    rows = [["지표", "일자", "값", "담당자"], ["battery.investment", "2024", "6조", "김"]]
    result = _import(cli, sample_db, tmp_path, _workbook({"Sheet1": rows}), "--kind", "observations", "--ignore-extra")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.endswith("1 added, 0 updated, 0 unchanged (observations)\n")


def test_column_letters_are_excels() -> None:
    """0 is A, 25 Z, 26 AA, 701 ZZ, 702 AAA."""
    assert [column_letter(n) for n in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@given(st.integers(min_value=0, max_value=16383))
def test_column_letters_count_in_bijective_base_26(index: int) -> None:
    """Reading the letters back in base 26 with digits 1..26 gives the index."""
    number = 0
    for letter in column_letter(index):
        number = number * 26 + ord(letter) - ord("A") + 1
    assert number - 1 == index


# ---------------------------------------------------------------------------------------------------
# CSV as Korean Excel writes it

KOREAN_CSV = '지표,날짜,실적,출처,비고\nbattery.investment,2024년,6조 6908억,https://example.org/s,"잠정, 통계"\n'


@pytest.mark.parametrize(
    ("encoded", "name", "encoding"),
    [
        (KOREAN_CSV.encode("cp949"), "a.csv", "CP949/EUC-KR"),
        (KOREAN_CSV.encode("euc-kr"), "a.csv", "CP949/EUC-KR"),
        (KOREAN_CSV.encode("utf-8"), "a.csv", "UTF-8"),
        (b"\xef\xbb\xbf" + KOREAN_CSV.encode("utf-8"), "a.csv", "UTF-8 BOM"),
        (KOREAN_CSV.replace(",", "\t").replace('"잠정\t 통계"', "잠정").encode("utf-16"), "a.txt", "UTF-16LE"),
        (
            b"\xfe\xff" + KOREAN_CSV.replace(",", "\t").replace('"잠정\t 통계"', "잠정").encode("utf-16-be"),
            "a.tsv",
            "UTF-16BE",
        ),
        (KOREAN_CSV.replace(",", "\t").replace('"잠정\t 통계"', "잠정").encode("utf-8"), "a.tsv", "UTF-8"),
    ],
    ids=["cp949", "euc-kr", "utf-8", "utf-8-bom", "utf-16le-txt", "utf-16be-tsv", "tsv"],
)
def test_csv_in_each_encoding_excel_writes(
    cli: Invoke, sample_db: Path, tmp_path: Path, encoded: bytes, name: str, encoding: str
) -> None:
    """The encoding is found, named in the note, and Korean headings stand for the English keys."""
    path = tmp_path / name
    path.write_bytes(encoded)
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"imported {path} ({encoding}): 1 added, 0 updated, 0 unchanged (observations)\n"
    history = json.loads(cli("history", "battery.investment", "--db", str(sample_db), "--format", "json").stdout)
    assert next(r["value"] for r in history if r["id"] == "battery.investment:2024") == 6690800000000


def test_undecodable_text_is_refused_with_its_line(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Bytes that are text in none of the encodings exit 2 with the line where decoding failed."""
    path = tmp_path / "bad.csv"
    path.write_bytes(b"indicator,date,value\nbattery.investment,2024,1\n" + b"battery.x,\xff\xfe,1\n")
    before = sample_db.read_bytes()
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"pohang: {path} line 3: not text in UTF-8 or CP949/EUC-KR (byte 57); "
        'save it from Excel as "CSV UTF-8 (comma delimited)" and import it again\n'
    )
    assert sample_db.read_bytes() == before


def test_an_extra_column_is_refused_by_name_or_dropped(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """An unknown column names itself; --ignore-extra leaves it out and imports the rest."""
    path = tmp_path / "x.csv"
    path.write_text("지표,일자,값,담당\nbattery.investment,2024,6조,김\n", encoding="utf-8")
    refused = cli("import", str(path), "--db", str(sample_db))
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"pohang: {path} line 1: unknown column '담당' for observations; valid columns: "
        "id,indicator,date,value,source,note,provisional,reported,revisions,recorded,note_en "
        "(or add --ignore-extra to leave it out)\n"
    )
    accepted = cli("import", str(path), "--db", str(sample_db), "--ignore-extra")
    assert accepted.exit_code == 0
    assert accepted.stderr == f"imported {path} (UTF-8): 1 added, 0 updated, 0 unchanged (observations)\n"


def test_korean_headings_of_milestones() -> None:
    """제목 makes a milestone; its 기한 is the due date (a target's 기한 is its deadline)."""
    parsed = transfer.parse("부문,제목,상태,기한\nbattery,공장 준공,계획,2027\n".encode(), "m", "csv")
    assert parsed.records[0].kind is Kind.MILESTONES
    assert parsed.records[0].doc == {"sector": "battery", "title": "공장 준공", "status": "계획", "due": "2027"}
    targets = transfer.parse("지표,목표,기한\nbattery.investment,14조,2030\n".encode(), "t", "csv")
    assert targets.records[0].doc == {"indicator": "battery.investment", "value": "14조", "deadline": "2030"}


@pytest.mark.parametrize("how", ["option", "environment"])
def test_csv_for_excel_carries_a_bom_on_request(
    cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """--bom (or POHANG_CSV_BOM=1) starts the csv with EF BB BF; without it there is none."""
    plain = cli("export", "--db", str(sample_db), "--kind", "sectors", "--format", "csv").stdout_bytes
    assert plain.startswith(b"id,name_ko")
    if how == "environment":
        monkeypatch.setenv("POHANG_CSV_BOM", "1")
        marked = cli("export", "--db", str(sample_db), "--kind", "sectors", "--format", "csv").stdout_bytes
    else:
        marked = cli("export", "--db", str(sample_db), "--kind", "sectors", "--format", "csv", "--bom").stdout_bytes
    assert marked == b"\xef\xbb\xbf" + plain


def test_tsv_export_imports_back(cli: Invoke, sample_db: Path, empty_db: Path, tmp_path: Path) -> None:
    """export -o sectors.tsv writes tab-separated text that `import sectors.tsv` reads back unchanged."""
    path = tmp_path / "sectors.tsv"
    assert cli("export", "--db", str(sample_db), "--kind", "sectors", "-o", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").split("\n")[0] == "id\tname_ko\tname_en\torder\tsource\tnote\tnote_en"
    result = cli("import", str(path), "--db", str(empty_db))
    assert result.stderr == f"imported {path} (UTF-8): 0 added, 0 updated, 5 unchanged (sectors)\n"


@given(st.text(alphabet=st.characters(codec="cp949", categories=["L", "N", "P", "Zs"]), min_size=1))
def test_any_text_excel_can_save_is_decoded_as_it_was(text: str) -> None:
    """UTF-8 (with or without BOM) and UTF-16 always come back; CP949 does whenever it is not also UTF-8."""
    assert decode_text(text.encode("utf-8"), "x")[0] == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == (text, "UTF-8 BOM")
    assert decode_text(text.encode("utf-16"), "x") == (text, "UTF-16LE")
    encoded = text.encode("cp949")
    try:
        encoded.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_text(encoded, "x") == (text, "CP949/EUC-KR")


# ---------------------------------------------------------------------------------------------------
# The entry template


def test_template_is_an_entry_sheet_a_reference_and_instructions(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """The entry sheet offers the database's indicator ids; the reference lists each with its facts."""
    import zipfile

    path = tmp_path / "입력.xlsx"
    result = cli("template", "-o", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, f"{path}\n")
    assert result.stderr == (
        f"wrote the observations template to {path}; fill in the 'observations' sheet and import it\n"
    )
    data = path.read_bytes()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["observations", "reference", "instructions"]
    assert _sheet_rows(data, "observations") == [
        ["지표 (indicator)", "일자 (date)", "값 (value)", "출처 (source)", "비고 (note)"]
    ]
    reference = _sheet_rows(data, "reference")
    assert reference[0] == [
        "선택 목록 (choice)", "아이디 (id)", "한글 이름 (name_ko)", "영문 이름 (name_en)", "단위 (unit)",
        "기준 (basis)", "최근 실적 (latest_actual)", "최근 실적 일자 (latest_actual_date)",
        "현행 목표 (current_target)", "목표 기한 (target_deadline)", "현행 목표 전체 (current_targets)",
    ]  # fmt: skip
    assert len(reference) == 35  # the 34 indicators of the sample
    investment = next(row for row in reference if row[1] == "battery.investment")
    assert investment[0] == "이차전지 투자 유치 (MOU 기준) (battery.investment)"
    assert investment[6:] == [5600000000000.0, "2023", 14000000000000.0, "2027", "14조 원 (2027)"]
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert (
        '<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
        'errorTitle="지표 (indicator)" error="목록에서 고르십시오. Pick a value from the list." sqref="A2:A1001">'
        "<formula1>reference!$A$2:$A$35</formula1></dataValidation>"
    ) in sheet
    instructions = [row[1] for row in _sheet_rows(data, "instructions")]
    assert any(line.startswith("value: 1234 · 1,234.5") for line in instructions)
    assert any(line.startswith("date: 2024 · 2024-06") for line in instructions)


def test_a_filled_in_template_imports(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Filled in as a person does (text dates kept as typed, a number cell, a value in Korean units), it imports."""
    import openpyxl

    path = tmp_path / "filled.xlsx"
    assert cli("template", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    book = openpyxl.load_workbook(path)
    entry = book["observations"]
    entry.append(["battery.investment", "2024", "6조 6,908억 원", "https://example.org/a", "잠정"])
    entry.append(["battery.jobs", "2025-06", 1200, None, None])
    book.save(path)
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"imported {path}: 2 added, 0 updated, 0 unchanged (observations)\n"
    jobs = json.loads(cli("history", "battery.jobs", "--db", str(sample_db), "--format", "json").stdout)
    assert [(row["id"], row["value"]) for row in jobs if row["kind"] == "observation"] == [
        ("battery.jobs:2025-06", 1200)
    ]


def test_milestone_template_offers_sectors_and_statuses(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """`template milestones`: sector and status drop-downs; filled in, a milestone imports."""
    import openpyxl

    path = tmp_path / "m.xlsx"
    assert cli("template", "milestones", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    rows = _sheet_rows(path.read_bytes(), "milestones")
    assert rows[0][:4] == ["부문 (sector)", "제목 (title)", "영문제목 (title_en)", "상태 (status)"]
    book = openpyxl.load_workbook(path)
    book["milestones"].append(["hydrogen", "수소 충전소 준공", "Hydrogen station built", "planned", "2027"])
    book.save(path)
    result = cli("import", str(path), "--db", str(sample_db))
    assert result.stderr == f"imported {path}: 1 added, 0 updated, 0 unchanged (milestones)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["template", "targets", "-o", "t.xlsx"],
            "pohang: there is no template for targets; use observations or milestones\n",
        ),
        (["template"], "pohang: name the workbook to write: pohang template -o FILE.xlsx\n"),
        (
            ["template", "-o", "t.csv"],
            "pohang: cannot write 't.csv': pohang writes xlsx (.xlsx); name the file with one of these extensions\n",
        ),
    ],
)
def test_template_refusals(
    cli: Invoke, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    """A kind without a template, no -o, or another extension exit 2 and write nothing."""
    monkeypatch.chdir(tmp_path)
    result = cli(*args, "--db", str(sample_db))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv")) == []


# ---------------------------------------------------------------------------------------------------
# The report as a workbook


def test_report_workbook_holds_the_report_as_sheets(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Targets with numeric values beside their display, status fills as in HTML; sectors; milestones; facts."""
    import zipfile

    from pohang_cli.render.report_workbook import STATUS_FILL

    path = tmp_path / "council.xlsx"
    result = cli("report", "--format", "xlsx", "-o", str(path), "--lang", "ko", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, f"{path}\n")
    assert result.stderr == f"xlsx 보고서를 {path}에 썼습니다: 분야 5개, 목표 14개, 기준일 2026-11-25\n"
    # an overdue milestone is marked in the regressing colour, as the HTML report's "late" badge
    data = path.read_bytes()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["목표 현황", "추이 지표 (목표 없음)", "분야 요약", "마일스톤", "표시의 뜻", "정보"]
    # Methodology §7: the watched indicators, S5 among them, with the change beside its text.
    watched = _sheet_rows(data, "추이 지표 (목표 없음)")
    output = next(row for row in watched[1:] if row[10] == "steel.complex-output")
    assert output[2:7] == [
        13870500000000.0,
        "13조 8,705억 원 (2025)",
        14782500000000.0,
        "14조 7,825억 원 (2024)",
        output[6],
    ]
    assert round(output[6], 2) == -6.17
    assert output[7:9] == ["-6.2%; -9,120억 원/년", "목표 없음"]
    targets = _sheet_rows(data, "목표 현황")
    assert targets[0][:6] == ["분야", "지표", "목표", "목표 (표시)", "실적", "실적 (표시)"]
    first = next(row for row in targets[1:] if row[1] == "이차전지 투자 유치 (MOU 기준)")
    assert first[:8] == [
        "battery", "이차전지 투자 유치 (MOU 기준)", 14000000000000.0, "14조 원 (2027)", 5600000000000.0,
        "5조 6,000억 원 (2023 · 35개월 전)", 40.0, 2.0,
    ]  # fmt: skip
    # §8: too little evidence, with what the figures indicate and the flags under the word, and in its own column.
    assert first[9:11] == [
        "근거 부족",
        "2023 자료로는 순항\n잠정치, 자료 오래됨, 도달 시점 경과, 평가 상이\n평가 부진 (2024-12-16)",
    ]
    assert first[15] == "순항"
    legend = _sheet_rows(data, "표시의 뜻")
    assert ["근거 부족", "insufficient"] in [row[:2] for row in legend]
    about = _sheet_rows(data, "정보")
    assert about[1] == ["기준일", "2026-11-25"]
    assert about[2] == ["자료", sample_db.name]  # the file by its name, not the home path
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    from pohang_cli.models import TargetStatus

    for status in (
        TargetStatus.INSUFFICIENT,
        TargetStatus.PENDING_FINAL,
        TargetStatus.NO_DATA,
        TargetStatus.REGRESSING,
    ):
        assert f'<fgColor rgb="FF{STATUS_FILL[status].lstrip("#").upper()}"/>' in styles


def test_status_fills_are_the_html_reports_colours() -> None:
    """Each status's fill is the colour of its badge in the HTML report's style sheet."""
    from pohang_cli.models import TargetStatus
    from pohang_cli.render.html import STYLE
    from pohang_cli.render.report_workbook import STATUS_FILL

    assert STATUS_FILL[TargetStatus.ON_TRACK] == "#1a7f37"
    assert STATUS_FILL[TargetStatus.MISSED] == "#82071e"
    for colour in STATUS_FILL.values():
        assert f":{colour}" in STYLE


# ---------------------------------------------------------------------------------------------------
# Another program reads what pohang writes

SOFFICE = shutil.which("soffice")
# LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from row 1, cell contents as stored rather than
# as shown, and (the last token, -1) every sheet to its own file, `NAME-SHEET.csv`.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)"
)
def test_libreoffice_reads_the_exported_workbook_row_for_row(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """`soffice --convert-to csv` of `export -o all.xlsx` gives pohang's own csv of each kind, row for row.

    LibreOffice writes booleans as TRUE/FALSE where pohang's csv says true/false; nothing else differs.
    """
    assert SOFFICE is not None
    book = tmp_path / "all.xlsx"
    assert cli("export", "--db", str(sample_db), "-o", str(book)).exit_code == 0
    converted = subprocess.run(
        [SOFFICE, "--headless", "--convert-to", CSV_FILTER, "--outdir", str(tmp_path), str(book)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "HOME": str(tmp_path / "profile")},  # a profile of its own, never the user's
    )
    assert converted.returncode == 0, converted.stderr
    for kind in KINDS:
        expected = list(
            csv.reader(io.StringIO(cli("export", "--db", str(sample_db), "--kind", kind, "--format", "csv").stdout))
        )
        text = (tmp_path / f"all-{kind}.csv").read_text(encoding="utf-8")
        found = [
            [{"TRUE": "true", "FALSE": "false"}.get(cell, cell) for cell in row]
            for row in csv.reader(io.StringIO(text))
        ]
        assert found == expected, kind
        assert len(found) > 1 or kind == "assessments"  # the sample may hold no assessment


def test_a_float_of_17_digits_and_text_like_a_formula_survive_the_workbook(
    cli: Invoke, sample_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    """A value needing 17 significant digits comes back exactly; a note `=1+1` stays text, never a formula."""
    recorded = cli(
        "record", "battery.cathode-output", "1234.5678901234567", "--date", "2024", "--note", "=1+1",
        "--db", str(sample_db), "--force",
    )  # fmt: skip
    assert recorded.exit_code == 0
    book = tmp_path / "all.xlsx"
    assert cli("export", "--db", str(sample_db), "-o", str(book)).exit_code == 0
    observations = _sheet_rows(book.read_bytes(), "observations")
    row = next(r for r in observations if r[0] == "battery.cathode-output:2024")
    assert row[3:6] == ["1234.5678901234567", "", "=1+1"]
    assert cli("import", str(book), "--db", str(empty_db), "-q").exit_code == 0
    assert cli("export", "--db", str(empty_db)).stdout == cli("export", "--db", str(sample_db)).stdout


def test_workbook_refusals_in_korean(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Under --lang ko the refusal names the same cell in Korean, from the message catalogue."""
    data = _workbook(
        {"observations": [OBSERVATION_HEADER, ["battery.investment", "2024", 1e12], ["battery.investment", "2023"]]},
        _formula,
    )
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    result = cli("--lang", "ko", "import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"{tmp_path / 'in.xlsx'} 'observations' 시트 C3 셀에 수식이 있습니다. "
        "값으로 붙여 넣고(선택하여 붙여넣기 > 값) 다시 가져오세요\n"
    )


@pytest.mark.parametrize(
    "typed", ["2024", "2024-06", "2024-06-30", "2024.06.30", "2024년 6월", "2024Q2", "2024년 상반기", "July 2023"]
)
def test_every_date_form_the_instructions_give_imports(
    cli: Invoke, sample_db: Path, tmp_path: Path, typed: str
) -> None:
    """The instructions sheet promises these forms; typed into the entry sheet as text, each one imports."""
    import openpyxl

    path = tmp_path / "t.xlsx"
    assert cli("template", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    instructions = " ".join(str(row[0]) for row in _sheet_rows(path.read_bytes(), "instructions"))
    assert typed in instructions
    book = openpyxl.load_workbook(path)
    book["observations"].append(["battery.jobs", typed, 1200, None, None])
    book.save(path)
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr


def test_report_numbers_are_numeric_cells_however_many_digits(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A pace ratio such as 0.13768115942028986 is a number cell shown as 0.14, not text."""
    path = tmp_path / "r.xlsx"
    assert cli("report", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    rows = _sheet_rows(path.read_bytes(), "Targets")
    header = rows[0]
    for row in rows[1:]:
        for name in ("Target", "Progress (%)", "Pace ratio"):
            assert row[header.index(name)] == "" or isinstance(row[header.index(name)], float), (name, row)


def test_listings_as_csv_carry_a_bom_when_asked(cli: Invoke, sample_db: Path) -> None:
    """POHANG_CSV_BOM=1 starts `status --format csv` with a BOM too; tsv and json stay as they were."""
    plain = cli("status", "--db", str(sample_db), "--format", "csv").stdout_bytes
    marked = cli("status", "--db", str(sample_db), "--format", "csv", env={"POHANG_CSV_BOM": "1"}).stdout_bytes
    assert marked == b"\xef\xbb\xbf" + plain
    tsv = cli("status", "--db", str(sample_db), "--format", "tsv", env={"POHANG_CSV_BOM": "1"}).stdout_bytes
    assert tsv.startswith(b"sector\t")
