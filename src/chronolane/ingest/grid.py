"""Sheets and Word tables as grids of text: choosing one, finding its header, and making the source table."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.errors import SourceError
from chronolane.ingest.header import find_header
from chronolane.ingest.source import (
    TEXT_DTYPE,
    SourceTable,
    control_character_mask,
    count_note,
    empty_records,
    row_list,
    source_table,
    unique_headers,
)
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits, raise_hint


@dataclass
class GridRow:
    """A row that holds anything: its number as the reader sees it, its cells by column (1-based) and flags.

    Only cells with text are present, and cells a reader must count for the width with "" (a formula cell
    without a saved value).
    """

    number: int
    cells: dict[int, str]
    flags: set[IssueCode] = field(default_factory=set)

    def texts(self, width: int) -> list[str]:
        """The row's cells 1..width as a list."""
        return [self.cells.get(col, "") for col in range(1, width + 1)]


#: Row-level flags a grid reader can set, with what the summary says about them.
_FLAG_NOTES = (
    (IssueCode.FORMULA_WITHOUT_VALUE, "with a formula cell that has no saved value (read as empty)"),
    (IssueCode.HIDDEN_ROW, "in hidden rows, kept"),
    (IssueCode.MERGED_CELL, "with merged cells, their text given to every cell they cover"),
)


def choose_part(
    path: Path,
    parts: Sequence[tuple[str, str]],
    wanted: str | None,
    *,
    kind: str = "sheet",
    candidates: Collection[str] | None = None,
) -> tuple[str, list[str]]:
    """The sheet (or Word table) to read from ``parts`` (name, state): the one named, or the only candidate.

    ``candidates`` (default: all parts) are the ones that may be chosen without a name. SourceError lists the
    parts when the choice is ambiguous or the name is wrong.
    """
    names = [name for name, _ in parts]
    listing = ", ".join(f"{name!r}" + ("" if state == "visible" else f" ({state})") for name, state in parts)
    plural = f"{kind}s"
    if wanted is None:
        pool = names if candidates is None else list(candidates)
        if len(pool) != 1:
            first = (pool or names or ["Sheet1"])[0]
            holder = "workbook" if kind == "sheet" else "document"
            raise SourceError(
                f"{path}: the {holder} has {len(parts)} {plural if len(parts) != 1 else kind} ({listing}); say "
                f'which one holds the chronology with sheet = "{first}" for this source in case.toml.'
            )
        wanted = pool[0]
    elif wanted not in names:
        holder = "workbook" if kind == "sheet" else "document"
        raise SourceError(
            f"{path}: there is no {kind} named {wanted!r}; the {holder} has {listing}. "
            'Correct sheet = "..." for this source in case.toml.'
        )
    notes = [f"{kind} {wanted!r} read"]
    others = [n for n in names if n != wanted]
    if others:
        notes.append(f"other {plural} not read: {', '.join(repr(o) for o in others)}")
    state = dict(parts)[wanted]
    if state != "visible":
        notes.append(f"{kind} {wanted!r} is {state} in the {'workbook' if kind == 'sheet' else 'document'}")
    return wanted, notes


