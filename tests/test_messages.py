"""Messages in the user's language: the catalogue, parser errors and help in Korean, global options before the command.

The catalogue checks use Babel (a test dependency) through tools/catalogue.py, the script that maintains it.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest
import typer.main
from conftest import AS_OF, Invoke
from scripts import load_script

from pohang_cli import i18n
from pohang_cli.cli import app
from pohang_cli.cli.localized import PARSER_MESSAGES, TYPER_WORDS, cells, parser_message
from pohang_cli.dates import ACCEPTED_DATE_FORMS

ROOT = Path(__file__).resolve().parents[1]
MARKERS = {"_", "N_", "NC_", "ngettext", "pgettext"}


catalogue = load_script(ROOT / "tools" / "catalogue.py")


def test_every_marked_message_has_a_korean_translation() -> None:
    """A message marked in the code without a Korean msgstr (or only a fuzzy one) fails here."""
    template = catalogue.extract()
    assert len(template) > 30
    assert list(catalogue.untranslated(catalogue.read("ko"), template)) == []


def test_compiled_catalogue_is_the_po_compiled() -> None:
    """The shipped .mo is exactly what Babel compiles from the .po (run tools/catalogue.py after editing it)."""
    assert catalogue.mo_path("ko").read_bytes() == catalogue.mo_bytes(catalogue.read("ko"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_translations_keep_the_placeholders() -> None:
    """Each translation names the same {placeholders} as its English text, so filling it in cannot fail."""
    for message in catalogue.read("ko"):
        if message.id and isinstance(message.id, str):
            assert _placeholders(message.string) == _placeholders(message.id), message.id


def test_marked_messages_are_literal_texts() -> None:
    """`_()` and `N_()` take a literal text: an f-string or a variable could never be found in the catalogue."""
    offenders = []
    for path in sorted((ROOT / "pohang_cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
                texts = node.args[:2] if node.func.id in ("ngettext", "pgettext", "NC_") else node.args[:1]
                if not texts or not all(isinstance(t, ast.Constant) and isinstance(t.value, str) for t in texts):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _label_tables() -> list[tuple[str, ast.Call]]:
    """Every `Labels(context, {...})` in the package: the words of tables, reports and charts."""
    found = []
    for path in sorted((ROOT / "pohang_cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Labels":
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_the_words_of_tables_and_reports_are_in_the_catalogue() -> None:
    """Each word of a table, report or chart is an English text marked with its table's context, and the
    catalogue has its Korean in that context."""
    tables = _label_tables()
    assert len(tables) >= 7
    korean = catalogue.read("ko")
    for where, call in tables:
        context, words = call.args
        assert isinstance(context, ast.Constant), where
        assert isinstance(words, ast.Dict), where
        for value in words.values:
            assert isinstance(value, ast.Call), where
            assert isinstance(value.func, ast.Name), where
            assert value.func.id == "NC_", f"{where}: a word not marked with NC_()"
            marked_context, text = (arg.value for arg in value.args if isinstance(arg, ast.Constant))
            assert marked_context == context.value, f"{where}: {text!r} marked in another context"
            entry = korean.get(text, context=context.value)
            assert entry is not None, f"{where}: {text!r} is not in the catalogue"
            assert entry.string, f"{where}: no Korean for {text!r}"
            assert not entry.fuzzy, f"{where}: the Korean of {text!r} is only a guess (fuzzy)"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_table_of_words_reads_the_same_in_every_run(lang: str) -> None:
    """The words of a view come in its own language whatever the language of the run (a Korean report from an
    English run), and a language pohang does not have is refused."""
    from pohang_cli.models import TargetStatus
    from pohang_cli.render.labels import TARGET_STATUS, word

    i18n.set_language(lang)
    try:
        assert TARGET_STATUS["ko"][TargetStatus.ON_TRACK] == "순항"
        assert TARGET_STATUS["en"][TargetStatus.ON_TRACK] == "on track"
        assert word("ko", "targets") == "목표 수"
        with pytest.raises(KeyError):
            TARGET_STATUS["fr"]
    finally:
        i18n.set_language("en")


def test_typer_still_words_what_the_catalogue_translates() -> None:
    """Each word Typer passes to gettext, and each parser pattern, still occurs in the Typer installed."""
    import typer

    source = "".join(path.read_text(encoding="utf-8") for path in Path(typer.__file__).parent.rglob("*.py"))
    for word in TYPER_WORDS:
        assert f'_("{word}")' in source or f'help="{word}"' in source, word
    for english in ("Got unexpected extra argument(s)", "No such option: ", "(Possible options: ", "Missing argument",
                    "requires {msg}", "an argument.", "does not take a value.", "is not a valid", "is not in the range",
                    "Did you mean", "Usage: ", "Try '", "Error: "):  # fmt: skip
        assert english in source, english


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("No such option: --bogus", "없는 옵션입니다: --bogus"),
        ("Missing option '--by'.", "옵션 '--by'이(가) 빠졌습니다."),
        ("Got unexpected extra argument(s) (a b)", "필요 없는 인자가 더 있습니다 (a b)"),
        ("Option '--db' requires an argument.", "옵션 '--db'에는 값이 필요합니다."),
        ("Invalid value for '--limit' / '-n': 'x' is not a valid integer.",
         "'--limit' / '-n'의 값이 잘못되었습니다: 'x'은(는) 정수가 아닙니다."),
        ("something Click never said", "something Click never said"),
    ],
)  # fmt: skip
def test_parser_messages_in_korean(english: str, korean: str) -> None:
    """Click's English parser errors map to catalogue entries; anything unknown is shown as it was."""
    i18n.set_language("ko")
    assert parser_message(english) == korean
    i18n.set_language("en")
    assert parser_message(english) == english
    assert len(PARSER_MESSAGES) > 5


