"""What counts as contact: a missed review is never met, never ends a gap, and a telephone call is not a visit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chronolane.chronology.build import Chronology, build_chronology
from chronolane.cli.app import app
from chronolane.dates import parse_date
from chronolane.measures.contact import contact_and_missed, happened, is_contact, is_missed
from chronolane.measures.gaps import find_gaps, summarise_lanes
from chronolane.schedules.checks import check_schedule

CASE_TOML = """\
case_id = "wnb"
[review_period]
start = "01/01/2018"
end = "31/01/2019"

[[subjects]]
id = "baby"
name = "Baby"
role = "child"
born = "01/01/2018"

[[subjects]]
id = "mother"
name = "Mother"
role = "mother"

[[subjects]]
id = "sibling"
name = "Sibling"
role = "sibling"
born = "01/01/2014"
"""

HEALTH_VISITING = """\
Date,Type,Outcome,Details,Child
15/11/2017,Antenatal contact,Seen,Mother seen at home at 33 weeks,mother
10/01/2018,New birth visit,Seen,Baby seen at home,baby
20/02/2018,6-8 week review,Was not brought,Clinic appointment,baby
27/02/2018,6-8 week review,WNB,Second appointment,baby
10/04/2018,Health visit,Seen,Baby weighed at home,baby
15/06/2018,Telephone contact,Spoke to mother,Mother says all is well,baby
15/09/2018,Telephone call,Spoke to mother,No concerns reported,baby
05/10/2018,12 month review,WNB,Not brought to clinic,baby
20/11/2018,12 month review,Was not brought,,baby
10/12/2018,Home visit,No access,No reply at the door,baby
"""


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A child last seen face to face in April 2018, then only by telephone, with five missed contacts."""
    folder = tmp_path_factory.mktemp("wnb")
    (folder / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (folder / "health-visiting.csv").write_text(HEALTH_VISITING, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(case: Path) -> Chronology:
    return build_chronology(case)


def outcomes(built: Chronology, subject: str = "baby") -> dict[str, tuple[str, str]]:
    table = check_schedule(built.frame, built.cases, "hcp-england")
    mine = table[table["subject"] == subject]
    return {r.contact: (r.outcome, r.event_id) for r in mine.itertuples()}


def event_id(built: Chronology, date_text: str) -> str:
    return built.frame.loc[built.frame["date_text"] == date_text, "event_id"].item()


class TestSchedule:
    def test_a_review_not_brought_to_is_late_by_the_later_attended_visit_never_met(self, built) -> None:
        assert outcomes(built)["6-8-week-review"] == ("late", event_id(built, "10/04/2018"))

    def test_a_review_missed_with_no_later_attended_contact_is_missed(self, built) -> None:
        assert outcomes(built)["12-month-review"] == ("missed", "")

    def test_a_missed_row_alone_never_meets_an_expected_contact(self, built) -> None:
        frame = built.frame[built.frame["date_text"].isin(["10/01/2018", "20/02/2018", "27/02/2018"])]
        assert outcomes(Chronology(frame=frame, cases=built.cases))["6-8-week-review"] == ("missed", "")

    def test_the_mothers_antenatal_health_visiting_contact_meets_the_antenatal_review(self, built) -> None:
        table = check_schedule(built.frame, built.cases, "hcp-england", start="01/09/2017")
        antenatal = table[(table["subject"] == "baby") & (table["contact"] == "antenatal")]
        assert antenatal[["outcome", "event_id"]].values.tolist() == [["met", event_id(built, "15/11/2017")]]
        assert outcomes(built)["antenatal"] == ("outside-window", "")  # the review period starts at the birth

    def test_a_siblings_reviews_before_the_review_period_are_outside_the_window(self, built) -> None:
        found = outcomes(built, "sibling")
        assert {o for o, _ in found.values()} == {"outside-window"}
        assert len(found) == 5

    def test_reviews_due_after_a_death_are_not_applicable(self, built) -> None:
        case = built.cases["wnb"]
        baby = replace(case.subjects[0], died=parse_date("01/02/2018"))
        found = outcomes(Chronology(frame=built.frame, cases={"wnb": replace(case, subjects=(baby,))}))
        assert found["new-birth-visit"] == ("met", event_id(built, "10/01/2018"))
        assert found["6-8-week-review"] == ("not-applicable", "")
        assert found["12-month-review"] == ("not-applicable", "")


class TestGaps:
    def test_missed_contacts_are_counted_with_their_longest_run(self, built) -> None:
        lane = summarise_lanes(built.frame, cases=built.cases).iloc[0]
        assert (lane["contacts"], lane["missed_appointments"], lane["longest_missed_run"]) == (2, 5, 3)

    def test_the_gap_runs_from_the_last_attended_face_to_face_contact_and_exceeds(self, built) -> None:
        gaps = find_gaps(built.frame, cases=built.cases)
        last = gaps.iloc[-1]
        assert last["from_event_id"] == event_id(built, "10/04/2018")
        assert str(last["gap_end"].date()) == "2019-01-31"
        assert last["exceeds"] == "yes"

    def test_a_telephone_only_stretch_is_a_gap_unless_telephone_counts(self, built) -> None:
        assert (find_gaps(built.frame, cases=built.cases)["exceeds"] == "yes").sum() == 1
        widened = find_gaps(built.frame, cases=built.cases, contact_modes=["telephone"])
        assert widened["exceeds"].tolist() == ["no"] * 5

    def test_the_gaps_command_widens_contact_with_contact_mode(self, case: Path, tmp_path: Path) -> None:
        runner = CliRunner()
        plain, wide = tmp_path / "plain.csv", tmp_path / "wide.csv"
        assert runner.invoke(app, ["gaps", str(case), "--summary", "-o", str(plain)]).exit_code == 0
        result = runner.invoke(app, ["gaps", str(case), "--summary", "--contact-mode", "telephone", "-o", str(wide)])
        assert result.exit_code == 0, result.output
        assert pd.read_csv(plain)["contacts"].tolist() == [2]
        assert pd.read_csv(wide)["contacts"].tolist() == [4]

    def test_an_unknown_contact_mode_is_refused_naming_the_modes(self, case: Path) -> None:
        result = CliRunner().invoke(app, ["gaps", str(case), "--contact-mode", "carrier pigeon"])
        assert result.exit_code != 0
        assert "carrier pigeon" in result.output and "telephone" in result.output


class TestContactRule:
    def test_contact_needs_a_contact_type_that_happened_in_a_counted_mode(self) -> None:
        frame = pd.DataFrame(
            {
                "event_type": [
                    "home-visit",
                    "home-visit",
                    "home-visit",
                    "appointment",
                    "referral",
                    "missed-appointment",
                ],
                "attendance": ["attended", "unknown", "no-access", "attended", "not-applicable", ""],
                "mode": ["face-to-face", "unknown", "face-to-face", "telephone", "unknown", ""],
            }
        )
        assert happened(frame).tolist() == [True, True, False, True, False, False]
        assert is_contact(frame).tolist() == [True, True, False, False, False, False]
        assert is_contact(frame, modes=["telephone"]).tolist() == [True, True, False, True, False, False]

    @pytest.mark.parametrize("dtype", ["str", "category", "object"])
    def test_contact_and_missed_read_text_categorical_and_missing_cells_alike(self, dtype: str) -> None:
        """Columns are read per distinct value; a missing cell reads as empty (attendance and mode unknown)."""
        frame = pd.DataFrame(
            {
                "event_type": ["home-visit", "home-visit", "appointment", "appointment", None],
                "attendance": ["attended", None, "was-not-brought", "cancelled-by-service", "attended"],
                "mode": [None, "video", "unknown", "face-to-face", "unknown"],
            }
        ).astype(dtype)
        contact, missed = contact_and_missed(frame)
        assert contact.tolist() == [True, False, False, False, False]
        assert contact.tolist() == is_contact(frame).tolist()
        assert missed.tolist() == [False, False, True, False, False]
        assert missed.tolist() == is_missed(frame).tolist()

    def test_a_frame_without_attendance_or_mode_columns_reads_them_as_unknown(self) -> None:
        frame = pd.DataFrame({"event_type": ["home-visit", "missed-appointment"]})
        assert is_contact(frame).tolist() == [True, False]
