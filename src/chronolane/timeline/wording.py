"""The words a timeline puts on gaps in contact and on follow-up lags."""

from __future__ import annotations

from typing import SupportsInt

from chronolane.follow_ups.find import FollowUpOutcome

#: Values of the gaps frame's ``exceeds`` column that are shaded.
GAP_CERTAIN = "yes"
GAP_POSSIBLE = "possibly"

#: Outcomes with no follow-up that get the distinct "none came" mark on the trigger's lane.
NONE_CAME = (FollowUpOutcome.MISSING.value, FollowUpOutcome.POSSIBLY_MISSING.value)


def _months(days: float) -> str:
    months = days / 30.44
    return f"{months:.0f}" if months >= 1.5 else f"{days / 7:.0f} weeks"


def gap_texts(min_days: float, max_days: float, certain: bool, undated: int = 0) -> tuple[str, ...]:
    """Label texts for a gap, longest first: "7 months, no contact" or "5 to 8 months, possibly no contact".

    When the lane has undated contacts that could fall in the gap, the label says so.
    """
    lo, hi = _months(min_days), _months(max_days)
    unit = "" if "weeks" in lo else " months"
    dated = " dated" if undated else ""
    caveat = f" ({undated} undated contact{'s' if undated != 1 else ''})" if undated else ""
    if certain:
        return (f"{lo}{unit}, no{dated} contact{caveat}", f"{lo}{unit}, no{dated} contact", f"{lo}{unit}", lo)
    span = lo if lo == hi else f"{lo} to {hi}"
    unit = "" if "weeks" in span else " months"
    return (
        f"{span}{unit}, possibly no{dated} contact{caveat}",
        f"{span}{unit}, possibly no{dated} contact",
        f"{span}{unit}?",
        f"{hi}?",
    )


def lag_text(lag_min: SupportsInt, lag_max: SupportsInt) -> str:
    """The lag in days as drawn: "3 d" when exact, "0-30 d" when the dates are vague."""
    lo, hi = int(lag_min), int(lag_max)
    return f"{lo} d" if lo == hi else f"{lo}-{hi} d"
