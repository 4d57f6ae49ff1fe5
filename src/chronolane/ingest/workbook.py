"""Excel workbooks (.xlsx, .xlsm) read as faithful text: saved values, dates as ISO text, hidden rows flagged."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size, check_unpacked_size
from chronolane.ingest.grid import GridRow, choose_part, fill_merged, grid_table
from chronolane.ingest.source import SourceTable
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits

#: A workbook whose parts would unpack to more than this is refused by default (zip bomb guard).
MAX_UNCOMPRESSED_BYTES = DEFAULT_LIMITS.unpacked_bytes

_NO_VALUE = "formula-without-value"  # data type given to formula cells that have no saved value
_TRUE_ATTR = ("1", "true")


@dataclass(frozen=True)
class _Sheet:
    """A sheet as the workbook lists it."""

    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # its XML part in the package
    chart: bool


class _Reader(ExcelReader):
    """openpyxl's package reader, listing the sheets without opening them.

    openpyxl's read-only mode parses each whole sheet up front when its XML lacks a <dimension> element
    (as files written by openpyxl itself do); here only the chosen sheet is parsed, once.
    """

    sheets: list[_Sheet]

    def read_worksheets(self) -> None:
        self.sheets = [
            _Sheet(sheet.name, sheet.state or "visible", rel.target, "chartsheet" in rel.Type)
            for sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files
        ]


class _Parser(WorkSheetParser):
    """openpyxl's streaming sheet parser, reading saved values and marking formulas saved without one."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["data_type"] = _NO_VALUE
        return cell


def read_workbook_source(
    path: Path, *, sheet: str | None = None, header_row: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceTable:
    """Read one sheet of an .xlsx or .xlsm workbook: every row under the header, every cell as text.

    The sheet's size is measured from the cells that hold something, never from its declared dimension.
    """
    check_size(path)
    if not openpyxl.DEFUSEDXML:
        raise SourceError(
            f"{path}: workbooks are only read with defusedxml's protection against XML attacks; install "
            "defusedxml (pip install defusedxml) and unset OPENPYXL_DEFUSEDXML."
        )
    check_unpacked_size(path, limits.unpacked_bytes, "workbook")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions: not ours to show
            reader = _Reader(path, read_only=True, data_only=True)
            reader.read()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as exc:
        raise SourceError(
            f"{path}: cannot be read as an .xlsx workbook ({exc}); open it in Excel and save it again."
        ) from exc
    try:
        worksheets = [s.name for s in reader.sheets if not s.chart]
        name, notes = choose_part(path, [(s.name, s.state) for s in reader.sheets], sheet, candidates=worksheets)
        if sheet is not None and name not in worksheets:
            raise SourceError(f"{path}: sheet {name!r} is a chart, not a table; name the sheet holding the rows.")
        chosen = next(s for s in reader.sheets if s.name == name)
        workbook = reader.wb
        with reader.archive.open(chosen.part) as source:
            parser = _Parser(
                source,
                reader.shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                # openpyxl internals (hence openpyxl<3.2 in pyproject), absent from its stubs:
                date_formats=workbook._date_formats,  # type: ignore[attr-defined]
                timedelta_formats=workbook._timedelta_formats,  # type: ignore[attr-defined]
            )
            rows = _grid_rows(parser.parse())
    finally:
        reader.archive.close()
    hidden_rows = {int(r) for r, attrs in parser.row_dimensions.items() if attrs.get("hidden") in _TRUE_ATTR}
    for row in rows:
        if row.number in hidden_rows:
            row.flags.add(IssueCode.HIDDEN_ROW)
    merged = parser.merged_cells.mergeCell if parser.merged_cells is not None else []
    fill_merged(rows, [_bounds(m.ref) for m in merged])
    hidden_columns = [letter for letter, attrs in parser.column_dimensions.items() if attrs.get("hidden") in _TRUE_ATTR]
    if hidden_columns:
        notes.append(f"hidden columns kept: {', '.join(hidden_columns)}")
    return grid_table(path, chosen.name, rows, notes, header_row=header_row, hidden_rows=hidden_rows, limits=limits)


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of a range such as "A2:B3"."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    # A merged range always names both corners; only whole-row or whole-column references ("A:B") leave one open.
    assert min_row is not None and min_col is not None and max_row is not None and max_col is not None, ref
    return min_row, min_col, max_row, max_col


def _grid_rows(rows: Iterable[tuple[int, list[dict[str, Any]]]]) -> list[GridRow]:
    """The rows that hold anything, as text, consumed as the parser streams them."""
    grid: list[GridRow] = []
    for number, cells in rows:
        row = {c["column"]: text for c in cells if c["value"] is not None and (text := cell_text(c["value"]))}
        no_value = {c["column"] for c in cells if c["data_type"] == _NO_VALUE}
        row.update(dict.fromkeys(no_value, ""))
        if row:
            flags = {IssueCode.FORMULA_WITHOUT_VALUE} if no_value else set()
            grid.append(GridRow(number, dict(sorted(row.items())), flags))
    return grid


def cell_text(value: Any) -> str:
    """A cell value as the text Excel shows for it, dates as ISO 8601."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_clock(value.time())}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


def _number(value: float) -> str:
    """A float as Excel's General format shows it: 15 significant digits, no float noise, no trailing .0."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').zfill(2)}"
    return text


def _clock(value: dt.time) -> str:
    """ "14:30", or "14:30:15" when the seconds are not zero."""
    if value.second or value.microsecond:
        return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return value.strftime("%H:%M")
