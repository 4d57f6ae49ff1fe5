"""Reading agency chronology files (CSV or XLSX) into faithful text tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chronolane.errors import ChronolaneError, SourceError
from chronolane.ingest.formats import MAX_FILE_BYTES, sniff_format
from chronolane.ingest.table import META_COLUMNS, RECORD_ISSUES, SOURCE_ROW, SourceTable
from chronolane.ingest.text import read_text_source
from chronolane.ingest.workbook import MAX_UNCOMPRESSED_BYTES, read_workbook_source
from chronolane.limits import DEFAULT_LIMITS, Limits

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


def read_source(path: Path, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> SourceTable:
    """Read one agency file, CSV or XLSX as its first bytes say, keeping every record and its exact text.

    ``sheet`` names the workbook sheet to read; it is an error to give it for a text file. Any failure of
    the underlying reader (a damaged workbook, an unreadable file) becomes a SourceError naming the file.
    """
    path = Path(path)
    try:
        return _read(path, sheet, limits)
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


def _read(path: Path, sheet: str | None, limits: Limits) -> SourceTable:
    kind = sniff_format(path)
    if kind == "xlsx":
        return read_workbook_source(path, sheet=sheet, limits=limits)
    if sheet is not None:
        raise SourceError(
            f"{path}: sheet = {sheet!r} is set for this source, but the file is delimited text, not a "
            "workbook; remove the sheet setting from case.toml."
        )
    table = read_text_source(path, limits=limits)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        notes = (f"named {path.suffix} but holds delimited text: read as CSV", *table.notes)
        return dataclasses.replace(table, notes=notes)
    return table
