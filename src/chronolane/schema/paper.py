"""Chart choices (paper sizes, cohort charts, how cohort panels line up), kept apart from the drawing code so
that commands can offer them without loading matplotlib."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class PageSize(StrEnum):
    """Paper sizes a chart is laid out for, landscape."""

    A4 = "a4"
    A3 = "a3"


#: Landscape figure sizes in inches.
PAGE_INCHES: Mapping[PageSize, tuple[float, float]] = {
    PageSize.A4: (11.69, 8.27),
    PageSize.A3: (16.54, 11.69),
}


class CohortChart(StrEnum):
    """The charts of a cohort (docs/cohort.md)."""

    LONGEST_GAPS = "longest-gaps"  # each case's longest gap in one lane, vague lengths as ranges
    SCHEDULE = "schedule"  # the share of subjects per outcome of each expected contact
    SWIMLANES = "swimlanes"  # small multiples: one compact swimlane per case, pages as needed


class Alignment(StrEnum):
    """What the time axis of each case's panel in the small multiples counts from."""

    BIRTH = "birth"  # the birth of the case's first child (role child, else sibling) with a birth date
    REVIEW = "review"  # the start of the case's review period
