"""The site's data at stable addresses: each indicator as CSV and JSON, the whole database as xlsx and zip.

Every file has the columns (and keys) of `pohang export`, so what a reader downloads `pohang import` reads
back: `data/<indicator>.csv` holds the indicator's actuals; `data/<indicator>.json` is a whole-database
document of the indicator alone (its sector, itself, its targets, actuals and assessments, no milestones);
`data/pohang.xlsx` is the export workbook; `data/pohang.zip` holds every kind as CSV. The zip's members are
dated the as-of day, so the same database and day give the same bytes.

Each file is made when it is written and then let go: the documents of 100,000 actuals are never all held
at once.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pohang_cli.models import Dataset, Kind
from pohang_cli.render.xlsx import write_workbook
from pohang_cli.service import observations_by_indicator
from pohang_cli.site.layout import data_name
from pohang_cli.storage import RECORDS_VERSION, record_to_doc
from pohang_cli.transfer.export import document_json, documents_csv, documents_sheets, next_milestone_id

Writer = Callable[[Path], None]


def _documents(data: Dataset, kind: Kind) -> Iterator[dict[str, Any]]:
    """The stored documents of one kind, sorted by id, made one at a time."""
    table: Any = getattr(data, kind.value)
    return (record_to_doc(kind, table[key]) for key in sorted(table))


def indicator_files(data: Dataset) -> dict[str, Writer]:
    """The writers of each indicator's CSV and JSON, by path."""
    grouped = observations_by_indicator(data)
    targets_of: dict[str, list[str]] = {}
    for key, target in data.targets.items():
        targets_of.setdefault(target.indicator, []).append(key)

    # The CSV and the JSON of an indicator are written one after the other: its documents are made once.
    @functools.lru_cache(maxsize=1)
    def observations(indicator_id: str) -> list[dict[str, Any]]:
        found = sorted(grouped.get(indicator_id, ()), key=lambda o: o.id)
        return [record_to_doc(Kind.OBSERVATIONS, o) for o in found]

    def csv(indicator_id: str) -> Writer:
        def write(path: Path) -> None:
            path.write_bytes(documents_csv(Kind.OBSERVATIONS, observations(indicator_id)))

        return write

    def json(indicator_id: str) -> Writer:
        def write(path: Path) -> None:
            indicator = data.indicators[indicator_id]
            targets = sorted(targets_of.get(indicator_id, ()))
            sector = data.sectors.get(indicator.sector)
            document = {
                "schema_version": RECORDS_VERSION,
                "next_milestone_id": next_milestone_id(data),
                Kind.SECTORS.value: [] if sector is None else [record_to_doc(Kind.SECTORS, sector)],
                Kind.INDICATORS.value: [record_to_doc(Kind.INDICATORS, indicator)],
                Kind.TARGETS.value: [record_to_doc(Kind.TARGETS, data.targets[key]) for key in targets],
                Kind.OBSERVATIONS.value: observations(indicator_id),
                Kind.MILESTONES.value: [],
                Kind.ASSESSMENTS.value: [
                    record_to_doc(Kind.ASSESSMENTS, data.assessments[key]) for key in targets if key in data.assessments
                ],
            }
            path.write_bytes(document_json(document))

        return write

    files: dict[str, Writer] = {}
    for indicator_id in sorted(data.indicators):
        files[data_name(indicator_id, "csv")] = csv(indicator_id)
        files[data_name(indicator_id, "json")] = json(indicator_id)
    return files


def database_zip(data: Dataset, as_of: date) -> Writer:
    """Every kind of record as a CSV file (`observations.csv` ...) in one zip, dated `as_of`."""

    def write(path: Path) -> None:
        buffer = io.BytesIO()
        stamp = (max(as_of.year, 1980), as_of.month, as_of.day, 0, 0, 0)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for kind in Kind:
                member = zipfile.ZipInfo(f"{kind.value}.csv", date_time=stamp)
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = 0o644 << 16
                archive.writestr(member, documents_csv(kind, _documents(data, kind)))
        path.write_bytes(buffer.getvalue())

    return write


def database_workbook(data: Dataset) -> Writer:
    """The export workbook of the whole database, written row by row (constant memory)."""

    def write(path: Path) -> None:
        write_workbook(documents_sheets({kind: _documents(data, kind) for kind in Kind}), path)

    return write
