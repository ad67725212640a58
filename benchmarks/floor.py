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
judgement, no output, no record made.

* `least-read`: the records keyed by id, so that a file where two share an id is refused (exit 4) rather than
  read as one, and the observations grouped by indicator in date order, which every status row reads.
* `least-write`: the exclusive lock (filelock), the records keyed by id, and the audit log's line appended
  and fsynced before the file is replaced (crash safety).
* `--typer`: first import Typer, which the command line is built on.

`regroup` writes the layout a TinyDB file would need for a reader not to group the observations at all: one
table per indicator (`observations/ID`), its documents without the indicator. `least-read` of such a file keys
and ranks each table instead of grouping. pohang does not use it; it tells how near the parse floor a reader
could come if the file were laid out so.

They measure how near a floor any implementation on this stack can come (the README's "Against the floor").
"""

from __future__ import annotations

import os
import sys
import tempfile
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson


def parse(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def write(path: Path, scratch: Path, *, log_line: bool = False) -> None:
    tables = parse(path)
    if log_line:
        _key_by_id(tables)
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


def _key_by_id(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    for name, table in tables.items():
        keyed = {doc["id"]: doc for doc in table.values()} if name != "_meta" else table
        if len(keyed) != len(table):
            raise SystemExit(4)


def _append_log_line(log: Path) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, orjson.dumps({"seq": 1, "changes": []}) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def least_read(path: Path) -> None:
    tables = parse(path)
    if "observations" not in tables:
        least_read_regrouped(tables)
        return
    _key_by_id(tables)
    grouped: dict[str, list[tuple[int, str]]] = {}
    rank_of: dict[str, int] = {}  # a stand-in for a date's rank: the least a lookup costs
    for key, doc in tables["observations"].items():
        text = doc["date"]
        rank = rank_of.get(text)
        if rank is None:
            rank = rank_of[text] = len(rank_of)
        group = grouped.get(doc["indicator"])
        if group is None:
            grouped[doc["indicator"]] = [(rank, key)]
        else:
            group.append((rank, key))
    for group in grouped.values():
        group.sort()


def least_read_regrouped(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    """`least_read` of a file written by `regroup`: each indicator's table keyed and put in date order."""
    date = itemgetter("date")
    rank_of: dict[str, int] = {}
    for name, table in tables.items():
        if name == "_meta":
            continue
        docs = table.values()
        keyed = dict(zip(map(itemgetter("id"), docs), docs, strict=True))
        if len(keyed) != len(table):
            raise SystemExit(4)
        if name.startswith("observations/"):
            ranks = [rank_of.get(text) or rank_of.setdefault(text, len(rank_of) + 1) for text in map(date, docs)]
            sorted(zip(ranks, keyed, strict=True))


def regroup(path: Path, dest: Path) -> None:
    tables = parse(path)
    for doc_id, doc in tables.pop("observations", {}).items():
        tables.setdefault(f"observations/{doc.pop('indicator')}", {})[doc_id] = doc
    _replace(dest, tables)


def least_write(path: Path, scratch: Path) -> None:
    import filelock

    with filelock.FileLock(scratch.with_name(scratch.name + ".lock")):
        write(path, scratch, log_line=True)


def main(argv: list[str]) -> int:
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
