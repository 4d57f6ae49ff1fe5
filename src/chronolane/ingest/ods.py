"""OpenDocument spreadsheets (.ods) read with pandas' odf engine as faithful text, like .xlsx."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from defusedxml import DefusedXmlException, ElementTree

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size, check_unpacked_size
from chronolane.ingest.grid import GridRow, choose_part, fill_merged, grid_table
from chronolane.ingest.source import SourceTable
from chronolane.ingest.workbook import cell_text
from chronolane.schema.limits import DEFAULT_LIMITS, Limits, raise_hint


def read_ods_source(
    path: Path, *, sheet: str | None = None, header_row: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceTable:
    """Read one sheet of an .ods workbook: every row under the header, every cell as text.

    Merged cells give their text to every cell they cover, flagged, as in .xlsx.
    """
    check_size(path)
    check_unpacked_size(path, limits.unpacked_bytes, "OpenDocument spreadsheet")
    content = _content(path)
    _check_repeats(path, content, limits)
    try:
        with pd.ExcelFile(path, engine="odf") as book:
            name, notes = choose_part(path, [(str(n), "visible") for n in book.sheet_names], sheet)
            frame = pd.read_excel(
                book, sheet_name=name, header=None, dtype=object, keep_default_na=False, na_filter=False
            )
    except SourceError:
        raise
    except Exception as exc:  # odfpy and pandas raise assorted errors for damaged files
        raise SourceError(
            f"{path}: cannot be read as an .ods spreadsheet ({type(exc).__name__}); open it and save it again."
        ) from exc
    rows: list[GridRow] = []
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        cells = {c: text for c, value in enumerate(values, start=1) if (text := _text(value))}
        if cells:
            rows.append(GridRow(number, cells))
    fill_merged(rows, _merged_ranges(path, content, name))
    return grid_table(path, name, rows, notes, header_row=header_row, limits=limits)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _merged_ranges(path: Path, root: Any, sheet: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet (first row, first column, last row, last column; 1-based), from its content.xml:
    pandas' reader gives the covered cells as empty and says nothing of the merge."""
    table = next((t for t in root.iter(f"{_TABLE}table") if t.get(f"{_TABLE}name") == sheet), None)
    ranges: list[tuple[int, int, int, int]] = []
    for row, _, cells in _laid_out(path, table) if table is not None else ():
        for col, _, cell in cells:
            rows_spanned = _count(path, cell, "number-rows-spanned")
            cols_spanned = _count(path, cell, "number-columns-spanned")
            if rows_spanned > 1 or cols_spanned > 1:
                ranges.append((row + 1, col + 1, row + rows_spanned, col + cols_spanned))
    return ranges


def _laid_out(path: Path, table: Any) -> Iterator[tuple[int, int, list[tuple[int, int, Any]]]]:
    """A sheet's rows as laid out once repeats are counted: (first row, times repeated, cells), each cell
    (first column, times repeated, element); 0-based. Nothing is repeated out: a count is only added."""
    row = 0
    for element in table.iter(f"{_TABLE}table-row"):
        repeat = _count(path, element, "number-rows-repeated")
        cells, col = [], 0
        for cell in element:
            if cell.tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                times = _count(path, cell, "number-columns-repeated")
                cells.append((col, times, cell))
                col += times
        yield row, repeat, cells
        row += repeat


def _count(path: Path, element: Any, attribute: str) -> int:
    """A repeat or span count of a row or cell (1 when absent); SourceError when it is no whole number."""
    text = element.get(f"{_TABLE}{attribute}", "1")
    if not (text.isascii() and text.isdigit()):
        raise SourceError(
            f"{path}: cannot be read as an .ods spreadsheet (its {attribute} {text[:20]!r} is not a whole number); "
            "open it and save it again."
        )
    return int(text)


def _content(path: Path) -> Any:
    """The parsed content.xml of an .ods file (its size is checked before: check_unpacked_size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, DefusedXmlException) as exc:
        raise SourceError(
            f"{path}: cannot be read as an .ods spreadsheet ({type(exc).__name__}); open it and save it again."
        ) from exc


def _check_repeats(path: Path, root: Any, limits: Limits) -> None:
    """SourceError for a sheet wider than ``limits.columns``, or of more than ``limits.sheet_cells`` cells, once
    its repeated rows and cells are counted out up to the last that holds anything: pandas' reader would make
    every one of them (a few bytes can declare a cell repeated a billion times)."""
    for table in root.iter(f"{_TABLE}table"):
        name = table.get(f"{_TABLE}name", "")
        last = widest = 0
        for row, repeat, cells in _laid_out(path, table):
            held = [c + n for c, n, cell in cells if len(cell) or cell.get(f"{_OFFICE}value-type") is not None]
            if held:  # up to the last cell that holds anything: what pandas' reader makes
                last, widest = row + repeat, max(widest, max(held))
        if widest > limits.columns:
            raise SourceError(
                f"{path}: sheet '{name}' has a row {widest:,} cells wide once its repeated cells are counted, over "
                f"the limit of {limits.columns:,} columns. Delete stray cells far to the right of the table and "
                "save again. " + raise_hint("columns", widest)
            )
        if last * widest > limits.sheet_cells:
            raise SourceError(
                f"{path}: sheet '{name}' holds {last:,} rows of {widest:,} cells once its repeated rows and cells "
                f"are counted out, over the limit of {limits.sheet_cells:,} cells. Delete stray rows far below the "
                "table and save again. " + raise_hint("sheet_cells", last * widest)
            )


def _text(value: object) -> str:
    if value is None or (isinstance(value, str) and value == ""):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return cell_text(value)
