"""OpenDocument spreadsheets (.ods) read with pandas' odf engine as faithful text, like .xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size
from chronolane.ingest.grid import GridRow, choose_part, grid_table
from chronolane.ingest.table import SourceTable
from chronolane.ingest.workbook import cell_text


def read_ods_source(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> SourceTable:
    """Read one sheet of an .ods workbook: every row under the header, every cell as text.

    Merged cells are not filled: pandas' reader gives the covered cells as empty.
    """
    check_size(path)
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
    return grid_table(path, name, rows, notes, header_row=header_row)


def _text(value: object) -> str:
    if value is None or (isinstance(value, str) and value == ""):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return cell_text(value)
