"""The words a timeline puts on gaps in contact and on follow-up lags."""

from __future__ import annotations

from typing import SupportsInt

from chronolane.follow_ups.find import FollowUpOutcome

#: Values of the gaps frame's ``exceeds`` column that are shaded.
GAP_CERTAIN = "yes"
GAP_POSSIBLE = "possibly"

#: Outcomes with no follow-up that get the distinct "none came" mark on the trigger's lane.
NONE_CAME = (FollowUpOutcome.MISSING.value, FollowUpOutcome.POSSIBLY_MISSING.value)


def _amount(days: float) -> tuple[str, str]:
    """A length as (whole number, unit): months from a month and a half, weeks below."""
    months = days / 30.44
    if months >= 1.5:
        return f"{months:.0f}", "months"
    weeks = f"{days / 7:.0f}"
    return weeks, "week" if weeks == "1" else "weeks"


def _shortest(number: str, unit: str) -> str:
    """The shortest label: a bare number of months ("7"), or the weeks with their unit ("6 weeks")."""
    return number if unit == "months" else f"{number} {unit}"


def gap_texts(min_days: float, max_days: float, certain: bool, undated: int = 0) -> tuple[str, ...]:
    """Label texts for a gap, longest first: "7 months, no contact" or "5 to 8 months, possibly no contact"
    ("6 weeks to 2 months" when the bounds are in different units).

    When the lane has undated contacts that could fall in the gap, the label says so.
    """
    (lo, lo_unit), (hi, hi_unit) = _amount(min_days), _amount(max_days)
    dated = " dated" if undated else ""
    caveat = f" ({undated} undated contact{'s' if undated != 1 else ''})" if undated else ""
    if certain:
        length = f"{lo} {lo_unit}"
        return (f"{length}, no{dated} contact{caveat}", f"{length}, no{dated} contact", length, _shortest(lo, lo_unit))
    if (lo, lo_unit) == (hi, hi_unit):
        span = f"{lo} {lo_unit}"
    elif lo_unit == hi_unit:
        span = f"{lo} to {hi} {hi_unit}"
    else:
        span = f"{lo} {lo_unit} to {hi} {hi_unit}"
    return (
        f"{span}, possibly no{dated} contact{caveat}",
        f"{span}, possibly no{dated} contact",
        f"{span}?",
        f"{_shortest(hi, hi_unit)}?",
    )


def lag_text(lag_min: SupportsInt, lag_max: SupportsInt) -> str:
    """The lag in days as drawn: "3 d" when exact, "0-30 d" when the dates are vague."""
    lo, hi = int(lag_min), int(lag_max)
    return f"{lo} d" if lo == hi else f"{lo}-{hi} d"
