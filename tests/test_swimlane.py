"""The swimlane chart: lanes, markers, spans, periods, gaps, key dates and labels, read from the drawn artists."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pypdf
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from chronolane.case.model import Case, Period, PeriodKind, Role, Subject
from chronolane.chronology.numbering import event_numbers
from chronolane.dates import parse_date
from chronolane.errors import ChronolaneError, NoDataError, UsageError
from chronolane.schema.columns import COLUMNS, Column, EventType
from chronolane.swimlane import draw_swimlanes, make_figure, save_figure
from chronolane.swimlane.event_marks import MAX_ROWS
from chronolane.swimlane.key import LINE_SPACING, MAX_TABLE_SHARE, table_share
from chronolane.swimlane.key import table_chars as key_table_chars
from chronolane.swimlane.layout import DENSITY_LIMIT, collision_groups, date_num, first_fit_rows
from chronolane.swimlane.style import LABEL_SIZE, STYLES, Labeller

# (event_id, agency, date_text, start, end, precision, approx, event_type, description, key)
ROWS = [
    (
        "e01",
        "Police",
        "12/12/2017",
        "2017-12-12",
        "2017-12-12",
        "day",
        False,
        "incident",
        "Domestic incident; hammer reported",
        "yes",
    ),
    ("e02", "Maternity", "05/01/2018", "2018-01-05", "2018-01-05", "day", False, "birth", "Child F born", ""),
    (
        "e03",
        "Health visiting",
        "16/01/2018",
        "2018-01-16",
        "2018-01-16",
        "day",
        False,
        "health-visit",
        "New birth visit",
        "",
    ),
    (
        "e04",
        "Perinatal mental health",
        "February 2018",
        "2018-02-01",
        "2018-02-28",
        "month",
        False,
        "referral",
        "Referral by GP: costs $50 and $60 a week",
        "",
    ),
    (
        "e05",
        "Perinatal mental health",
        "06/03/2018",
        "2018-03-06",
        "2018-03-06",
        "day",
        False,
        "missed-appointment",
        r"Did not attend \frac{1}{2} C:\path\to",
        "",
    ),
    (
        "e06",
        "Health visiting",
        "c. 01/03/2018",
        "2018-03-01",
        "2018-03-01",
        "day",
        True,
        "health-visit",
        "6-8 week review 😀 emoji",
        "",
    ),
    (
        "e07",
        "GP",
        "spring 2018",
        "2018-03-01",
        "2018-05-31",
        "season",
        False,
        "appointment",
        "Supercalifragilisticexpialidocious" * 4,
        "",
    ),
    ("e08", "GP", "10/03/2018", "2018-03-10", "2018-03-10", "day", False, "appointment", "Baby check", ""),
    ("e09", "Children's social care", "", None, None, "", False, "other", "Undated note", ""),
    ("e10", "Police", "unknown", None, None, "", False, "other", "Undated call", ""),
    (
        "e11",
        "Health visiting",
        "12/10/2018",
        "2018-10-12",
        "2018-10-12",
        "day",
        False,
        "health-visit",
        "Visit after long gap",
        "",
    ),
    ("e12", "Family", "autumn 2018", "2018-09-01", "2018-11-30", "season", False, "death", "Child F died", ""),
]


def make_frame(rows: list[tuple] = ROWS, case_id: str = "bd") -> pd.DataFrame:
    """An integrated-chronology frame following the column contract, with an extra "Key event" column."""
    data = {c: [] for c in COLUMNS}
    key = []
    for i, (eid, agency, text, start, end, precision, approx, etype, desc, is_key) in enumerate(rows):
        data[Column.EVENT_ID].append(eid)
        data[Column.CASE_ID].append(case_id)
        data[Column.AGENCY].append(agency)
        data[Column.SUBJECT].append("F")
        data[Column.DATE_TEXT].append(text)
        data[Column.DATE_START].append(start)
        data[Column.DATE_END].append(end)
        data[Column.DATE_PRECISION].append(precision)
        data[Column.DATE_APPROX].append(approx)
        data[Column.TIME].append("")
        data[Column.EDTF].append("")
        data[Column.RECORDED_START].append(None)
        data[Column.RECORDED_END].append(None)
        data[Column.EVENT_TYPE].append(etype)
        data[Column.TYPE_TEXT].append("")
        data[Column.ATTENDANCE].append("")
        data[Column.MODE].append("")
        data[Column.DESCRIPTION].append(desc)
        data[Column.SOURCE_FILE].append(f"{agency}.csv")
        data[Column.SOURCE_ROW].append(i + 2)
        data[Column.ISSUES].append("" if start else "undated")
        key.append(is_key)
    frame = pd.DataFrame(data)
    for col in (Column.DATE_START, Column.DATE_END, Column.RECORDED_START, Column.RECORDED_END):
        frame[col] = pd.to_datetime(frame[col])
    frame[Column.DATE_APPROX] = frame[Column.DATE_APPROX].astype(bool)
    frame["Key event"] = pd.Series(key, dtype="str")
    return frame


def demo_case(**changes) -> Case:
    """The case of ROWS: Child F with a vague death date, a pregnancy and an open child protection plan."""
    values = dict(
        case_id="bd",
        title="Child F (test case)",
        subjects=(
            Subject("F", "Child F", Role.CHILD, born=parse_date("05/01/2018"), died=parse_date("autumn 2018")),
            Subject("M", "Mother", Role.MOTHER),
        ),
        periods=(
            Period("Pregnancy", PeriodKind.PREGNANCY, parse_date("April 2017"), parse_date("05/01/2018")),
            Period(
                "Child protection plan",
                PeriodKind.PLAN,
                parse_date("01/08/2018"),
                None,
                agency="Children's social care",
            ),
        ),
        lanes=("Family", "Maternity", "Police"),
    )
    values.update(changes)
    return Case(**values)


def demo_gaps() -> pd.DataFrame:
    """A gaps frame as chronolane.measures.gaps.find_gaps returns it: one certain and one possible gap."""
    return pd.DataFrame(
        {
            "case_id": ["bd", "bd", "bd"],
            "lane": ["Health visiting", "GP", "Health visiting"],
            "subject": ["F", "F", "F"],
            "from_event_id": ["e06", "e08", "e03"],
            "to_event_id": ["e11", "", "e06"],
            "gap_start": pd.to_datetime(["2018-03-02", "2018-03-11", "2018-01-17"]),
            "gap_end": pd.to_datetime(["2018-10-11", "2018-11-30", "2018-02-28"]),
            "gap_min_days": [223, 200, 44],
            "gap_max_days": [223, 264, 44],
            "exceeds": ["yes", "possibly", "no"],
        }
    )


#: Texts outside the plot (notes and the key table under it), which other labels cannot reach.
KEEP_OUT = {"note", "key-table"}


def draw(frame=None, **options):
    """Draw on a fresh A4 figure and return the Axes."""
    fig = make_figure("a4")
    ax = fig.add_subplot()
    options.setdefault("case", demo_case())
    return draw_swimlanes(ax, make_frame() if frame is None else frame, **options)


def gids(ax, kind=None) -> list[str]:
    return [a.get_gid() for a in ax.get_children() if a.get_gid() and (kind is None or isinstance(a, kind))]


def lane_names(ax) -> list[str]:
    """Lane names from the y tick labels (their first line)."""
    return [t.get_text().split("\n")[0] for t in ax.get_yticklabels()]


def event_markers(ax) -> dict[str, Line2D]:
    return {a.get_gid(): a for a in ax.get_lines() if a.get_gid() and ":" not in a.get_gid()}


class TestLanes:
    def test_one_lane_per_agency_in_configured_then_default_order(self):
        """Lanes follow case.toml's lanes, then the default order (health before police before social care)."""
        ax = draw()
        assert lane_names(ax) == [
            "Family",
            "Maternity",
            "Police",
            "GP",
            "Health visiting",
            "Perinatal mental health",
            "Children's social care",
        ]

    def test_agency_filter_keeps_only_those_lanes(self):
        """--agency limits the lanes (by name or synonym, ignoring case) and the markers to those agencies."""
        ax = draw(agencies=["police", "general practice"])
        assert lane_names(ax) == ["Police", "GP"]
        assert set(event_markers(ax)) == {"e01", "e07", "e08"}


