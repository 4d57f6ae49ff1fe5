"""The things drawn on the lanes besides events: periods, contact gaps, key-date lines and the age axis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axes._secondary_axes import SecondaryAxis
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from chronolane.case.model import Case, PeriodKind, Subject
from chronolane.dates import ParsedDate
from chronolane.errors import UsageError
from chronolane.schema.agencies import normalise_agencies
from chronolane.schema.columns import Column, EventType
from chronolane.schema.palette import GAP_CERTAIN_FILL, GAP_EDGE, GAP_POSSIBLE_FILL, KEY_LINE
from chronolane.swimlane.style import Labeller
from chronolane.timeline.palette import PERIOD_COLOURS
from chronolane.timeline.rows import date_num, to_num
from chronolane.timeline.wording import GAP_CERTAIN, GAP_POSSIBLE, gap_texts

#: Gap shading: a band this share of the lane's height, below the markers (zorder 3) and paler than them,
#: so that markers and sub-rows inside the lane stay visible.
GAP_HEIGHT = 0.5
GAP_ZORDER = 0.8
GAP_ALPHA = {GAP_CERTAIN: 0.55, GAP_POSSIBLE: 0.4}


@dataclass(frozen=True)
class Mark:
    """Something drawn that wants a label: where its label is anchored and what it may say."""

    x: float
    y: float
    texts: tuple[str, ...]
    gid: str
    #: Extent in data units (x0, x1, y0, y1) the label must stay inside; None for the key-date strip.
    box: tuple[float, float, float, float] | None = None
    #: For key dates: the date and lane text for the key table.
    when: str = ""
    #: For period bars: where the bar ends, so the label may go after it.
    x_end: float | None = None


def interval(date: ParsedDate) -> tuple[float, float]:
    """The x extent (start, exclusive end) of a parsed date."""
    assert date.start is not None and date.end is not None
    return date_num(date.start), date_num(date.end) + 1.0


def draw_periods(
    ax: Axes, case: Case, lanes: Sequence[str], xlim: tuple[float, float], strip_y: float, label: Labeller
) -> tuple[list[Mark], set[PeriodKind]]:
    """Periods of case.toml: bars at the foot of their lane, or light spans across every lane."""
    marks: list[Mark] = []
    kinds: set[PeriodKind] = set()
    if not case.periods:
        return marks, kinds
    agencies = normalise_agencies(
        pd.Series([p.agency or "" for p in case.periods], dtype="str"), dict(case.agencies)
    ).tolist()
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    for i, (period, agency) in enumerate(zip(case.periods, agencies, strict=True)):
        x0 = interval(period.start)[0]
        x1 = interval(period.end)[1] if period.end is not None else xlim[1]
        if x1 <= xlim[0] or x0 >= xlim[1]:
            continue
        lo, hi = max(x0, xlim[0]), min(x1, xlim[1])
        colour = PERIOD_COLOURS[period.kind]
        kinds.add(period.kind)
        text = label(period.label, 40)
        if period.agency and agency in lane_index:
            y = lane_index[agency] + 0.42
            bar = Rectangle((lo, y - 0.16), hi - lo, 0.14, facecolor=colour, alpha=0.45, edgecolor=colour, lw=0.6)
            bar.set_gid(f"period:{i}")
            ax.add_patch(bar)
            box = (xlim[0], xlim[1], y - 0.5, y + 0.08)
            marks.append(Mark(lo, y - 0.09, (text, label(period.label, 14)), f"period-label:{i}", box, x_end=hi))
        elif period.agency:
            continue  # its lane is not shown (filtered out by --agency)
        else:
            span = ax.axvspan(lo, hi, facecolor=colour, alpha=0.10, edgecolor="none", zorder=0.5)
            span.set_gid(f"period:{i}")
            y = strip_y
            marks.append(Mark(lo, y, (text, label(period.label, 14)), f"period-label:{i}", None))
        if period.end is None:
            ax.annotate(
                "",
                xy=(xlim[1], y),
                xytext=(-14, 0),
                textcoords="offset points",
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.2},
                annotation_clip=False,
                gid=f"period-open:{i}",
            )
    return marks, kinds


def draw_gaps(
    ax: Axes,
    gaps: pd.DataFrame | None,
    frame: pd.DataFrame,
    case_id: str,
    lanes: Sequence[str],
    xlim: tuple[float, float],
) -> tuple[list[Mark], set[str], int]:
    """Shade gaps over the threshold in their lane: certain ones hatched, possible ones dotted and paler.

    A certain gap is drawn over its shortest extent (from the end of the contact before to the start of the
    one after), where there was surely no contact; a possible gap over its longest extent.

    Only gaps that follow a contact are shaded: a lane's stretch before its first contact is when that
    agency had not yet become involved, which the gaps table reports but the chart would overstate.
    """
    if gaps is None or gaps.empty:
        return [], set(), 0
    rows = gaps[gaps["from_event_id"].astype("str") != ""]
    if Column.CASE_ID in rows.columns:
        rows = rows[rows[Column.CASE_ID].astype("str") == case_id]
    rows = rows[rows["exceeds"].astype("str").isin([GAP_CERTAIN, GAP_POSSIBLE])]
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    known = rows["lane"].astype("str").isin(list(lane_index))
    missing = int((~known).sum())
    rows = rows[known]
    x0 = to_num(pd.to_datetime(rows["gap_start"]).to_numpy())
    x1 = to_num(pd.to_datetime(rows["gap_end"]).to_numpy())
    ids = frame[Column.EVENT_ID].astype("str")
    ends = pd.Series(to_num(frame[Column.DATE_END]) + 1.0, index=ids)
    starts = pd.Series(to_num(frame[Column.DATE_START]), index=ids)
    ends, starts = ends[~ends.index.duplicated()], starts[~starts.index.duplicated()]
    certain_rows = (rows["exceeds"].astype("str") == GAP_CERTAIN).to_numpy()
    inner0 = ends.reindex(rows["from_event_id"].astype("str")).to_numpy()
    inner1 = starts.reindex(rows["to_event_id"].astype("str")).to_numpy()
    x0 = np.where(certain_rows & ~np.isnan(inner0), inner0, x0)
    x1 = np.where(certain_rows & ~np.isnan(inner1), inner1, x1)
    marks: list[Mark] = []
    kinds: set[str] = set()
    undated = rows["undated_contacts"] if "undated_contacts" in rows.columns else pd.Series(0, index=rows.index)
    for i, (lane, exceeds, lo_days, hi_days, n_undated) in enumerate(
        zip(rows["lane"], rows["exceeds"], rows["gap_min_days"], rows["gap_max_days"], undated, strict=True)
    ):
        lo, hi = max(x0[i], xlim[0]), min(x1[i], xlim[1])
        if not hi > lo:
            continue
        certain = exceeds == GAP_CERTAIN
        kinds.add(str(exceeds))
        y = lane_index[lane]
        patch = Rectangle(
            (lo, y - GAP_HEIGHT / 2),
            hi - lo,
            GAP_HEIGHT,
            facecolor=GAP_CERTAIN_FILL if certain else GAP_POSSIBLE_FILL,
            edgecolor=GAP_EDGE,
            hatch="////" if certain else "..",
            linestyle="-" if certain else (0, (3, 2)),
            lw=0.6,
            alpha=GAP_ALPHA[str(exceeds)],
            zorder=GAP_ZORDER,
        )
        patch.set_gid(f"gap:{exceeds}:{lane}:{i}")
        ax.add_patch(patch)
        texts = gap_texts(float(lo_days), float(hi_days), certain, int(n_undated))
        marks.append(Mark((lo + hi) / 2, y, texts, f"gap-label:{i}", (lo, hi, y - 0.45, y + 0.45)))
    return marks, kinds, missing


def key_dates(events: pd.DataFrame, case: Case, label: Labeller) -> list[Mark]:
    """Key dates: subjects' births and deaths from the case, then key events, in date order."""
    marks: list[Mark] = []
    seen: set[tuple[str, int]] = set()
    key = events[events["key"]]
    types = key[Column.EVENT_TYPE].astype("str").to_numpy()
    for eid, xm, x0, x1, etype, desc, type_text, when, start, agency in zip(
        key[Column.EVENT_ID],
        key["xm"],
        key["x0"],
        key["x1"],
        types,
        key[Column.DESCRIPTION],
        key[Column.TYPE_TEXT],
        key[Column.DATE_TEXT],
        key[Column.DATE_START],
        key[Column.AGENCY],
        strict=True,
    ):
        text = str(desc) or str(type_text) or etype
        day = label(str(when) or str(pd.Timestamp(start).date()), 20)
        box = (float(x0), float(x1), 0.0, 0.0)
        marks.append(Mark(float(xm), 0.0, (label(text, 36),), f"keydate:{eid}", box, f"{day} · {label(agency, 24)}"))
        if etype in (EventType.BIRTH.value, EventType.DEATH.value):
            seen.add((etype, int(xm)))
    for subject in case.subjects:
        for date, etype, verb in ((subject.born, EventType.BIRTH, "born"), (subject.died, EventType.DEATH, "died")):
            if date is None or date.start is None:
                continue
            x0, x1 = interval(date)
            if any(kind == etype.value and x0 <= x < x1 for kind, x in seen):
                continue
            text = f"{label(subject.name, 24)} {verb}"
            marks.append(
                Mark((x0 + x1) / 2, 0.0, (text,), f"keydate:{verb}:{subject.id}", (x0, x1, 0, 0), label(date.text, 20))
            )
    return sorted(marks, key=lambda m: (m.x, m.gid))


