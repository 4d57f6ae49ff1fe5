"""Figures of the page size, and saving them so that PNG, SVG and PDF are byte-identical across runs."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from chronolane.errors import UsageError
from chronolane.files.output import atomic_path
from chronolane.schema.paper import PAGE_INCHES, PageSize
from chronolane.swimlane.draw import chart_window, draw_swimlanes

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: Settings that make output reproducible and keep text from the data as text.
RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "chronolane",
    "svg.fonttype": "none",  # real text: searchable, selectable, editable
    "text.parse_math": False,
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "savefig.dpi": 200,
}


class Format(StrEnum):
    """Output formats, by file suffix."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"


#: Metadata written per format: nothing that changes between runs (no dates, no software versions).
METADATA: dict[Format, dict[str, Any]] = {
    Format.PNG: {"Software": None},
    Format.SVG: {"Date": None, "Creator": None},
    Format.PDF: {"Creator": None, "Producer": None, "CreationDate": None},
}


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """The rc settings under which charts are drawn and saved."""
    with mpl.rc_context(RC):
        yield


def make_figure(size: PageSize | str = PageSize.A4) -> Figure:
    """An empty landscape figure of the page size with constrained layout, on the Agg canvas (no GUI)."""
    try:
        page = PageSize(size)
    except ValueError:
        raise UsageError(f"size {size!r}: choose one of {', '.join(p.value for p in PageSize)}.") from None
    with chart_style():
        fig = Figure(figsize=PAGE_INCHES[page], layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def output_format(path: Path) -> Format:
    """The format named by a file's suffix."""
    try:
        return Format(path.suffix.lower().lstrip("."))
    except ValueError:
        raise UsageError(f"{path}: the output must end in .png, .svg or .pdf.") from None


def save_figure(fig: Figure, path: Path | str) -> Path:
    """Save ``fig`` to a .png, .svg or .pdf file deterministically (fixed metadata and hash salt)."""
    path = Path(path)
    fmt = output_format(path)
    with chart_style(), atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt.value, metadata=METADATA[fmt])
    return path


def save_pages(figures: Sequence[Figure], path: Path | str) -> Path:
    """Save figures as the pages of one PDF, deterministically."""
    path = Path(path)
    if output_format(path) is not Format.PDF:
        raise UsageError(f"{path}: several pages can only go to a .pdf file.")
    with chart_style(), atomic_path(path) as tmp, PdfPages(tmp, metadata=METADATA[Format.PDF]) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    return path


def draw_pages(
    data: Any,
    *,
    pages: int = 1,
    size: PageSize | str = PageSize.A4,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    title: str | None = None,
    **options: Any,
) -> list[Figure]:
    """The chart as ``pages`` figures splitting the dates evenly, with the same lanes on every page."""
    if pages < 1:
        raise UsageError(f"pages={pages}: give 1 or more pages.", parameter="pages")
    with chart_style():
        if pages == 1:
            fig = make_figure(size)
            draw_swimlanes(fig.add_subplot(), data, start=start, end=end, title=title, **options)
            return [fig]
        lanes, windows, heading = chart_window(data, start=start, end=end, pages=pages, **options)
        figures = []
        for number, (lo, hi) in enumerate(windows, start=1):
            fig = make_figure(size)
            draw_swimlanes(
                fig.add_subplot(),
                data,
                start=lo,
                end=hi,
                lanes=lanes,
                require_events=False,
                list_undated=number == 1,  # undated rows are listed once, in the first page's key
                title=f"{title if title is not None else heading} (page {number} of {pages})",
                **options,
            )
            figures.append(fig)
        return figures
