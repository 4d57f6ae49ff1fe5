"""Excel 97-2003 workbooks (.xls) read with xlrd as faithful text, like .xlsx: dates as ISO text, merges filled."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import xlrd

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size
from chronolane.ingest.grid import GridRow, choose_part, fill_merged, grid_table
from chronolane.ingest.source import SourceTable
from chronolane.ingest.workbook import cell_text
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits

_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


def read_xls_source(
    path: Path, *, sheet: str | None = None, header_row: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceTable:
    """Read one sheet of an .xls workbook: every row under the header, every cell as text."""
    check_size(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except xlrd.biffh.XLRDError as exc:
        what = "it is password-protected (encrypted)" if "encrypted" in str(exc).lower() else f"{exc}"
        raise SourceError(
            f"{path}: cannot be read as an .xls workbook ({what}); open it in Excel, remove any password and save "
            "it as .xlsx."
        ) from exc
    except Exception as exc:  # xlrd raises assorted errors for damaged files
        raise SourceError(
            f"{path}: cannot be read as an .xls workbook ({type(exc).__name__}); open it in Excel and save it as .xlsx."
        ) from exc
    sheets = book.sheets()
    name, notes = choose_part(path, [(s.name, _STATES.get(s.visibility, "hidden")) for s in sheets], sheet)
    chosen = next(s for s in sheets if s.name == name)
    rows: list[GridRow] = []
    hidden: set[int] = set()
    for r in range(chosen.nrows):
        cells = {}
        for c, (kind, value) in enumerate(zip(chosen.row_types(r), chosen.row_values(r), strict=True), start=1):
            text = _text(kind, value, book.datemode)
            if text:
                cells[c] = text
        info = chosen.rowinfo_map.get(r)
        if info is not None and info.hidden:
            hidden.add(r + 1)
        if cells:
            rows.append(GridRow(r + 1, cells, {IssueCode.HIDDEN_ROW} if r + 1 in hidden else set()))
    fill_merged(rows, [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in chosen.merged_cells])
    hidden_columns = sorted(c for c, info in chosen.colinfo_map.items() if info.hidden)
    if hidden_columns:
        notes.append(f"hidden columns kept: {', '.join(xlrd.formula.colname(c) for c in hidden_columns)}")
    return grid_table(path, name, rows, notes, header_row=header_row, hidden_rows=hidden, limits=limits)


def _text(kind: int, value: Any, datemode: Literal[0, 1]) -> str:
    """A cell as the text Excel shows for it (dates as ISO 8601, errors as their #-code).

    ``value`` is what xlrd holds for a cell of that ``kind``: a float, a string, or an error code.
    """
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return cell_text(value)
