"""Cohort chart: small multiples of many cases' swimlanes, one compact panel per case, on a shared time axis.

Every panel counts time from the same kind of anchor, so the panels line up: with ``birth`` (the default),
the age of the case's child, which puts the schedule reviews of every case under each other; with
``review``, the time since the case's review period started, for cases without a child (adult reviews).
Calendar dates would scatter a cohort over years, and each case's own date range would give every panel a
different scale. A vague anchor (a birth month) widens each row's placing by its spread: nothing is placed
more exactly than the dates allow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from chronolane.case.model import Case, Role
from chronolane.dates.calendar import NO_DAY
from chronolane.dates.durations import DurationUnit, parse_duration
from chronolane.errors import NoDataError, UsageError
from chronolane.measures.contact import did_not_happen
from chronolane.measures.lanes import day_numbers
from chronolane.measures.windows import date_bounds
from chronolane.schema.agencies import lane_order
from chronolane.schema.columns import Column, EventType
from chronolane.schema.palette import KEY_LINE, LANE_SHADE, PLAIN_MARKER, SKY_BLUE
from chronolane.schema.paper import Alignment, PageSize
from chronolane.swimlane.save import chart_style, make_figure
from chronolane.swimlane.style import LABEL_SIZE, Labeller
from chronolane.timeline.palette import STYLES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


#: Panels per page as (rows, columns): with text of 7 pt, up to about eight lanes stay legible in each.
GRIDS: Mapping[PageSize, tuple[int, int]] = {PageSize.A4: (4, 3), PageSize.A3: (5, 4)}

_MONTH = 365.25 / 12
_DAYS_PER_UNIT = {DurationUnit.DAY: 1.0, DurationUnit.WEEK: 7.0, DurationUnit.MONTH: _MONTH, DurationUnit.YEAR: 365.25}
_VAGUE_ALPHA = 0.35
_MARKER_POINTS = 4.0  # the width of a panel's marker


@dataclass(frozen=True)
class Anchor:
    """The day a case's panel counts from, as the first and last day it can be (day numbers)."""

    lo: int
    hi: int
    died: tuple[int, int] | None = None
    """The first and last day of the anchor subject's death, drawn as a line (a band when vague)."""


def case_anchors(case_ids: Sequence[str], cases: Mapping[str, Case], align: Alignment | str) -> dict[str, Anchor]:
    """Each case's anchor; cases without one (no child born, no review start) are left out of the mapping."""
    align = Alignment(align)
    anchors = {}
    for case_id in case_ids:
        case = cases.get(case_id)
        if case is None:
            continue
        if align is Alignment.REVIEW:
            if case.review_start is not None and case.review_start.start is not None:
                lo, hi = date_bounds(case.review_start, what="review start")
                anchors[case_id] = Anchor(lo, hi)
            continue
        born = [
            s
            for role in (Role.CHILD, Role.SIBLING)
            for s in case.subjects
            if s.role is role and s.born is not None and s.born.start is not None
        ]
        if born:
            child = born[0]
            lo, hi = date_bounds(child.born, what="birth date")
            died = date_bounds(child.died, what="death date") if child.died is not None else None
            anchors[case_id] = Anchor(lo, hi, died if died is not None and died[0] != NO_DAY else None)
    return anchors


def place_rows(frame: pd.DataFrame, anchors: Mapping[str, Anchor]) -> pd.DataFrame:
    """Each row's case, lane, type, whether it did not happen, and its days from the case's anchor as
    [x0, x1) widened by the anchor's own spread (NaN where the row is undated or its case has no anchor)."""
    case_id = frame[Column.CASE_ID].astype("str").to_numpy(dtype=object)
    lo, hi = day_numbers(frame[Column.DATE_START]), day_numbers(frame[Column.DATE_END])
    hi = np.where(hi == NO_DAY, lo, np.maximum(hi, lo))
    a_lo = pd.Series({k: a.lo for k, a in anchors.items()}, dtype=float).reindex(case_id).to_numpy()
    a_hi = pd.Series({k: a.hi for k, a in anchors.items()}, dtype=float).reindex(case_id).to_numpy()
    dated = lo != NO_DAY
    x0 = np.where(dated, lo - a_hi, np.nan)
    x1 = np.where(dated, hi + 1 - a_lo, np.nan)
    approx = frame[Column.DATE_APPROX].astype(bool).to_numpy() if Column.DATE_APPROX in frame else False
    return pd.DataFrame(
        {
            "case_id": case_id,
            "lane": frame[Column.AGENCY].astype("str").fillna("").to_numpy(dtype=object),
            "type": frame[Column.EVENT_TYPE].astype("str").fillna("").to_numpy(dtype=object),
            "missed": did_not_happen(frame),
            "dated": dated,
            "x0": x0,
            "x1": x1,
            "vague": (x1 - x0 > 1) | approx,
        }
    )


