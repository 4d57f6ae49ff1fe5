"""Read a whole date column: each distinct spelling once, date order per source, relative rows in order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.dates import calendar as cal
from chronolane.dates.distinct import read_distinct
from chronolane.dates.edtf import format_edtf
from chronolane.dates.model import ShiftUnit
from chronolane.dates.order import as_order, decide_orders
from chronolane.dates.readings import BIT, DistinctTable
from chronolane.dates.relative import NOT_RELATIVE, UNIT_CODE, resolve_relative
from chronolane.errors import UsageError
from chronolane.schema.columns import ISSUE_SEPARATOR, Column, DateOrder, IssueCode, Precision, YearStyle
from chronolane.schema.keys import combination_codes, first_rows

_AUTO, _DMY, _MDY = 0, 1, 2
_ORDER_CODES = {DateOrder.AUTO: _AUTO, DateOrder.DMY: _DMY, DateOrder.MDY: _MDY}


def _aligned(values: pd.Series, index: pd.Index, name: str) -> pd.Series:
    """``values`` on the index of the texts; every text needs a value."""
    if values.index.equals(index):
        return values
    if not index.isin(values.index).all():
        raise UsageError(f"parse_dates: {name} must have a value for every row of texts (same index).")
    return values.reindex(index)


def _row_orders(order: DateOrder | str | pd.Series, index: pd.Index) -> np.ndarray:
    """Order code per row (0 auto, 1 dmy, 2 mdy)."""
    if not isinstance(order, pd.Series):
        return np.full(len(index), _ORDER_CODES[as_order(order)], dtype=np.int8)
    codes, uniques = pd.factorize(_aligned(order, index, "order"), use_na_sentinel=False)  # categorical or text
    names = [DateOrder.AUTO.value if pd.isna(name) else str(name) for name in uniques]
    lookup = np.array([_ORDER_CODES[as_order(name)] for name in names], dtype=np.int8)
    return lookup[codes]


def _groups(sources: pd.Series | None, index: pd.Index) -> np.ndarray:
    if sources is None:
        return np.zeros(len(index), dtype=np.int64)
    return pd.factorize(_aligned(sources, index, "sources"), use_na_sentinel=False)[0].astype(np.int64)


def _strings(codes: np.ndarray, dictionary: np.ndarray, index: pd.Index) -> pd.Series:
    """A categorical text column from codes into a small dictionary of strings (a text repeated in the
    dictionary is one category): no string is built per row."""
    merged, categories = pd.factorize(dictionary.astype(object))
    dtype = pd.CategoricalDtype(pd.Index(categories, dtype="str"))
    return pd.Series(pd.Categorical.from_codes(merged[codes], dtype=dtype), index=index)


def _issue_strings(masks: np.ndarray, index: pd.Index) -> pd.Series:
    codes, distinct = pd.factorize(masks)
    names = np.array(
        [ISSUE_SEPARATOR.join(c.value for c, bit in BIT.items() if mask & bit) for mask in distinct.tolist()],
        dtype=object,
    )
    return _strings(codes, names, index)


#: First month of a split year (2018/19) by year style; calendar keeps the two whole calendar years.
_STYLE_MONTH = {YearStyle.ACADEMIC: 9, YearStyle.FINANCIAL: 4}


def _row_styles(year_style: YearStyle | str | pd.Series, index: pd.Index) -> np.ndarray:
    """First month of a split year per row: 9 academic, 4 financial, 0 calendar (and auto)."""
    if not isinstance(year_style, pd.Series):
        return np.full(len(index), _STYLE_MONTH.get(YearStyle(year_style), 0), dtype=np.int64)
    codes, uniques = pd.factorize(_aligned(year_style, index, "year_style"), use_na_sentinel=False)
    names = [YearStyle.CALENDAR.value if pd.isna(name) else str(name) for name in uniques]
    lookup = np.array([_STYLE_MONTH.get(YearStyle(name), 0) for name in names], dtype=np.int64)
    return lookup[codes]


def _apply_year_style(
    split: np.ndarray, first_month: np.ndarray, start: np.ndarray, end: np.ndarray, approx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Split years read as academic or financial years where the row's style says so.

    Returns new start and end, the rows changed, their codes into the EDTF strings, and those strings.
    """
    rows = np.flatnonzero((split > 0) & (first_month > 0))
    start, end = start.copy(), end.copy()
    start[rows] = cal.month_start(split[rows], first_month[rows])
    end[rows] = cal.month_end(split[rows] + 1, first_month[rows] - 1)
    keys = pd.MultiIndex.from_arrays([start[rows], end[rows], approx[rows]])
    codes, distinct = pd.factorize(keys)
    names = [format_edtf(cal.from_day(a), cal.from_day(b), Precision.RANGE, bool(c)) for a, b, c in distinct.tolist()]
    return start, end, rows, codes, names


