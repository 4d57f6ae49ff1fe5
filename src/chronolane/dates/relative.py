"""Relative phrases ("six months later", "the following day") and their resolution against an anchor."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from chronolane.dates import calendar as cal
from chronolane.dates import spellings as sp
from chronolane.dates.model import ParsedDate, Shift, ShiftUnit
from chronolane.schema.columns import Precision

_UNITS = {"day": ShiftUnit.DAY, "week": ShiftUnit.WEEK, "month": ShiftUnit.MONTH, "year": ShiftUnit.YEAR}
_NEXT = {"week": ShiftUnit.NEXT_WEEK, "month": ShiftUnit.NEXT_MONTH, "year": ShiftUnit.NEXT_YEAR}
_LATER = frozenset({"later", "after", "afterwards", "on"})
_FIXED = (
    (
        re.compile(r"(?:on\s+)?(?:the\s+)?(?:following|next)\s+day|(?:the\s+)?day\s+after"),
        Shift(ShiftUnit.DAY, 1),
    ),
    (re.compile(r"(?:on\s+)?(?:the\s+)?same\s+(?:day|date)"), Shift(ShiftUnit.DAY, 0)),
    (re.compile(r"(?:the\s+)?(?:next|following)\s+(?:morning|afternoon|evening|night)"), Shift(ShiftUnit.DAY, 1)),
    (re.compile(r"(?:that|the\s+same)\s+(?:morning|afternoon|evening|night)"), Shift(ShiftUnit.DAY, 0)),
    (
        re.compile(
            r"(?:the\s+)?(?:previous|preceding)\s+(?:morning|evening|night)|(?:the\s+)?(?:evening|night)\s+before"
        ),
        Shift(ShiftUnit.DAY, -1),
    ),
    (re.compile(r"(?:the\s+)?week\s+after"), Shift(ShiftUnit.NEXT_WEEK)),
    (
        re.compile(r"(?:on\s+)?(?:the\s+)?(?:previous|preceding)\s+day|(?:the\s+)?day\s+before"),
        Shift(ShiftUnit.DAY, -1),
    ),
)
_NEXT_PERIOD = re.compile(r"(?:in\s+)?(?:the\s+)?(?:following|next)\s+(?P<unit>week|month|year)")
_IN_MONTH = (
    (re.compile(r"later\s+(?:that|in\s+the\s+same|the\s+same)\s+month"), Shift(ShiftUnit.LATER_IN_MONTH)),
    (re.compile(r"earlier\s+(?:that|in\s+the\s+same|the\s+same)\s+month"), Shift(ShiftUnit.EARLIER_IN_MONTH)),
    (re.compile(r"later\s+(?:that|the\s+same)\s+day"), Shift(ShiftUnit.DAY, 0)),
)
_OFFSET = re.compile(
    rf"{sp.NUMBER}\s+(?P<unit>day|week|month|year|fortnight)s?\s+(?P<way>later|after|afterwards|on|earlier|before|previously|prior|beforehand)"
)
#: Shift units in a fixed order; a unit is stored as its index here, -1 meaning "not relative".
UNITS: tuple[ShiftUnit, ...] = tuple(ShiftUnit)
UNIT_CODE = {u: i for i, u in enumerate(UNITS)}
NOT_RELATIVE = -1


def read_relative(text: str) -> Shift | None:
    """The shift a normalised relative phrase asks for, or None when the text is not one."""
    for pattern, shift in _FIXED:
        if pattern.fullmatch(text):
            return shift
    for pattern, shift in _IN_MONTH:
        if pattern.fullmatch(text):
            return shift
    m = _NEXT_PERIOD.fullmatch(text)
    if m is not None:
        return Shift(_NEXT[m["unit"]])
    m = _OFFSET.fullmatch(text)
    if m is not None:
        n = int(m["n"]) if m["n"].isdigit() else sp.NUMBER_WORDS[m["n"]]
        if m["unit"] == "fortnight":
            return Shift(ShiftUnit.WEEK, 2 * n if m["way"] in _LATER else -2 * n)
        return Shift(_UNITS[m["unit"]], n if m["way"] in _LATER else -n)
    return None


def apply_shift(
    start: np.ndarray, end: np.ndarray, precision: np.ndarray, unit: np.ndarray, amount: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Move anchor intervals (day numbers, precision codes) by shifts (unit codes, amounts), all vectorised.

    Day and week offsets move both ends; month and year offsets use calendar months (day clipped to the
    month's length; a whole-month interval stays whole months); next week/month/year is the whole calendar
    period after the anchor's end. The precision is kept when the result still has its shape, else "range".
    """
    amount = amount.astype(np.int64)
    days = np.select([unit == UNIT_CODE[ShiftUnit.DAY], unit == UNIT_CODE[ShiftUnit.WEEK]], [amount, 7 * amount], 0)
    months = np.select(
        [unit == UNIT_CODE[ShiftUnit.MONTH], unit == UNIT_CODE[ShiftUnit.YEAR]], [amount, 12 * amount], 0
    )
    aligned = cal.ymd(start)[2] == 1
    new_start = cal.add_months(start, months, keep_month_end=False) + days
    new_end = (
        np.where(
            aligned,
            cal.add_months(end, months, keep_month_end=True),
            cal.add_months(end, months, keep_month_end=False),
        )
        + days
    )
    new_precision = cal.conform(new_start, new_end, precision)

    year, month, _ = cal.ymd(end)
    week_start = end - cal.weekday(end) + 7
    periods = (
        (ShiftUnit.NEXT_WEEK, week_start, week_start + 6, Precision.WEEK),
        (
            ShiftUnit.NEXT_MONTH,
            cal.month_start(year, month + 1),
            cal.month_end(year, month + 1),
            Precision.MONTH,
        ),
        (ShiftUnit.NEXT_YEAR, cal.month_start(year + 1, 1), cal.month_end(year + 1, 12), Precision.YEAR),
    )
    for shift_unit, first, last, period_precision in periods:
        hit = unit == UNIT_CODE[shift_unit]
        new_start = np.where(hit, first, new_start)
        new_end = np.where(hit, last, new_end)
        new_precision = np.where(hit, cal.PRECISION_CODE[period_precision], new_precision).astype(np.int8)
    range_code = cal.PRECISION_CODE[Precision.RANGE]
    one_day = start == end
    in_month = (
        # later that month: after a day anchor (or within a longer anchor) to the end of the anchor's month
        (ShiftUnit.LATER_IN_MONTH, np.where(one_day, np.minimum(end + 1, cal.month_end(year, month)), start),
         cal.month_end(year, month)),
        (ShiftUnit.EARLIER_IN_MONTH, cal.month_start(*cal.ymd(start)[:2]),
         np.where(one_day, np.maximum(start - 1, cal.month_start(*cal.ymd(start)[:2])), end)),
    )  # fmt: skip
    for shift_unit, first, last in in_month:
        hit = unit == UNIT_CODE[shift_unit]
        new_start, new_end = np.where(hit, first, new_start), np.where(hit, last, new_end)
        new_precision = np.where(hit, range_code, new_precision)
    hit = unit == UNIT_CODE[ShiftUnit.YEARLESS]
    if hit.any():
        first, last, code = yearless_interval(start, amount)
        new_start, new_end = np.where(hit, first, new_start), np.where(hit, last, new_end)
        new_precision = np.where(hit, code, new_precision)
    return new_start, new_end, new_precision.astype(np.int8)