def lane_heights_px(ax) -> dict[str, float]:
    """Each lane's drawn height in pixels, by lane name."""
    x = ax.get_xlim()[0]
    out = {}
    for i, name in enumerate(lane_names(ax)):
        (_, y0), (_, y1) = ax.transData.transform([(x, i - 0.5), (x, i + 0.5)])
        out[name] = abs(y1 - y0)
    return out


UNDATED_HOUSING = [
    ("u1", "Housing", "", None, None, "", False, "other", "Undated housing note", ""),
    ("u2", "Housing", "", None, None, "", False, "other", "Another undated note", ""),
]


class TestEvents:
    @pytest.mark.parametrize("dated_housing", [False, True])
    def test_lanes_with_nothing_dated_are_thin_and_say_how_many_undated(self, dated_housing):
        """A lane of only undated rows is drawn thin with its undated count; one dated row makes it full."""
        extra = [("h1", "Housing", "", "2018-04-01", "2018-04-01", "day", False, "other", "Visit", "")]
        ax = draw(make_frame(ROWS + UNDATED_HOUSING + (extra if dated_housing else [])))
        ax.figure.draw_without_rendering()
        heights = lane_heights_px(ax)
        tick = next(t.get_text() for t in ax.get_yticklabels() if t.get_text().startswith("Housing"))
        assert tick == "Housing\n2 undated"
        if dated_housing:
            assert heights["Housing"] == pytest.approx(heights["Police"])
        else:
            assert heights["Housing"] < 0.6 * heights["Police"]
            assert heights["Housing"] * 72 / ax.figure.dpi >= 2 * 8  # room for two lines of 8 pt
        assert heights["Children's social care"] == pytest.approx(heights["Police"])  # a period bar is in it

    def test_one_marker_per_dated_event_and_none_for_undated(self):
        """Every dated row has exactly one marker, found by its event id; undated rows have none."""
        ax = draw()
        found = [g for g in gids(ax, Line2D) if ":" not in g]
        dated = [r[0] for r in ROWS if r[3]]
        assert sorted(found) == sorted(dated)

    def test_undated_rows_are_counted_in_a_note(self):
        """The figure says how many undated rows are off the chart (listed in the key), and each lane how many."""
        ax = draw()
        note = next(t for t in ax.texts if t.get_gid() == "note")
        assert "2 undated rows listed in the key, not on the chart" in note.get_text()
        ticks = {t.get_text().split("\n")[0]: t.get_text() for t in ax.get_yticklabels()}
        assert ticks["Police"] == "Police\n1 undated"
        assert ticks["Children's social care"] == "Children's social care\n1 undated"
        assert ticks["GP"] == "GP"

    def test_lanes_say_how_many_rows_fall_outside_the_dates_shown(self):
        """With --from/--to, a lane names the count of its rows before or after the window."""
        ax = draw(start="March 2018")
        ticks = {t.get_text().split("\n")[0]: t.get_text() for t in ax.get_yticklabels()}
        assert ticks["Police"] == "Police\n1 undated, 1 outside dates"
        assert "outside" not in ticks["GP"]

    @pytest.mark.parametrize(
        ("event_id", "expected"),
        [("e03", dt.date(2018, 1, 16)), ("e04", dt.date(2018, 2, 15)), ("e07", dt.date(2018, 4, 16))],
    )
    def test_marker_sits_on_the_day_or_the_middle_of_a_vague_interval(self, event_id, expected):
        """An exact date's marker is on its day; a vague date's marker is at the middle of its interval."""
        from matplotlib import dates as mdates

        x = event_markers(draw())[event_id].get_xdata()[0]
        assert mdates.num2date(x).date() == expected

    def test_vague_dates_have_spans_over_their_interval(self):
        """Month, season and approximate dates get a pale span from the first to the last possible day."""
        ax = draw()
        spans = next(c for c in ax.collections if c.get_gid() == "vague-spans")
        ids = [u.removeprefix("#span:") for u in spans.get_urls()]
        assert sorted(ids) == ["e04", "e06", "e07", "e12"]
        extents = {
            i: (p.vertices[:, 0].min(), p.vertices[:, 0].max()) for i, p in zip(ids, spans.get_paths(), strict=True)
        }
        from matplotlib import dates as mdates

        lo, hi = extents["e07"]
        assert mdates.num2date(lo).date() == dt.date(2018, 3, 1)
        assert mdates.num2date(hi).date() == dt.date(2018, 6, 1)  # exclusive end: the day after 31 May

    def test_vague_markers_are_paler_than_exact_ones(self):
        """A vague date's marker is drawn translucent, an exact one opaque."""
        markers = event_markers(draw())
        assert markers["e04"].get_alpha() < 1 and markers["e03"].get_alpha() == 1

    @pytest.mark.parametrize("event_type", list(EventType))
    def test_every_event_type_has_its_own_shape_or_fill(self, event_type):
        """Shape plus fill (hollow or not) tells each event type apart without colour."""
        look = {(str(s.marker), s.hollow) for t, s in STYLES.items() if t is not event_type}
        s = STYLES[event_type]
        assert (str(s.marker), s.hollow) not in look

    def test_missed_appointments_are_hollow(self):
        """A missed appointment's marker has a white face and a coloured edge."""
        marker = event_markers(draw())["e05"]
        assert marker.get_markerfacecolor() == "white"
        assert marker.get_markeredgecolor() == STYLES[EventType.MISSED_APPOINTMENT].colour

    def test_same_day_events_in_a_lane_go_to_separate_sub_rows(self):
        """Events on the same day in one lane are stacked, not drawn on top of each other."""
        rows = [
            (f"s{i}", "GP", "01/03/2018", "2018-03-01", "2018-03-01", "day", False, "appointment", "x", "")
            for i in range(3)
        ]
        markers = event_markers(draw(make_frame(rows), case=None))
        assert len({m.get_ydata()[0] for m in markers.values()}) == 3

    def test_events_beyond_the_sub_rows_are_counted(self):
        """When more events share a spot than there are sub-rows, a count of the stack is drawn."""
        rows = [
            (f"s{i:02}", "GP", "01/03/2018", "2018-03-01", "2018-03-01", "day", False, "appointment", "x", "")
            for i in range(MAX_ROWS + 16)
        ]
        ax = draw(make_frame(rows), case=None, density_limit=1e9, overflow_limit=1.0)
        counts = [t.get_text() for t in ax.texts if t.get_gid() and t.get_gid().startswith("collision")]
        assert counts and all(c.startswith("×") for c in counts)
        assert len(event_markers(ax)) == len(rows)


