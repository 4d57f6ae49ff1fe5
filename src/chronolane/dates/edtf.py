"""Write an interval in the Library of Congress Extended Date/Time Format (EDTF)."""

from __future__ import annotations

import datetime as dt

from chronolane.schema.columns import Precision

# EDTF level 2 sub-year groupings: seasons 21-24, quarters 33-36, quadrimesters 37-39, semestrals 40-41.
_SEASON_CODE = {3: 21, 6: 22, 9: 23, 12: 24}
_QUARTER_CODE = {1: 33, 4: 34, 7: 35, 10: 36}
_THIRD_CODE = {1: 37, 5: 38, 9: 39}
_HALF_CODE = {1: 40, 7: 41}
_GROUPINGS = frozenset({Precision.SEASON, Precision.QUARTER, Precision.THIRD, Precision.HALF})


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _endpoint_pair(start: dt.date, end: dt.date) -> tuple[str, str]:
    """Both ends of an interval at the coarsest precision that states them exactly."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year:04d}", f"{end.year:04d}"
    if start.day == 1 and _is_month_end(end):
        return f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
    return start.isoformat(), end.isoformat()


def format_edtf(start: dt.date | None, end: dt.date | None, precision: Precision | None, approx: bool) -> str:
    """EDTF of an interval: 2018-04-03, 2018-04, 2018, 2018-23 (autumn), 2019-35 (Q3), 199X, a/b for others.

    An approximate season, quarter, third or half is written as its approximate months (2018-09~/2018-11~).
    """
    if start is None or end is None or precision is None:
        return ""
    mark = "~" if approx else ""
    single = {
        Precision.DAY: lambda: start.isoformat(),
        Precision.MONTH: lambda: f"{start.year:04d}-{start.month:02d}",
        Precision.YEAR: lambda: f"{start.year:04d}",
        Precision.DECADE: lambda: f"{start.year // 10:03d}X",
        Precision.SEASON: lambda: f"{start.year:04d}-{_SEASON_CODE[start.month]}",
        Precision.QUARTER: lambda: f"{start.year:04d}-{_QUARTER_CODE[start.month]}",
        Precision.THIRD: lambda: f"{start.year:04d}-{_THIRD_CODE[start.month]}",
        Precision.HALF: lambda: f"{start.year:04d}-{_HALF_CODE[start.month]}",
    }
    if approx and precision in _GROUPINGS:  # 2018-23~ is not valid EDTF: approximate months at both ends
        return f"{start.year:04d}-{start.month:02d}~/{end.year:04d}-{end.month:02d}~"
    if precision in single:
        return single[precision]() + mark
    first, last = _endpoint_pair(start, end) if precision is Precision.RANGE else (start.isoformat(), end.isoformat())
    return f"{first}{mark}" if first == last else f"{first}{mark}/{last}{mark}"
