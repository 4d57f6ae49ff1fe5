"""Day-first or month-first: the evidence one spelling gives, and the order each source is read in."""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from chronolane.dates.model import Reading
from chronolane.errors import UsageError
from chronolane.schema.columns import DateOrder


class Evidence(IntEnum):
    """What one spelling says about its source's date order."""

    NONE = 0  # reads the same either way (or is impossible either way)
    DMY_ONLY = 1  # a real date only day-first (13/04/2018)
    MDY_ONLY = 2  # a real date only month-first (04/13/2018)
    EITHER = 3  # a real, different date either way (03/04/2018)


def evidence_of(dmy: Reading, mdy: Reading) -> Evidence:
    """Compare the day-first and month-first readings of one spelling."""
    if (dmy.start, dmy.end, dmy.precision) == (mdy.start, mdy.end, mdy.precision):
        return Evidence.NONE
    if dmy.start is not None and mdy.start is not None:
        return Evidence.EITHER
    if dmy.start is not None:
        return Evidence.DMY_ONLY
    return Evidence.MDY_ONLY if mdy.start is not None else Evidence.NONE


def as_order(value: DateOrder | str) -> DateOrder:
    """A date order from its name, or a UsageError saying which names are allowed."""
    try:
        return DateOrder(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(o.value for o in DateOrder)
        raise UsageError(f"Unknown date order {value!r}: use one of {allowed}.") from None


def decide_orders(
    groups: np.ndarray, evidence: np.ndarray, auto: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: (read month-first, flag date-order-mdy, flag ambiguous-date-order) for rows in AUTO.

    A source (group) is read month-first when some of its AUTO rows are real dates only month-first and
    none only day-first. In a source with evidence both ways, rows that read either way are ambiguous.
    """
    count = int(groups.max()) + 1 if len(groups) else 0
    mdy_evidence = np.bincount(groups, weights=auto & (evidence == Evidence.MDY_ONLY), minlength=count) > 0
    dmy_evidence = np.bincount(groups, weights=auto & (evidence == Evidence.DMY_ONLY), minlength=count) > 0
    source_mdy = (mdy_evidence & ~dmy_evidence)[groups] & auto
    sensitive = evidence != Evidence.NONE
    both = (mdy_evidence & dmy_evidence)[groups] & auto
    return source_mdy, source_mdy & sensitive, both & (evidence == Evidence.EITHER)
