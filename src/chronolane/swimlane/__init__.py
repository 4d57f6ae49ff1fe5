"""The multi-agency swimlane chart: draw a case on a matplotlib Axes, size a page, save reproducibly."""

from chronolane.paper import PageSize
from chronolane.swimlane.draw import draw_swimlanes
from chronolane.swimlane.save import (
    Format,
    draw_pages,
    make_figure,
    plot_chronology,
    save_figure,
    save_pages,
)

__all__ = [
    "Format",
    "PageSize",
    "draw_pages",
    "draw_swimlanes",
    "make_figure",
    "plot_chronology",
    "save_figure",
    "save_pages",
]
