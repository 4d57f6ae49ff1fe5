"""Paper sizes that charts are laid out for (landscape), kept apart from the drawing code so that commands
can offer them without loading matplotlib."""

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
