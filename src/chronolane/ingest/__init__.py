"""Reading agency chronology files (CSV, Excel, OpenDocument, Word) into faithful text tables."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

from chronolane.errors import ChronolaneError, SourceError
from chronolane.ingest.formats import MAX_FILE_BYTES, sniff_format
from chronolane.ingest.frame import FRAME_NAME, frame_table, read_parquet_source
from chronolane.ingest.source import META_COLUMNS, RECORD_ISSUES, SOURCE_ROW, SourceTable
from chronolane.ingest.text import read_text_source
from chronolane.schema.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "FRAME_NAME",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "META_COLUMNS",
    "RECORD_ISSUES",
    "SOURCE_ROW",
    "SourceTable",
    "frame_table",
    "read_source",
    "sniff_format",
]


#: Reader module and function per grid format, imported only when a file of that format is read (the
#: workbook and Word libraries take a large share of start-up time).
_GRID_READERS = {
    "xlsx": ("workbook", "read_workbook_source"),
    "xls": ("xls", "read_xls_source"),
    "ods": ("ods", "read_ods_source"),
    "docx": ("word", "read_word_source"),
}


def __getattr__(name: str) -> Any:
    if name == "MAX_UNCOMPRESSED_BYTES":
        from chronolane.ingest.workbook import MAX_UNCOMPRESSED_BYTES

        return MAX_UNCOMPRESSED_BYTES
    raise AttributeError(name)


def read_source(
    path: Path, *, sheet: str | None = None, header_row: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceTable:
    """Read one agency file, of the format its first bytes say, keeping every record and its exact text.

    ``sheet`` names the workbook sheet (or Word table, "table 2") to read; ``header_row`` the row holding the
    headers when it is not to be found by its names. Both are errors for a text file. Any failure of the
    underlying reader (a damaged workbook, an unreadable file) becomes a SourceError naming the file.
    """
    path = Path(path)
    try:
        return _read(path, sheet, header_row, limits)
    except ChronolaneError:
        raise
    except MemoryError:
        raise SourceError(f"{path}: too large to read in this computer's memory; split it into smaller files.") from (
            None
        )
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or type(exc).__name__}). Check the file.") from exc
    except Exception as exc:  # a damaged or hostile file surprises the reader: name the file, not its text
        raise SourceError(
            f"{path}: cannot be read: the file is damaged or not what it seems ({type(exc).__name__}). Open it in "
            "the program that made it and save it again (a workbook also as CSV, UTF-8)."
        ) from exc


def _read(path: Path, sheet: str | None, header_row: int | None, limits: Limits) -> SourceTable:
    kind = sniff_format(path)
    if kind in _GRID_READERS:
        module, function = _GRID_READERS[kind]
        reader = getattr(importlib.import_module(f"chronolane.ingest.{module}"), function)
        return reader(path, sheet=sheet, header_row=header_row, limits=limits)
    what = "a Parquet file" if kind == "parquet" else "delimited text"
    if header_row is not None:
        raise SourceError(
            f"{path}: header_row = {header_row} is set for this source, but the file is {what}, whose "
            "header is its first line; remove the title lines above the header, or the header_row setting."
        )
    if sheet is not None:
        raise SourceError(
            f"{path}: sheet = {sheet!r} is set for this source, but the file is {what}, not a "
            "workbook; remove the sheet setting from case.toml."
        )
    if kind == "parquet":
        return read_parquet_source(path, limits=limits)
    table = read_text_source(path, limits=limits)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        notes = (f"named {path.suffix} but holds delimited text: read as CSV", *table.notes)
        return dataclasses.replace(table, notes=notes)
    return table
