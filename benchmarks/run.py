"""Benchmark pohang as users run it: the installed console script, one process per command.

Usage (from the repository root, with the virtual environment that has pohang installed):

    python benchmarks/run.py            # every row, 30 timed pairs (10 for the large-database rows)
    python benchmarks/run.py --quick    # 10 and 3 pairs: a two-minute smoke run
    python benchmarks/run.py --only status

Method (docs/perf-baselines.md): each row runs its command A and a baseline B alternately, A B, B A, ...
after 3 warm-ups each; the table gives the median wall time and CPU time (user + system, steadier than wall
time when other work shares the machine) of each, the medians of the pair-by-pair ratios A/B of wall and of
CPU time, and the peak resident memory of each (from /usr/bin/time in three extra runs). B is `python -c
pass` with the same interpreter; the floor of the same file for the rows over a large database
(benchmarks/floor.py: a bare Python that reads and parses it with orjson, or that also encodes it and writes
it with fsync); or Taskwarrior's `task export` over 10,000 tasks where a row says so (the set-up installs
Taskwarrior with apt-get where it can). Ratios measured side by side carry over to other machines;
milliseconds do not. pohang's modules are byte-compiled first, as an installed wheel has them.

    POHANG_BENCH_POSTGRES=postgresql://user:pw@host/postgres python benchmarks/run.py --only pg
    python benchmarks/run.py --only "vs before" --only size --before /path/to/older/tree

Rows: start-up (--version, --help, status --help), one shell-completion TAB on the sample and on the large
database, status on the bundled sample, `milestones --format json` over 10,000 milestones (against `task
export` over 10,000 tasks), the two floors of the large database and the least any reader and any writer on
pohang's stack adds to them (with and without Typer's import; the reader's also on the same records laid out
one table per indicator), status over 100,000 observations in each
output format (against the parse floor), one `record` into databases of 25k, 50k and 100k observations and
one `add-milestone` into 100k (against the write floor of each), `import` of 100,000 observations from jsonl
and from an xlsx workbook, `export` of 100,000 observations to xlsx, and the pipeline of importing 100,000
observations and 10,000 milestones from jsonl, then running status; `site` of the sample and of the large
database, and `site --if-changed` with nothing changed (against `status`). The report ends with the bytes the
large database and an import of 100,000 observations take on disk.

PostgreSQL rows (when POHANG_BENCH_POSTGRES names a server and a database on it to create others from; the
role needs CREATEDB): `record` into 100,000 observations against `record` into the sample, and against the
file; `status` over 100,000 observations against the file; `import` of 100,000 observations against the
file. With --before (a tree of an older pohang, e.g. `git archive 711548f | tar -x -C DIR`): the reading and
writing commands on the sample against the older pohang on its own sample, and the bytes the older pohang
stores the same import of 100,000 observations in.

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
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
FLOOR = HERE / "floor.py"
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
    # stderr to a file, not a pipe: an import under --force names every questioned row (megabytes), and a
    # child blocked on a full pipe would never end while this process waits for it.
    with tempfile.TemporaryFile() as errors:
        try:
            start = time.perf_counter()
            process = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=errors)
            # wait4 gives this child's own rusage, so the peak is its own and not the largest child so far.
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()  # type: ignore[union-attr]
        errors.seek(max(0, errors.seek(0, os.SEEK_END) - 800))
        stderr = errors.read()
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
    b_cpu_ms: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    b_peak_mib: float = 0.0
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

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios)


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
        result.b_cpu_ms.append(sb.cpu_seconds * 1000)
        result.ratios.append(sa.seconds / sb.seconds)
        result.cpu_ratios.append(sa.cpu_seconds / max(sb.cpu_seconds, 1e-6))
    result.peak_mib = peak_mib(a, number)
    result.b_peak_mib = peak_mib(b, number)
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
    # The same records with one table of observations per indicator: how near the floor a reader could come
    # in a layout where it need not group them (benchmarks/floor.py).
    paths["regrouped"] = OUT / "large-by-indicator.json"
    subprocess.run([sys.executable, str(FLOOR), "regroup", str(paths["large"]), str(paths["regrouped"])], check=True)
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
    if task is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing Taskwarrior (apt-get install taskwarrior)", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "taskwarrior"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            check=False,
        )
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


def import_force(pohang: str, env: dict[str, str]) -> tuple[str, ...]:
    probe = subprocess.run([pohang, "import", "--help"], check=False, env=env, capture_output=True, text=True)
    return FORCE if "--force" in probe.stdout else ()


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
    force: tuple[str, ...] = ()  # what makes `import` accept the synthetic values (FORCE where it has it)
    rows: list[Row] = field(default_factory=list)

    @property
    def bare(self) -> Command:
        return Command("python -c pass", [self.python, "-c", "pass"], self.env)

    def cmd(self, label: str, *words: str, **kwargs: Any) -> Command:
        return Command(label, [self.pohang, *words], self.env, **kwargs)

    def parse_floor(self, label: str, path: Path) -> Command:
        """A bare Python that reads and parses the file with orjson: no reading command can do less."""
        return Command(f"floor: read + parse ({label})", [self.python, str(FLOOR), "parse", str(path)], self.env)

    def write_floor(self, label: str, path: Path) -> Command:
        """A bare Python that reads, parses, encodes and writes the file with fsync: no writer can do less."""
        scratch = OUT / "work" / "floor.json"
        argv = [self.python, str(FLOOR), "write", str(path), str(scratch)]
        return Command(f"floor: read + parse + encode + fsync ({label})", argv, self.env)

    def least_read(self, label: str, path: Path, *, typer: bool = False) -> Command:
        """The parse floor plus what every reader must add: records keyed by id, observations grouped by indicator."""
        argv = [self.python, str(FLOOR), "least-read", str(path), *(["--typer"] if typer else [])]
        return Command(f"least read{' + Typer' if typer else ''} ({label})", argv, self.env)

    def least_write(self, label: str, path: Path, *, typer: bool = False) -> Command:
        """The write floor plus what every writer must add: the lock, records keyed by id, the log's line."""
        scratch = OUT / "work" / "least.json"
        argv = [self.python, str(FLOOR), "least-write", str(path), str(scratch), *(["--typer"] if typer else [])]
        return Command(f"least write{' + Typer' if typer else ''} ({label})", argv, self.env)

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