#: A key date spanning more than this many days (a month, a season) is drawn as a span, not a line.
KEY_SPAN_DAYS = 1.0
#: Fill of a vague key date's span: light, so that the events inside it stay readable.
KEY_SPAN_ALPHA = 0.08


def is_vague(mark: Mark) -> bool:
    """Whether a key date covers more than one day."""
    return mark.box is not None and mark.box[1] - mark.box[0] > KEY_SPAN_DAYS


def draw_key_lines(
    ax: Axes, marks: Sequence[Mark], xlim: tuple[float, float], strip: tuple[float, float]
) -> list[Mark]:
    """Key dates across every lane: a line on an exact day; for a vague one ("April 2015", "autumn 2018")
    a light span over its possible dates with dashed edges, never a line on an invented day. Returns the
    marks shown; ``strip`` is the key-date strip's y extent, kept for callers that draw in it."""
    shown = [m for m in marks if xlim[0] <= m.x <= xlim[1]]
    spanned: set[tuple[float, float]] = set()
    for m in shown:
        if not is_vague(m):
            line = ax.axvline(m.x, color=KEY_LINE, lw=0.9, zorder=1.5)
            line.set_gid(m.gid)
            continue
        assert m.box is not None
        lo, hi = max(m.box[0], xlim[0]), min(m.box[1], xlim[1])
        if (lo, hi) in spanned:  # two key dates in the same vague interval share one span
            continue
        spanned.add((lo, hi))
        span = ax.axvspan(lo, hi, facecolor=KEY_LINE, alpha=KEY_SPAN_ALPHA, lw=0, zorder=0.6)
        span.set_gid(m.gid)
        for side, x in (("start", m.box[0]), ("end", m.box[1])):
            if xlim[0] <= x <= xlim[1]:
                edge = ax.axvline(x, color=KEY_LINE, lw=0.7, ls=(0, (4, 2)), zorder=1.5)
                edge.set_gid(f"{m.gid}:{side}")
    return shown


