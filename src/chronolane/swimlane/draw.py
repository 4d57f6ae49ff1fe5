"""Drawing a case's swimlane chart on a matplotlib Axes: lanes, events, periods, gaps, key dates, labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes

from chronolane.case.model import Case
from chronolane.dates.bounds import date_bounds
from chronolane.errors import UsageError
from chronolane.schema.agencies import normalise_agencies
from chronolane.schema.columns import Column
from chronolane.schema.palette import GRID_LINE, KEY_LINE, LANE_SHADE
from chronolane.swimlane import key, layout
from chronolane.swimlane.event_marks import draw_counts, draw_events, marker_boxes, pack_events
from chronolane.swimlane.follow_ups import draw_follow_ups
from chronolane.swimlane.labels import make_artists, page_of, place_labels
from chronolane.swimlane.legend import chart_notes, draw_legend, label_specs
from chronolane.swimlane.marks import (
    age_axis,
    draw_gaps,
    draw_key_lines,
    draw_periods,
    is_vague,
    key_dates,
)
from chronolane.swimlane.style import LABEL_SIZE, TICK_SIZE, TITLE_SIZE, Labeller, Relabel
from chronolane.timeline.rows import date_num, to_num

if TYPE_CHECKING:
    from chronolane.chronology.build import Chronology

#: Height of the key-date strip above the lanes, in points: three levels of labels.
STRIP_POINTS = 34.0


def draw_swimlanes(
    ax: Axes,
    chronology_or_frame: Chronology | pd.DataFrame,
    *,
    case: Case | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    agencies: Sequence[str] | None = None,
    gaps: pd.DataFrame | None = None,
    follow_ups: pd.DataFrame | None = None,
    ages: str | None = None,
    title: str | None = None,
    relabel: Relabel = None,
    lanes: Sequence[str] | None = None,
    density_limit: float | None = None,
    overflow_limit: float | None = None,
    require_events: bool = True,
    list_undated: bool = True,
) -> Axes:
    """Draw one case's multi-agency swimlane chart on ``ax`` and return it; never saves or shows.

    ``chronology_or_frame`` is a Chronology or an integrated-chronology DataFrame; ``case`` picks the case
    (a Case or case id) when it holds several. ``start``/``end`` bound the dates (exact or vague text:
    "2015" starts on 1 January and ends on 31 December); by default the review period of case.toml where
    it is set, and the rows outside it are counted in a note. ``agencies`` limits the lanes; ``lanes`` fixes them
    exactly (pages of one case share lanes). ``gaps`` is a frame from
    ``chronolane.measures.gaps.find_gaps``; ``follow_ups`` one from
    ``chronolane.follow_ups.find.find_follow_ups``, drawn as connectors between lanes. ``ages`` names a subject
    whose age is shown on a top axis. Every text from the data passes through ``relabel``
    (a callable or a mapping of replacements) before it is drawn. Busy lanes stay events, stacked in
    closer sub-rows; only when asked, lanes denser than ``density_limit`` events per lane-year (30 is
    CHARTS.md's figure), or where more than ``overflow_limit`` of the events find no free sub-row at this
    size, are drawn as counts per month with only key events as markers. Every marker carries its event
    number (``chronolane.chronology.numbering.event_numbers``, shared with the table and the workbook) and a key table
    under the chart gives each event's date, lane and full text, wrapped, never cut; with ``list_undated``
    the lanes' undated rows are listed there too. Labels are placed for the figure's size at the time of
    drawing, so draw on a figure already at its final size.
    """
    frame, case_obj = _resolve(chronology_or_frame, case)
    label = Labeller(relabel)
    lo, hi = _window(case_obj, start, end, frame)
    view = layout.select_view(
        frame, case_obj, start=lo, end=hi, agencies=agencies, lanes=lanes, require_events=require_events
    )
    events, xlim, n = view.events, view.xlim, len(view.lanes)
    fig = page_of(ax)
    width_pt, height_pt = _axes_points(ax)
    keys = key_dates(events, case_obj, label)
    keys = [k for k in keys if xlim[0] <= k.x <= xlim[1]]
    has_strip = bool(keys) or any(p.agency is None for p in case_obj.periods)
    heights, lane_pt = layout.lane_heights(
        _lanes_with_dates(view, case_obj), height_pt - (STRIP_POINTS if has_strip else 0.0)
    )
    # the strip keeps its height in points: a small share of a tall lane, up to three lanes of short ones
    strip = float(np.clip(STRIP_POINTS / lane_pt, 0.05, 3.0)) if has_strip else 0.0

    lane_notes = _lane_notes(view)
    _draw_lanes(ax, view.lanes, strip, xlim, label, lane_notes, heights)
    density = layout.lane_density(events, n, xlim)
    days_per_pt = (xlim[1] - xlim[0]) / width_pt
    packing = pack_events(events, lane_pt, days_per_pt)
    per_lane = np.maximum(np.bincount(packing["lane"], minlength=n), 1)
    overflowing = np.bincount(packing["lane"], weights=packing["overflow"], minlength=n) / per_lane
    dense = np.zeros(n, dtype=bool)
    if density_limit is not None:
        dense |= density > density_limit
    if overflow_limit is not None:
        dense |= overflowing > overflow_limit
    collisions, points, marked = draw_events(ax, events, dense, packing, lane_pt, days_per_pt)
    numbers = key.numbered(frame, events)
    entries = key.key_entries(frame, events, view.lanes, undated=list_undated, label=label)
    table = key.key_table(entries, key.table_chars(ax))
    keyed = key.table_share(ax, table) <= key.MAX_TABLE_SHARE
    table = table if keyed else []
    count_unit, peaks = draw_counts(ax, events, dense, view.lanes, xlim)
    if count_unit:
        for i, peak in peaks.items():
            lane_notes[i] = ", ".join(filter(None, [f"events per {count_unit}, max {peak}", lane_notes.get(i)]))
        _lane_ticks(ax, view.lanes, label, lane_notes)
    period_marks, period_kinds = draw_periods(ax, case_obj, view.lanes, xlim, -0.5 - strip, label)
    gap_marks, gap_kinds, gaps_hidden = draw_gaps(ax, gaps, frame, case_obj.case_id, view.lanes, xlim)
    draw_follow_ups(ax, follow_ups, events, view.lanes, case_obj.case_id, label)
    shown_keys = draw_key_lines(ax, keys, xlim, (-0.5 - strip, -0.5))
    if ages:
        age_axis(ax, case_obj, ages, xlim, label)

    heading = title if title is not None else (case_obj.title or case_obj.case_id)
    ax.set_title(label(heading, 110), loc="left", fontsize=TITLE_SIZE, parse_math=False)
    notes = chart_notes(view, gaps_hidden, int(dense.sum()), listed=keyed and list_undated)
    if not keyed:
        notes.append(f"{len(entries)} events: too many to number and list on this page; split them with --pages")
    vague_keys = any(is_vague(m) for m in shown_keys)
    draw_legend(ax, events, period_kinds, gap_kinds, (bool(shown_keys), vague_keys), count_unit)

    key_numbers = {f"keydate:{e}": int(n) for e, n in zip(events[Column.EVENT_ID], numbers, strict=True)}
    number_labels = key.number_specs(ax, numbers.to_numpy()[marked], points) if keyed else []
    specs = label_specs(ax, shown_keys, period_marks, gap_marks, collisions, strip, lane_pt, key_numbers, number_labels)
    make_artists(ax, specs)
    note = ax.annotate(
        " ",
        xy=(0, 0),
        xycoords=lambda r: ax.xaxis.get_tightbbox(r) or ax.bbox,
        xytext=(0, -4),
        textcoords="offset points",
        va="top",
        ha="left",
        fontsize=LABEL_SIZE,
        parse_math=False,
        annotation_clip=False,
        gid="note",
    )
    key.draw_key_table(ax, table, note)
    for _ in range(3):  # layout moves the axes as the notes settle; place the labels again after it
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # charts draw on Agg canvases, which have it
        place_labels(specs, renderer, marker_boxes(ax, points))
        hidden = sum(1 for s in specs if s.chosen is None and s.gid.startswith("collision"))
        unnumbered = sum(1 for s in number_labels if s.chosen is None)
        text = "; ".join(
            [
                *notes,
                *([f"{hidden} overlapping clusters not counted on the chart"] if hidden else []),
                *(
                    [f"{unnumbered} event number{'s' if unnumbered != 1 else ''} without room on the chart"]
                    if unnumbered
                    else []
                ),
            ]
        )
        if (text or " ") == note.get_text():
            break
        note.set_text(text or " ")
    return ax


def chart_window(
    data: Any,
    *,
    pages: int,
    case: Case | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    agencies: Sequence[str] | None = None,
    **_options: Any,
) -> tuple[list[str], list[tuple[dt.date, dt.date]], str]:
    """The lanes of the whole chart, its dates cut into ``pages`` windows (first and last day), and its title.

    Pages are cut where the events are: each holds about the same number of dated events (by the middle of
    their dates), so a busy year gets pages of its own and a quiet decade shares one. A vague event whose
    dates cross a cut is drawn on both pages.
    """
    frame, case_obj = _resolve(data, case)
    lo, hi = _window(case_obj, start, end, frame)
    view = layout.select_view(frame, case_obj, start=lo, end=hi, agencies=agencies, lanes=None)
    edges = page_edges(view.events["xm"].to_numpy(), view.xlim, pages)
    days = [dt.date(1970, 1, 1) + dt.timedelta(days=int(e)) for e in edges]
    windows = [(days[i], days[i + 1] - dt.timedelta(days=1)) for i in range(pages)]
    return list(view.lanes), windows, case_obj.title or case_obj.case_id


def page_edges(middles: np.ndarray, xlim: tuple[float, float], pages: int) -> np.ndarray:
    """Whole-day cuts (``pages + 1`` of them) giving each page an equal share of the events' middles.

    Each inner cut falls on the day after the last event of its page; cuts that would give a page no day
    at all are moved on by a day, so every page has a window.
    """
    xm = np.sort(np.floor(middles[~np.isnan(middles)]))
    first, last = np.floor(xlim[0]), np.ceil(xlim[1])
    if len(xm) == 0:
        inner = np.linspace(first, last, pages + 1)[1:-1].round()
    else:
        ranks = np.ceil(np.arange(1, pages) * len(xm) / pages).astype(int) - 1  # last event of each page
        inner = xm[ranks] + 1.0
    edges = np.concatenate([[first], inner, [last]])
    for i in range(1, len(edges)):  # every page at least one day long
        edges[i] = max(edges[i], edges[i - 1] + 1.0)
    return edges


def _resolve(data: Any, case: Case | str | None) -> tuple[pd.DataFrame, Case]:
    """The rows of the chosen case and its Case."""
    frame: pd.DataFrame = data.frame if hasattr(data, "frame") else data
    cases: Mapping[str, Case] = getattr(data, "cases", {}) or {}
    ids = list(pd.unique(frame[Column.CASE_ID].astype("str"))) if len(frame) else []
    if isinstance(case, Case):
        case_id = case.case_id
    elif case is not None:
        case_id = case
    elif len(ids) == 1:
        case_id = ids[0]
    elif not ids:
        case_id = next(iter(cases), "")
    else:
        raise UsageError(
            f"the chronology holds {len(ids)} cases ({', '.join(ids[:5])}...); choose one with case=ID.",
            parameter="case",
        )
    if ids and case_id not in ids:
        raise UsageError(f"case '{case_id}' is not in the chronology (cases: {', '.join(ids[:10])}).")
    case_obj = case if isinstance(case, Case) else cases.get(case_id) or Case(case_id=case_id, title=case_id)
    rows = frame[frame[Column.CASE_ID].astype("str") == case_id] if len(frame) else frame
    return rows, case_obj


def _window(
    case: Case, start: dt.date | str | None, end: dt.date | str | None, frame: pd.DataFrame
) -> tuple[float | None, float | None]:
    """The dates shown: those given, else the review period of case.toml when events fall in it, else all."""
    lo, hi = _bound(start, "start", end=False), _bound(end, "end", end=True)
    review = case.review_start, case.review_end
    if (lo is None and review[0] is None) and (hi is None and review[1] is None):
        return lo, hi
    # case.toml's review dates are read strictly: a review date always has both bounds.
    r_lo = lo if lo is not None or review[0] is None or review[0].start is None else date_num(review[0].start)
    r_hi = hi if hi is not None or review[1] is None or review[1].end is None else date_num(review[1].end) + 1.0
    x0, x1 = to_num(frame[Column.DATE_START]), to_num(frame[Column.DATE_END]) + 1.0
    inside = ~np.isnan(x0)
    if r_lo is not None:
        inside &= x1 > r_lo
    if r_hi is not None:
        inside &= x0 < r_hi
    return (r_lo, r_hi) if inside.any() else (lo, hi)


def _bound(value: dt.date | str | None, parameter: str, *, end: bool) -> float | None:
    """A date bound as a date number: the first day of a vague start, the day after a vague end."""
    if value is None:
        return None
    if isinstance(value, str):
        first, last = date_bounds(value, parameter=parameter)  # matplotlib's date numbers are day numbers
        return float(last) + 1.0 if end else float(first)
    return date_num(value) + (1.0 if end else 0.0)


def _lane_notes(view: layout.View) -> dict[int, str]:
    """A second line for lane names: how many of the lane's rows are undated or outside the dates shown."""
    notes = {}
    for i, lane in enumerate(view.lanes):
        counts = ((view.undated_by_lane.get(lane, 0), "undated"), (view.outside_by_lane.get(lane, 0), "outside dates"))
        text = ", ".join(f"{n} {what}" for n, what in counts if n)
        if text:
            notes[i] = text
    return notes


def _lanes_with_dates(view: layout.View, case: Case) -> np.ndarray:
    """Per lane, whether it has a dated event or a period of case.toml in view (else it is drawn thin)."""
    full = np.bincount(view.events["lane_y"].to_numpy().astype(int), minlength=len(view.lanes)) > 0
    periods = [p for p in case.periods if p.agency]
    if periods:
        named = normalise_agencies(pd.Series([p.agency for p in periods], dtype="str"), dict(case.agencies))
        full |= np.isin(np.array(view.lanes, dtype=object), named.to_numpy(dtype=object))
    return full


def _axes_points(ax: Axes) -> tuple[float, float]:
    """The axes' size in points as laid out now (before a layout engine has run, a close estimate)."""
    w, h = page_of(ax).get_size_inches()
    pos = ax.get_position()
    return max(w * pos.width * 72 * 0.85, 100.0), max(h * pos.height * 72 * 0.85, 100.0)


def _draw_lanes(
    ax: Axes,
    lanes: Sequence[str],
    strip: float,
    xlim: tuple[float, float],
    label: Labeller,
    notes: Mapping[int, str],
    heights: np.ndarray,
) -> None:
    """Lane ticks and alternate shading, the key-date strip, and the date axis; lanes of ``heights``."""
    n = len(lanes)
    if (heights < 1.0).any():
        ax.set_yscale("function", functions=layout.lane_scale(heights))
    for i in range(1, n, 2):
        ax.axhspan(i - 0.5, i + 0.5, color=LANE_SHADE, lw=0, zorder=0)
    if strip:
        ax.axhspan(-0.5 - strip, -0.5, color="white", lw=0, zorder=0)
        ax.axhline(-0.5, color=KEY_LINE, lw=0.6, zorder=1)
    _lane_ticks(ax, lanes, label, notes)
    ax.set_ylim(n - 0.5, -0.5 - strip)
    ax.set_xlim(*xlim)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=TICK_SIZE)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GRID_LINE, lw=0.5, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _lane_ticks(ax: Axes, lanes: Sequence[str], label: Labeller, notes: Mapping[int, str]) -> None:
    """Lane names as y tick labels (never parsed as mathematics), with a second line for lanes of counts."""
    names = [label(lane, 28) + (f"\n{notes[i]}" if i in notes else "") for i, lane in enumerate(lanes)]
    ax.set_yticks(range(len(lanes)), labels=names, fontsize=TICK_SIZE)
    for tick in ax.get_yticklabels():
        tick.set_parse_math(False)