def draw_case_panel(
    ax: Axes,
    rows: pd.DataFrame,
    *,
    case_id: str,
    lanes: Sequence[str],
    xlim: tuple[float, float],
    anchor: Anchor | None,
    label: Labeller | None = None,
    lane_labels: bool = True,
) -> Axes:
    """Draw one case's compact swimlane (rows from ``place_rows``) on ``ax`` and return it; never saves.

    Exact rows are markers of their type's style (hollow when the contact did not happen); vague ones a pale
    bar over every day they may be with the marker at its middle. Rows without a date, outside ``xlim``, or
    of a case without an anchor are not placed, and the panel's title counts them.
    """
    label = label or Labeller()
    lane_y = {lane: i for i, lane in enumerate(lanes)}
    for i in range(0, len(lanes), 2):
        ax.axhspan(i - 0.5, i + 0.5, color=LANE_SHADE, zorder=0, linewidth=0)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xlim(*xlim)
    ax.set_yticks(range(len(lanes)), labels=[label(n, 22) for n in lanes], fontsize=LABEL_SIZE)
    ax.tick_params(axis="both", labelsize=LABEL_SIZE, length=2, pad=1, labelleft=lane_labels)
    name = label(case_id, 30)
    if anchor is None:
        ax.set_title(f"{name}: {len(rows)} row(s), not placed", fontsize=LABEL_SIZE, loc="left", pad=2)
        ax.text(
            0.5,
            0.5,
            "no anchor date in the case details",
            ha="center",
            va="center",
            fontsize=LABEL_SIZE,
            transform=ax.transAxes,
            gid="panel-not-placed",
        )
        return ax
    ax.axvline(0, color=KEY_LINE, linewidth=0.8, zorder=1, gid="panel-anchor")
    if anchor.died is not None:
        first, last = anchor.died[0] - anchor.hi, anchor.died[1] + 1 - anchor.lo
        if last - first > 1:
            ax.axvspan(first, last, color=KEY_LINE, alpha=0.15, linewidth=0, zorder=1, gid="panel-died")
        else:
            ax.axvline(first + 0.5, color=KEY_LINE, linewidth=0.8, linestyle="--", zorder=1, gid="panel-died")
    shown = rows["dated"].to_numpy() & (rows["x1"].to_numpy() > xlim[0]) & (rows["x0"].to_numpy() < xlim[1])
    drawn = rows[shown & rows["lane"].isin(lane_y).to_numpy()]
    y = drawn["lane"].map(lane_y).to_numpy(dtype=float)
    x0, x1 = drawn["x0"].to_numpy(), drawn["x1"].to_numpy()
    vague = drawn["vague"].to_numpy()
    bars = ax.hlines(y[vague], x0[vague], x1[vague], colors=SKY_BLUE, linewidth=4, alpha=_VAGUE_ALPHA, zorder=2)
    bars.set_gid("panel-vague")
    mid = np.where(vague, (x0 + x1) / 2, x0 + 0.5)
    types, missed = drawn["type"].to_numpy(dtype=object), drawn["missed"].to_numpy()
    for kind in pd.unique(types):
        style = STYLES.get(_event_type(kind), STYLES[EventType.OTHER])
        for hollow in (False, True):
            at = (types == kind) & (missed == hollow)
            if at.any():
                ax.scatter(
                    mid[at], y[at], s=_MARKER_POINTS**2, zorder=3, gid="panel-events", **_scatter_style(style, hollow)
                )
    _count_stacks(ax, mid, y, xlim)
    notes = [f"{len(drawn)} row(s) placed"]
    undated = int((~rows["dated"]).sum())
    if undated:
        notes.append(f"{undated} undated")
    outside = len(rows) - undated - len(drawn)
    if outside:
        notes.append(f"{outside} outside the axis")
    ax.set_title(f"{name}: {', '.join(notes)}", fontsize=LABEL_SIZE, loc="left", pad=2)
    return ax