def test_cells_counts_hangul_twice() -> None:
    """Help wraps by terminal cells: a Hangul syllable takes two."""
    assert (cells("abc"), cells("이차전지"), cells("수소 H2")) == (3, 8, 7)


# --------------------------------------------------------------------------------------------------
# Parser errors and help, as a Korean user sees them.

KO = {"LANG": "ko_KR.UTF-8"}


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["statu"], "오류: 'statu' 명령은 없습니다. 혹시 'status'을(를) 뜻했나요?"),
        (["status", "--bogus"], "오류: 없는 옵션입니다: --bogus"),
        (["add-target", "battery.investment", "14조"], "오류: 옵션 '--by'이(가) 빠졌습니다."),
        (["add-target", "battery.investment"], "오류: 인자 'VALUE'이(가) 빠졌습니다."),
        (["sectors", "extra", "words"], "오류: 필요 없는 인자가 더 있습니다 (extra words)"),
        (["log", "--limit", "many"], "오류: '--limit' / '-n'의 값이 잘못되었습니다: 'many'은(는) 정수가 아닙니다."),
    ],
)
def test_parser_errors_in_korean(cli: Invoke, sample_db: Path, args: list[str], error: str) -> None:
    """Under a Korean locale a usage error is Korean: usage line, where to get help, and the error; exit 2."""
    before = sample_db.read_bytes()
    result = cli(*args, env=KO)
    command = "pohang" if args[0] == "statu" else f"pohang {args[0]}"
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"사용법: {command} [OPTIONS]")
    assert lines[1] == f"도움말: '{command} -h'"
    assert lines[-1] == error
    assert sample_db.read_bytes() == before


def test_option_without_its_value_in_korean(cli: Invoke) -> None:
    """An option missing its value: Click gives no usage line for it, and neither does the Korean."""
    result = cli("status", "--db", env=KO)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "오류: 옵션 '--db'에는 값이 필요합니다.\n")