def near_floor(limit: float, peak_limit: float | None = None) -> Callable[[Result], bool]:
    """At most `limit` times the floor's time, and `peak_limit` times its peak memory where given."""
    return lambda r: r.ratio <= limit and (peak_limit is None or r.peak_mib <= peak_limit * r.b_peak_mib)


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
    parse_floor = plan.parse_floor("100k", plan.paths["large"])
    plan.add("floor: parse, 100k", parse_floor, large=True)
    plan.add("floor: write, 100k", plan.write_floor("100k", plan.paths["large"]), large=True)
    # How near the floors any command on this stack can come (benchmarks/floor.py): the targets below are
    # read against these.
    regrouped_floor = plan.parse_floor("100k by indicator", plan.paths["regrouped"])
    plan.add("floor: parse, 100k by indicator", regrouped_floor, large=True)
    plan.add(
        "least read + Typer, 100k by indicator",
        plan.least_read("100k by indicator", plan.paths["regrouped"], typer=True),
        regrouped_floor,
        large=True,
    )
    for typer in (False, True):
        suffix = " + Typer" if typer else ""
        plan.add(
            f"least read{suffix}, 100k",
            plan.least_read("100k", plan.paths["large"], typer=typer),
            parse_floor,
            large=True,
        )
        plan.add(
            f"least write{suffix}, 100k",
            plan.least_write("100k", plan.paths["large"], typer=typer),
            plan.write_floor("100k", plan.paths["large"]),
            large=True,
        )
    for fmt in ("table", "tsv", "csv", "json", "jsonl", "md"):
        plan.add(
            f"status, 100k, {fmt}",
            plan.cmd(f"pohang status --format {fmt} (100k observations)", "status", "--db", large, "--format", fmt),
            parse_floor,
            large=True,
            target="≤ 1.3× floor, peak ≤ 1.1× floor's",
            check=near_floor(1.3, 1.1),
        )
    plan.add(
        "milestones json, 100k db",
        plan.cmd("pohang milestones --format json (large database)", "milestones", "--db", large, "--format", "json"),
        parse_floor,
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
            plan.write_floor(label, plan.paths[source]),
            large=True,
            target="≤ 1.15× floor" if label == "100k" else "linear",
            check=near_floor(1.15) if label == "100k" else None,
        )
    plan.add(
        "add-milestone, 100k",
        plan.cmd(
            "pohang add-milestone (large database)",
            *("add-milestone", "battery", "벤치마크 마일스톤", "--due", "2027-06", "--db", str(writable), "-q"),
            before=restore(plan.paths["large"], writable),
        ),
        plan.write_floor("100k", plan.paths["large"]),
        large=True,
        target="≤ 1.15× floor",
        check=near_floor(1.15),
    )
    if not importing:
        return
    target_db = work / "import.json"
    plan.add(
        "import 100k observations",
        plan.cmd(
            "pohang import observations.jsonl (100k)",
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", str(target_db), "-q", *plan.force),
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
            *("import", str(plan.paths["obs_xlsx"]), "--db", str(target_db), "-q", *plan.force),
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
    force = " ".join(plan.force) + " 2>/dev/null"  # --force names every questioned row
    pipeline.write_text(
        "set -e\n"
        f"rm -f {target_db}.*\n"
        f"cp {plan.paths['skeleton']} {target_db}\n"
        f"{plan.pohang} import {plan.paths['obs_jsonl']} --format jsonl --db {target_db} -q {force}\n"
        f"{plan.pohang} import {plan.paths['milestones_jsonl']} --format jsonl --db {target_db} -q {force}\n"
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
        # With the database writing and chaining the log (schema version 5): issue 19 asks for this.
        target="≤ 250 ms, ≤ 1.3×",
        check=lambda r: r.a_median <= 250 and r.ratio <= 1.3,
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
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", uris["import"], "-q", *plan.force),
            before=reset_postgres(uris["import"], plan.paths["skeleton"]),
        ),
        plan.cmd(
            "pohang import observations.jsonl (file, 100k)",
            *("import", str(plan.paths["obs_jsonl"]), "--format", "jsonl", "--db", str(target_db), "-q", *plan.force),
            before=restore(plan.paths["skeleton"], target_db),
        ),
        large=True,
        target="≤ 10,000 ms",
        check=lambda r: r.a_median <= 10_000,
    )


def version_2_file(source: Path, target: Path) -> Path:
    """`source`'s records in the layout pohang wrote before schema version 3 (whole documents), at `target`."""
    from pohang_cli.storage import Database, record_to_doc
    from pohang_cli.storage.files import encode_tables

    dataset = Database(source).read()
    tables: dict[str, Any] = {"_meta": {"1": {"schema_version": 2, "next_milestone_id": dataset.next_milestone_id}}}
    for kind in Kind:
        table = getattr(dataset, kind.value)
        tables[kind.value] = {str(n): record_to_doc(kind, table[key]) for n, key in enumerate(sorted(table), start=1)}
    target.write_bytes(encode_tables(tables))
    return target


def older_command(plan: Plan, tree: Path, label: str, *words: str, **kwargs: Any) -> Command:
    """A command of the older pohang in `tree`, run from its sources with the same interpreter."""
    return source_command(plan, tree, f"{label}, {tree.name}", *words, **kwargs)


def source_command(plan: Plan, tree: Path, label: str, *words: str, **kwargs: Any) -> Command:
    """A command of the pohang in `tree`, started as `older_command` starts the older one (no console script).

    The rows against an older pohang start both sides alike: a console script imports a little more before
    pohang does (`re`), a few per cent of a command on the sample.
    """
    # -P: `-c` would otherwise put the working directory (this checkout) first on the path.
    launcher = "import sys; from pohang_cli.launcher import main; sys.argv[0] = 'pohang'; main()"
    env = {**plan.env, "PYTHONPATH": str(tree)}
    return Command(label, [plan.python, "-P", "-c", launcher, *words], env, **kwargs)


def before_rows(plan: Plan, before: Path) -> None:
    """Commands against an older pohang (the same interpreter and libraries) on the same records.

    On the sample: the reading and writing commands, each within 5 % of the older pohang's. On the large
    databases: `status` in three formats, `milestones`, `record` and `add-milestone`, for the table of
    before and after. The older pohang reads each database in its own layout (version 2), converted from
    this one's; writes work on fresh copies, so every run writes the same change.
    """
    for tree in (ROOT, before):
        subprocess.run([plan.python, "-m", "compileall", "-q", str(tree / "pohang_cli")], check=True)
    reading = {
        "status --format table": ("status", "--format", "table"),
        "status --format tsv": ("status", "--format", "tsv"),
        "status --format json": ("status", "--format", "json"),
        "milestones --format json": ("milestones", "--format", "json"),
        "history": ("history", "battery.cathode-output", "--format", "tsv"),
    }
    writing = {
        "record": ("record", "battery.cathode-output", "180000", "--date", "2026-10", "-q"),
        "add-milestone": ("add-milestone", "battery", "벤치마크 마일스톤", "--due", "2027-06", "-q"),
    }
    _against_before(plan, before, "sample", plan.paths["sample"], reading, writing, large=False)
    large_reading = {label: words for label, words in reading.items() if label.startswith("status")}
    large_writing = {
        "record": ("record", "battery.series-000", "12345", "--date", "2026-11-01", "-q"),
        "add-milestone": writing["add-milestone"],
    }
    _against_before(plan, before, "100k", plan.paths["large"], large_reading, large_writing, large=True)
    milestones = {"milestones --format json": reading["milestones --format json"]}
    _against_before(plan, before, "10k milestones", plan.paths["milestones"], milestones, {}, large=True)


def _against_before(
    plan: Plan,
    before: Path,
    name: str,
    database: Path,
    reading: Mapping[str, tuple[str, ...]],
    writing: Mapping[str, tuple[str, ...]],
    *,
    large: bool,
) -> None:
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    stem = name.replace(" ", "-")
    files = {"new": database, "old": version_2_file(database, OUT / f"{stem}-v2.json")}
    target, check = ("", None) if large else ("≤ 1.05×", ratio_at_most(1.05))
    for label, words in reading.items():
        plan.add(
            f"{label}, {name}, vs before",
            source_command(plan, ROOT, f"pohang {label} ({name})", *words, "--db", str(files["new"])),
            older_command(plan, before, f"pohang {label} ({name})", *words, "--db", str(files["old"])),
            large=large,
            target=target,
            check=check,
        )
    for label, words in writing.items():
        copies = {age: work / f"{stem}-{age}.json" for age in files}
        plan.add(
            f"{label}, {name}, vs before",
            source_command(
                plan,
                ROOT,
                f"pohang {label} ({name})",
                *words,
                "--db",
                str(copies["new"]),
                before=restore(files["new"], copies["new"]),
            ),
            older_command(
                plan,
                before,
                f"pohang {label} ({name})",
                *words,
                "--db",
                str(copies["old"]),
                before=restore(files["old"], copies["old"]),
            ),
            large=large,
            target=target,
            check=check,
        )


def stored_sizes(plan: Plan, before: Path | None) -> list[str]:
    """The bytes the large database and an import of 100,000 observations take; the older pohang's beside."""
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    lines = [f"- the large database (benchmarks/out/large.json): {plan.paths['large'].stat().st_size:,} bytes"]
    imports = {
        "this pohang": (plan.cmd("import", *IMPORT_WORDS, *plan.force), plan.paths["skeleton"], plan.paths["obs_jsonl"])
    }
    if before is not None:
        old_skeleton = version_2_file(plan.paths["skeleton"], OUT / "skeleton-v2.json")
        # The same observations without their empty keys: an older pohang refuses the fields it predates
        # (`recorded`, `note_en`), even empty, and an empty key imports as its absence does.
        sparse = without_empty_keys(plan.paths["obs_jsonl"], OUT / "observations-sparse.jsonl")
        imports[before.name] = (older_command(plan, before, "import", *IMPORT_WORDS), old_skeleton, sparse)
    sizes = {}
    for who, (command, skeleton, jsonl) in imports.items():
        target = work / "import-size.json"
        fresh_copy(skeleton, target)
        names = {"{jsonl}": str(jsonl), "{db}": str(target)}
        argv = [names.get(word, word) for word in command.argv]
        subprocess.run(argv, env=command.env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sizes[who] = target.stat().st_size
        lines.append(f"- 100,000 observations imported (jsonl) into the skeleton, by {who}: {sizes[who]:,} bytes")
    if before is not None:
        ratio = sizes["this pohang"] / sizes[before.name]
        lines.append(f"- stored size against {before.name}: {ratio:.3f}× (target ≤ 0.8×)")
    return lines


def without_empty_keys(source: Path, target: Path) -> Path:
    """The jsonl file `source` with each line's null and empty-list values left out, at `target`."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            doc = {key: value for key, value in json.loads(line).items() if value is not None and value != []}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return target


IMPORT_WORDS = ("import", "{jsonl}", "--format", "jsonl", "--db", "{db}", "-q")
# The synthetic values are implausible on purpose (fractional counts, values far from their baselines): a
# pohang that questions such input imports them with --force; an older one has no such option.
FORCE = ("--force",)


def _site_built(plan: Plan, source: str, folder: Path) -> Callable[[int], None]:
    """Before each `--if-changed` run: the site of `source` is there, built once (by this or an earlier row)."""

    def build(_: int) -> None:
        if not (folder / "data" / "index.json").is_file():
            subprocess.run([plan.pohang, "site", "-o", str(folder), "--db", source, "-q"], env=plan.env, check=True)

    return build


def site_rows(plan: Plan) -> None:
    """`pohang site` of the sample and of the large database, and `--if-changed` when nothing changed."""
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    sample_site, large_site = work / "site-sample", work / "site-large"
    for folder in (sample_site, large_site):
        shutil.rmtree(folder, ignore_errors=True)
    sample, large = str(plan.paths["sample"]), str(plan.paths["large"])
    plan.add(
        "site, sample",
        plan.cmd("pohang site (sample, ko + en)", "site", "-o", str(sample_site), "--db", sample, "-q"),
        target="≤ 2,000 ms",
        check=lambda r: r.a_median <= 2000,
    )
    plan.add(
        "site, 100k",
        plan.cmd("pohang site (100k observations, 200 indicators)", "site", "-o", str(large_site), "--db", large, "-q"),
        large=True,
        target="≤ 30,000 ms, peak ≤ 500 MiB",
        check=lambda r: r.a_median <= 30_000 and r.peak_mib <= 500,
    )
    plan.add(
        "site --if-changed, 100k",
        plan.cmd(
            "pohang site --if-changed (100k, nothing changed)",
            *("site", "-o", str(large_site), "--db", large, "--if-changed", "-q"),
            before=_site_built(plan, large, large_site),
        ),
        plan.cmd("pohang status (100k)", "status", "--db", large, "--format", "tsv"),
        large=True,
        target="≤ 1.5× status",
        check=ratio_at_most(1.5),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 pairs (3 on large databases) instead of 30 (10)")
    parser.add_argument("--pairs", type=int, help="timed pairs per small row")
    parser.add_argument("--only", action="append", default=[], help="run rows whose name contains this (repeatable)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the baseline `python -c pass`")
    parser.add_argument("--pohang", help="the console script (default: `pohang` next to --python)")
    parser.add_argument(
        "--before",
        type=Path,
        help="the tree of an older pohang (`git archive COMMIT | tar -x -C DIR`) to compare the sample rows and "
        "the stored size with",
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
    plan = Plan(args.python, pohang, paths, env, small_pairs, max(3, small_pairs // 3), import_force(pohang, env))
    startup_rows(plan)
    completion_rows(plan)
    listing_rows(plan, taskwarrior(env))
    write_rows(plan, has_import(pohang, env))
    site_rows(plan)
    wanted = [name.casefold() for name in args.only]
    admin = os.environ.get("POHANG_BENCH_POSTGRES", "").strip()
    if admin and (not wanted or any("pg" in w for w in wanted)):
        postgres_rows(plan, admin)
    before = args.before.resolve() if args.before is not None else None
    if before is not None:
        before_rows(plan, before)

    load_before = os.getloadavg()
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

    table = report(results, pohang, small_pairs, plan.large_pairs, load_before)
    (OUT / "results.md").write_text(table + "\n", encoding="utf-8")  # kept should the sizes fail
    sizes = stored_sizes(plan, before) if not wanted or "size" in wanted else []
    if sizes:
        table += "\n\nStored bytes:\n\n" + "\n".join(sizes)
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


def report(
    results: list[Result], pohang: str, small_pairs: int, large_pairs: int, load_before: tuple[float, ...]
) -> str:
    version = subprocess.run([pohang, "--version"], check=False, capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    lines = [
        f"{version}, {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}; load average (1, 5, 15 min) "
        f"{' '.join(f'{x:.2f}' for x in load_before)} at the start, {' '.join(f'{x:.2f}' for x in load)} at the end; "
        f"{small_pairs} pairs ({large_pairs} on large databases); medians; A/B = median of the pair-by-pair "
        "ratios of wall time, CPU A/B the same of CPU time (user + system)",
        "",
        "| row | A: command | A ms (min–max) | A CPU ms | B: baseline | B ms | B CPU ms | A/B (min–max) | CPU A/B "
        "| A / B peak MiB | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.name} | `{r.command}` | {r.a_median:,.0f} ({min(r.a_ms):,.0f}–{max(r.a_ms):,.0f}) "
            f"| {statistics.median(r.a_cpu_ms):,.0f} | `{r.baseline}` | {r.b_median:,.0f} "
            f"| {statistics.median(r.b_cpu_ms):,.0f} | {r.ratio:.2f} ({min(r.ratios):.2f}–{max(r.ratios):.2f}) "
            f"| {r.cpu_ratio:.2f} | {r.peak_mib:.0f} / {r.b_peak_mib:.0f} | {r.target} | {met} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