def _count_stacks(ax: Axes, x: np.ndarray, y: np.ndarray, xlim: tuple[float, float]) -> None:
    """Write how many markers lie on top of each other (closer than a marker's width in one lane) above them,
    so that events drawn over one another are never hidden."""
    if len(x) < 2:
        return
    figure = ax.get_figure(root=True)
    assert figure is not None, "an Axes that has been drawn on belongs to a figure"
    width_pt = ax.get_position().width * figure.get_figwidth() * 72
    reach = (xlim[1] - xlim[0]) / width_pt * _MARKER_POINTS
    order = np.lexsort((x, y))
    xs, ys = x[order], y[order]
    starts = np.r_[True, (np.diff(ys) != 0) | (np.diff(xs) > reach)]
    group = np.cumsum(starts) - 1
    sizes = np.bincount(group)
    centres = np.bincount(group, weights=xs) / sizes
    lanes = ys[starts]
    for k in np.flatnonzero(sizes > 1):
        ax.annotate(
            str(sizes[k]),
            (centres[k], lanes[k]),
            xytext=(0, _MARKER_POINTS / 2 + 1),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE,
            gid="panel-stack",
        )


def draw_small_multiples(
    chronology_or_frame: Any,
    *,
    cases: Mapping[str, Case] | None = None,
    align: Alignment | str = Alignment.BIRTH,
    size: PageSize | str = PageSize.A4,
    start: str | None = None,
    end: str | None = None,
    title: str | None = None,
    relabel: Any = None,
) -> list[Figure]:
    """Pages of compact swimlanes, one panel per case in case order, ``GRIDS[size]`` panels a page.

    Every panel has the same lanes (all the cohort's agencies, in lane order) and the same time axis in
    days from each case's anchor (``align``), from ``start`` to ``end`` ("-3M", "2Y"; by default the
    cohort's dated rows); ticks read as months and years. Every case gets a panel: one without an anchor
    says so; each page's title gives the cases on it, out of how many, and the page number. Returns the
    figures (save several with ``save_pages`` as one PDF); never saves or shows.
    """
    frame: pd.DataFrame = getattr(chronology_or_frame, "frame", chronology_or_frame)
    cases = cases if cases is not None else getattr(chronology_or_frame, "cases", {}) or {}
    if frame.empty:
        raise NoDataError("the chronology has no rows: no case to draw.")
    try:
        grid, align = GRIDS[PageSize(size)], Alignment(align)
    except ValueError:
        raise UsageError(
            f"size {size!r} or alignment {align!r}: choose a size of {', '.join(PageSize)} "
            f"and an alignment of {', '.join(Alignment)}."
        ) from None
    case_ids = [str(c) for c in pd.unique(frame[Column.CASE_ID].astype("str"))]
    anchors = case_anchors(case_ids, cases, align)
    if not anchors:
        what = "a child with a birth date" if align is Alignment.BIRTH else "a review period start"
        raise NoDataError(f"no case has {what} in its case details: nothing to line the panels up on.")
    placed = place_rows(frame, anchors)
    xlim = _axis_limits(placed, start, end)
    lanes = lane_order(list(pd.unique(placed["lane"])))
    label = Labeller(relabel)
    per_page = grid[0] * grid[1]
    pages = math.ceil(len(case_ids) / per_page)
    by_case = dict(tuple(placed.groupby("case_id", sort=False)))
    heading = title or f"Swimlanes of {len(case_ids)} case(s), aligned on {_ALIGNED[align]}"
    figures = []
    with chart_style():
        for page in range(pages):
            chosen = case_ids[page * per_page : (page + 1) * per_page]
            fig = make_figure(size)
            axes = fig.subplots(*grid, sharex=True, squeeze=False).ravel()
            for k, (ax, case_id) in enumerate(zip(axes, chosen, strict=False)):
                draw_case_panel(
                    ax,
                    by_case[case_id],
                    case_id=case_id,
                    lanes=lanes,
                    xlim=xlim,
                    anchor=anchors.get(case_id),
                    label=label,
                    lane_labels=k % grid[1] == 0,
                )
                _age_ticks(ax, xlim)
            for k, ax in enumerate(axes[len(chosen) :], start=len(chosen)):
                ax.set_axis_off()
                if k - grid[1] >= 0:
                    axes[k - grid[1]].xaxis.set_tick_params(labelbottom=True)
            first = page * per_page + 1
            fig.suptitle(
                f"{label(heading, 120)}: cases {first} to {first + len(chosen) - 1} of {len(case_ids)}"
                f" (page {page + 1} of {pages})\n{_AXIS_LABEL[align]}",
                fontsize=9,
            )
            _legend(fig, placed)
            figures.append(fig)
    return figures


