"""Figures of the page size, and saving them so that PNG, SVG and PDF are byte-identical across runs."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from chronolane.errors import UsageError
from chronolane.export.common import safe_output
from chronolane.files.output import atomic_path
from chronolane.schema.paper import PAGE_INCHES, PageSize
from chronolane.swimlane.draw import chart_window, draw_swimlanes

#: Settings that make output reproducible and keep text from the data as text.
RC: dict[str, Any] = {
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
        raise UsageError(f"--pages {pages}: give 1 or more pages.")
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


def plot_chronology(
    source: Path | str,
    output: Path | str,
    *,
    pages: int = 1,
    gaps: str | None = None,
    follow_ups: Sequence[str | Path] | None = None,
    force: bool = False,
    case_folder: Path | str | None = None,
    **options: Any,
) -> Path:
    """Open a case or chronology, draw its swimlane chart and save it to ``output`` (.png, .svg or .pdf).

    The case's pseudonym map applies to everything drawn (the chronology is pseudonymised before drawing),
    to the text options (``title``, ``ages``, ``case``, ``agencies``) and to the output file's name; the
    path written is returned. ``gaps`` is a threshold such as "6M": gaps over it are computed with
    ``chronolane.measures.gaps.find_gaps`` and shaded. ``follow_ups`` names follow-up rule sets or files: each trigger
    is joined to its follow-up (``chronolane.follow_ups.find.find_follow_ups``) and a missing one is marked.
    ``output`` may not be an input, nor an existing file unless
    ``force``. ``case_folder`` gives an integrated chronology CSV its case.toml. Other options are those of
    ``draw_pages`` and ``draw_swimlanes``.
    """
    from chronolane.chronology.build import open_chronology
    from chronolane.privacy.pseudonyms import Pseudonymiser, case_mapping, pseudonymise_chronology

    source, output = Path(source), Path(output)
    fmt = output_format(output)
    if pages > 1 and fmt is not Format.PDF:
        raise UsageError(f"--pages {pages}: several pages need a .pdf output, not {output.name}.")
    inputs = [source, *(p for p in source.glob("*") if p.is_file())]
    safe_output(output, inputs=inputs, force=force)
    opened = open_chronology(source, case=case_folder)
    mapper = Pseudonymiser(case_mapping(opened.cases.values()))
    chronology, _ = pseudonymise_chronology(opened)
    if mapper.apply(output.name) != output.name:
        output = safe_output(output.with_name(mapper.apply(output.name)), inputs=inputs, force=force)
    options = {k: _map_option(mapper, v) for k, v in options.items()}
    gap_frame: pd.DataFrame | None = None
    if gaps:
        from chronolane.measures.gaps import find_gaps

        gap_frame = find_gaps(chronology.frame, cases=chronology.cases, threshold=gaps)
    if follow_ups:
        from chronolane.follow_ups.find import find_follow_ups

        options["follow_ups"] = find_follow_ups(chronology.frame, follow_ups, cases=chronology.cases)
    figures = draw_pages(chronology, pages=pages, gaps=gap_frame, **options)
    return save_figure(figures[0], output) if len(figures) == 1 else save_pages(figures, output)


def _map_option(mapper: Any, value: Any) -> Any:
    """A text option (title, subject, case, agencies) with names replaced, to match the pseudonymised data."""
    if isinstance(value, str):
        return mapper.apply(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [mapper.apply(v) for v in value]
    return value
