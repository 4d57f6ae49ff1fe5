"""Reading agency chronology files (CSV, Excel, OpenDocument, Word) into faithful text tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chronolane.errors import SourceError
from chronolane.ingest.formats import MAX_FILE_BYTES, sniff_format
from chronolane.ingest.ods import read_ods_source
from chronolane.ingest.table import META_COLUMNS, RECORD_ISSUES, SOURCE_ROW, SourceTable
from chronolane.ingest.text import read_text_source
from chronolane.ingest.word import read_word_source
from chronolane.ingest.workbook import MAX_UNCOMPRESSED_BYTES, read_workbook_source
from chronolane.ingest.xls import read_xls_source

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


_GRID_READERS = {
    "xlsx": read_workbook_source,
    "xls": read_xls_source,
    "ods": read_ods_source,
    "docx": read_word_source,
}


def read_source(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> SourceTable:
    """Read one agency file, of the format its first bytes say, keeping every record and its exact text.

    ``sheet`` names the workbook sheet (or Word table, "table 2") to read; ``header_row`` the row holding the
    headers when it is not to be found by its names. Both are errors for a text file.
    """
    path = Path(path)
    kind = sniff_format(path)
    if kind in _GRID_READERS:
        return _GRID_READERS[kind](path, sheet=sheet, header_row=header_row)
    if header_row is not None:
        raise SourceError(
            f"{path}: header_row = {header_row} is set for this source, but the file is delimited text, whose "
            "header is its first line; remove the title lines above the header, or the header_row setting."
        )
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