def yearless_interval(anchor_start: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first interval of yearless dates (codes of rules.yearless_code) that ends on or after the anchor's start.

    Returns (start, end, precision code); the year is the anchor's or the next.
    """
    month, day = (code // 100) % 100, code % 100
    anchor_year = cal.ymd(anchor_start)[0]
    whole, part = day == 0, day > 90
    precision = np.select(
        [whole, part], [cal.PRECISION_CODE[Precision.MONTH], cal.PRECISION_CODE[Precision.PART_MONTH]],
        cal.PRECISION_CODE[Precision.DAY],
    )  # fmt: skip

    def interval(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        first_day, last_day = cal.month_start(year, month), cal.month_end(year, month)
        part_first = first_day + 10 * (day - 91)
        first = np.select([whole, part], [first_day, part_first], first_day + day - 1)
        last = np.select([whole, part & (day == 93)], [last_day, last_day], np.where(part, part_first + 9, first))
        return first, last

    first, last = interval(anchor_year)
    later = last < anchor_start
    next_first, next_last = interval(anchor_year + 1)
    return np.where(later, next_first, first), np.where(later, next_last, last), precision


def shift_interval(anchor: ParsedDate, shift: Shift) -> tuple[dt.date, dt.date, Precision]:
    """One dated anchor moved by one shift: (start, end, precision), by the same rules as a column."""
    assert anchor.start is not None and anchor.end is not None and anchor.precision is not None
    start, end, precision = apply_shift(
        np.array([cal.to_day(anchor.start)]),
        np.array([cal.to_day(anchor.end)]),
        np.array([cal.PRECISION_CODE[anchor.precision]], dtype=np.int8),
        np.array([UNIT_CODE[shift.unit]]),
        np.array([shift.amount]),
    )
    first, last = cal.from_day(int(start[0])), cal.from_day(int(end[0]))
    assert first is not None and last is not None
    return first, last, cal.PRECISIONS[int(precision[0])]


def resolve_relative(
    groups: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    precision: np.ndarray,
    approx: np.ndarray,
    unit: np.ndarray,
    amount: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Resolve relative rows against the previous dated row of the same group, in row order.

    Rows are in file order within each group (groups may interleave). A resolved relative row is dated, so
    "the following day" twice in a row gives two successive days. Returns new (start, end, precision,
    approx) and the masks (resolved, unanchored). After one pass over all rows, the k-th rows of all runs
    of consecutive relative rows are resolved together, for k = 1 up to the longest run.
    """
    n = len(start)
    start, end, precision, approx = start.copy(), end.copy(), precision.copy(), approx.copy()
    relative = unit != NOT_RELATIVE
    resolved = np.zeros(n, dtype=bool)
    if not relative.any():
        return start, end, precision, approx, resolved, resolved.copy()
    order = np.arange(n) if (groups[1:] >= groups[:-1]).all() else np.argsort(groups, kind="stable")
    g, is_relative = groups[order], relative[order]
    dated = (start[order] != cal.NO_DAY) & ~is_relative
    pos = np.arange(n)
    first_of_group = np.maximum.accumulate(np.where(np.r_[True, g[1:] != g[:-1]], pos, 0))
    last_dated = np.maximum.accumulate(np.where(dated, pos, -1))
    anchored = is_relative & (np.r_[-1, last_dated[:-1]] >= first_of_group)
    # Dated and anchored relative rows in order: each anchored row's anchor is the live row just before it.
    live = np.flatnonzero(dated | anchored)
    live_relative = anchored[live]
    idx = np.arange(len(live))
    step = idx - np.maximum.accumulate(np.where(live_relative, -1, idx))  # k for the k-th row of a run
    to_resolve = np.flatnonzero(live_relative)
    by_step = to_resolve[np.argsort(step[to_resolve], kind="stable")]
    row_of = order[live]
    done = 0
    for count in np.bincount(step[to_resolve])[1:].tolist():
        batch = by_step[done : done + count]
        done += count
        rows, anchors = row_of[batch], row_of[batch - 1]
        start[rows], end[rows], precision[rows] = apply_shift(
            start[anchors], end[anchors], precision[anchors], unit[rows], amount[rows]
        )
        approx[rows] |= approx[anchors]
    resolved[row_of[to_resolve]] = True
    unanchored = relative & ~resolved
    start[unanchored], end[unanchored], precision[unanchored] = cal.NO_DAY, cal.NO_DAY, cal.NO_PRECISION
    return start, end, precision, approx, resolved, unanchored