def test_parser_error_in_english_is_clicks(cli: Invoke) -> None:
    """English stays Click's own wording, byte for byte."""
    result = cli("status", "--bogus", env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == (
        "Usage: pohang status [OPTIONS] [SECTOR]...\nTry 'pohang status -h' for help.\n\n"
        "Error: No such option: --bogus\n"
    )


def test_lang_option_before_or_after_wins_over_the_locale(cli: Invoke) -> None:
    """`--lang en` anywhere on the line makes a Korean locale's parser errors English, and `--lang ko` Korean."""
    assert cli("--lang", "en", "status", "--bogus", env=KO).stderr.endswith("Error: No such option: --bogus\n")
    assert cli("status", "--bogus", "--lang", "ko").stderr.endswith("오류: 없는 옵션입니다: --bogus\n")


def test_help_in_korean(cli: Invoke) -> None:
    """Under --lang ko the help's layout words, option help and the help option itself are Korean."""
    result = cli("--lang", "ko", "status", "--help")
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("사용법: pohang status [OPTIONS] [SECTOR]...\n")
    assert "\n인자:\n" in out
    assert "\n옵션:\n" in out
    assert "-h, --help                      이 도움말을 보여 주고 끝냅니다.\n" in out
    for english in ("Usage:", "Options:", "Show this message", "Database file"):
        assert english not in out


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_help_fits_80_columns(cli: Invoke, lang: str) -> None:
    """Every help page wraps by cells within 80 columns, examples included (none breaks inside a URL)."""
    commands = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    for args in (["--help"], *([name, "--help"] for name in commands)):
        out = cli("--lang", lang, *args, env={"COLUMNS": "80"}).stdout
        assert max(cells(line) for line in out.splitlines()) <= 80, args


def test_every_help_page_is_korean_under_ko(cli: Invoke) -> None:
    """Under ko no help page keeps Click's or pohang's English words of layout and description."""
    commands = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    for args in (["--help"], *([name, "--help"] for name in commands)):
        out = cli("--lang", "ko", *args).stdout
        description = out.split("\n\n")[1]
        assert re.search("[가-힣]", description), args
        for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Example", "[required]", "Show this"):
            assert english not in out, (args, english)


def test_command_list_shows_whole_summaries(cli: Invoke) -> None:
    """`pohang --help` lists each command with its whole first paragraph, never cut with '...'."""
    out = cli("--help").stdout
    commands = out.split("\nCommands:\n", 1)[1]
    assert "..." not in commands
    summary = r"status +Every current target: actual against target, progress, pace,\n +projection and status\."
    assert re.search(summary, commands)


# --------------------------------------------------------------------------------------------------
# Global options before the command.


def test_global_options_before_the_command(cli: Invoke, sample_db: Path) -> None:
    """--db, --lang, --as-of, --format, -q and --color before the command act as they do after it."""
    after = cli("milestones", "--db", str(sample_db), "--as-of", AS_OF, "--format", "json", "--lang", "ko",
                "--color", "never", "-q")  # fmt: skip
    before = cli("--db", str(sample_db), "--as-of", AS_OF, "--format", "json", "--lang", "ko", "--color", "never",
                 "-q", "milestones")  # fmt: skip
    assert after.exit_code == before.exit_code == 0
    assert before.stdout == after.stdout
    assert json.loads(before.stdout)
    assert before.stderr == after.stderr == ""


def test_lang_before_the_command_gives_a_korean_table(cli: Invoke, sample_db: Path) -> None:
    """`pohang --lang ko status` is the Korean table, not an error."""
    result = cli("--lang", "ko", "status", "--db", str(sample_db), "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "포항시 5대 신성장 산업 목표 점검" in result.stdout


def test_option_after_the_command_wins(cli: Invoke, sample_db: Path) -> None:
    """The same option before and after the command: the one after it counts (it is nearer the command)."""
    result = cli("--format", "json", "sectors", "--db", str(sample_db), "--format", "csv")
    assert result.stdout.startswith("id,")


def test_db_before_the_command_wins_over_the_environment(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """`pohang --db PATH` beats POHANG_DB, as a command-line option beats the environment anywhere."""
    missing = tmp_path / "missing.json"
    result = cli("--db", str(sample_db), "sectors", env={"POHANG_DB": str(missing)})
    assert result.exit_code == 0, result.stderr
    assert cli("sectors", env={"POHANG_DB": str(missing)}).exit_code == 4


def test_quiet_before_a_writer(cli: Invoke, sample_db: Path) -> None:
    """`pohang -q record ...` prints the new id and no note."""
    result = cli("-q", "--db", str(sample_db), "record", "battery.investment", "1조", "--date", "2024-05")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "battery.investment:2024-05\n", "")


def test_a_bad_global_value_is_refused(cli: Invoke, sample_db: Path) -> None:
    """An unknown --lang before the command is refused like one after it: exit 2, nothing on stdout."""
    result = cli("--lang", "fr", "sectors", "--db", str(sample_db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "fr" in result.stderr


# --------------------------------------------------------------------------------------------------
# pohang's own errors in Korean: one sentence on stderr, nothing on stdout, the database untouched.

DATE_FORMS = ACCEPTED_DATE_FORMS


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (["status", "배터리"], 2, "pohang: '배터리' 분야는 없습니다 (`pohang sectors` 참고)"),
        (["history", "battery.investmnt"], 2,
         "pohang: 'battery.investmnt' 지표는 없습니다 — 'battery.investment'을(를) 뜻했나요? "
         "(`pohang indicators` 참고)"),
        (["record", "battery.investment", "1조", "--date", "2024-02-30"], 2,
         "pohang: --date: 날짜 '2024-02-30'을(를) 쓸 수 없습니다: 2024년 2월에는 30일이 없습니다 "
         f"(쓸 수 있는 꼴: {DATE_FORMS})"),
        (["milestones", "--status", "끝남"], 2,
         "pohang: 마일스톤 상태 '끝남'을(를) 알 수 없습니다. planned/계획, in_progress/추진 중/진행 중, on_hold/보류, "
         "done/완료, partial/일부완료, cancelled/폐기/취소, unknown/미확인 중 하나를 쓰세요"),
        (["check", "--fail-on", "나쁨"], 2,
         "pohang: 목표 상태 '나쁨'을(를) 알 수 없습니다. achieved/달성, on_track/순항, behind/지연, off_track/부진, "
         "regressing/후퇴, missed/미달성, pending_final/최종 자료 대기, insufficient/근거 부족, not_judged/판정 불가, "
         "no_data/자료 없음 중 하나를 쓰세요"),
        (["sectors", "--format", "xml"], 2,
         "pohang: 'xml' 형식은 없습니다. table, tsv, csv, json, jsonl, md 중 하나를 쓰세요"),
    ],
)  # fmt: skip
def test_errors_in_korean(cli: Invoke, sample_db: Path, args: list[str], code: int, error: str) -> None:
    """Bad input under a Korean locale: the exit code of English, one Korean sentence, nothing written."""
    before = sample_db.read_bytes()
    result = cli(*args, "--db", str(sample_db), env=KO)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", error + "\n")
    assert sample_db.read_bytes() == before


def test_missing_database_in_korean(cli: Invoke, tmp_path: Path) -> None:
    """A --db that does not exist: exit 4 and the init hint, in Korean; no file is created."""
    missing = tmp_path / "nope.json"
    result = cli("--lang", "ko", "sectors", "--db", str(missing))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == f"pohang: {missing}에 데이터베이스가 없습니다 — `pohang init --db {missing}`로 만드세요\n"
    assert not missing.exists()


def test_notes_in_korean(cli: Invoke, sample_db: Path) -> None:
    """A writer's note on stderr is Korean; its stdout (the id) is the same in both languages."""
    korean = cli("--lang", "ko", "add-milestone", "바이오", "시험 착공", "--due", "2027", "--db", str(sample_db))
    assert korean.exit_code == 0, korean.stderr
    assert korean.stderr == f"마일스톤 {korean.stdout.strip()}을(를) 추가했습니다: 시험 착공 (계획, 기한 2027 (연))\n"


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_scope(function: ast.AST) -> list[ast.AST]:
    """The nodes that run in `function`'s own scope: not those of nested functions or comprehensions."""
    nodes: list[ast.AST] = []
    pending = list(ast.iter_child_nodes(function))
    while pending:
        node = pending.pop()
        nodes.append(node)
        if not isinstance(node, SCOPES):
            pending.extend(ast.iter_child_nodes(node))
    return nodes


def _hides_underscore(function: ast.AST) -> bool:
    """Whether `function` both calls `_()` and binds the name `_` in its own scope."""
    nodes = _own_scope(function)
    binds = any(
        (isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store))
        or (isinstance(node, ast.arg) and node.arg == "_")
        for node in nodes
    )
    calls = any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" for node in nodes
    )
    return binds and calls


