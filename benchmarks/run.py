"""Benchmark pohang as users run it: the installed console script, one process per command.

Usage (from the repository root, with the virtual environment that has pohang installed):

    python benchmarks/run.py            # every row, 30 timed pairs (10 for the large-database rows)
    python benchmarks/run.py --quick    # 10 and 3 pairs: a two-minute smoke run
    python benchmarks/run.py --only status

Method (docs/perf-baselines.md): each row runs its command A and a baseline B alternately, A B, B A, ...
after 3 warm-ups each; the table gives the median wall time of each (min-max), A's median CPU time (user +
system, steadier than wall time when other work shares the machine), the median of the pair-by-pair ratios
A/B, and A's peak resident memory (from /usr/bin/time in three extra runs). B is `python -c pass` with the
same interpreter, or Taskwarrior's `task export` over 10,000 tasks where a row says so and Taskwarrior is
installed. Ratios measured side by side carry over to other machines; milliseconds do not. pohang's modules
are byte-compiled first, as an installed wheel has them.

    POHANG_BENCH_POSTGRES=postgresql://user:pw@host/postgres python benchmarks/run.py --only pg
    python benchmarks/run.py --only "status, sample, vs before" --before /path/to/older/checkout

Rows: start-up (--version, --help, status --help), one shell-completion TAB on the sample and on the large
database, status on the bundled sample, `milestones --format json`
over 10,000 milestones (against `task export` over 10,000 tasks), status over 100,000 observations in each
output format, one `record` into databases of 25k, 50k and 100k observations (the growth is the cost of one
whole-file write), one `add-milestone`, `import` of 100,000 observations from jsonl and from an xlsx workbook,
`export` of 100,000 observations to xlsx, and the pipeline of importing 100,000 observations and 10,000
milestones from jsonl, then running status.

PostgreSQL rows (when POHANG_BENCH_POSTGRES names a server and a database on it to create others from; the
role needs CREATEDB): `record` into 100,000 observations against `record` into the sample, and against the
file; `status` over 100,000 observations against the file; `import` of 100,000 observations against the
file. With --before, `status` on the sample against the same command of an older checkout.

The large database (100,000 observations, 10,000 milestones, 200 indicators) is generated under
benchmarks/out/ by bench_data.py; write rows work on copies. Nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
AS_OF = "2026-11-25"
TASKWARRIOR_TASKS = 10_000

sys.path.insert(0, str(HERE))
import bench_data  # noqa: E402

from pohang_cli.models import Kind  # noqa: E402
from pohang_cli.transfer import export_workbook  # noqa: E402

# --------------------------------------------------------------------------------------------------
# Running one process


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int
    cpu_seconds: float  # user + system time of the child: steadier than wall time on a busy machine


def run_once(argv: Sequence[str], env: dict[str, str], stdin_path: Path | None = None) -> Sample:
    """Run `argv` to completion with stdout and stderr discarded; wall time and peak RSS of the child."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # wait4 gives this child's own rusage, so the peak is its own and not the largest child so far.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = process.stderr.read() if process.stderr else b""
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    if process.returncode not in (0, 3):  # 3: `check` found problems, still a run
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}: {stderr.decode(errors='replace')[-800:]}")
    return Sample(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


@dataclass
class Command:
    label: str
    argv: list[str]
    env: dict[str, str]
    before: Callable[[int], None] | None = None  # called with the run number before each run (resets state)
    stdin: Path | None = None

    def run(self, number: int) -> Sample:
        if self.before is not None:
            self.before(number)
        # "{n}" in an argument becomes the run number: a write that changes something on every run.
        argv = [word.replace("{n}", str(number)) for word in self.argv]
        return run_once(argv, self.env, self.stdin)


@dataclass
class Result:
    name: str
    command: str
    baseline: str
    a_ms: list[float] = field(default_factory=list)
    a_cpu_ms: list[float] = field(default_factory=list)
    b_ms: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def a_median(self) -> float:
        return statistics.median(self.a_ms)

    @property
    def b_median(self) -> float:
        return statistics.median(self.b_ms)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def paired(name: str, a: Command, b: Command, pairs: int, warmups: int = 3) -> Result:
    """A and B alternately (A B, then B A, ...), after warm-ups; medians and pair-by-pair ratios."""
    result = Result(name, a.label, b.label)
    number = 0
    for _ in range(warmups):
        a.run(number)
        b.run(number)
        number += 1
    for i in range(pairs):
        order = (a, b) if i % 2 == 0 else (b, a)
        samples = {}
        for command in order:
            samples[id(command)] = command.run(number)
        number += 1
        sa, sb = samples[id(a)], samples[id(b)]
        result.a_ms.append(sa.seconds * 1000)
        result.a_cpu_ms.append(sa.cpu_seconds * 1000)
        result.b_ms.append(sb.seconds * 1000)
        result.ratios.append(sa.seconds / sb.seconds)
    result.peak_mib = peak_mib(a, number)
    return result


def peak_mib(command: Command, number: int, runs: int = 3) -> float:
    """The largest peak RSS of a few extra runs of `command`, measured by /usr/bin/time.

    Not from the timed runs: Linux keeps a process's high-water mark across fork and exec, so a child of
    this (larger) Python process would report this process's memory as its own.
    """
    timer = Path("/usr/bin/time")
    if not timer.exists():
        return max(command.run(number + k).peak_kib for k in range(runs)) / 1024
    peaks = []
    for k in range(runs):
        if command.before is not None:
            command.before(number + k)
        argv = [word.replace("{n}", str(number + k)) for word in command.argv]
        stdin = open(command.stdin, "rb") if command.stdin else subprocess.DEVNULL  # noqa: SIM115
        try:
            done = subprocess.run(
                [str(timer), "-f", "%M", *argv],
                env=command.env,
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
        finally:
            if command.stdin:
                stdin.close()  # type: ignore[union-attr]
        peaks.append(int(done.stderr.decode().strip().splitlines()[-1]))
    return max(peaks) / 1024


# --------------------------------------------------------------------------------------------------
# Set-up


def child_env(home: Path) -> dict[str, str]:
    """The environment of every benchmarked process: no user settings, fixed width, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POHANG_", "TASK"))}
    env.update(
        {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "LANG": "C.UTF-8",
            "COLUMNS": "120",
            "NO_COLOR": "1",
            "POHANG_AS_OF": AS_OF,
        }
    )
    return env


def compile_package(python: str) -> None:
    """Write pohang's bytecode once, as a wheel install does, so no run pays for compiling the sources."""
    location = subprocess.run(
        [python, "-c", "import pohang_cli, os; print(os.path.dirname(pohang_cli.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", location], check=True)


def build_databases() -> dict[str, Path]:
    """The databases of the benchmark, written fresh under benchmarks/out/."""
    OUT.mkdir(exist_ok=True)
    paths: dict[str, Path] = {}
    started = time.perf_counter()
    large = bench_data.build_dataset()
    paths["large"] = OUT / "large.json"
    size = bench_data.write_database(paths["large"], large)
    print(f"built {paths['large']} ({size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    # The same milestones alone with the indicators (and a handful of observations): what Taskwarrior's
    # 10,000 tasks compare with.
    paths["milestones"] = OUT / "milestones.json"
    bench_data.write_database(paths["milestones"], bench_data.build_dataset(observations=1_000))
    for share in (25_000, 50_000):
        paths[f"obs{share}"] = OUT / f"obs{share}.json"
        bench_data.write_database(paths[f"obs{share}"], bench_data.build_dataset(observations=share))
    paths["sample"] = OUT / "sample.json"
    shutil.copyfile(ROOT / "sample_db.json", paths["sample"])
    # jsonl files for `pohang import`: 100,000 observations, and 10,000 milestones.
    paths["obs_jsonl"] = OUT / "observations.jsonl"
    paths["milestones_jsonl"] = OUT / "milestones.jsonl"
    write_jsonl(paths["obs_jsonl"], large, Kind.OBSERVATIONS)
    write_jsonl(paths["milestones_jsonl"], large, Kind.MILESTONES)
    # The same 100,000 observations as a workbook, as `export -o observations.xlsx` writes it.
    paths["obs_xlsx"] = OUT / "observations.xlsx"
    paths["obs_xlsx"].write_bytes(export_workbook(large, Kind.OBSERVATIONS)[0])
    # The indicators and targets the observations refer to, without observations or milestones.
    skeleton = bench_data.build_dataset(observations=0, milestones=0)
    paths["skeleton"] = OUT / "skeleton.json"
    bench_data.write_database(paths["skeleton"], skeleton)
    return paths


def write_jsonl(path: Path, dataset: Any, kind: Kind) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for doc in bench_data.documents(dataset, kind):
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")


def taskwarrior(env: dict[str, str]) -> dict[str, str] | None:
    """An isolated Taskwarrior with 10,000 tasks; its environment, or None when `task` is not installed."""
    task = shutil.which("task")
    if task is None:
        return None
    data = OUT / "taskdata"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    rc = OUT / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=2.6.0\n")
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    tasks = OUT / "tasks.json"
    tasks.write_text(json.dumps(list(bench_data.taskwarrior_tasks(TASKWARRIOR_TASKS))))
    subprocess.run([task, "import", str(tasks)], env=tw_env, check=True, capture_output=True)
    exported = subprocess.run([task, "export"], env=tw_env, check=True, capture_output=True).stdout
    count = len(json.loads(exported))
    if count != TASKWARRIOR_TASKS:
        raise RuntimeError(f"Taskwarrior holds {count} tasks, expected {TASKWARRIOR_TASKS}")
    return tw_env


def has_import(pohang: str, env: dict[str, str]) -> bool:
    probe = subprocess.run([pohang, "import", "--help"], check=False, env=env, capture_output=True)
    return probe.returncode == 0


# --------------------------------------------------------------------------------------------------
# The rows


def fresh_copy(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source` with no history: its audit log, backups and lock file go too.

    Otherwise each run would find the log of every earlier one (an import of 100,000 records logs 25 MB).
    """
    for sidecar in target.parent.glob(glob.escape(target.name) + ".*"):
        sidecar.unlink()
    shutil.copyfile(source, target)


def restore(source: Path, target: Path) -> Callable[[int], None]:
    def copy(_: int) -> None:
        fresh_copy(source, target)

    return copy


@dataclass
class Row:
    name: str
    command: Command
    baseline: Command
    pairs: int
    target: str = ""
    check: Callable[[Result], bool] | None = None


@dataclass
class Plan:
    """The rows to run, and what they need: interpreter, console script, databases, environment."""

    python: str
    pohang: str
    paths: dict[str, Path]
    env: dict[str, str]
    small_pairs: int
    large_pairs: int
    rows: list[Row] = field(default_factory=list)

    @property
    def bare(self) -> Command:
        return Command("python -c pass", [self.python, "-c", "pass"], self.env)

    def cmd(self, label: str, *words: str, **kwargs: Any) -> Command:
        return Command(label, [self.pohang, *words], self.env, **kwargs)

    def add(
        self,
        name: str,
        command: Command,
        baseline: Command | None = None,
        *,
        large: bool = False,
        target: str = "",
        check: Callable[[Result], bool] | None = None,
    ) -> None:
        pairs = self.large_pairs if large else self.small_pairs
        self.rows.append(Row(name, command, baseline or self.bare, pairs, target, check))


def ratio_at_most(limit: float) -> Callable[[Result], bool]:
    return lambda r: r.ratio <= limit


def startup_rows(plan: Plan) -> None:
    plan.add("version", plan.cmd("pohang --version", "--version"), target="≤ 2×", check=ratio_at_most(2))
    plan.add("help", plan.cmd("pohang --help", "--help"), target="≤ 7×", check=ratio_at_most(7))
    plan.add(
        "status --help", plan.cmd("pohang status --help", "status", "--help"), target="≤ 7×", check=ratio_at_most(7)
    )
    sample = str(plan.paths["sample"])
    for fmt in ("table", "tsv"):
        plan.add(
            f"status, sample, {fmt}",
            plan.cmd(f"pohang status --format {fmt} (sample)", "status", "--db", sample, "--format", fmt),
            target="≤ 10×",
            check=ratio_at_most(10),
        )


def completion_rows(plan: Plan) -> None:
    """One TAB as bash runs it: `pohang history 양극<TAB>`, the indicators of the sample, then of the large database."""
    for label, path, large in (("sample", plan.paths["sample"], False), ("100k", plan.paths["large"], True)):
        env = {
            **plan.env,
            "_POHANG_COMPLETE": "complete_bash",
            "COMP_WORDS": "pohang history 양극",
            "COMP_CWORD": "2",
            "POHANG_DB": str(path),
        }
        command = Command(f"TAB after `pohang history 양극` ({label})", [plan.pohang], env)
        plan.add(f"complete, {label}", command, large=large, target="≤ 7×", check=ratio_at_most(7))


def listing_rows(plan: Plan, tw_env: dict[str, str] | None) -> None:
    listing = plan.cmd(
        "pohang milestones --format json (10,000 milestones)",
        *("milestones", "--db", str(plan.paths["milestones"]), "--format", "json"),
    )
    plan.add("milestones json, 10k", listing, large=True)
    if tw_env is not None:
        export = Command(f"task export ({TASKWARRIOR_TASKS:,} tasks)", ["task", "export"], tw_env)
        plan.add(
            "milestones json vs task export", listing, export, large=True, target="≤ 1.0×", check=ratio_at_most(1.0)
        )
    large = str(plan.paths["large"])
    for fmt in ("table", "tsv", "json"):
        plan.add(
            f"status, 100k, {fmt}",
            plan.cmd(f"pohang status --format {fmt} (100k observations)", "status", "--db", large, "--format", fmt),
            large=True,
            target="≤ 600 ms, ≤ 200 MiB",
            check=lambda r: r.a_median <= 600 and r.peak_mib <= 200,
        )
    plan.add(
        "milestones json, 100k db",
        plan.cmd("pohang milestones --format json (large database)", "milestones", "--db", large, "--format", "json"),
        large=True,
    )


def write_rows(plan: Plan, importing: bool) -> None:
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    writable = work / "write.json"
    for label, source in (("25k", "obs25000"), ("50k", "obs50000"), ("100k", "large")):
        plan.add(
            f"record, {label}",
            plan.cmd(
                f"pohang record (into {label} observations)",
                *("record", "battery.series-000", "{n}", "--date", "2026-11-01", "--db", str(writable), "-q"),
                before=_record_value(plan.paths[source], writable),
            ),
            large=True,
            target="≤ 500 ms" if label == "100k" else "linear",
            check=(lambda r: r.a_median <= 500) if label == "100k" else None,
        )
    plan.add(
        "add-milestone, 100k",
        plan.cmd(
            "pohang add-milestone (large database)",
            *("add-milestone", "battery", "벤치마크 마일스톤", "--due", "2027-06", "--db", str(writable), "-q"),
            before=restore(plan.paths["large"], writable),
        ),
        large=True,
        target="≤ 500 ms",
        check=lambda r: r.a_median <= 500,
    )
    if not importing:
        return
    target_db = work / "import.json"
    plan.add(
        "import 100k observations",
        plan.cmd(
            "pohang import observations.jsonl (100k)",
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", str(target_db), "-q"),
            before=restore(plan.paths["skeleton"], target_db),
        ),
        large=True,
        target="≤ 3,000 ms",
        check=lambda r: r.a_median <= 3000,
    )
    plan.add(
        "import 100k observations xlsx",
        plan.cmd(
            "pohang import observations.xlsx (100k)",
            *("import", str(plan.paths["obs_xlsx"]), "--db", str(target_db), "-q"),
            before=restore(plan.paths["skeleton"], target_db),
        ),
        large=True,
        target="≤ 6,000 ms",
        check=lambda r: r.a_median <= 6000,
    )
    plan.add(
        "export 100k observations xlsx",
        plan.cmd(
            "pohang export --kind observations -o observations.xlsx (100k)",
            *("export", "--kind", "observations", "-o", str(work / "export.xlsx"), "--db", str(plan.paths["large"])),
        ),
        large=True,
        target="≤ 6,000 ms",
        check=lambda r: r.a_median <= 6000,
    )
    pipeline = work / "pipeline.sh"
    pipeline.write_text(
        "set -e\n"
        f"rm -f {target_db}.*\n"
        f"cp {plan.paths['skeleton']} {target_db}\n"
        f"{plan.pohang} import {plan.paths['obs_jsonl']} --format jsonl --db {target_db} -q\n"
        f"{plan.pohang} import {plan.paths['milestones_jsonl']} --format jsonl --db {target_db} -q\n"
        f"{plan.pohang} status --db {target_db} --format table >/dev/null\n"
    )
    plan.add(
        "pipeline: import 100k + 10k, then status",
        Command("import 100k observations + 10k milestones (jsonl), then status", ["sh", str(pipeline)], plan.env),
        large=True,
    )


def postgres_databases(admin: str, paths: dict[str, Path]) -> dict[str, str]:
    """Databases pohang_bench_{sample,large,import} on the server of `admin`, loaded with the file databases."""
    import psycopg

    from pohang_cli.storage import Database
    from pohang_cli.storage.postgres import PostgresDatabase

    uris = {}
    base, _, _ = admin.rpartition("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in ("sample", "large", "import"):
            conn.execute(f"DROP DATABASE IF EXISTS pohang_bench_{name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE pohang_bench_{name}")
            uris[name] = f"{base}/pohang_bench_{name}"
    for name, source in (("sample", "sample"), ("large", "large"), ("import", "skeleton")):
        started = time.perf_counter()
        database = PostgresDatabase(uris[name])
        database.create(Database(paths[source]).read())
        database.close()
        print(f"loaded {source} into {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return uris


def reset_postgres(uri: str, source: Path) -> Callable[[int], None]:
    """Before each run: the database holds `source` again, with no history."""

    def reset(_: int) -> None:
        import psycopg

        from pohang_cli.storage import Database
        from pohang_cli.storage.postgres import PostgresDatabase

        with psycopg.connect(uri, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS pohang CASCADE")
        database = PostgresDatabase(uri)
        database.create(Database(source).read())
        database.close()

    return reset


def postgres_rows(plan: Plan, admin: str) -> None:
    uris = postgres_databases(admin, plan.paths)
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    writable = work / "write.json"
    record = ("record", "battery.series-000", "{n}", "--date", "2026-11-01", "-q", "--db")
    record_large = plan.cmd("pohang record (PostgreSQL, 100k observations)", *record, uris["large"])
    plan.add(
        "pg record, 100k vs sample",
        record_large,
        plan.cmd("pohang record (PostgreSQL, sample)", *record[:1], "battery.investment", *record[2:], uris["sample"]),
        large=True,
        target="≤ 350 ms, ≤ 1.3×",
        check=lambda r: r.a_median <= 350 and r.ratio <= 1.3,
    )
    plan.add(
        "pg record, 100k vs file",
        record_large,
        plan.cmd(
            "pohang record (file, 100k observations)",
            *record,
            str(writable),
            before=_record_value(plan.paths["large"], writable),
        ),
        large=True,
    )
    plan.add(
        "pg status, 100k vs file",
        plan.cmd("pohang status --format tsv (PostgreSQL, 100k)", "status", "--format", "tsv", "--db", uris["large"]),
        plan.cmd(
            "pohang status --format tsv (file, 100k)", "status", "--format", "tsv", "--db", str(plan.paths["large"])
        ),
        large=True,
        target="≤ 1,000 ms",
        check=lambda r: r.a_median <= 1000,
    )
    target_db = work / "import.json"
    plan.add(
        "pg import 100k observations vs file",
        plan.cmd(
            "pohang import observations.jsonl (PostgreSQL, 100k)",
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", uris["import"], "-q"),
            before=reset_postgres(uris["import"], plan.paths["skeleton"]),
        ),
        plan.cmd(
            "pohang import observations.jsonl (file, 100k)",
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", str(target_db), "-q"),
            before=restore(plan.paths["skeleton"], target_db),
        ),
        large=True,
        target="≤ 10,000 ms",
        check=lambda r: r.a_median <= 10_000,
    )


def before_rows(plan: Plan, before: Path) -> None:
    """`status` on the sample file against an older checkout of pohang (the same interpreter and libraries)."""
    compile_tree = [plan.python, "-m", "compileall", "-q", str(before / "pohang_cli")]
    subprocess.run(compile_tree, check=True)
    older = Command(
        f"pohang status --format table (sample), {before.name}",
        [
            plan.python,
            "-c",
            "import sys; from pohang_cli.launcher import main; sys.argv[0] = 'pohang'; main()",
            *("status", "--db", str(plan.paths["sample"]), "--format", "table"),
        ],
        {**plan.env, "PYTHONPATH": str(before)},
    )
    plan.add(
        "status, sample, vs before",
        plan.cmd(
            "pohang status --format table (sample)", "status", "--db", str(plan.paths["sample"]), "--format", "table"
        ),
        older,
        target="≤ 1.05×",
        check=ratio_at_most(1.05),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 pairs (3 on large databases) instead of 30 (10)")
    parser.add_argument("--pairs", type=int, help="timed pairs per small row")
    parser.add_argument("--only", action="append", default=[], help="run rows whose name contains this (repeatable)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the baseline `python -c pass`")
    parser.add_argument("--pohang", help="the console script (default: `pohang` next to --python)")
    parser.add_argument(
        "--before", type=Path, help="an older checkout of pohang to compare `status` on the sample with"
    )
    args = parser.parse_args(argv)

    pohang = args.pohang or str(Path(args.python).parent / "pohang")
    small_pairs = args.pairs or (10 if args.quick else 30)
    compile_package(args.python)
    paths = build_databases()
    home = OUT / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = child_env(home)
    plan = Plan(args.python, pohang, paths, env, small_pairs, max(3, small_pairs // 3))
    startup_rows(plan)
    completion_rows(plan)
    listing_rows(plan, taskwarrior(env))
    write_rows(plan, has_import(pohang, env))
    wanted = [name.casefold() for name in args.only]
    admin = os.environ.get("POHANG_BENCH_POSTGRES", "").strip()
    if admin and (not wanted or any("pg" in w for w in wanted)):
        postgres_rows(plan, admin)
    if args.before is not None:
        before_rows(plan, args.before.resolve())

    results: list[Result] = []
    for row in plan.rows:
        if wanted and not any(w in row.name.casefold() for w in wanted):
            continue
        started = time.perf_counter()
        result = paired(row.name, row.command, row.baseline, row.pairs)
        result.target = row.target
        result.met = None if row.check is None else row.check(result)
        results.append(result)
        print(
            f"{row.name}: {result.a_median:.0f} ms vs {result.b_median:.0f} ms, ×{result.ratio:.2f}, "
            f"{result.peak_mib:.0f} MiB ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )

    table = report(results, pohang, small_pairs, plan.large_pairs)
    print(table)
    (OUT / "results.md").write_text(table + "\n", encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps([r.__dict__ for r in results], indent=1, ensure_ascii=False))
    return 0


def _record_value(source: Path, target: Path) -> Callable[[int], None]:
    """Copy the database before the first run; then each run records a new value (so each run writes)."""

    def prepare(number: int) -> None:
        if number == 0:
            fresh_copy(source, target)

    return prepare


def report(results: list[Result], pohang: str, small_pairs: int, large_pairs: int) -> str:
    version = subprocess.run([pohang, "--version"], check=False, capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"{version}, {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, load {load:.2f}; {small_pairs} pairs ({large_pairs} on large "
        "databases); medians, ratio = median of the pair-by-pair ratios A/B; CPU = user + system time of A",
        "",
        "| row | A: command | A median ms (min–max) | A CPU ms | B: baseline | B median ms | A/B (min–max) "
        "| A peak MiB | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.name} | `{r.command}` | {r.a_median:,.0f} ({min(r.a_ms):,.0f}–{max(r.a_ms):,.0f}) "
            f"| {statistics.median(r.a_cpu_ms):,.0f} | `{r.baseline}` | {r.b_median:,.0f} "
            f"| {r.ratio:.2f} ({min(r.ratios):.2f}–{max(r.ratios):.2f}) | {r.peak_mib:.0f} | {r.target} | {met} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
