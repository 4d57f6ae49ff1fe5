"""Where things go on a swimlane chart: the rows in view, lanes, sub-rows, collisions and density counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import dates as mdates

from chronolane.case.model import Case
from chronolane.errors import NoDataError, UsageError
from chronolane.ingest.fields import Field, is_marked, match_fields
from chronolane.schema.agencies import agency_key, lane_order, normalise_agencies
from chronolane.schema.columns import COLUMNS, Column, EventType

#: Above this many events per lane-year a lane is drawn as counts per period (CHARTS.md).
DENSITY_LIMIT = 30.0

#: Event types always treated as key dates.
KEY_TYPES = frozenset({EventType.BIRTH.value, EventType.DEATH.value})


@dataclass(frozen=True)
class View:
    """The rows a chart shows, in date units (days since 1970, as matplotlib dates), and what it leaves out."""

    events: pd.DataFrame
    """Dated rows in view with columns lane, lane_y, x0, x1 (exclusive end), xm, vague, key."""
    lanes: tuple[str, ...]
    xlim: tuple[float, float]
    undated: int
    """Rows of the selection without a date interval (not drawn, counted in a note)."""
    undated_by_lane: dict[str, int]
    """The same, per lane."""
    outside: int
    """Dated rows outside the date window."""
    outside_by_lane: dict[str, int]
    """The same, per lane."""


def to_num(values: pd.Series | np.ndarray) -> np.ndarray:
    """Matplotlib date numbers (days since 1970-01-01) for datetime64 values; NaN for NaT."""
    arr = np.asarray(values, dtype="datetime64[s]")
    out = arr.astype("int64").astype(float) / 86400.0
    out[np.isnat(arr)] = np.nan
    return out


def date_num(value: dt.date | str | pd.Timestamp | np.datetime64) -> float:
    """One date as a matplotlib date number."""
    return float(to_num(np.array([pd.Timestamp(value).to_datetime64()]))[0])


def key_column(frame: pd.DataFrame) -> str | None:
    """The extra source column that marks key events ("Key event", "KPE", ...), if any."""
    extras = [c for c in frame.columns if c not in COLUMNS]
    return match_fields(extras).get(Field.KEY)


def agency_mask(names: pd.Series, agencies: Sequence[str], case: Case) -> np.ndarray:
    """Rows whose agency is one of ``agencies``, written as in the data or as any synonym ("HV", "CSC")."""
    wanted = normalise_agencies(pd.Series(list(agencies), dtype="str"), dict(case.agencies))
    keys = {agency_key(a) for a in [*agencies, *wanted]}
    codes, uniques = pd.factorize(names.astype("str"))
    hit = np.array([agency_key(u) in keys for u in uniques], dtype=bool)
    return hit[codes] if len(codes) else np.zeros(0, dtype=bool)


def select_view(
    frame: pd.DataFrame,
    case: Case,
    *,
    start: float | None,
    end: float | None,
    agencies: Sequence[str] | None,
    lanes: Sequence[str] | None,
    require_events: bool = True,
) -> View:
    """The rows of one case to draw, their lanes and x extents, and the counts of what is left out."""
    rows = frame
    if agencies:
        rows = rows[agency_mask(rows[Column.AGENCY], agencies, case)]
        if rows.empty and not frame.empty:
            known = ", ".join(sorted(frame[Column.AGENCY].astype("str").unique()))
            raise UsageError(
                f"--agency {', '.join(agencies)}: no rows of case '{case.case_id}' from that agency. "
                f"Agencies in the case: {known}."
            )
    if lanes is not None:
        rows = rows[rows[Column.AGENCY].isin(list(lanes))]
    x0 = to_num(rows[Column.DATE_START])
    x1 = to_num(rows[Column.DATE_END]) + 1.0  # inclusive last day -> exclusive end
    dated = ~np.isnan(x0)
    x1 = np.where(np.isnan(x1), x0 + 1.0, x1)
    undated = int((~dated).sum())
    inside = dated.copy()
    if start is not None:
        inside &= x1 > start
    if end is not None:
        inside &= x0 < end
    outside = int(dated.sum() - inside.sum())
    events = rows[inside].copy()
    if events.empty and require_events:
        where = " in the chosen dates or agencies" if dated.any() else ""
        raise NoDataError(
            f"case '{case.case_id}': no dated events to draw{where} ({undated} undated rows). "
            "Give dates to the rows, or widen --from/--to and --agency."
        )
    events["x0"] = x0[inside]
    events["x1"] = x1[inside]
    approx = events[Column.DATE_APPROX].astype(bool).to_numpy()
    events["vague"] = approx | (events["x1"].to_numpy() - events["x0"].to_numpy() > 1.0)
    events["xm"] = np.where(events["vague"], (events["x0"] + events["x1"]) / 2, events["x0"] + 0.5)
    key_col = key_column(events)
    key = events[Column.EVENT_TYPE].astype("str").isin(KEY_TYPES).to_numpy().copy()
    if key_col is not None:
        key |= np.asarray(is_marked(events[key_col].astype("str").tolist()), dtype=bool)
    events["key"] = key
    if lanes is None:  # lanes holding only undated rows are shown too: the agency was involved
        present = list(rows[Column.AGENCY].astype("str").unique())
        with_periods = [p.agency for p in case.periods if p.agency]
        if with_periods:
            named = normalise_agencies(pd.Series(with_periods, dtype="str"), dict(case.agencies))
            if agencies:
                named = named[agency_mask(named, agencies, case)]
            present += named.tolist()
        lanes = lane_order(present, configured=tuple(case.lanes))
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    events["lane_y"] = events[Column.AGENCY].map(lane_index).astype(float)
    events = events.sort_values(["lane_y", "x0", "x1", Column.EVENT_ID], kind="stable")
    lo = start if start is not None else np.nanmin(events["x0"].to_numpy(), initial=np.inf)
    hi = end if end is not None else np.nanmax(events["x1"].to_numpy(), initial=-np.inf)
    if not np.isfinite(lo) or not np.isfinite(hi):
        lo, hi = 0.0, 1.0
    if start is None or end is None:
        pad = max((hi - lo) * 0.03, 3.0)
        lo, hi = (lo - pad if start is None else lo), (hi + pad if end is None else hi)
    agency = rows[Column.AGENCY].astype("str")
    return View(
        events=events,
        lanes=tuple(lanes),
        xlim=(lo, hi),
        undated=undated,
        undated_by_lane={str(k): int(v) for k, v in agency[~dated].value_counts().items()},
        outside=outside,
        outside_by_lane={str(k): int(v) for k, v in agency[dated & ~inside].value_counts().items()},
    )


#: Height in points of a lane with nothing dated to draw: room for its name and its undated count.
THIN_POINTS = 22.0


def lane_heights(full: np.ndarray, height_pt: float) -> tuple[np.ndarray, float]:
    """Each lane's height in lane units (1 for a lane with something dated, less for one without), and the
    height of a full lane in points, sharing ``height_pt`` among them."""
    n_full, n_thin = int(full.sum()), int((~full).sum())
    if n_full == 0 or n_thin == 0:
        return np.ones(len(full)), height_pt / max(len(full), 1)
    lane_pt = (height_pt - n_thin * THIN_POINTS) / n_full
    if lane_pt <= THIN_POINTS:
        return np.ones(len(full)), height_pt / len(full)
    return np.where(full, 1.0, THIN_POINTS / lane_pt), lane_pt


def lane_scale(heights: np.ndarray) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """Forward and inverse functions of a y scale giving lane ``i`` (from i - 0.5 to i + 0.5) the height
    ``heights[i]``; outside the lanes (the key-date strip) the scale is unchanged."""
    far = 1e6
    edges = np.concatenate([[-0.5 - far], np.arange(len(heights) + 1) - 0.5, [len(heights) - 0.5 + far]])
    shown = np.concatenate([[-0.5 - far], -0.5 + np.concatenate([[0.0], np.cumsum(heights)])])
    shown = np.append(shown, shown[-1] + far)

    def forward(y: np.ndarray) -> np.ndarray:
        return np.interp(y, edges, shown)

    def inverse(z: np.ndarray) -> np.ndarray:
        return np.interp(z, shown, edges)

    return forward, inverse


def lane_density(events: pd.DataFrame, n_lanes: int, xlim: tuple[float, float]) -> np.ndarray:
    """Events per lane-year for each lane over the window."""
    years = max((xlim[1] - xlim[0]) / 365.25, 0.25)
    counts = np.bincount(events["lane_y"].to_numpy().astype(int), minlength=n_lanes)
    return counts / years


def first_fit_rows(lane: np.ndarray, x0: np.ndarray, x1: np.ndarray, max_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Sub-row per item (sorted by lane then x0) by first fit; and which items found no free row.

    An item goes to the lowest sub-row of its lane whose last item ended before it starts; when every
    sub-row is busy it goes to the one that frees first and is marked as colliding. Greedy first fit is
    sequential by nature, so this walks the items once (it only runs on lanes sparse enough to draw).
    """
    rows = np.zeros(len(x0), dtype=int)
    overflow = np.zeros(len(x0), dtype=bool)
    ends = np.full(max_rows, -np.inf)
    current = None
    for i in range(len(x0)):
        if lane[i] != current:
            current = lane[i]
            ends[:] = -np.inf
        free = np.flatnonzero(ends <= x0[i])
        r = int(free[0]) if len(free) else int(np.argmin(ends))
        overflow[i] = not len(free)
        rows[i] = r
        ends[r] = max(ends[r], x1[i])
    return rows, overflow