_ALIGNED = {Alignment.BIRTH: "each child's birth", Alignment.REVIEW: "each review period's start"}
_AXIS_LABEL = {
    Alignment.BIRTH: "axis: age of the child (m: months, y: years; negative: before birth); "
    "dashed line or grey band: died; a number over a marker: that many markers on top of each other",
    Alignment.REVIEW: "axis: time since the review period started (m: months, y: years); "
    "a number over a marker: that many markers on top of each other",
}


def _event_type(value: str) -> EventType:
    try:
        return EventType(value)
    except ValueError:
        return EventType.OTHER


def _scatter_style(style: Any, hollow: bool) -> dict[str, Any]:
    """Keyword arguments of ``scatter`` drawing a marker of ``style``: hollow ones coloured on the edge."""
    if style.is_line:
        return {"marker": style.marker, "color": style.colour, "linewidths": 1.0}
    if hollow or style.hollow:
        return {"marker": style.marker, "facecolors": "white", "edgecolors": style.colour, "linewidths": 1.0}
    return {"marker": style.marker, "color": style.colour, "edgecolors": "white", "linewidths": 0.3}


def _axis_limits(placed: pd.DataFrame, start: str | None, end: str | None) -> tuple[float, float]:
    """The shared axis in days from the anchor: ``start``/``end`` when given, else the placed rows, padded."""
    known = placed[~np.isnan(placed["x0"].to_numpy())]
    lo = _days(start, "start") if start is not None else (float(known["x0"].min()) if len(known) else 0.0)
    hi = _days(end, "end") if end is not None else (float(known["x1"].max()) if len(known) else _MONTH)
    if hi <= lo:
        raise UsageError(
            f"the chart's axis from {start or 'the first row'} to {end or 'the last row'} is empty: "
            "give an end after the start."
        )
    pad = (hi - lo) * 0.02
    return (lo - pad if start is None else lo, hi + pad if end is None else hi)


def _days(text: str, what: str) -> float:
    """A duration ("-3M", "2Y", "10W") as days on the chart's axis (a month is 1/12 of 365.25 days)."""
    duration = parse_duration(text, what=f"the axis {what}")
    if duration.unit not in _DAYS_PER_UNIT:
        raise UsageError(f"the axis {what} {text!r}: give days, weeks, months or years (D, W, M, Y).")
    return duration.amount * _DAYS_PER_UNIT[duration.unit]


def _age_ticks(ax: Axes, xlim: tuple[float, float]) -> None:
    """Ticks every 3, 6 or 12 months (by the span), labelled "6m", "1y", "18m", "-3m"."""
    months = (xlim[1] - xlim[0]) / _MONTH
    step = 3 if months <= 24 else 6 if months <= 60 else 12 if months <= 180 else 60
    first, last = math.ceil(xlim[0] / _MONTH / step), math.floor(xlim[1] / _MONTH / step)
    ticks = [k * step for k in range(first, last + 1)]
    ax.set_xticks([m * _MONTH for m in ticks], labels=[_month_text(m) for m in ticks])


def _month_text(months: int) -> str:
    if months == 0:
        return "0"
    return f"{months // 12}y" if months % 12 == 0 else f"{months}m"


def _legend(fig: Figure, placed: pd.DataFrame) -> None:
    """The event types of the cohort, a hollow marker and a vague bar, below the panels."""
    handles = []
    for value in sorted(pd.unique(placed["type"])):
        style = STYLES.get(_event_type(value), STYLES[EventType.OTHER])
        face = "white" if style.hollow else style.colour
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker=cast(Any, style.marker),  # an int is one of matplotlib's caret markers
                color=style.colour,
                markerfacecolor=face,
                markersize=5,
                label=value or "no type",
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            color=PLAIN_MARKER,
            markerfacecolor="white",
            markersize=5,
            label="hollow: did not happen",
        )
    )
    handles.append(
        Line2D([], [], color=SKY_BLUE, linewidth=4, alpha=_VAGUE_ALPHA, label="bar: every day a vague date may be")
    )
    fig.legend(
        handles=handles, loc="outside lower center", ncols=min(len(handles), 6), fontsize=LABEL_SIZE, frameon=False
    )