def _days(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[s]")  # NO_DAY is NaT's bit pattern


def parse_dates(
    texts: pd.Series,
    *,
    sources: pd.Series | None = None,
    order: DateOrder | str | pd.Series = DateOrder.AUTO,
    year_style: YearStyle | str | pd.Series = YearStyle.CALENDAR,
) -> pd.DataFrame:
    """Read a date column; rows are in file order within each source (``sources``: a key per row).

    ``order`` is auto, dmy or mdy, for all rows or per row. In auto, a source whose numeric dates are real
    dates only month-first is read month-first (flagged date-order-mdy); in a source with evidence both
    ways, dates that read either way are flagged ambiguous-date-order. Relative phrases resolve against
    the previous dated row of the same source. Returns columns date_start, date_end, date_precision,
    date_approx, time, edtf and issues, on the index of ``texts``; the four text columns are categoricals.
    """
    index = texts.index
    codes, uniques = pd.factorize(texts.fillna("").astype("str"))
    n = len(uniques)
    table: DistinctTable = read_distinct(pd.Series(uniques, dtype="str"))
    groups = _groups(sources, index)
    row_order = _row_orders(order, index)
    use_mdy, flag_mdy, flag_ambiguous = decide_orders(groups, table.evidence[codes], row_order == _AUTO)
    pick = codes + n * ((row_order == _MDY) | use_mdy)

    start, end = table.start[pick], table.end[pick]
    precision, approx = table.precision[pick], table.approx[pick]
    issues = table.issues[pick]
    issues |= np.where(flag_mdy, BIT[IssueCode.DATE_ORDER_MDY], 0)
    issues |= np.where(flag_ambiguous, BIT[IssueCode.AMBIGUOUS_DATE_ORDER], 0)
    edtf_codes, edtf_names = pick, table.edtf
    split = table.split_year[pick]
    if split.any():
        start, end, styled, codes, names = _apply_year_style(split, _row_styles(year_style, index), start, end, approx)
        if len(styled):
            edtf_codes = pick.copy()
            edtf_codes[styled] = len(edtf_names) + codes
            edtf_names = np.concatenate([edtf_names, np.array(names, dtype=object)])

    unit = table.unit[pick]
    if (unit != NOT_RELATIVE).any():
        amount = table.amount[pick]
        start, end, precision, approx, resolved, unanchored = resolve_relative(
            groups, start, end, precision, approx, unit, amount
        )
        yearless = unit == UNIT_CODE[ShiftUnit.YEARLESS]
        issues |= np.where(resolved & ~yearless, BIT[IssueCode.RELATIVE_DATE], 0)
        issues |= np.where(resolved & yearless, BIT[IssueCode.YEAR_INFERRED], 0)
        issues |= np.where(unanchored & ~yearless, BIT[IssueCode.UNANCHORED_RELATIVE_DATE], 0)
        issues |= np.where(unanchored & yearless, BIT[IssueCode.YEARLESS_DATE], 0)
        weekday = np.where(yearless, amount // 10000, 0) - 1
        mismatch = resolved & (weekday >= 0) & (cal.weekday(np.where(resolved, start, 0)) != weekday)
        issues |= np.where(mismatch, BIT[IssueCode.WEEKDAY_MISMATCH], 0)
        edtf_codes, edtf_names = _relative_edtf(edtf_codes, edtf_names, resolved, start, end, precision, approx)

    precision_names = np.array([*(p.value for p in cal.PRECISIONS), ""], dtype=object)  # last: no precision
    precision_codes = np.where(precision == cal.NO_PRECISION, len(cal.PRECISIONS), precision)
    return pd.DataFrame(
        {
            Column.DATE_START.value: _days(start),
            Column.DATE_END.value: _days(end),
            Column.DATE_PRECISION.value: _strings(precision_codes, precision_names, index),
            Column.DATE_APPROX.value: approx,
            Column.TIME.value: _strings(pick, table.time, index),
            Column.EDTF.value: _strings(edtf_codes, edtf_names, index),
            Column.ISSUES.value: _issue_strings(issues, index),
        },
        index=index,
    )


def _relative_edtf(
    pick: np.ndarray,
    names: np.ndarray,
    resolved: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    precision: np.ndarray,
    approx: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """EDTF codes and names with the resolved relative rows' intervals added (each distinct interval once)."""
    rows = np.flatnonzero(resolved)
    key_codes = combination_codes(start[rows], end[rows], precision[rows], approx[rows])
    at = rows[first_rows(key_codes)]
    extra = [
        format_edtf(cal.from_day(s), cal.from_day(e), cal.PRECISIONS[p], bool(a))
        for s, e, p, a in zip(
            start[at].tolist(), end[at].tolist(), precision[at].tolist(), approx[at].tolist(), strict=True
        )
    ]
    codes = pick.copy()
    codes[rows] = len(names) + key_codes
    return codes, np.concatenate([names, np.array(extra, dtype=object)])