def test_no_function_hides_the_translation_function() -> None:
    """A function that calls `_()` never binds `_` itself (`a, _, b = text.partition(...)` would shadow it)."""
    offenders = []
    for path in sorted((ROOT / "pohang_cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, SCOPES) and _hides_underscore(node):
                offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert offenders == []


def test_log_and_doctor_tables_in_korean(cli: Invoke, sample_db: Path) -> None:
    """`log` and `doctor` tables read Korean under ko (headers, summary); their machine formats do not change."""
    cli("record", "battery.investment", "1조", "--date", "2024-05", "--db", str(sample_db), "-q")
    table = cli("--lang", "ko", "log", "--db", str(sample_db), "--format", "table", env={"COLUMNS": "160"}).stdout
    headers = ["번호", "시각(KST)", "사용자", "호스트", "명령", "요약", "기록", "되돌린", "변경"]
    assert table.split("\n", 1)[0].split() == headers
    assert "실적 battery.investment:2024-05 추가" in table
    tsv = cli("--lang", "ko", "log", "--db", str(sample_db), "--format", "tsv").stdout
    assert tsv == cli("--lang", "en", "log", "--db", str(sample_db), "--format", "tsv").stdout
    assert "\tadded observation battery.investment:2024-05\t" in tsv
    doctor = cli("--lang", "ko", "doctor", "--db", str(sample_db), "--format", "table", env={"COLUMNS": "160"})
    assert doctor.stdout.split("\n", 1)[0].split() == ["종류", "ID", "코드", "문제", "구분"]
