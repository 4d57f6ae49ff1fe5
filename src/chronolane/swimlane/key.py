"""The chart's key: every event's shared number beside its marker, and a table of their full text on the page."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from chronolane.chronology.numbering import event_numbers
from chronolane.dates.labels import date_labels
from chronolane.schema.columns import Column
from chronolane.swimlane.labels import LabelSpec, Offset
from chronolane.swimlane.style import LABEL_SIZE, MONO_FONT, Labeller

#: Share of the page's height the key table may take; a longer one (and the numbers it explains) is left
#: out with a note suggesting --pages, which splits the events evenly, rather than crowding out the chart.
MAX_TABLE_SHARE = 0.45
#: Line height of the key table, as a multiple of its font size.
LINE_SPACING = 1.2
#: Characters per key-table column, about; the page's width decides how many columns fit.
COLUMN_CHARS = 96
COLUMN_GAP = 3  # characters between columns
TITLE = "Events (number, date as written and as read, lane: full text)"
#: Width of a character of the key table's monospace font, as a share of its size.
MONO_WIDTH = 0.61
#: Where an event's number may go, tried in order: right of its marker, above, left, below.
NUMBER_OFFSETS: tuple[Offset, ...] = (
    (4.5, 0.0, "left", "center"),
    (0.0, 4.0, "center", "bottom"),
    (-4.5, 0.0, "right", "center"),
    (0.0, -4.0, "center", "top"),
)
_NO_LIMIT = 10**9  # the key gives text in full: no truncation


def numbered(frame: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The shared event number (``numbering.event_numbers`` over the case's rows) of each row of ``events``."""
    return event_numbers(frame).reindex(events.index)


def number_specs(ax: Axes, numbers: np.ndarray, points: np.ndarray) -> list[LabelSpec]:
    """One label per drawn marker with its event number, kept inside the axes and clear of other markers."""

    def inside_axes(_r: RendererBase) -> Bbox:
        return ax.bbox

    return [
        LabelSpec(float(x), float(y), (str(int(n)),), NUMBER_OFFSETS, inside_axes, f"number:{int(n)}")
        for n, (x, y) in zip(numbers, points, strict=True)
    ]


def key_entries(
    frame: pd.DataFrame, events: pd.DataFrame, lanes: Sequence[str], *, undated: bool, label: Labeller
) -> pd.DataFrame:
    """Rows of the key table in event-number order: number, date as people read it, lane and full text.

    ``events`` are the dated rows on the chart; with ``undated`` the rows of the shown lanes that have no
    date are listed too (their date reads "date not known"), so every row of those lanes can be read.
    """
    rows = frame.loc[events.index]
    if undated:
        no_date = frame[frame[Column.DATE_START].isna() & frame[Column.AGENCY].astype("str").isin(list(lanes))]
        rows = pd.concat([rows, no_date])
    rows = rows[~rows.index.duplicated()]
    numbers = event_numbers(frame).reindex(rows.index)
    text = rows[Column.DESCRIPTION].astype("str").str.strip()
    text = text.where(text != "", rows[Column.TYPE_TEXT].astype("str").str.strip())
    text = text.where(text != "", rows[Column.EVENT_TYPE].astype("str"))
    entries = pd.DataFrame(
        {
            "number": numbers.astype("int64"),
            "date": date_labels(rows).map(lambda t: label(t, _NO_LIMIT, MONO_FONT)),
            "lane": rows[Column.AGENCY].astype("str").map(lambda t: label(t, _NO_LIMIT, MONO_FONT)),
            "text": text.map(lambda t: label(t, _NO_LIMIT, MONO_FONT)),
        }
    )
    return entries.sort_values("number", kind="stable").reset_index(drop=True)


def key_table(entries: pd.DataFrame, total_chars: int) -> list[str]:
    """The key as columns of monospace text: "12  14 Jun 2018 · Police: full text", wrapped (never cut) under a
    hanging indent, in as many columns as ``total_chars`` allows, each entry whole in one column; the
    first column opens with the table's title. Empty when there is nothing to list."""
    if entries.empty:
        return []
    columns = max(1, min(3, round(total_chars / COLUMN_CHARS)))
    width = max(30, total_chars // columns - COLUMN_GAP)
    digits = len(str(int(entries["number"].max())))
    indent = " " * (digits + 2)
    blocks = [
        textwrap.wrap(
            f"{number:>{digits}}  {date} · {lane}: {text}",
            width=width,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        )
        for number, date, lane, text in entries[["number", "date", "lane", "text"]].itertuples(index=False)
    ]
    target = (sum(len(b) for b in blocks) + 1) / columns
    cols: list[list[str]] = [[TITLE]]
    for block in blocks:  # fill a column to its share of the lines, then start the next
        if len(cols) < columns and cols[-1] and len(cols[-1]) + len(block) / 2 > target:
            cols.append([])
        cols[-1].extend(block)
    return ["\n".join(c) for c in cols]


def _owns_page(ax: Axes) -> bool:
    """Whether ``ax`` is the only chart on a constrained-layout figure, so the key may use the page's width."""
    return isinstance(ax.figure.get_layout_engine(), ConstrainedLayoutEngine) and ax.figure.axes == [ax]


def table_chars(ax: Axes) -> int:
    """Characters of the key table's font that fit across the page (or the axes, on a figure shared)."""
    width = ax.figure.get_figwidth() * (0.97 if _owns_page(ax) else ax.get_position().width)
    return int(width * 72 / (MONO_WIDTH * LABEL_SIZE))


def table_share(ax: Axes, columns: Sequence[str]) -> float:
    """The share of the figure's height the key table's tallest column takes."""
    lines = max((c.count("\n") + 1 for c in columns), default=0)
    return lines * LABEL_SIZE * LINE_SPACING / 72 / ax.figure.get_figheight()


def draw_key_table(ax: Axes, columns: Sequence[str], below: Artist) -> list[Annotation]:
    """The key table under the chart, one text per column (so a PDF reads each column in order), returned.

    On a page of its own it spans the page's width at the foot, with the layout told to leave it room; on
    a shared figure it sits under ``below`` (the notes)."""
    kwargs: dict[str, Any] = {
        "va": "top",
        "ha": "left",
        "fontsize": LABEL_SIZE,
        "parse_math": False,
        "family": MONO_FONT,
        "linespacing": LINE_SPACING,
        "annotation_clip": False,
        "gid": "key-table",
    }
    step = (max((len(line) for c in columns for line in c.split("\n")), default=0) + COLUMN_GAP) * MONO_WIDTH
    step *= LABEL_SIZE  # points from one column's left edge to the next
    if not (columns and _owns_page(ax)):
        texts = columns or [""]
        return [
            ax.annotate(text, xy=(0, 0), xycoords=below, xytext=(i * step, -3), textcoords="offset points", **kwargs)
            for i, text in enumerate(texts)
        ]
    share = table_share(ax, columns) + 0.02
    engine = ax.figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    engine.set(rect=(0.0, share, 1.0, 1.0 - share))
    drawn = []
    for i, text in enumerate(columns):
        table = ax.annotate(
            text,
            xy=(0.015, share - 0.01),
            xycoords="figure fraction",
            xytext=(i * step, 0),
            textcoords="offset points",
            **kwargs,
        )
        table.set_in_layout(False)
        drawn.append(table)
    return drawn
