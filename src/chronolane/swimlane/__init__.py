"""The multi-agency swimlane chart: draw a case on a matplotlib Axes, size a page, save reproducibly."""

from chronolane.files.output import keep_matplotlib_out_of_home

keep_matplotlib_out_of_home()

from chronolane.schema.paper import PageSize  # noqa: E402 (matplotlib is imported below, after its folder is set)
from chronolane.swimlane.draw import draw_swimlanes  # noqa: E402
from chronolane.swimlane.save import (  # noqa: E402
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
