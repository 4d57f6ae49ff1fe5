"""Reading agency chronology files (CSV or XLSX) into faithful text tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chronolane.errors import SourceError
from chronolane.ingest.formats import MAX_FILE_BYTES, sniff_format
from chronolane.ingest.table import META_COLUMNS, RECORD_ISSUES, SOURCE_ROW, SourceTable
from chronolane.ingest.text import read_text_source
from chronolane.ingest.workbook import MAX_UNCOMPRESSED_BYTES, read_workbook_source

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "META_COLUMNS",
    "RECORD_ISSUES",
    "SOURCE_ROW",
    "SourceTable",
    "read_source",
    "sniff_format",
]


def read_source(path: Path, *, sheet: str | None = None) -> SourceTable:
    """Read one agency file, CSV or XLSX as its first bytes say, keeping every record and its exact text.

    ``sheet`` names the workbook sheet to read; it is an error to give it for a text file.
    """
    path = Path(path)
    kind = sniff_format(path)
    if kind == "xlsx":
        return read_workbook_source(path, sheet=sheet)
    if sheet is not None:
        raise SourceError(
            f"{path}: sheet = {sheet!r} is set for this source, but the file is delimited text, not a "
            "workbook; remove the sheet setting from case.toml."
        )
    table = read_text_source(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        notes = (f"named {path.suffix} but holds delimited text: read as CSV", *table.notes)
        return dataclasses.replace(table, notes=notes)
    return table
