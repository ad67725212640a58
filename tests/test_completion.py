"""Shell completion, driven as bash, zsh and fish drive it: ids and names from the database, and option choices.

Each test runs the console script's entry point in a process of its own with the environment the shell's
completion script sets (`_POHANG_COMPLETE`, then COMP_WORDS/COMP_CWORD for bash, _TYPER_COMPLETE_ARGS for
zsh and fish), and reads the candidates from stdout. The tests of ids and names run on both backends (the
`db` fixture): on PostgreSQL the completer reads the table from the database the URI names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SECTORS = ["battery", "hydrogen", "bio", "steel", "future-tech"]
SECTOR_NAMES = ["이차전지", "수소", "바이오", "철강신소재", "미래기술"]


def _run(env: dict[str, str], db: Path | str | None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("POHANG_", "_POHANG"))}
    environment.update(env)
    if db is not None:
        environment["POHANG_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-m", "pohang_cli"],
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def bash(line: str, db: Path | str | None) -> list[str]:
    """The candidates bash gets for the last word of `line` (an empty last word when it ends in a space)."""
    words = line.split(" ")
    result = _run(
        {"_POHANG_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}, db
    )
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.splitlines()


def zsh(line: str, db: Path | str | None) -> str:
    result = _run({"_POHANG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}, db)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def fish(line: str, db: Path | str | None) -> list[str]:
    env = {"_POHANG_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = _run(env, db)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.splitlines()


def test_bash_completes_sector_ids_then_korean_names(db: str) -> None:
    """`pohang status <TAB>` offers the sectors in their display order, ids first, then their Korean names."""
    assert bash("pohang status ", db) == SECTORS + SECTOR_NAMES


def test_bash_completes_indicator_ids_by_their_beginning(db: str) -> None:
    """`pohang history battery.cat<TAB>` offers the three cathode indicators."""
    assert bash("pohang history battery.cat", db) == [
        "battery.cathode-output",
        "battery.cathode-rank",
        "battery.cathode-sales",
    ]


def test_bash_completes_korean_indicator_names_by_their_beginning(db: str) -> None:
    """`pohang history 양극재<TAB>` offers the Korean names that begin so, which history accepts unquoted."""
    assert bash("pohang history 양극재", db) == ["양극재 생산량", "양극재 세계 순위", "양극재 매출"]


def test_bash_completes_target_ids(db: str) -> None:
    """`pohang revise-target hydrogen<TAB>` offers the current targets before the superseded ones."""
    assert bash("pohang revise-target hydrogen", db) == [
        "hydrogen.companies@2035",
        "hydrogen.sales@2035",
        "hydrogen.companies@2030",
        "hydrogen.sales@2030",
    ]


def test_bash_completes_milestone_ids(db: str) -> None:
    """`pohang update-milestone 2<TAB>` offers milestones 2 and 20 to 29."""
    assert bash("pohang update-milestone 2", db) == ["2", *(str(n) for n in range(20, 30))]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pohang status --format ", ["table", "tsv", "csv", "json", "jsonl", "md"]),
        ("pohang status --format j", ["json", "jsonl"]),
        ("pohang milestones --lang ", ["ko", "en"]),
        ("pohang --lang ", ["ko", "en"]),
        ("pohang milestones --color ", ["auto", "always", "never"]),
        (
            "pohang milestones --status ",
            ["planned", "in_progress", "on_hold", "done", "partial", "cancelled", "unknown"],
        ),
        ("pohang update-milestone 3 --status d", ["done"]),
        ("pohang add-indicator battery new-one --kind ", ["level", "cumulative"]),
        ("pohang add-indicator battery new-one --direction ", ["increase", "decrease"]),
        ("pohang check --fail-on m", ["missed"]),
        ("pohang report --format ", ["html", "md", "xlsx"]),
    ],
)
def test_bash_completes_option_choices(sample_db: Path, line: str, expected: list[str]) -> None:
    """Options with a fixed set of values offer exactly those values."""
    assert bash(line, sample_db) == expected


def test_bash_completes_command_names(sample_db: Path) -> None:
    """`pohang hi<TAB>` offers history; `pohang --lang ko sta<TAB>` offers status after the global options."""
    assert bash("pohang hi", sample_db) == ["history"]
    assert bash("pohang --lang ko sta", sample_db) == ["status"]


def test_the_database_of_db_on_the_command_line_is_read(db: str, tmp_path: Path) -> None:
    """`--db PATH` or `--db postgresql://…`, before or after the command, names the database whose ids are offered."""
    assert bash(f"pohang --db {db} history battery.j", None) == ["battery.jobs"]
    assert bash(f"pohang history --db {db} battery.j", tmp_path / "none.json") == ["battery.jobs"]


def test_a_server_that_cannot_be_read_offers_nothing(pg_uri: str) -> None:
    """A URI naming a database without pohang's schema, or a server that is not there: no candidates, no output."""
    assert bash(f"pohang history --db {pg_uri} battery.j", None) == [""]
    assert bash("pohang history --db postgresql://127.0.0.1:1/none battery.j", None) == [""]


