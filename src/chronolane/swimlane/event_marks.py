"""Events on the lanes: one marker each in first-fit sub-rows, or counts per month where a lane is dense."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from chronolane.measures.contact import did_not_happen, remote
from chronolane.schema.columns import Column, EventType
from chronolane.schema.palette import COUNT_FILL
from chronolane.swimlane import layout
from chronolane.swimlane.marks import Mark
from chronolane.timeline.palette import MARKER_SIZE, STYLES

ROW_POINTS = MARKER_SIZE * 1.2  # spacing of sub-rows when a lane has room
#: Closest spacing of sub-rows in a busy lane: markers may overlap by part, never sit on one another.
MIN_ROW_POINTS = MARKER_SIZE * 0.6
MAX_ROWS = 24


def pack_events(events: pd.DataFrame, lane_pt: float, days_per_pt: float) -> dict[str, Any]:
    """First-fit sub-rows for every event, on its marker's width (or its span's, for a vague date)."""
    lane = events["lane_y"].to_numpy().astype(int)
    x0, x1, xm = (events[c].to_numpy() for c in ("x0", "x1", "xm"))
    vague = events["vague"].to_numpy()
    half = MARKER_SIZE * 0.7 * days_per_pt
    lo = np.where(vague, np.minimum(x0, xm - half), xm - half)
    hi = np.where(vague, np.maximum(x1, xm + half), xm + half)
    max_rows = int(np.clip((lane_pt * 0.85) // MIN_ROW_POINTS, 1, MAX_ROWS))
    sub, overflow = layout.first_fit_rows(lane, lo, hi, max_rows)
    return {"lane": lane, "lo": lo, "hi": hi, "sub": sub, "overflow": overflow, "max_rows": max_rows}


def draw_events(
    ax: Axes, events: pd.DataFrame, dense: np.ndarray, packing: dict[str, Any], lane_pt: float, days_per_pt: float
) -> tuple[list[Mark], np.ndarray, np.ndarray]:
    """One marker per event of sparse lanes (key events only in dense ones), in first-fit sub-rows.

    Returns the marks for collision counts, the markers' positions (which labels must keep clear of) and
    which of ``events`` have a marker.
    """
    show = ~dense[packing["lane"]] | events["key"].to_numpy()
    rows = events[show]
    lane, lo, hi, sub, overflow = (packing[k][show] for k in ("lane", "lo", "hi", "sub", "overflow"))
    xm = rows["xm"].to_numpy()
    vague = rows["vague"].to_numpy()
    used = pd.Series(sub).groupby(lane).transform("max").to_numpy() + 1
    # each lane's sub-rows as far apart as its own number of them allows, so a busy lane stacks closer
    step = np.minimum(ROW_POINTS / max(lane_pt, 1.0), 0.8 / used)
    y = lane + (sub - (used - 1) / 2) * step
    # dense lanes keep their key events above the count bars
    y = np.where(dense[lane], lane - 0.3, y)

    if vague.any():
        v = np.flatnonzero(vague)
        h = step[v] * 0.35
        verts = np.stack(
            [
                np.column_stack([lo[v], y[v] - h]),
                np.column_stack([lo[v], y[v] + h]),
                np.column_stack([hi[v], y[v] + h]),
                np.column_stack([hi[v], y[v] - h]),
            ],
            axis=1,
        )
        colours = [STYLES[EventType(t)].colour for t in rows[Column.EVENT_TYPE].to_numpy()[v]]
        # A 3-D array takes PolyCollection's fast path; the stubs only know a sequence of polygons.
        spans = PolyCollection(verts, facecolors=colours, edgecolors=colours, alpha=0.22, linewidths=0.4, zorder=2)  # type: ignore[arg-type]
        spans.set_gid("vague-spans")
        spans.set_urls([f"#span:{e}" for e in rows[Column.EVENT_ID].to_numpy()[v]])
        ax.add_collection(spans, autolim=False)

    types = rows[Column.EVENT_TYPE].astype("str").to_numpy()
    ids = rows[Column.EVENT_ID].astype("str").to_numpy()
    missed, far = did_not_happen(rows), remote(rows)
    for i in range(len(rows)):  # one artist per event, so each is findable by its event id in the SVG
        style = STYLES[EventType(types[i])]
        marker = Line2D(
            [xm[i]],
            [y[i]],
            linestyle="none",
            markersize=MARKER_SIZE,
            alpha=0.75 if vague[i] else 1.0,
            zorder=3,
            **style.marker_kwargs(missed=bool(missed[i]), remote=bool(far[i])),
        )
        marker.set_gid(ids[i])
        ax.add_line(marker)

    groups = layout.collision_groups(lane, sub, lo, hi)
    sizes = np.bincount(groups)
    marks = []
    for g in np.flatnonzero(sizes > 1):
        members = np.flatnonzero(groups == g)
        if not overflow[members].any():
            continue
        x, yy = float(xm[members].max()), float(y[members[0]])
        box = (
            float(lo[members].min()) - 30 * days_per_pt,
            float(hi[members].max()) + 40 * days_per_pt,
            yy - float(step[members[0]]) * 1.5,
            yy + float(step[members[0]]) * 1.5,
        )
        marks.append(Mark(x, yy, (f"×{sizes[g]}",), f"collision:{g}", box))
    return marks, np.column_stack([xm, y]), show


def marker_boxes(ax: Axes, points: np.ndarray) -> list[Bbox]:
    """The display extents of the drawn markers, as laid out now."""
    if not len(points):
        return []
    centres = ax.transData.transform(points)
    half = MARKER_SIZE / 2 * ax.figure.dpi / 72
    return [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in centres]


def draw_counts(
    ax: Axes, events: pd.DataFrame, dense: np.ndarray, lanes: Sequence[str], xlim: tuple[float, float]
) -> tuple[str, dict[int, int]]:
    """Step bars of events per month (or week) for dense lanes; the unit ("" when none) and peak per lane."""
    peaks: dict[int, int] = {}
    if not dense.any():
        return "", peaks
    counts = layout.period_counts(events, len(lanes), xlim)
    for lane in np.flatnonzero(dense).tolist():
        c = counts.counts[lane]
        peak = max(int(c.max()), 1)
        peaks[lane] = peak
        heights = np.append(c, c[-1]) / peak * 0.55
        base = lane + 0.42
        fill = ax.fill_between(counts.edges, base, base - heights, step="post", color=COUNT_FILL, lw=0, zorder=2)
        fill.set_gid(f"counts:{lanes[lane]}")
    return counts.unit, peaks
