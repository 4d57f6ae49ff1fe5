"""The problems of a built chronology as one list an author can work through: file, row, code, the value."""

from __future__ import annotations

import sys
from typing import BinaryIO

import numpy as np
import pandas as pd

from chronolane.chronology.build import Chronology
from chronolane.files.formulas import csv_bytes, escape_formulas
from chronolane.schema.columns import ISSUE_SEPARATOR, ISSUES, RAW_RECORD, Column, IssueCode, Severity

#: Columns of the problem list, in order.
PROBLEM_COLUMNS = ("file", "row", "severity", "code", "value")

_RANK = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}
_SEVERITY = {code.value: info.severity.value for code, info in ISSUES.items()}

#: The chronology column whose text an issue code is about (the value to fix); codes not listed show none.
_VALUE_OF: dict[IssueCode, str] = {
    IssueCode.UNKNOWN_EVENT_TYPE: Column.TYPE_TEXT,
    IssueCode.UNKNOWN_SUBJECT: Column.SUBJECT,
    IssueCode.MALFORMED_ROW: RAW_RECORD,
    IssueCode.CONTROL_CHARACTERS: "",
    IssueCode.FORMULA_WITHOUT_VALUE: "",
    IssueCode.HIDDEN_ROW: "",
    IssueCode.MERGED_CELL: "",
    IssueCode.POSSIBLE_DUPLICATE: "",
}


def list_problems(chronology: Chronology) -> pd.DataFrame:
    """Every issue of every row, and every file-level warning, as rows of ``PROBLEM_COLUMNS``.

    Grouped by file in the order the files were read, most serious first, then by row. ``row`` is 0 for a
    problem of the whole file. ``value`` is the text to fix: the date text for date codes, the type text for
    an unknown type, the raw record of a malformed row, the other event's id for a possible duplicate.
    """
    frame = chronology.frame
    flagged = frame[frame[Column.ISSUES] != ""]
    cells = flagged[Column.ISSUES].str.split(ISSUE_SEPARATOR).explode()
    rows = flagged.loc[cells.index]
    parts = cells.astype("str").str.partition(":")
    codes = parts[0].to_numpy(dtype=object)
    detail = parts[2].to_numpy(dtype=object)
    value = rows[Column.DATE_TEXT].to_numpy(dtype=object).copy()
    for code, column in _VALUE_OF.items():
        mask = codes == code.value
        if mask.any():
            value[mask] = rows[column].to_numpy(dtype=object)[mask] if column in rows else ""
    value = np.where(detail != "", detail, value)
    severity = pd.Series(codes, dtype=object).map(_SEVERITY).to_numpy(dtype=object)
    per_row = pd.DataFrame(
        {
            "file": rows[Column.SOURCE_FILE].to_numpy(dtype=object),
            "row": rows[Column.SOURCE_ROW].to_numpy(dtype=np.int64),
            "severity": severity,
            "code": codes,
            "value": value,
        }
    )
    per_file = pd.DataFrame(
        [
            (s.file, 0, Severity.WARNING.value, IssueCode.MISSING_COLUMN.value, warning)
            for s in chronology.sources
            for warning in s.warnings
        ],
        columns=list(PROBLEM_COLUMNS),
    )
    problems = pd.concat([per_file, per_row], ignore_index=True) if len(per_file) else per_row
    file_order = {s.file: i for i, s in enumerate(chronology.sources)}
    keys = (
        problems["code"].to_numpy(dtype=str),
        problems["row"].to_numpy(),
        problems["severity"].map(_RANK).to_numpy(),
        problems["file"].map(file_order).fillna(len(file_order)).to_numpy(),
    )
    return problems.iloc[np.lexsort(keys)].reset_index(drop=True)[list(PROBLEM_COLUMNS)]


def problem_lines(problems: pd.DataFrame) -> list[str]:
    """``file:row: code: value`` per problem (``file: code: value`` for a whole-file one); line breaks shown."""
    where = problems["file"] + np.where(problems["row"] > 0, ":" + problems["row"].astype(str), "")
    value = problems["value"].astype(str).str.replace("\r", "\\r").str.replace("\n", "\\n")
    return (where + ": " + problems["code"] + np.where(value != "", ": " + value, "")).tolist()


def write_problems(problems: pd.DataFrame, out: BinaryIO | None = None) -> None:
    """The problem list as UTF-8 CSV, every field quoted, cells a spreadsheet would run escaped."""
    table = problems.copy()
    table["value"], _ = escape_formulas(table["value"].astype("str"))
    data = csv_bytes(table)
    sink = out if out is not None else sys.stdout.buffer
    sink.write(data)
    sink.flush()