def collision_groups(lane: np.ndarray, row: np.ndarray, x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
    """A group number per item: items of the same lane and sub-row that overlap share a group."""
    if len(x0) == 0:
        return np.zeros(0, dtype=int)
    order = np.lexsort((x0, row, lane))
    frame = pd.DataFrame({"lane": lane[order], "row": row[order], "x0": x0[order], "x1": x1[order]})
    reach = frame.groupby(["lane", "row"], sort=False)["x1"].cummax()
    prev_reach = reach.groupby([frame["lane"], frame["row"]], sort=False).shift(1)
    new_slot = (frame["lane"].diff() != 0) | (frame["row"].diff() != 0)
    starts = new_slot.to_numpy() | ~(frame["x0"].to_numpy() < prev_reach.to_numpy())
    groups = np.empty(len(x0), dtype=int)
    groups[order] = np.cumsum(starts) - 1
    return groups


@dataclass(frozen=True)
class Counts:
    """Events per lane per period, for lanes too dense to draw event by event."""

    edges: np.ndarray
    """Bin edges as date numbers (len = bins + 1)."""
    counts: np.ndarray
    """Shape (lanes, bins)."""
    unit: str
    """"month" or "week"."""


def period_counts(events: pd.DataFrame, n_lanes: int, xlim: tuple[float, float]) -> Counts:
    """Counts per lane per calendar month (per week for windows under 18 months), at each event's middle."""
    lo, hi = (pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in xlim)
    if (xlim[1] - xlim[0]) < 548:
        unit, freq = "week", "W-MON"
        first = lo.normalize() - pd.Timedelta(days=lo.weekday())
    else:
        unit, freq = "month", "MS"
        first = lo.normalize().replace(day=1)
    stamps = pd.date_range(first, hi + pd.Timedelta(days=32), freq=freq)
    edges = to_num(stamps.to_numpy())
    edges = edges[: int(np.searchsorted(edges, xlim[1])) + 1]
    bins = np.searchsorted(edges, events["xm"].to_numpy(), side="right") - 1
    lanes = events["lane_y"].to_numpy().astype(int)
    ok = (bins >= 0) & (bins < len(edges) - 1)
    flat = np.bincount(lanes[ok] * (len(edges) - 1) + bins[ok], minlength=n_lanes * (len(edges) - 1))
    return Counts(edges=edges, counts=flat.reshape(n_lanes, len(edges) - 1), unit=unit)
