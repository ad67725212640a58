"""The physical floor of a command on a database file, and the least any command on pohang's stack must add.

    python benchmarks/floor.py parse FILE                # read the file and parse it with orjson
    python benchmarks/floor.py write FILE SCRATCH        # the same, then encode it as pohang does and write
                                                         # SCRATCH through a temp file, fsync and rename
    python benchmarks/floor.py least-read FILE [--typer]
    python benchmarks/floor.py least-write FILE SCRATCH [--typer]
    python benchmarks/floor.py regroup FILE DEST          # FILE with one table of observations per indicator

No command reading FILE can do less than `parse`, none writing it less than `write`: benchmarks/run.py
measures `status`, `record` and `add-milestone` side by side with these. Only orjson and the standard
library are imported, nothing of pohang's.

The `least-` modes add to a floor what the contract asks of every command on the file, and nothing else: no
judgement, no output, no record made. Each step is done the fastest way found, in loops that run in C, with
the collector set as pohang sets it for a command.

* `least-read`: the ids of every table checked, so that a file where two records share one is refused
  (exit 4) rather than read as one record, and the observations grouped by indicator in date order, which
  every status row reads.
* `least-write`: the exclusive lock (filelock), the ids checked, and the audit log's line appended and fsynced
  before the file is replaced (crash safety).
* `--typer`: first import Typer, which the command line is built on.

`regroup` writes the layout a TinyDB file would need for a reader not to group the observations at all: one
table per indicator (`observations/ID`), its documents without the indicator. `least-read` of such a file
puts each table in date order instead of grouping. pohang does not use it; it tells how near the parse
floor a reader could come if the file were laid out so.

They measure how near a floor any implementation on this stack can come (the README's "Against the floor").
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections import defaultdict, deque
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson


def parse(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def write(path: Path, scratch: Path, *, log_line: bool = False) -> None:
    tables = parse(path)
    if log_line:
        _refuse_shared_ids(tables)
        _append_log_line(scratch.with_name(scratch.name + ".log"))
    _replace(scratch, tables)


def _replace(scratch: Path, tables: Any) -> None:
    # The options of pohang's own encoder (storage/files.py), so the bytes are the same.
    payload = orjson.dumps(tables, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    fd, name = tempfile.mkstemp(prefix=f".{scratch.name}.", suffix=".tmp", dir=scratch.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(name, scratch)
    directory = os.open(scratch.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


_ID, _INDICATOR, _DATE = itemgetter("id"), itemgetter("indicator"), itemgetter("date")
_REGROUPED = "observations/"


def _refuse_shared_ids(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    # A set of the ids is the least that tells two records sharing one apart (exit 4); it loops in C.
    for name, table in tables.items():
        if name != "_meta" and len(set(map(_ID, table.values()))) != len(table):
            raise SystemExit(4)


def _append_log_line(log: Path) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, orjson.dumps({"seq": 1, "changes": []}) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def least_read(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each indicator's observations as (date, doc id) pairs in date order."""
    tables = parse(path)
    _refuse_shared_ids(tables)
    observations = tables.get("observations")
    groups: dict[str, list[tuple[str, str]]]
    if observations is None:  # laid out by `regroup`: each table is one indicator's
        groups = {
            name.removeprefix(_REGROUPED): list(zip(map(_DATE, table.values()), table, strict=True))
            for name, table in tables.items()
            if name.startswith(_REGROUPED)
        }
    else:
        # Every step loops in C: (date, key) appended to its indicator's list, with no loop in Python.
        groups = defaultdict(list)
        docs = observations.values()
        appends = map(
            list.append,
            map(groups.__getitem__, map(_INDICATOR, docs)),
            zip(map(_DATE, docs), observations, strict=True),
        )
        deque(appends, maxlen=0)
    for group in groups.values():
        # ISO dates of one precision sort as the dates do: a stand-in for pohang's rank of a date.
        group.sort()
    return groups


def regroup(path: Path, dest: Path) -> None:
    tables = parse(path)
    for doc_id, doc in tables.pop("observations", {}).items():
        tables.setdefault(_REGROUPED + doc.pop("indicator"), {})[doc_id] = doc
    _replace(dest, tables)


def least_write(path: Path, scratch: Path) -> None:
    import filelock

    with filelock.FileLock(scratch.with_name(scratch.name + ".lock")):
        write(path, scratch, log_line=True)


def main(argv: list[str]) -> int:
    if argv[:1] in (["least-read"], ["least-write"]):
        # The collector as pohang sets it for a command (launcher.py): after a million new containers.
        gc.set_threshold(1_000_000, 50, 100)
    if argv[-1:] == ["--typer"]:
        import typer  # noqa: F401  (what it costs to load is the point)

        argv = argv[:-1]
    match argv:
        case ["parse", file]:
            parse(Path(file))
        case ["write", file, scratch]:
            write(Path(file), Path(scratch))
        case ["least-read", file]:
            least_read(Path(file))
        case ["least-write", file, scratch]:
            least_write(Path(file), Path(scratch))
        case ["regroup", file, dest]:
            regroup(Path(file), Path(dest))
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
