"""Read each distinct spelling once: vectorised fast paths for common forms, the full rules for the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.dates import calendar as cal
from chronolane.dates.edtf import format_edtf
from chronolane.dates.fastpath import READERS
from chronolane.dates.model import Reading
from chronolane.dates.order import evidence_of
from chronolane.dates.readings import BIT, DistinctTable
from chronolane.dates.relative import NOT_RELATIVE, UNIT_CODE
from chronolane.dates.rules import ORDER_SENSITIVE, normalise, read_text
from chronolane.schema.columns import DateOrder


def _put_readings(table: DistinctTable, rows: np.ndarray, readings: list[Reading]) -> None:
    """Store readings made by the rules at table rows."""
    table.start[rows] = [cal.to_day(r.start) for r in readings]
    table.end[rows] = [cal.to_day(r.end) for r in readings]
    table.precision[rows] = [
        cal.NO_PRECISION if r.precision is None else cal.PRECISION_CODE[r.precision] for r in readings
    ]
    table.approx[rows] = [r.approx for r in readings]
    table.time[rows] = [r.time for r in readings]
    table.edtf[rows] = [r.open_edtf or format_edtf(r.start, r.end, r.precision, r.approx) for r in readings]
    table.split_year[rows] = [r.split_year for r in readings]
    table.issues[rows] = [sum(BIT[code] for code in r.issues) for r in readings]
    table.unit[rows] = [NOT_RELATIVE if r.shift is None else UNIT_CODE[r.shift.unit] for r in readings]
    table.amount[rows] = [0 if r.shift is None else r.shift.amount for r in readings]


def _read_by_rules(table: DistinctTable, spellings: pd.Series, todo: np.ndarray) -> None:
    """Spellings no fast path took: the full rules, a second time month-first where the order can matter."""
    rows = np.flatnonzero(todo)
    texts = spellings.iloc[rows].tolist()
    dmy = [read_text(text, DateOrder.DMY) for text in texts]
    _put_readings(table, rows, dmy)
    table.copy_to_month_first(rows)
    sensitive = [i for i, text in enumerate(texts) if ORDER_SENSITIVE.search(normalise(text))]
    mdy = [read_text(texts[i], DateOrder.MDY) for i in sensitive]
    _put_readings(table, rows[sensitive] + table.size, mdy)
    table.evidence[rows[sensitive]] = [evidence_of(dmy[i], m) for i, m in zip(sensitive, mdy, strict=True)]


def read_distinct(spellings: pd.Series) -> DistinctTable:
    """Read n distinct spellings both day-first and month-first, with the order evidence of each."""
    table = DistinctTable.empty(len(spellings))
    todo = np.ones(len(spellings), dtype=bool)
    for reader in READERS:
        rows = np.flatnonzero(todo)
        if len(rows):
            left = np.ones(len(rows), dtype=bool)
            reader(table, spellings.iloc[rows], rows, left)
            todo[rows[~left]] = False
    if todo.any():
        _read_by_rules(table, spellings, todo)
    return table