def age_axis(ax: Axes, case: Case, subject_key: str, xlim: tuple[float, float], label: Labeller) -> SecondaryAxis:
    """A secondary axis on top with the subject's age, returned; before birth, weeks to birth as negatives.

    When the birth date is vague ("April 2015") every tick gives the range of ages the birth window allows
    ("2–3 mo"), ticks inside the window read "birth?", and the window is shaded under the axis: no age is
    measured from an invented day.
    """
    subject: Subject | None = case.subject(subject_key)
    if subject is None:
        known = ", ".join(s.id for s in case.subjects) or "none"
        raise UsageError(
            f"ages={subject_key!r}: no such subject in case '{case.case_id}' (subjects: {known}).", parameter="ages"
        )
    anchor = subject.born or subject.due
    if anchor is None or anchor.start is None:
        raise UsageError(
            f"ages={subject_key!r}: subject '{subject.id}' has no born or due date in case.toml; add one.",
            parameter="ages",
        )
    first, after = interval(anchor)  # the earliest possible birth, and the day after the latest
    window = after - 1.0 - first  # days between the earliest and the latest possible birth
    months = (xlim[1] - xlim[0]) < 4 * 365.25
    unit = 30.4375 if months else 365.25
    # ticks measure from the earliest birth: the oldest the subject can be; the youngest is ``window`` less
    origin = first if window > 0 else first + 0.5

    def forward(x: npt.ArrayLike) -> np.ndarray:
        return (np.asarray(x) - origin) / unit

    def inverse(a: npt.ArrayLike) -> np.ndarray:
        return np.asarray(a) * unit + origin

    def one(value: float) -> str:
        if value < 0:
            return f"−{abs(value) * unit / 7:.0f} wk"
        return f"{value:.0f} mo" if months else f"{value:.0f} y"

    def fmt(value: float, _pos: int | None = None) -> str:
        if window <= 0:
            return one(value)
        youngest = value - window / unit
        if value >= 0 > youngest:
            return "birth?"
        low, high = one(youngest), one(value)
        if low == high:
            return high
        unit_text = high.rsplit(" ", 1)[1]
        return f"{low.rsplit(' ', 1)[0]}–{high.rsplit(' ', 1)[0]} {unit_text}"

    top = ax.secondary_xaxis("top", functions=(forward, inverse))
    top.set_gid("age-axis")
    top.xaxis.set_major_locator(MaxNLocator(nbins=10, steps=[1, 2, 3, 6, 10]))
    top.xaxis.set_major_formatter(FuncFormatter(fmt))
    top.tick_params(labelsize=7)
    name = label(subject.name, 30)
    vague = f"; born {label(anchor.text, 20)}, so ages are ranges" if window > 0 else ""
    top.set_xlabel(f"Age of {name} (before birth: weeks to birth{vague})", fontsize=7, parse_math=False)
    if window > 0 and first < xlim[1] and after > xlim[0]:
        band = Rectangle(
            (max(first, xlim[0]), 0.985),
            min(after, xlim[1]) - max(first, xlim[0]),
            0.015,
            transform=ax.get_xaxis_transform(),
            facecolor=KEY_LINE,
            alpha=0.35,
            lw=0,
            clip_on=False,
            zorder=4,
        )
        band.set_gid("age-birth-window")
        ax.add_patch(band)
    return top
