"""Where `pohang status --format tsv` spends its time on a large file, step by step, in wall milliseconds.

    python benchmarks/phases.py FILE [--runs 15]

Each run is a fresh process that takes the command's steps in order, as `status` takes them, and times each
with a monotonic clock: loading Typer, loading pohang's modules for the command, reading and parsing the file,
keying the records by id, grouping and ranking the observations, making the milestone records, judging every
target (the sectors' roll-ups included), and writing the rows. The output is the median of each step over the
runs. benchmarks/floor.py gives the least each of the first steps can cost; this gives what pohang pays.
"""

from __future__ import annotations

import gc
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-12-08"


def one_run(path: Path) -> dict[str, float]:
    """The steps of one status, each timed in milliseconds."""
    gc.set_threshold(1_000_000, 50, 100)  # as pohang's launcher sets it for a command
    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[step] = (now - clock) * 1000
        clock = now

    import typer  # noqa: F401  (what it costs to load is the point)

    done("load Typer")
    import datetime as dt

    import pohang_cli.cli.reading  # noqa: F401  (the status command's module, and what it imports)
    from pohang_cli import service
    from pohang_cli.render import machine, rows
    from pohang_cli.service import reading
    from pohang_cli.storage import Database, dataset_from_tables

    done("load pohang's modules")
    tables, _, _ = Database(path).read_tables()
    done("read and parse the file")
    data = dataset_from_tables(tables)
    done("key the records by id")
    grouped = reading.observations_by_indicator(data)
    done("group and rank the observations")
    for _milestone in data.milestones.values():
        pass
    done("make the milestone records")
    reading.observations_by_indicator = lambda data: grouped  # judged once, over the grouping just timed
    report = service.status(data, dt.date.fromisoformat(AS_OF))
    done("judge the targets, roll up the sectors")
    machine.write_rows(io.BytesIO(), rows.status_rows(report), rows.STATUS_FIELDS, "tsv")
    done("write the rows")
    return steps


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--one":
        print(json.dumps(one_run(Path(argv[1]))))
        return 0
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--runs"):
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(argv[2]) if len(argv) == 3 else 15
    results = [
        json.loads(subprocess.run([sys.executable, __file__, "--one", argv[0]], capture_output=True, check=True).stdout)
        for _ in range(runs)
    ]
    for step in results[0]:
        print(f"{statistics.median(r[step] for r in results):7.1f} ms  {step}")
    print(f"{statistics.median(sum(r.values()) for r in results):7.1f} ms  in all ({runs} runs, medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