def test_no_database_offers_nothing_and_creates_nothing(tmp_path: Path) -> None:
    """With no database yet, a TAB offers no ids and does not create the default database from the sample."""
    home = tmp_path / "home"
    env = {"XDG_DATA_HOME": str(home), "_POHANG_COMPLETE": "complete_bash"}
    result = _run({**env, "COMP_WORDS": "pohang history ", "COMP_CWORD": "2"}, None)
    assert (result.returncode, result.stdout, result.stderr) == (0, "\n", "")  # no candidates: an empty line
    assert not home.exists()


def test_zsh_gets_the_candidates_with_their_names(db: str) -> None:
    """zsh gets `_arguments` with each id and what it is, as Typer's zsh script evaluates it."""
    assert zsh("pohang history battery.inv", db) == (
        '_arguments \'*: :(("battery.investment":"이차전지 투자 유치 (MOU 기준)"))\'\n'
    )


def test_fish_gets_the_candidates_with_their_titles(db: str) -> None:
    """fish gets one `value<TAB>help` line per candidate."""
    assert fish("pohang update-milestone 1", db) == [
        "1\t배터리 규제자유특구 지정",
        "10\t수소산업협의체 출범",
        "11\t지방시대 주도 수소 경제 대전환 비전 선포식",
        "12\t수소연료전지 클러스터 입주기업 협의회 구성 및 5개사 투자 협약",
        "13\t수소·연료전지 특화단지 지정",
        "14\t국토부 수소도시 조성사업 (2023~2026)",
        "15\t수소연료전지 클러스터 조성 (2024~2028)",
        "16\t세포막단백질연구소 준공",
        "17\t그린백신실증지원센터 개소",
        "18\t포스텍 첨단 바이오 혁신연구센터(IRC) 선정",
        "19\t포스텍 바이오 미래기술 혁신연구센터 개소",
    ]
    assert fish("pohang milestones ", db)[:2] == [
        "battery\t이차전지 · Secondary batteries",
        "hydrogen\t수소 · Hydrogen",
    ]


def test_bash_completes_what_remove_and_the_editing_commands_take(db: str) -> None:
    """`remove` offers the kinds, then the ids of the kind given; `update-indicator` and `update-target` their ids."""
    assert bash("pohang remove ", db) == ["observation", "milestone", "target", "indicator"]
    assert bash("pohang remove target future", db) == [
        "future-tech.datacenter-capacity@2027",
        "future-tech.datacenter-investment@2028",
    ]
    assert bash("pohang remove observation battery.investment:", db) == ["battery.investment:2023"]
    assert bash("pohang update-indicator hydrogen.co", db) == ["hydrogen.companies"]
    assert bash("pohang update-target hydrogen.sales", db) == ["hydrogen.sales@2035", "hydrogen.sales@2030"]
    assert bash("pohang update-sector st", db) == ["steel"]


def test_a_database_laid_out_by_hand_is_read_whole(sample_db: Path, tmp_path: Path) -> None:
    """A file not laid out as pohang writes it (re-indented by an editor) is parsed whole: the same candidates."""
    import json

    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(json.loads(sample_db.read_text(encoding="utf-8")), indent=1), encoding="utf-8")
    assert bash("pohang revise-target hydrogen.s", edited) == ["hydrogen.sales@2035", "hydrogen.sales@2030"]


def test_a_keyword_string_in_db_is_never_read_as_a_file(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TAB with `--db host=…` offers nothing from a file of that name: it names a server, never a file."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(sample_db, tmp_path / "host=db.example")
    assert bash("pohang history --db host=db.example battery.j", None) == [""]
