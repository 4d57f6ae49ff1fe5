"""Small multiples: one compact swimlane per case on a shared axis from each case's anchor, over as many pages
as the cases need, none left out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import parse_date
from chronolane.errors import NoDataError, UsageError
from chronolane.schema.paper import PageSize
from chronolane.swimlane.small_multiples import GRIDS, draw_small_multiples
from factories import event_frame


def cohort(n: int, *, born: str = "2020-01-01", extra: list[tuple] = ()) -> tuple[pd.DataFrame, dict[str, Case]]:
    """``n`` cases, each with one health visit 10 days after its child's birth, plus ``extra`` events."""
    events = [(f"C{k:02d}", "Health visiting", "baby", "2020-01-11", "health-visit") for k in range(n)]
    frame = event_frame([*events, *extra])
    cases = {
        f"C{k:02d}": Case(
            case_id=f"C{k:02d}",
            subjects=(Subject(id="baby", name="", role=Role.CHILD, born=parse_date(born)),),
            review_start=parse_date("2019-12-01"),
        )
        for k in range(n)
    }
    return frame, cases


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def panels(fig) -> list:
    return [ax for ax in fig.axes if ax.axison]


def points(ax) -> np.ndarray:
    return np.concatenate([c.get_offsets() for c in ax.collections if c.get_gid() == "panel-events"])


@pytest.mark.parametrize("size", list(PageSize))
def test_cases_that_fill_a_page_take_one_page_and_one_more_case_takes_a_second(size: PageSize) -> None:
    per_page = GRIDS[size][0] * GRIDS[size][1]
    full = draw_small_multiples(cohort(per_page)[0], cases=cohort(per_page)[1], size=size)
    assert [len(panels(fig)) for fig in full] == [per_page]
    frame, cases = cohort(per_page + 1)
    pages = draw_small_multiples(frame, cases=cases, size=size)
    assert [len(panels(fig)) for fig in pages] == [per_page, 1]
    assert f"cases {per_page + 1} to {per_page + 1} of {per_page + 1} (page 2 of 2)" in pages[1].get_suptitle()


def test_every_case_has_a_titled_panel_in_case_order() -> None:
    frame, cases = cohort(3)
    (fig,) = draw_small_multiples(frame, cases=cases)
    assert [ax.get_title(loc="left") for ax in panels(fig)] == [f"C0{k}: 1 row(s) placed" for k in range(3)]


def test_a_row_is_placed_at_its_days_from_the_childs_birth() -> None:
    frame, cases = cohort(1)
    (fig,) = draw_small_multiples(frame, cases=cases)
    assert points(panels(fig)[0]).tolist() == [[10.5, 0.0]]


def test_a_vague_date_is_a_bar_over_every_day_it_may_be_and_a_vague_birth_widens_it() -> None:
    frame, cases = cohort(1, extra=[("C00", "Health visiting", "baby", "February 2020", "health-visit")])
    (fig,) = draw_small_multiples(frame, cases=cases)
    bars = next(c for c in panels(fig)[0].collections if c.get_gid() == "panel-vague")
    assert [tuple(s[:, 0]) for s in bars.get_segments()] == [(31.0, 60.0)]
    frame, cases = cohort(1, born="January 2020")
    (fig,) = draw_small_multiples(frame, cases=cases)
    bars = next(c for c in panels(fig)[0].collections if c.get_gid() == "panel-vague")
    assert [tuple(s[:, 0]) for s in bars.get_segments()] == [(10.0 - 30, 11.0)]


def test_a_contact_that_did_not_happen_is_hollow() -> None:
    frame, cases = cohort(1, extra=[("C00", "GP", "baby", "2020-02-01", "missed-appointment")])
    (fig,) = draw_small_multiples(frame, cases=cases)
    faces = [c.get_facecolor()[0].tolist() for c in panels(fig)[0].collections if c.get_gid() == "panel-events"]
    assert [1.0, 1.0, 1.0, 1.0] in faces


def test_every_panel_has_the_same_lanes_named_in_the_first_column() -> None:
    frame, cases = cohort(4, extra=[("C03", "Police", "baby", "2020-03-01", "incident")])
    (fig,) = draw_small_multiples(frame, cases=cases)
    first, second, _, fourth = panels(fig)
    assert [t.get_text() for t in first.get_yticklabels()] == ["Health visiting", "Police"]
    assert first.get_ylim() == second.get_ylim() == fourth.get_ylim()
    assert first.yaxis.get_major_ticks()[0].label1.get_visible()
    assert not second.yaxis.get_major_ticks()[0].label1.get_visible()


