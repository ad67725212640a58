"""Build the bundled sample database, `sample_db.json`, from the CSV files of `sample/`.

The sample is data a planner can edit in a spreadsheet: one UTF-8 CSV file per kind of record in
`sample/`, with the columns `pohang import` reads, every row citing its source URL and naming, at the end
of its note (Korean, with the English in `note_en`; an assessment in its basis), the rows of the fact sheets
(`/shared/seed/facts.md`, `facts-2026.md`) it comes from. This script loads them through the public command
line, exactly as a user would, into an empty database:

    pohang init --empty --db TMP
    pohang import sample/sectors.csv --db TMP      (then indicators, targets, observations, milestones,
                                                    assessments)

so every rule of `import` (units, dates, references, revisions) checks the sample too. It then writes the
records, without the scratch database's change log, to OUTPUT. Milestones take their ids in file order, so
new ones go at the end of milestones.csv.

Usage:
    python tools/build_sample.py [OUTPUT]    # OUTPUT defaults to sample_db.json at the repository root
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from pohang_cli import storage  # noqa: E402

DEFAULT_OUTPUT = ROOT / "sample_db.json"
SAMPLE_DIR = ROOT / "sample"
# In the order import needs them: what a record refers to comes first.
FILES = ("sectors", "indicators", "targets", "observations", "milestones", "assessments")
# The day the facts of the sample were checked: a date after it would be refused as in the future, and
# "today" in the files means it, so the build does not depend on when it runs.
CHECKED_ON = "2026-12-02"


def _pohang(*args: str) -> None:
    """Run the pohang command line; a refusal stops the build with pohang's own message."""
    command = [sys.executable, "-m", "pohang_cli", *args]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
    if result.returncode != 0:
        raise SystemExit(f"pohang {' '.join(args)} failed (exit {result.returncode}):\n{result.stderr}")


def build(output: Path, sample_dir: Path = SAMPLE_DIR) -> storage.Database:
    """Import the CSV files of `sample_dir` into an empty database and write its records to `output`."""
    with tempfile.TemporaryDirectory(prefix="pohang-sample-") as scratch:
        database = Path(scratch) / "sample.json"
        _pohang("init", "--empty", "--db", str(database), "-q")
        for name in FILES:
            _pohang("import", str(sample_dir / f"{name}.csv"), "--db", str(database), "--as-of", CHECKED_ON, "-q")
        dataset = storage.Database(database).read()
        storage.atomic_write_bytes(output, storage.encode_dataset(dataset))
    return storage.Database(output)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the sample database file; returns the exit code."""
    parser = argparse.ArgumentParser(description="Build pohang's bundled sample database from sample/*.csv.")
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the database file (default: {DEFAULT_OUTPUT.name} at the repository root)",
    )
    args = parser.parse_args(argv)
    dataset = build(args.output).read()
    print(
        f"wrote {args.output}: {len(dataset.sectors)} sectors, {len(dataset.indicators)} indicators, "
        f"{len(dataset.targets)} targets, {len(dataset.observations)} observations, "
        f"{len(dataset.milestones)} milestones",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
