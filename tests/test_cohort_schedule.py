"""The schedule cohort chart: the share of subjects per outcome of each expected contact, "cannot tell" apart."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import parse_date
from chronolane.errors import NoDataError, UsageError
from chronolane.schedules.checks import check_schedule
from chronolane.schedules.model import Outcome
from chronolane.swimlane.cohort_schedule import MIN_LABELLED_SHARE, OUTCOME_LOOKS, draw_schedule_shares
from factories import event_frame

CONTACTS = [("new-birth-visit", "New birth visit"), ("6-8-week-review", "6 to 8 week review")]


def outcomes(per_contact: dict[str, list[str]]) -> pd.DataFrame:
    """A check_schedule-like table: the k-th outcome of each contact belongs to case C<k>'s child."""
    labels = dict(CONTACTS)
    return pd.DataFrame(
        [
            {
                "case_id": f"C{k}",
                "subject": "child",
                "schedule": "hcp-england",
                "contact": contact,
                "label": labels[contact],
                "outcome": outcome,
            }
            for contact, values in per_contact.items()
            for k, outcome in enumerate(values)
        ]
    )


@pytest.fixture
def ax():
    fig, axes = plt.subplots(figsize=(11.69, 8.27))
    yield axes
    plt.close(fig)


def segments(ax, outcome: Outcome) -> list[tuple[float, float, float]]:
    """(bar row, left, width) of each segment drawn for ``outcome``."""
    return [
        (round(p.get_y() + p.get_height() / 2), p.get_x(), p.get_width())
        for p in ax.patches
        if p.get_gid() == f"schedule-{outcome.value}"
    ]


def test_every_schedule_outcome_has_its_own_look_and_only_cannot_tell_is_hatched_as_vague() -> None:
    assert set(OUTCOME_LOOKS) == set(Outcome)
    vague = {o for o, look in OUTCOME_LOOKS.items() if look.hatch == "////"}
    assert vague == {o for o in Outcome if o.value.startswith("possibly-")}
    assert all(look.label.startswith("cannot tell") for o, look in OUTCOME_LOOKS.items() if o in vague)
    assert len({(look.colour, look.hatch) for look in OUTCOME_LOOKS.values()}) == len(Outcome)


def test_each_contact_is_one_bar_split_by_the_share_of_each_outcome(ax) -> None:
    draw_schedule_shares(
        ax, outcomes({"new-birth-visit": ["met", "met", "late", "missed"], "6-8-week-review": ["met"] * 4})
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["New birth visit", "6 to 8 week review"]
    assert segments(ax, Outcome.MET) == [(0, 0.0, 0.5), (1, 0.0, 1.0)]
    assert segments(ax, Outcome.LATE) == [(0, 0.5, 0.25), (1, 1.0, 0.0)]
    assert segments(ax, Outcome.MISSED) == [(0, 0.75, 0.25), (1, 1.0, 0.0)]
    assert segments(ax, Outcome.NOT_YET_DUE) == []
    assert [t.get_text() for t in ax.texts if t.get_gid() == "schedule-total"] == ["n = 4", "n = 4"]


def test_possibly_met_is_a_segment_of_its_own_never_counted_as_met(ax) -> None:
    draw_schedule_shares(ax, outcomes({"new-birth-visit": ["met", "possibly-met", "possibly-met", "possibly-missed"]}))
    assert segments(ax, Outcome.MET) == [(0, 0.0, 0.25)]
    assert segments(ax, Outcome.POSSIBLY_MET) == [(0, 0.25, 0.5)]
    assert segments(ax, Outcome.POSSIBLY_MISSED) == [(0, 0.75, 0.25)]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "met",
        "cannot tell (vague dates): possibly met",
        "cannot tell (vague dates): possibly missed",
    ]


def test_not_yet_due_and_unchecked_contacts_stay_in_the_bar_so_every_subject_is_counted(ax) -> None:
    draw_schedule_shares(ax, outcomes({"new-birth-visit": ["met", "not-yet-due", "outside-window", "not-applicable"]}))
    widths = [s[2] for o in Outcome for s in segments(ax, o)]
    assert sorted(widths) == [0.25] * 4
    assert "4 subject(s) in 4 case(s)" in ax.get_title()


def test_a_segment_carries_its_count_only_from_the_share_where_it_fits(ax) -> None:
    n = 100
    at_limit = round(MIN_LABELLED_SHARE * n)
    values = ["missed"] * at_limit + ["late"] * (at_limit - 1) + ["met"] * (n - 2 * at_limit + 1)
    draw_schedule_shares(ax, outcomes({"new-birth-visit": values}))
    counts = sorted(t.get_text() for t in ax.texts if t.get_gid() == "schedule-count")
    assert counts == sorted([str(at_limit), str(n - 2 * at_limit + 1)])


def test_the_title_counts_subjects_and_cases_not_rows(ax) -> None:
    table = outcomes({"new-birth-visit": ["met", "missed"], "6-8-week-review": ["met", "met"]})
    table = pd.concat([table, table.assign(subject="sibling")], ignore_index=True)
    draw_schedule_shares(ax, table)
    assert "4 subject(s) in 2 case(s)" in ax.get_title()
    assert "hcp-england" in ax.get_title()


def test_an_empty_or_foreign_table_is_an_error(ax) -> None:
    with pytest.raises(NoDataError, match="no rows"):
        draw_schedule_shares(ax, outcomes({}).reindex(columns=["contact", "label", "outcome"]))
    with pytest.raises(UsageError, match="no column 'outcome'"):
        draw_schedule_shares(ax, pd.DataFrame({"contact": ["x"], "label": ["x"]}))
    with pytest.raises(UsageError, match="'maybe' is not known"):
        draw_schedule_shares(ax, outcomes({"new-birth-visit": ["maybe"]}))


def test_the_chart_draws_the_outcomes_check_schedule_finds(ax) -> None:
    frame = event_frame(
        [
            ("A", "Health visiting", "baby", "2020-01-10", "health-visit"),  # new birth visit met
            ("B", "Health visiting", "baby", "January 2020", "health-visit"),  # possibly met
        ]
    )

    def case(case_id: str) -> Case:
        baby = Subject(id="baby", name="", role=Role.CHILD, born=parse_date("2020-01-01"))
        return Case(case_id=case_id, subjects=(baby,), review_end=parse_date("2020-01-31"))

    table = check_schedule(frame, {"A": case("A"), "B": case("B")}, "hcp-england")
    draw_schedule_shares(ax, table)
    row = [t.get_text() for t in ax.get_yticklabels()].index("New birth visit")
    assert [s for s in segments(ax, Outcome.MET) if s[0] == row] == [(row, 0.0, 0.5)]
    assert [s for s in segments(ax, Outcome.POSSIBLY_MET) if s[0] == row] == [(row, 0.5, 0.5)]