def test_rows_not_placed_are_counted_in_the_panel_title() -> None:
    extra = [("C00", "Health visiting", "baby", "", "health-visit"), ("C00", "GP", "baby", "2023-01-01", "appointment")]
    frame, cases = cohort(1, extra=extra)
    (fig,) = draw_small_multiples(frame, cases=cases, end="2Y")
    assert panels(fig)[0].get_title(loc="left") == "C00: 1 row(s) placed, 1 undated, 1 outside the axis"
    (fig,) = draw_small_multiples(frame, cases=cases, end="4Y")
    assert panels(fig)[0].get_title(loc="left") == "C00: 2 row(s) placed, 1 undated"


def test_a_case_without_a_birth_date_keeps_its_panel_and_says_it_is_not_placed() -> None:
    frame, cases = cohort(2)
    del cases["C01"]
    (fig,) = draw_small_multiples(frame, cases=cases)
    assert panels(fig)[1].get_title(loc="left") == "C01: 1 row(s), not placed"
    assert "of 2" in fig.get_suptitle()


def test_aligned_on_the_review_period_a_row_is_placed_from_its_start() -> None:
    frame, cases = cohort(1)
    (fig,) = draw_small_multiples(frame, cases=cases, align="review")
    assert points(panels(fig)[0]).tolist() == [[41.5, 0.0]]
    assert "review period" in fig.get_suptitle()


def test_the_axis_ticks_read_as_ages_every_3_months_up_to_two_years_and_every_6_past_it() -> None:
    frame, cases = cohort(1)
    (fig,) = draw_small_multiples(frame, cases=cases, start="0D", end="2Y")
    ax = panels(fig)[0]
    assert ax.get_xlim() == pytest.approx((0, 2 * 365.25))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "3m", "6m", "9m", "1y", "15m", "18m", "21m", "2y"]
    (fig,) = draw_small_multiples(frame, cases=cases, start="-1M", end="2Y")
    ticks = [t.get_text() for t in panels(fig)[0].get_xticklabels()]
    assert ticks == ["0", "6m", "1y", "18m", "2y"]


def test_nothing_to_line_up_on_or_an_empty_axis_is_an_error() -> None:
    frame, _ = cohort(2)
    with pytest.raises(NoDataError, match="no case has a child with a birth date"):
        draw_small_multiples(frame, cases={})
    frame, cases = cohort(1)
    with pytest.raises(UsageError, match="is empty: give an end after the start"):
        draw_small_multiples(frame, cases=cases, start="1Y", end="6M")
    with pytest.raises(UsageError, match="D, W, M, Y"):
        draw_small_multiples(frame, cases=cases, end="10WD")
    with pytest.raises(UsageError, match="alignment of birth, review"):
        draw_small_multiples(frame, cases=cases, align="death")


def test_the_childs_death_is_a_line_when_exact_and_a_band_over_every_day_it_may_be_when_vague() -> None:
    frame, cases = cohort(2)
    for case_id, died in (("C00", "2020-03-01"), ("C01", "March 2020")):
        child = cases[case_id].subjects[0]
        cases[case_id] = Case(case_id=case_id, subjects=(Subject(**{**vars(child), "died": parse_date(died)}),))
    (fig,) = draw_small_multiples(frame, cases=cases)
    exact, vague = (next(a for a in ax.get_children() if a.get_gid() == "panel-died") for ax in panels(fig))
    assert exact.get_xdata()[0] == 60.5
    assert vague.get_x() == 60.0 and vague.get_x() + vague.get_width() == 91.0


def test_markers_on_top_of_each_other_are_counted_and_markers_apart_are_not() -> None:
    same_day = [("C00", "Health visiting", "baby", "2020-01-11", "health-visit")] * 2
    months_apart = [
        ("C00", "GP", "baby", "2020-01-11", "appointment"),
        ("C00", "GP", "baby", "2021-06-01", "appointment"),
    ]
    frame, cases = cohort(1, extra=[*same_day, *months_apart])
    (fig,) = draw_small_multiples(frame, cases=cases)
    stacks = [(t.get_text(), t.xy[1]) for t in panels(fig)[0].texts if t.get_gid() == "panel-stack"]
    lanes = [t.get_text() for t in panels(fig)[0].get_yticklabels()]
    assert stacks == [("3", lanes.index("Health visiting"))]


def test_a_case_id_with_dollar_signs_is_drawn_as_text(tmp_path) -> None:
    from chronolane.swimlane import save_pages

    case_id = r"C$\frac{$"  # mathematics that cannot be drawn, were it read as mathematics
    frame = event_frame([(case_id, "Health visiting", "baby", "2020-01-11", "health-visit")])
    baby = Subject(id="baby", name="", role=Role.CHILD, born=parse_date("2020-01-01"))
    pages = draw_small_multiples(frame, cases={case_id: Case(case_id=case_id, subjects=(baby,))})
    save_pages(pages, tmp_path / "cases.pdf")
    assert panels(pages[0])[0].get_title(loc="left") == case_id + ": 1 row(s) placed"
    assert (tmp_path / "cases.pdf").stat().st_size > 0