class TestLayout:
    def test_first_fit_reuses_a_row_once_free(self):
        """Items go to the lowest free sub-row; a row frees when its last item ends."""
        lane = np.zeros(4, dtype=int)
        rows, over = first_fit_rows(lane, np.array([0.0, 1, 2, 5]), np.array([3.0, 4, 6, 7]), 3)
        assert rows.tolist() == [0, 1, 2, 0] and not over.any()

    def test_first_fit_marks_overflow_when_rows_run_out(self):
        """With every sub-row busy the item is marked as colliding."""
        lane = np.zeros(3, dtype=int)
        _rows, over = first_fit_rows(lane, np.zeros(3), np.ones(3), 2)
        assert over.tolist() == [False, False, True]

    def test_collision_groups_join_overlaps_in_a_row_only(self):
        """Overlapping items of one lane and row share a group; other rows and lanes do not."""
        groups = collision_groups(
            np.array([0, 0, 0, 1]), np.array([0, 0, 1, 0]), np.array([0.0, 0.5, 0.5, 0.5]), np.array([1.0] * 4)
        )
        assert groups[0] == groups[1] and len({groups[1], groups[2], groups[3]}) == 3


class TestMarks:
    def test_key_dates_are_vertical_lines_across_all_lanes(self):
        """Births, deaths and rows marked in the Key event column get a full-height line."""
        ax = draw()
        lines = {a.get_gid() for a in ax.get_lines() if (a.get_gid() or "").startswith("keydate:")}
        assert {"keydate:e01", "keydate:e02"} <= lines
        assert "keydate:e12" not in lines  # a season: a span, not a line
        line = next(a for a in ax.get_lines() if a.get_gid() == "keydate:e01")
        assert line.get_ydata() == [0, 1]  # axes fraction: the whole height

    def test_vague_key_dates_are_light_spans_with_dashed_edges(self):
        """A key date known only to a season is a light span over the season with dashed edges, no line."""
        ax = draw()
        lines = {a.get_gid(): a for a in ax.get_lines() if (a.get_gid() or "").startswith("keydate:")}
        assert lines["keydate:e01"].get_linestyle() == "-"
        span = next(p for p in ax.patches if p.get_gid() == "keydate:e12")
        x0, x1 = span.get_x(), span.get_x() + span.get_width()
        assert (x0, x1) == (date_num("2018-09-01"), date_num("2018-12-01"))
        assert span.get_alpha() <= 0.1
        assert {lines["keydate:e12:start"].get_linestyle(), lines["keydate:e12:end"].get_linestyle()} == {"--"}

    @pytest.mark.parametrize(("end", "drawn_as"), [("2017-12-12", "line"), ("2017-12-13", "span")])
    def test_a_key_date_over_one_day_is_a_span(self, end, drawn_as):
        """One day is a line; two possible days are already a span (KEY_SPAN_DAYS from both sides)."""
        rows = [(*ROWS[0][:4], end, *ROWS[0][5:]), *ROWS[1:]]
        ax = draw(make_frame(rows))
        lines = {a.get_gid() for a in ax.get_lines()}
        spans = {p.get_gid() for p in ax.patches}
        assert ("keydate:e01" in lines) == (drawn_as == "line")
        assert ("keydate:e01" in spans) == (drawn_as == "span")

    def test_subject_birth_from_the_case_is_a_key_date_when_no_event_records_it(self):
        """A birth in case.toml with no birth row still draws a key-date line."""
        frame = make_frame([r for r in ROWS if r[0] != "e02"])
        assert "keydate:born:F" in gids(draw(frame), Line2D)

    def test_key_dates_are_labelled(self):
        """Each key date has a visible label, either its text or a number listed in the key table."""
        ax = draw()
        labels = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:key")}
        assert labels["label:keydate:e01"].startswith("Domestic incident")
        assert all(t.get_visible() for t in ax.texts if (t.get_gid() or "").startswith("label:key"))

    def test_periods_are_bars_in_their_lane_or_spans_across_lanes(self):
        """A period with an agency is a bar in that lane; one without spans every lane; an open one has an arrow."""
        ax = draw()
        bar = next(p for p in ax.patches if p.get_gid() == "period:1")
        assert isinstance(bar, Rectangle)
        lane = lane_names(ax).index("Children's social care")
        assert lane - 0.5 < bar.get_y() < lane + 0.5
        assert any(a.get_gid() == "period:0" for a in ax.get_children())
        assert any(t.get_gid() == "period-open:1" for t in ax.texts)

    def test_period_bars_are_labelled(self):
        """A period bar in a lane carries its label."""
        ax = draw()
        label = next(t for t in ax.texts if t.get_gid() == "label:period-label:1")
        assert label.get_visible() and label.get_text() == "Child protection plan"

    def test_gaps_are_shaded_certain_and_possible_differently(self):
        """Certain gaps are hatched ////, possible ones dotted and dashed; gaps not exceeding are not drawn."""
        ax = draw(gaps=demo_gaps())
        gaps = {p.get_gid().split(":")[1]: p for p in ax.patches if (p.get_gid() or "").startswith("gap:")}
        assert set(gaps) == {"yes", "possibly"}
        assert gaps["yes"].get_hatch() == "////" and gaps["possibly"].get_hatch() == ".."
        assert gaps["yes"].get_linestyle() != gaps["possibly"].get_linestyle()

    def test_gap_shading_lies_behind_markers_paler_and_lower_than_the_lane(self):
        """Gap bands are below every marker, lighter than them, and leave the lane's top and bottom clear."""
        ax = draw(gaps=demo_gaps())
        shaded = [p for p in ax.patches if (p.get_gid() or "").startswith("gap:")]
        markers = list(event_markers(ax).values())
        assert shaded and markers
        assert max(p.get_zorder() for p in shaded) < min(m.get_zorder() for m in markers)
        assert max(p.get_alpha() for p in shaded) < min(m.get_alpha() or 1.0 for m in markers)
        assert all(p.get_height() <= 0.5 for p in shaded)  # half a lane: sub-rows above and below stay clear
        lane = lane_names(ax).index("Health visiting")
        certain = next(p for p in shaded if p.get_gid().startswith("gap:yes"))
        assert lane - 0.5 < certain.get_y() and certain.get_y() + certain.get_height() < lane + 0.5

    def test_the_stretch_before_a_lanes_first_contact_is_not_shaded(self):
        """A leading open gap (no contact before it) is when the agency was not yet involved: not drawn."""
        leading = demo_gaps().iloc[[0]].assign(from_event_id="", gap_start=pd.to_datetime(["2017-01-01"]))
        ax = draw(gaps=pd.concat([demo_gaps(), leading], ignore_index=True))
        shaded = [p for p in ax.patches if (p.get_gid() or "").startswith("gap:")]
        assert len(shaded) == 2  # the certain and the possible gap that follow a contact

    def test_gap_labels_say_how_long(self):
        """A certain gap reads "7 months, no contact"; a possible one gives its range."""
        ax = draw(gaps=demo_gaps())
        texts = {t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:gap") and t.get_visible()}
        assert "7 months, no contact" in texts
        assert any(t.startswith("7 to 9 months") for t in texts)

    def test_age_axis_shows_weeks_before_birth_as_negative(self):
        """The age axis uses the subject's birth; dates before it read as negative weeks."""
        ax = draw(ages="F")
        top = ax.child_axes[0]
        fmt = top.xaxis.get_major_formatter()
        assert fmt(-1.0).startswith("−") and fmt(-1.0).endswith("wk")
        assert fmt(3.0) == "3 mo"

    @pytest.mark.parametrize(("born", "vague"), [("05/01/2018", False), ("January 2018", True)])
    def test_age_axis_gives_ranges_when_the_birth_date_is_vague(self, born, vague):
        """A birth known to the day reads "0 mo" at birth; one known to a month reads as ranges, never "0 mo"."""
        subjects = (Subject("F", "Child F", Role.CHILD, born=parse_date(born)),)
        ax = draw(ages="F", case=demo_case(subjects=subjects))
        top = next(a for a in ax.child_axes if a.get_gid() == "age-axis")
        fmt = top.xaxis.get_major_formatter()
        ax.figure.draw_without_rendering()
        ticks = [t.get_text() for t in top.xaxis.get_ticklabels() if t.get_text()]
        bands = [p for p in ax.patches if p.get_gid() == "age-birth-window"]
        if vague:
            assert fmt(3.0) == "2–3 mo" and fmt(0.5) == "birth?"
            assert "0 mo" not in ticks and any("–" in t for t in ticks)
            assert len(bands) == 1 and bands[0].get_width() == 31.0
            assert "ages are ranges" in top.get_xlabel()
        else:
            assert fmt(0.0) == "0 mo" and fmt(3.0) == "3 mo"
            assert not bands and "ranges" not in top.get_xlabel()

    def test_unknown_age_subject_is_an_error(self):
        """--ages with a subject the case does not list names the known subjects."""
        with pytest.raises(UsageError, match="F, M"):
            draw(ages="Z")


class TestText:
    @pytest.mark.parametrize("crowded", [False, True])
    def test_labels_do_not_overlap_once_drawn(self, crowded):
        """After layout, no two visible labels' extents overlap, even with many key dates in one fortnight."""
        frame = make_frame()
        if crowded:
            extra = [
                (f"c{i}", "Police", "", f"2018-03-{i + 1:02}", f"2018-03-{i + 1:02}", "day", False, "incident",
                 f"Crowded key event number {i} with a long description", "yes")
                for i in range(12)
            ]  # fmt: skip
            frame = make_frame(ROWS + extra)
        ax = draw(frame, gaps=demo_gaps())
        fig = ax.figure
        fig.draw_without_rendering()
        r = fig.canvas.get_renderer()
        labels = [t for t in ax.texts if t.get_visible() and t.get_text().strip() and t.get_gid() not in KEEP_OUT]
        assert len(labels) >= (10 if crowded else 5)
        boxes = [t.get_window_extent(r) for t in labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)

    def test_many_key_dates_become_numbered_callouts_with_a_key_table(self):
        """Dense key dates are drawn as numbers and listed with their text under the chart."""
        rows = [
            (
                f"k{i:02}",
                "Police",
                f"{i + 1:02}/03/2018",
                f"2018-03-{i + 1:02}",
                f"2018-03-{i + 1:02}",
                "day",
                False,
                "incident",
                f"Incident number {i}",
                "yes",
            )
            for i in range(20)
        ]
        ax = draw(make_frame(rows), case=None)
        numbers = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:key") and t.get_visible()]
        assert numbers and all(n.isdigit() for n in numbers)
        table = next(t for t in ax.texts if t.get_gid() == "key-table").get_text()
        assert "Incident number 0" in table

    @pytest.mark.parametrize(
        "text", ["Costs $5 and $6", r"\frac{1}{2} \alpha $x^2$", "A" * 300, "emoji 😀🚑 here", "tab\tnew\nline"]
    )
    def test_awkward_text_is_drawn_as_text(self, text, tmp_path):
        """$, backslashes, very long words, emoji and control characters draw and save without error."""
        rows = [
            ("t1", "Police", "01/03/2018", "2018-03-01", "2018-03-01", "day", False, "incident", text, "yes"),
            ("t2", text, "02/03/2018", "2018-03-02", "2018-03-02", "day", False, "incident", text, ""),
        ]
        ax = draw(make_frame(rows), case=None, title=text)
        for suffix in ("png", "svg", "pdf"):
            assert save_figure(ax.figure, tmp_path / f"x.{suffix}").stat().st_size > 0
        label = next(t for t in ax.texts if t.get_gid() == "label:keydate:t1")
        assert not label.get_parse_math()
        assert len(label.get_text()) <= 36

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("a $x$ b", "a $x$ b"), ("x" * 50, "x" * 19 + "…"), ("🚑 漢", "□ □"), ("a\x00b\nc", "a b c")],
    )
    def test_labeller_keeps_dollars_shortens_and_replaces_missing_glyphs(self, text, expected):
        """Data text is made drawable: control characters become spaces, missing glyphs a box, long text cut."""
        assert Labeller()(text, 20) == expected

    @pytest.mark.parametrize("relabel", [{"Child F": "Child A"}, lambda s: s.replace("Child F", "Child A")])
    def test_relabel_applies_to_every_text_from_the_data(self, relabel):
        """A pseudonym map or function changes every label, the title included."""
        ax = draw(relabel=relabel)
        texts = [t.get_text() for t in ax.texts] + [ax.get_title(loc="left")]
        assert not any("Child F" in t for t in texts)
        assert any("Child A" in t for t in texts)


