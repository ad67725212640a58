"""The same program on both backends: every command gives the same exit code, stdout and stderr on a file and
on PostgreSQL holding the same records (the database's own name aside), and `export` the same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Invoke, Run

# Steps run in this order on a fresh sample database: reading commands, writes, refused input, undo,
# and the reading commands again over what the writes left.
SCENARIO: list[tuple[str, ...]] = [
    ("status", "--format", "tsv"),
    ("status", "battery", "수소", "--format", "json"),
    ("status", "--format", "table", "--lang", "ko"),
    ("status", "--year", "2030", "--format", "csv"),
    ("sectors", "--format", "tsv"),
    ("indicators", "--format", "json"),
    ("indicators", "bio", "--format", "table"),
    ("targets", "--history", "--format", "tsv"),
    ("history", "battery.investment", "--format", "json"),
    ("history", "battery.investment", "--format", "table"),
    ("milestones", "--format", "json"),
    ("milestones", "--overdue", "--format", "tsv"),
    ("milestones", "steel", "--status", "done", "--format", "table"),
    ("check",),
    ("check", "--fail-on", "behind"),
    ("report", "-o", "-", "--format", "md"),
    ("export",),
    ("export", "--kind", "observations", "--format", "csv"),
    ("export", "--kind", "milestones", "--format", "jsonl"),
    ("doctor", "--format", "tsv"),
    ("record", "battery.investment", "1조 2000억", "--date", "2025-06", "--source", "https://example.org/a"),
    ("record", "battery.investment", "1조 3000억", "--date", "2025-06"),
    ("record", "battery.investment", "nan", "--date", "2025-06"),
    ("record", "battery.investment", "5", "--date", "2030"),
    ("record", "battery.nope", "5", "--date", "2024"),
    ("record", "battery.investment", "5t", "--date", "2024"),
    ("add-milestone", "수소", "수소 충전소 개소", "--due", "2026-12"),
    ("add-milestone", "nowhere", "x"),
    ("update-milestone", "29", "--status", "done", "--date", "2026-11"),
    ("update-milestone", "999", "--status", "done"),
    (
        "add-indicator",
        "hydrogen",
        "stations",
        "--name-ko",
        "수소충전소",
        "--name-en",
        "Hydrogen stations",
        "--unit",
        "stations",
        "--baseline",
        "3",
        "--baseline-date",
        "2023",
    ),
    ("add-indicator", "hydrogen", "stations", "--name-ko", "a", "--name-en", "b", "--unit", "x", "--baseline", "1"),
    ("add-target", "hydrogen.stations", "12", "--by", "2030"),
    ("add-target", "hydrogen.stations", "12", "--by", "2030"),
    ("revise-target", "hydrogen.stations@2030", "--value", "15", "--reason", "council plan"),
    ("revise-target", "hydrogen.stations@2030", "--by", "2031", "--reason", "delayed"),
    ("revise-target", "hydrogen.stations@2030", "--value", "1", "--reason", "superseded"),
    ("add-sector", "ai", "--name-ko", "인공지능", "--name-en", "Artificial intelligence"),
    ("add-sector", "ai", "--name-ko", "인공지능", "--name-en", "Artificial intelligence"),
    ("update-sector", "ai", "--note", "2026 계획"),
    ("update-indicator", "hydrogen.stations", "--note", "시 집계", "--baseline", "4"),
    ("update-target", "hydrogen.stations@2031", "--note", "지연"),
    ("update-indicator", "hydrogen.stations", "--frequency", "quarterly", "--owner", "포항시 수소정책과"),
    ("record", "hydrogen.stations", "5", "--date", "2025", "--note-en", "five", "--recorded", "2026-01-05"),
    ("assess", "hydrogen.stations@2031", "behind", "--basis", "지연", "--source", "https://example.org/a"),
    ("assess", "hydrogen.stations@2031", "missed", "--basis", "x", "--source", "https://example.org/a"),
    ("history", "hydrogen.stations", "--format", "json"),
    ("targets", "hydrogen", "--history", "--format", "tsv"),
    ("export", "--kind", "assessments", "--format", "csv"),
    ("remove", "assessment", "hydrogen.stations@2031", "--yes"),
    ("remove", "observation", "battery.investment:2025-06", "--yes"),
    ("remove", "indicator", "hydrogen.stations", "--yes"),
    ("remove", "milestone", "29", "--yes"),
    ("remove", "milestone", "999", "--yes"),
    ("sectors", "--format", "tsv"),
    ("log", "--format", "tsv"),
    ("undo", "--yes"),
    ("undo", "--yes"),
    ("log", "--records", "--format", "json", "--limit", "3"),
    ("status", "--format", "json"),
    ("milestones", "--format", "tsv"),
    ("export",),
    ("doctor",),
]


REFUSED = [
    "record battery.investment",
    "record battery.investment",
    "record battery.nope",
    "record battery.investment",
    "add-milestone nowhere",
    "update-milestone 999",
    "add-indicator hydrogen",
    "add-target hydrogen.stations",
    "revise-target hydrogen.stations@2030",
    "add-sector ai",
    "assess hydrogen.stations@2031",
    "remove indicator",
    "remove milestone",
]


def _normalised(run: Run, db: str, shown: str) -> tuple[int, str, str]:
    def clean(text: str) -> str:
        text = text.replace(db, "DB").replace(shown, "DB")
        text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)  # when each write was logged
        text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?", "TIME", text)
        text = re.sub(r"table pohang\.log of DB", "DB.log", text)
        # Who made a change: the operating-system user on a file, the database user on PostgreSQL.
        text = re.sub(r'("user": ?)"[^"]*"', r'\1"USER"', text)
        text = re.sub(r"(?m)^(\d+\tTIME\t)[^\t]*\t", r"\1USER\t", text)
        text = re.sub(r"by: [^@\s]+@", "by: USER@", text)
        # Each entry's hash covers its id, user and host, which differ between the backends.
        text = re.sub(r"\b[0-9a-f]{64}\b", "HASH", text)
        # Where from: the machine's name on a file, the client's address on PostgreSQL (the database says it).
        text = re.sub(r"(?m)^(\d+\tTIME\tUSER\t)[^\t]*\t", r"\1HOST\t", text)
        text = re.sub(r'("host": ?)"[^"]*"', r'\1"HOST"', text)
        text = re.sub(r"by: USER@\S+:", "by: USER@HOST:", text)
        return text

    return run.exit_code, clean(run.stdout), clean(run.stderr)


def _shown(db: str) -> str:
    """How pohang names the database: the URI without its password."""
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1@", db)


@pytest.fixture
def both(cli: Invoke, tmp_path: Path, pg_uri: str) -> tuple[str, str]:
    """A sample database as a file and in PostgreSQL, created by the same `init`."""
    file_db = str(tmp_path / "pohang.json")
    for where in (file_db, pg_uri):
        result = cli("init", "--db", where, "-q")
        assert result.exit_code == 0, result.stderr
    return file_db, pg_uri


def test_every_command_gives_the_same_output_on_both_backends(cli: Invoke, both: tuple[str, str]) -> None:
    """Each step of a session of reading, writing, refused input and undo: same exit code, stdout and stderr."""
    file_db, pg_db = both
    start = json.loads(cli("export", "--db", pg_db).stdout)["next_milestone_id"]
    differences = []
    codes = []
    for step in SCENARIO:
        on_file = _normalised(cli(*step, "--db", file_db), file_db, Path(file_db).name)
        on_pg = _normalised(cli(*step, "--db", pg_db), pg_db, _shown(pg_db))
        codes.append(on_pg[0])
        if on_file != on_pg:
            differences.append((step, on_file, on_pg))
    assert differences == []
    # Not vacuous: the writes went through, the refusals were refusals, and the undos reverted.
    assert [" ".join(s[:2]) for s, c in zip(SCENARIO, codes, strict=True) if c == 2] == REFUSED
    assert codes.count(0) >= len(SCENARIO) - 16  # the refusals above, and check exiting 3
    exported = json.loads(cli("export", "--db", pg_db).stdout)
    assert exported["next_milestone_id"] == start + 1  # one add-milestone; an undone removal keeps its id
    targets = {t["id"]: (t["value"], t["note"]) for t in exported["targets"] if t["indicator"] == "hydrogen.stations"}
    assert targets == {"hydrogen.stations@2030": (15.0, None), "hydrogen.stations@2031": (15.0, "지연")}
    assert "ai" in {sector["id"] for sector in exported["sectors"]}
    assert "battery.investment:2025-06" in {o["id"] for o in exported["observations"]}