def grid_table(
    path: Path,
    sheet: str,
    rows: list[GridRow],
    notes: list[str],
    *,
    header_row: int | None = None,
    hidden_rows: Collection[int] = (),
    skipped: Collection[int] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> SourceTable:
    """The SourceTable of a grid: the header found (or ``header_row``), every row with content below it a record.

    Non-blank rows above the header are reported by number as skipped; blank rows are counted. ``skipped`` are
    numbers of rows the reader left out and reported itself (repeated headers of a continued Word table).
    The width is measured from the cells that hold something (never a declared dimension) and may not pass
    ``limits.columns``.
    """
    if not rows:
        if header_row is not None:
            raise _no_header_row(path, header_row)
        notes.append("no data rows")
        return _source(path, sheet, empty_records(()), np.zeros(0, np.int64), {}, (), 0, notes)
    widths = [max(r.cells, default=0) for r in rows]
    width0 = max(widths)
    if width0 > limits.columns:
        far = rows[widths.index(width0)].number
        raise SourceError(
            f"{path}: {sheet or 'the table'} has a cell in column {_column_letters(width0)} (row {far}), so it is "
            f"{width0:,} columns wide, over the limit of {limits.columns:,}. Delete stray cells far to the right "
            "of the table and save again. " + raise_hint("columns", width0)
        )
    if header_row is None:
        at = find_header([r.texts(width0) for r in rows])
    else:
        at = next((i for i, r in enumerate(rows) if r.number == header_row), -1)
        if at < 0:
            raise _no_header_row(path, header_row)
    above, header, body = rows[:at], rows[at], rows[at + 1 :]
    if above:
        how = f"header_row = {header_row}" if header_row is not None else "the row that best matches known column names"
        notes.append(
            f"header is row {header.number} ({how}); "
            f"{count_note(len(above), 'row')} above it not read: {row_list(np.array([r.number for r in above]))}"
        )
    width = max(max(r.cells, default=0) for r in rows[at:])
    headers = tuple(header.texts(width))
    names, header_notes = unique_headers(headers)
    notes.extend(header_notes)
    records = (
        pd.DataFrame([r.texts(width) for r in body], columns=pd.Index(names, dtype=object), dtype=TEXT_DTYPE)
        if body
        else empty_records(names)
    )
    source_row = np.array([r.number for r in body], dtype=np.int64)
    # Rows are counted by their numbers, each once: a machine-made file can repeat or reorder them.
    numbers, counts = np.unique(source_row, return_counts=True)
    below = numbers[numbers > header.number]
    last = int(below[-1]) if len(below) else header.number
    blank_rows = max(0, (header.number - 1 - len(above)) + (last - header.number - len(below) - len(skipped)))
    if blank_rows:
        notes.append(f"{count_note(blank_rows, 'blank row')} skipped")
    if (counts > 1).any() or len(below) < len(numbers):
        odd = np.union1d(numbers[counts > 1], numbers[numbers <= header.number])
        notes.append(
            f"row numbers repeated or out of order (a damaged or machine-made file): rows {row_list(odd)}; "
            "every record kept in file order"
        )
    flags = {code: np.array([code in r.flags for r in body], dtype=bool) for code, _ in _FLAG_NOTES}
    if header.number in hidden_rows:
        notes.append(f"the header row {header.number} is hidden")
    for code, what in _FLAG_NOTES:
        if flags[code].any():
            notes.append(
                f"{count_note(int(flags[code].sum()), 'record')} {what}, flagged {code.value}: rows "
                f"{row_list(source_row[flags[code]])}"
            )
    if not body:
        notes.append("no data rows")
    return _source(path, sheet, records, source_row, flags, headers, blank_rows, notes)


def _no_header_row(path: Path, header_row: int) -> SourceError:
    return SourceError(
        f"{path}: header_row = {header_row} is set for this source, but row {header_row} is blank or beyond the "
        "end of the table; correct header_row in case.toml, or remove it to let chronolane find the header."
    )


def _source(
    path: Path,
    sheet: str,
    records: pd.DataFrame,
    source_row: np.ndarray,
    flags: dict[IssueCode, np.ndarray],
    headers: tuple[str, ...],
    blank_rows: int,
    notes: list[str],
) -> SourceTable:
    flags = {**flags, IssueCode.CONTROL_CHARACTERS: control_character_mask(records)}
    return source_table(
        path, records, source_row, flags, headers=headers, notes=notes, sheet=sheet, blank_rows=blank_rows
    )


def fill_merged(rows: list[GridRow], ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Give each merged range's top-left text (rows r1..r2, columns c1..c2, 1-based, inclusive) to every covered
    cell of the rows that hold anything, flagging those rows ``merged-cell``."""
    if not ranges:
        return
    by_number = {r.number: r for r in rows}
    numbers = np.array(sorted(by_number), dtype=np.int64)
    # Only the rows that exist and the columns that hold something are filled: a merge declared over a whole
    # sheet (A1:XFD1048576) must not widen the table or cost a loop over a million empty rows.
    last_column = max((max(r.cells, default=0) for r in rows), default=0)
    for r1, c1, r2, c2 in ranges:
        origin = by_number.get(r1)
        text = origin.cells.get(c1, "") if origin else ""
        if not text:
            continue
        covered = numbers[np.searchsorted(numbers, r1) : np.searchsorted(numbers, r2, side="right")]
        for number in covered:
            row = by_number[int(number)]
            for col in range(c1, min(c2, last_column) + 1):
                row.cells[col] = text
            row.flags.add(IssueCode.MERGED_CELL)


def _column_letters(number: int) -> str:
    """A spreadsheet column's letters from its 1-based number (1 is A, 27 is AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