def key_text(ax) -> str:
    """The key table's columns, one after the other."""
    return "\n".join(t.get_text() for t in ax.texts if t.get_gid() == "key-table")


def unwrap(text: str) -> str:
    """Text with its wrapping undone: lines joined, runs of spaces as one."""
    return " ".join(text.split())


class TestKey:
    def test_every_event_carries_its_shared_number_beside_its_marker(self):
        """Each marker has a visible number label equal to numbering.event_numbers of its row."""
        frame = make_frame()
        ax = draw(frame)
        numbers = dict(zip(frame[Column.EVENT_ID], event_numbers(frame), strict=True))
        markers = event_markers(ax)
        labels = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("number:")}
        assert {f"number:{numbers[e]}" for e in markers} == set(labels)
        assert all(t.get_visible() and t.get_text() == t.get_gid().split(":")[1] for t in labels.values())

    def test_the_key_table_lists_every_event_with_its_full_text_never_cut(self):
        """Dated events and the lanes' undated rows appear once each, by number, with their whole description."""
        long = "A description far longer than any label on the chart could hold, " * 4 + "ending here."
        rows = [(*ROWS[0][:8], long, ROWS[0][9]), *ROWS[1:]]
        frame = make_frame(rows)
        ax = draw(frame)
        table = key_text(ax)
        flat = unwrap(table)
        for number in event_numbers(frame):
            assert f" {number} " in f" {flat} "
        assert unwrap(long) in flat and "…" not in table
        assert "unknown (date not known) · Police: Undated call" in flat
        columns = [t for t in ax.texts if t.get_gid() == "key-table"]
        assert len(columns) == 2  # an A4 page's width takes two
        assert sum(max(len(line) for line in c.get_text().split("\n")) for c in columns) <= key_table_chars(ax)

    def test_the_key_table_is_searchable_text_in_the_pdf(self, tmp_path):
        """Saved as PDF, the page's text holds every event's number and full description."""
        frame = make_frame()
        ax = draw(frame)
        path = save_figure(ax.figure, tmp_path / "chart.pdf")
        text = unwrap(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
        assert "Visit after long gap" in text and "Referral by GP: costs $50 and $60 a week" in text
        assert "autumn 2018 (Sep–Nov 2018) · Family: Child F died" in text

    @pytest.mark.parametrize("extra", [0, 1])
    def test_a_key_table_over_its_share_of_the_page_is_left_out_with_a_note(self, extra):
        """A key that fits its share of the page is drawn; one line more and a note asks for --pages instead."""
        frame = make_frame()
        fits = make_figure("a4")
        lines = int(MAX_TABLE_SHARE * fits.get_figheight() * 72 / (LABEL_SIZE * LINE_SPACING))
        columns = ["Events\n" + "\n".join(["x"] * (lines - 1 + extra)), "x"]
        ax = fits.add_subplot()
        assert (table_share(ax, columns) <= MAX_TABLE_SHARE) == (extra == 0)
        many = [
            (f"m{i:03}", "Police", "", "2018-01-05", "2018-01-05", "day", False, "incident", "x " * 60, "")
            for i in range(200)
        ]
        ax = draw(make_frame(many), case=None)
        assert key_text(ax) == ""
        note = next(t for t in ax.texts if t.get_gid() == "note").get_text()
        assert "too many to number and list on this page; split them with --pages" in note
        assert not any((t.get_gid() or "").startswith("number:") for t in ax.texts)
        assert len(draw(frame).texts) > 0 and key_text(draw(frame))


class TestErrors:
    def test_no_dated_events_is_a_clear_error(self):
        """A chronology without dated events raises NoDataError saying so, not an empty chart."""
        frame = make_frame([r for r in ROWS if not r[3]])
        with pytest.raises(NoDataError, match="no dated events"):
            draw(frame)

    def test_no_data_error_is_a_chronolane_error(self):
        assert issubclass(NoDataError, ChronolaneError)

    def test_several_cases_need_a_choice(self):
        """A frame holding two cases asks which one to draw."""
        frame = pd.concat([make_frame(), make_frame(case_id="other")])
        with pytest.raises(UsageError, match="--case"):
            draw(frame, case=None)

    def test_unknown_agency_names_the_agencies_of_the_case(self):
        with pytest.raises(UsageError, match=r"Agencies in the case: .*Police"):
            draw(agencies=["Fire brigade"])

    def test_unreadable_date_bound_is_an_error(self):
        with pytest.raises(UsageError, match="--from"):
            draw(start="not a date")


class TestDensity:
    def test_busy_lanes_stay_events_in_stacked_sub_rows(self):
        """A lane far above 30 events a year still draws every event, stacked closer than a quiet lane's."""
        days = pd.date_range("2018-01-01", periods=120, freq="2D")
        rows = [
            (f"d{i:03}", "Police", "", str(d.date()), str(d.date()), "day", False, "incident", "x", "")
            for i, d in enumerate(days)
            for _ in range(3)
        ]
        rows = [(f"{r[0]}-{i % 3}", *r[1:]) for i, r in enumerate(rows)]
        rows += [
            (f"g{i}", "GP", "", "2018-03-01", "2018-03-01", "day", False, "appointment", "x", "") for i in range(2)
        ]
        ax = draw(make_frame(rows), case=None)
        assert not any((c.get_gid() or "").startswith("counts:") for c in ax.collections)
        markers = event_markers(ax)
        assert len(markers) == len(rows)
        police = sorted({round(m.get_ydata()[0], 4) for gid, m in markers.items() if gid.startswith("d")})
        gp = sorted({round(m.get_ydata()[0], 4) for gid, m in markers.items() if gid.startswith("g")})
        assert len(police) >= 3 and len(gp) == 2
        assert np.diff(police).min() < np.diff(gp).min()

    def test_dense_lanes_are_drawn_as_counts_with_key_events_only(self):
        """Above the density limit a lane shows counts per period, and only its key events as markers."""
        days = pd.date_range("2018-01-01", periods=200, freq="D")
        rows = [
            (
                f"d{i:03}",
                "Police",
                "",
                str(d.date()),
                str(d.date()),
                "day",
                False,
                "incident",
                "x",
                "yes" if i == 5 else "",
            )
            for i, d in enumerate(days)
        ]
        rows.append(("g1", "GP", "", "2018-03-01", "2018-03-01", "day", False, "appointment", "x", ""))
        ax = draw(make_frame(rows), case=None, density_limit=DENSITY_LIMIT)
        assert any((c.get_gid() or "") == "counts:Police" for c in ax.collections)
        assert set(event_markers(ax)) == {"d005", "g1"}
        assert lane_names(ax) == ["GP", "Police"]
        assert "events per" in ax.get_yticklabels()[1].get_text()
