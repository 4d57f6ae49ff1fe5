"""Contact lanes measured even when nothing in them is contact: all agencies together, named types or agencies."""

from __future__ import annotations

from chronolane.measures.gaps import find_gaps
from test_gaps import GP, HV, chronology


def _lanes(gaps) -> list[list[object]]:
    return gaps[["lane", "from_event_id", "to_event_id", "gap_min_days"]].values.tolist()


def test_all_agencies_together_with_no_contact_at_all_is_one_gap_across_the_window() -> None:
    """A case whose rows are all referrals had no contact: lane "all" reports the whole window as one gap."""
    frame = chronology([(GP, "2018-03-01", "referral"), (HV, "2018-05-01", "notification")])
    assert _lanes(find_gaps(frame, lane="all", start="2018-01-01", end="2018-12-31")) == [["all", "", "", 364]]


def test_an_agency_lane_with_no_contact_is_not_measured_unless_named() -> None:
    frame = chronology([(GP, "2018-03-01", "referral"), (HV, "2018-05-01", "health-visit")])
    assert [row[0] for row in _lanes(find_gaps(frame, start="2018-01-01", end="2018-12-31"))] == [HV, HV]
    named = find_gaps(frame, agencies=[GP], start="2018-01-01", end="2018-12-31")
    assert _lanes(named) == [[GP, "", "", 364]]


def test_a_named_type_with_no_rows_is_one_gap_across_the_window() -> None:
    frame = chronology([(HV, "2018-05-01", "health-visit")])
    gaps = find_gaps(frame, lane="type", types=["home-visit"], start="2018-01-01", end="2018-12-31")
    assert _lanes(gaps) == [["home-visit", "", "", 364]]
