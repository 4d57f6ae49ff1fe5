"""The source table: one agency file's records read as faithful text, with their provenance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.schema.columns import RAW_RECORD, IssueCode
from chronolane.schema.issue_codes import join_issues

#: Columns of ``SourceTable.meta``.
SOURCE_ROW = "source_row"
RECORD_ISSUES = "record_issues"
META_COLUMNS = (SOURCE_ROW, RAW_RECORD, RECORD_ISSUES)

#: Issue codes a reader can attach to a record, in the order they are written.
RECORD_ISSUE_ORDER = (
    IssueCode.MALFORMED_ROW,
    IssueCode.STRAY_QUOTE,
    IssueCode.FORMULA_WITHOUT_VALUE,
    IssueCode.HIDDEN_ROW,
    IssueCode.CONTROL_CHARACTERS,
    IssueCode.MERGED_CELL,
)

#: Control characters that exporters cannot write (tab and line feed are ordinary text).
CONTROL_CHARACTERS_RE = "[\x00-\x08\x0b-\x1f\x7f]"

#: Text dtype of every records column: pandas' "str" (missing values are never produced).
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclass(frozen=True)
class SourceTable:
    """One agency file read as text: records in file order, where each came from, and what was noticed.

    ``records`` holds every data record with the exact text of each cell (dtype ``str``, "" when empty),
    columns named by the file's headers made unique. ``meta`` shares its index: ``source_row`` (the row
    number a spreadsheet shows, header = row 1), ``raw_record`` (raw text of a malformed record, else "")
    and ``record_issues`` (issue codes joined by ";"). ``notes`` are file-level findings, never cell text.
    """

    path: Path
    records: pd.DataFrame
    meta: pd.DataFrame
    headers: tuple[str, ...]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    blank_rows: int
    notes: tuple[str, ...]


def unique_headers(headers: Sequence[str]) -> tuple[list[str], list[str]]:
    """Column names for ``headers``: blank ones become "column N", repeats "Name (2)"; with notes saying so."""
    names: list[str] = []
    notes: list[str] = []
    taken = set(headers)
    seen: Counter[str] = Counter()
    for position, header in enumerate(headers, start=1):
        if header.strip() == "":
            base = f"column {position}"
            name = base if base not in taken else _numbered(base, taken, 2)
            notes.append(f"header {position} is blank: column named {name!r}")
        elif seen[header]:
            name = _numbered(header, taken, seen[header] + 1)
            notes.append(f"header {header!r} repeated: column {position} named {name!r}")
        else:
            name = header
        seen[header] += 1
        taken.add(name)
        names.append(name)
    return names, notes


def _numbered(base: str, taken: set[str], start: int) -> str:
    """The first of "base (start)", "base (start+1)", ... not among ``taken``."""
    k = start
    while (name := f"{base} ({k})") in taken:
        k += 1
    return name


def record_issues(n: int, flags: Mapping[IssueCode, np.ndarray]) -> np.ndarray:
    """Issue codes per record joined by ";" in ``RECORD_ISSUE_ORDER``, from one boolean mask per code."""
    ordered = [(flags[code], code.value) for code in RECORD_ISSUE_ORDER if code in flags]
    return join_issues([], ordered) if ordered else np.full(n, "", dtype=object)


def control_character_mask(records: pd.DataFrame) -> np.ndarray:
    """True for records where any cell holds a control character other than tab and line feed."""
    mask = np.zeros(len(records), dtype=bool)
    for column in records.columns:
        mask |= records[column].str.contains(CONTROL_CHARACTERS_RE, regex=True).to_numpy(dtype=bool)
    return mask


def make_meta(source_row: np.ndarray, raw_record: np.ndarray | None, issues: np.ndarray) -> pd.DataFrame:
    """The ``meta`` frame, on a RangeIndex like the records."""
    n = len(source_row)
    raw = np.full(n, "", dtype=object) if raw_record is None else raw_record
    return pd.DataFrame(
        {
            SOURCE_ROW: np.asarray(source_row, dtype=np.int64),
            RAW_RECORD: pd.array(raw, dtype=TEXT_DTYPE),
            RECORD_ISSUES: pd.array(issues, dtype=TEXT_DTYPE),
        }
    )


def empty_records(columns: Sequence[str]) -> pd.DataFrame:
    """A records frame with these columns and no rows."""
    return pd.DataFrame({c: pd.array([], dtype=TEXT_DTYPE) for c in columns}, index=pd.RangeIndex(0))


def count_note(n: int, singular: str, plural: str | None = None) -> str:
    """ "1 blank row" / "3 blank rows"."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def row_list(rows: np.ndarray, limit: int = 10) -> str:
    """Row numbers for a note: "5, 9, 12", or "5, 9, 12, ... (40 in all)"."""
    shown = ", ".join(str(int(r)) for r in rows[:limit])
    return shown if len(rows) <= limit else f"{shown}, ... ({len(rows)} in all)"
