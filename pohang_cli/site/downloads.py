"""The site's data at stable addresses: each indicator as CSV and JSON, the whole database as xlsx and zip.

Every file has the columns (and keys) of `pohang export`, so what a reader downloads `pohang import` reads
back: `data/<indicator>.csv` holds the indicator's actuals; `data/<indicator>.json` is a whole-database
document of the indicator alone (its sector, itself, its targets, actuals and assessments, no milestones);
`data/pohang.xlsx` is the export workbook; `data/pohang.zip` holds every kind as CSV. The zip's members are
dated the as-of day, so the same database and day give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from pohang_cli.models import Dataset, Kind
from pohang_cli.render.xlsx import write_workbook
from pohang_cli.service import observations_by_indicator
from pohang_cli.site.layout import data_name
from pohang_cli.transfer import export_bytes
from pohang_cli.transfer.export import workbook_sheets


def indicator_files(data: Dataset) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of each indicator's CSV and JSON, in id order."""
    grouped = observations_by_indicator(data)
    for indicator_id in sorted(data.indicators):
        indicator = data.indicators[indicator_id]
        observations = {o.id: o for o in grouped.get(indicator_id, ())}
        targets = {key: t for key, t in data.targets.items() if t.indicator == indicator_id}
        own = replace(
            data,
            sectors={key: s for key, s in data.sectors.items() if key == indicator.sector},
            indicators={indicator_id: indicator},
            targets=targets,
            observations=observations,
            milestones={},
            assessments={key: a for key, a in data.assessments.items() if key in targets},
        )
        csv, _count = export_bytes(own, "csv", Kind.OBSERVATIONS)
        yield data_name(indicator_id, "csv"), csv
        yield data_name(indicator_id, "json"), export_bytes(own, "json")[0]


def database_zip(data: Dataset, as_of: date) -> bytes:
    """Every kind of record as a CSV file (`observations.csv` ...) in one zip, dated `as_of`."""
    buffer = io.BytesIO()
    stamp = (max(as_of.year, 1980), as_of.month, as_of.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in Kind:
            member = zipfile.ZipInfo(f"{kind.value}.csv", date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, export_bytes(data, "csv", kind)[0])
    return buffer.getvalue()


def database_workbook(data: Dataset, path: Path) -> None:
    """The export workbook of the whole database, written to `path` row by row (constant memory)."""
    write_workbook(workbook_sheets(data), path)
