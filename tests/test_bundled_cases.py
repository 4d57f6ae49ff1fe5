"""The bundled cases: each builds without errors, shows what its review reports, and cites its seed article."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from chronolane.case.model import load_case
from chronolane.chronology.build import Chronology, build_chronology
from chronolane.measures.gaps import find_gaps
from chronolane.schema.columns import ISSUE_SEPARATOR, Column, EventType, IssueCode, Severity, severity_of

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "chronologies"
#: The seed articles live beside the project, not in it; the citation tests skip without them.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

HERTS = "hertfordshire-bath-drowning-2017"
NORTHANTS = "northamptonshire-co-sleeping-2021"
BARKING = "barking-dagenham-child-f-2018"
NORFOLK = "norfolk-child-ak"
TOWER = "tower-hamlets-salman-nyema"
NAMES = (HERTS, NORTHANTS, BARKING, NORFOLK, TOWER)

HEADER = ["Date", "Type", "Details", "Subject", "Source", "Key"]
#: "<seed file> ¶N", "¶N-M" for a run of paragraphs, several joined by ", ".
SOURCE = re.compile(r"^(?P<file>\d{3}_[0-9a-f]{16}\.txt) (?P<paras>¶\d+(?:-\d+)?(?:, ¶\d+(?:-\d+)?)*)$")
#: Details must be written afresh: no run of this many words may be copied from the article.
COPIED_WORDS = 7


def _source_rows() -> list[tuple[str, str, int, dict[str, str]]]:
    """(case, file, spreadsheet row, record) for every record of every bundled agency file."""
    rows = []
    for name in NAMES:
        for path in sorted((CASES / name).glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as fh:
                for number, record in enumerate(csv.DictReader(fh), start=2):
                    rows.append((name, path.name, number, record))
    return rows


SOURCE_ROWS = _source_rows()
ROW_IDS = [f"{case}/{file}:{row}" for case, file, row, _ in SOURCE_ROWS]


@pytest.fixture(scope="module")
def built() -> dict[str, Chronology]:
    return {name: build_chronology(CASES / name) for name in NAMES}


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(dt.date.fromisoformat(text))


def _one(frame: pd.DataFrame, **where: str) -> pd.Series:
    """The single row matching every column = value given."""
    hit = frame
    for column, value in where.items():
        hit = hit[hit[column] == value]
    assert len(hit) == 1, f"expected one row with {where}, found {len(hit)}"
    return hit.iloc[0]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _paragraphs(seed: Path) -> list[str]:
    """A seed's paragraphs: its non-empty lines, numbered from 1 (docs/cases.md)."""
    return [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cited(paras: str) -> list[int]:
    numbers: list[int] = []
    for part in paras.split(", "):
        first, _, last = part.lstrip("¶").partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


# --- every case builds cleanly and keeps every record ----------------------------------------------------


def test_the_five_seed_cases_are_bundled() -> None:
    """Each seed review has its case folder with a case.toml, and no other folder hides among them."""
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == sorted(NAMES)
    assert all((CASES / name / "case.toml").is_file() for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_bundled_case_has_no_error_level_issue(built: dict[str, Chronology], name: str) -> None:
    """`chronolane build` reports no error-level issue on any bundled case."""
    codes = [c for cell in built[name].frame[Column.ISSUES] for c in cell.split(ISSUE_SEPARATOR) if c]
    assert [c for c in codes if severity_of(c) is Severity.ERROR] == []


@pytest.mark.parametrize("name", NAMES)
def test_bundled_case_keeps_every_record_once(built: dict[str, Chronology], name: str) -> None:
    """Every row of every agency file is in the built chronology exactly once, with its date text."""
    frame = built[name].frame
    records = [(f, n, r["Date"]) for case, f, n, r in SOURCE_ROWS if case == name]
    got = sorted(
        zip(frame[Column.SOURCE_FILE], frame[Column.SOURCE_ROW].astype(int), frame[Column.DATE_TEXT], strict=True)
    )
    assert got == sorted(records)


@pytest.mark.parametrize("name", NAMES)
def test_every_agency_file_is_listed_in_case_toml_with_its_lane(name: str) -> None:
    """case.toml names every file's agency, and every agency is placed in the lane order."""
    case = load_case(CASES / name)
    files = sorted(p.name for p in (CASES / name).glob("*.csv"))
    assert sorted(s.file for s in case.sources) == files
    assert sorted(s.agency or "" for s in case.sources) == sorted(case.lanes)


@pytest.mark.parametrize(("name", "file", "row", "record"), SOURCE_ROWS, ids=ROW_IDS)
def test_agency_file_row_follows_the_column_contract(name: str, file: str, row: int, record: dict[str, str]) -> None:
    """Rows have the columns Date, Type, Details, Subject, Source, Key; a type and details; Key is yes or empty."""
    assert list(record) == HEADER
    assert record["Type"].strip() and record["Details"].strip()
    assert record["Key"] in {"", "yes"}
    assert SOURCE.match(record["Source"]), record["Source"]


@pytest.mark.parametrize("name", NAMES)
def test_every_type_wording_maps_to_a_known_event_type(built: dict[str, Chronology], name: str) -> None:
    """No bundled row falls back to 'other' for want of a type mapping."""
    issues = built[name].frame[Column.ISSUES]
    assert not issues.str.contains(IssueCode.UNKNOWN_EVENT_TYPE.value).any()
    assert not issues.str.contains(IssueCode.UNKNOWN_SUBJECT.value).any()


# --- the facts each review reports -----------------------------------------------------------------------


def test_hertfordshire_police_incident_in_october_2015(built: dict[str, Chronology]) -> None:
    """The October 2015 police incident is there, as a key incident in the police lane."""
    frame = built[HERTS].frame
    row = _one(frame, agency="Police", event_type=EventType.INCIDENT.value, date_text="In October 2015")
    assert (row[Column.DATE_START], row[Column.DATE_END]) == (_day("2015-10-01"), _day("2015-10-31"))
    assert row["Key"] == "yes"


def test_hertfordshire_no_childrens_social_care_contact_between_police_incident_and_death(
    built: dict[str, Chronology],
) -> None:
    """Nothing from children's social care falls between the October 2015 incident and the April 2017 death."""
    frame = built[HERTS].frame
    death = _one(frame, event_type=EventType.DEATH.value, subject="baby")
    assert (death[Column.DATE_START], death[Column.DATE_END]) == (_day("2017-04-01"), _day("2017-04-30"))
    social_care = frame[frame[Column.AGENCY] == "Children's social care"]
    between = social_care[
        (social_care[Column.DATE_END] >= _day("2015-10-01"))
        & (social_care[Column.DATE_START] <= death[Column.DATE_END])
    ]
    assert between.empty
    assert not social_care[Column.DATE_START].isna().any()  # no undated CSC row that could fall in between


def test_hertfordshire_first_son_born_at_26_weeks_in_april_2015_is_a_birth(built: dict[str, Chronology]) -> None:
    """The first son's birth is a birth event in April 2015, and the case knows his birth month."""
    frame = built[HERTS].frame
    row = _one(frame, event_type=EventType.BIRTH.value, subject="first-son")
    assert (row[Column.DATE_START], row[Column.DATE_END]) == (_day("2015-04-01"), _day("2015-04-30"))
    assert "26 weeks" in row[Column.DESCRIPTION]
    born = built[HERTS].cases[HERTS].subject("first-son").born
    assert (born.start, born.end) == (dt.date(2015, 4, 1), dt.date(2015, 4, 30))


@pytest.mark.parametrize(
    ("name", "agency", "text", "start", "end"),
    [
        # six months after April 2015: the second pregnancy, anchored on the first son's birth
        (HERTS, "Family", "six months later", "2015-10-01", "2015-10-31"),
        # the day after the April 2017 attendance: any day from 2 April to 1 May 2017
        (HERTS, "Police", "The following day", "2017-04-02", "2017-05-01"),
    ],
)
def test_relative_dates_resolve_against_the_intended_row(
    built: dict[str, Chronology], name: str, agency: str, text: str, start: str, end: str
) -> None:
    """Rows are ordered so that each relative date is anchored on the event the article counts from."""
    row = _one(built[name].frame, agency=agency, date_text=text)
    assert (row[Column.DATE_START], row[Column.DATE_END]) == (_day(start), _day(end))
    assert IssueCode.RELATIVE_DATE.value in row[Column.ISSUES].split(ISSUE_SEPARATOR)


def test_hertfordshire_strategy_discussion_is_the_day_after_the_death(built: dict[str, Chronology]) -> None:
    """The strategy discussion interval is the death's interval moved on by exactly one day."""
    frame = built[HERTS].frame
    death = _one(frame, event_type=EventType.DEATH.value, subject="baby")
    talk = _one(frame, event_type=EventType.STRATEGY_DISCUSSION.value)
    one_day = pd.Timedelta(days=1)
    assert talk[Column.DATE_START] - death[Column.DATE_START] == one_day
    assert talk[Column.DATE_END] - death[Column.DATE_END] == one_day


def test_northamptonshire_pregnancy_known_two_weeks_before_the_birth(built: dict[str, Chronology]) -> None:
    """The concealed pregnancy becomes known exactly two weeks before the birth, at both ends of the interval."""
    frame = built[NORTHANTS].frame
    found = _one(frame, event_type=EventType.PREGNANCY.value)
    birth = _one(frame, event_type=EventType.BIRTH.value, subject="baby")
    two_weeks = pd.Timedelta(days=14)
    assert birth[Column.DATE_START] - found[Column.DATE_START] == two_weeks
    assert birth[Column.DATE_END] - found[Column.DATE_END] == two_weeks


def test_northamptonshire_events_before_the_birth(built: dict[str, Chronology]) -> None:
    """The 2020 car park incident is dated; the restraining order breach and the NSPCC referral are undated."""
    frame = built[NORTHANTS].frame
    car_park = _one(frame, agency="Police", event_type=EventType.INCIDENT.value, subject="sibling")
    assert (car_park[Column.DATE_START], car_park[Column.DATE_END]) == (_day("2020-01-01"), _day("2020-12-31"))
    nspcc = _one(frame, agency="NSPCC")
    assert nspcc[Column.EVENT_TYPE] == EventType.REFERRAL.value and pd.isna(nspcc[Column.DATE_START])
    breach = _one(frame, event_type=EventType.INCIDENT.value, subject="ex-partner")
    assert pd.isna(breach[Column.DATE_START])


def test_barking_dagenham_health_visiting_gap_of_six_months_before_the_death(built: dict[str, Chronology]) -> None:
    """No health visiting contact from March 2018 to the death: over six months by the review's dates.

    Up to the end of the review period (the death, autumn 2018) the open gap may exceed six months; up to
    October 2018, the end the review itself gives, it certainly does (184 to 244 days).
    """
    chronology = built[BARKING]
    contact = _one(chronology.frame, agency="Health visiting", date_text="March 2018")
    for end, exceeds, lo, hi in ((None, {"yes", "possibly"}, 154, 274), ("October 2018", {"yes"}, 184, 244)):
        gaps = find_gaps(chronology.frame, cases=chronology.cases, agencies=["Health visiting"], end=end)
        after = _one(gaps, from_event_id=contact[Column.EVENT_ID])
        assert after["to_event_id"] == ""  # open: no later contact before the window ends
        assert (after["gap_min_days"], after["gap_max_days"]) == (lo, hi)
        assert after["exceeds"] in exceeds
    death = _one(chronology.frame, event_type=EventType.DEATH.value)
    assert death[Column.DATE_START] > contact[Column.DATE_END]


def test_barking_dagenham_perinatal_referral_not_attended(built: dict[str, Chronology]) -> None:
    """The GP's February 2018 referral is dated; the non-attendance and discharge are undated rows."""
    frame = built[BARKING].frame
    referral = _one(frame, agency="GP", event_type=EventType.REFERRAL.value)
    assert (referral[Column.DATE_START], referral[Column.DATE_END]) == (_day("2018-02-01"), _day("2018-02-28"))
    missed = _one(frame, agency="Perinatal mental health", event_type=EventType.MISSED_APPOINTMENT.value)
    assert pd.isna(missed[Column.DATE_START])


def test_barking_dagenham_police_incident_december_2017(built: dict[str, Chronology]) -> None:
    """The December 2017 fight is a police incident; the midwife's referral that named the hammer is kept."""
    frame = built[BARKING].frame
    fight = _one(frame, agency="Police", event_type=EventType.INCIDENT.value)
    assert (fight[Column.DATE_START], fight[Column.DATE_END]) == (_day("2017-12-01"), _day("2017-12-31"))
    midwife = _one(frame, agency="Maternity", event_type=EventType.REFERRAL.value)
    assert "hammer" in midwife[Column.DESCRIPTION]


def test_norfolk_every_row_is_undated_and_kept(built: dict[str, Chronology]) -> None:
    """The Norfolk article gives no dates: every row is kept, undated and flagged, none given a made-up date."""
    frame = built[NORFOLK].frame
    assert len(frame) == sum(1 for case, *_ in SOURCE_ROWS if case == NORFOLK)
    assert frame[Column.DATE_START].isna().all()
    assert frame[Column.ISSUES].str.split(ISSUE_SEPARATOR).map(lambda c: IssueCode.UNDATED.value in c).all()
    assert _one(frame, event_type=EventType.DEATH.value)[Column.SUBJECT] == "child-ak"


def test_tower_hamlets_two_children_in_one_case(built: dict[str, Chronology]) -> None:
    """One review, two child subjects, each with a death row; Nyema's hospital admission; the housing list."""
    chronology = built[TOWER]
    assert list(chronology.cases) == [TOWER]
    children = [s.id for s in chronology.cases[TOWER].subjects if s.role == "child"]
    assert children == ["salman", "nyema"]
    frame = chronology.frame
    deaths = frame[frame[Column.EVENT_TYPE] == EventType.DEATH.value]
    assert sorted(deaths[Column.SUBJECT]) == ["nyema", "salman"]
    _one(frame, event_type=EventType.HOSPITAL_ADMISSION.value, subject="nyema")
    housing = _one(frame, agency="Housing")
    assert (housing[Column.DATE_START], housing[Column.DATE_END]) == (_day("2011-01-01"), _day("2011-12-31"))
    (period,) = [p for p in chronology.cases[TOWER].periods if p.agency == "Housing"]
    assert period.start.start == dt.date(2011, 1, 1) and period.end is None
    plans = frame[frame[Column.AGENCY] == "Children's social care"][Column.EVENT_TYPE]
    assert sorted(plans) == [EventType.PLAN_END.value, EventType.PLAN_START.value]


# --- every row cites its seed ----------------------------------------------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@needs_seeds
@pytest.mark.parametrize(("name", "file", "row", "record"), SOURCE_ROWS, ids=ROW_IDS)
def test_row_cites_a_seed_paragraph_that_has_its_date_wording(
    name: str, file: str, row: int, record: dict[str, str]
) -> None:
    """The cited paragraphs exist in the seed, and together contain the row's date wording word for word."""
    match = SOURCE.match(record["Source"])
    assert match, record["Source"]
    seed = SEEDS / match["file"]
    assert seed.is_file(), f"{file} row {row}: no seed file {match['file']}"
    paragraphs = _paragraphs(seed)
    numbers = _cited(match["paras"])
    assert all(1 <= n <= len(paragraphs) for n in numbers), f"{file} row {row}: {match['paras']}"
    cited = _normal(" ".join(paragraphs[n - 1] for n in numbers))
    assert _normal(record["Date"]) in cited, f"{file} row {row}: {record['Date']!r} not in {match['paras']}"


@needs_seeds
@pytest.mark.parametrize("name", NAMES)
def test_case_cites_one_seed_file(name: str) -> None:
    """All rows of a case cite the same seed article."""
    files = {SOURCE.match(r["Source"])["file"] for case, _, _, r in SOURCE_ROWS if case == name}  # type: ignore[index]
    assert len(files) == 1


@needs_seeds
@pytest.mark.parametrize(("name", "file", "row", "record"), SOURCE_ROWS, ids=ROW_IDS)
def test_row_details_are_not_copied_from_the_article(name: str, file: str, row: int, record: dict[str, str]) -> None:
    """Details are written afresh: no run of seven words is taken over from the seed article."""
    match = SOURCE.match(record["Source"])
    assert match
    words = re.findall(r"[\w']+", _normal((SEEDS / match["file"]).read_text(encoding="utf-8")).replace("’", "'"))
    article = {tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)}
    mine = re.findall(r"[\w']+", _normal(record["Details"]))
    copied = [" ".join(mine[i : i + COPIED_WORDS]) for i in range(len(mine) - COPIED_WORDS + 1)]
    assert [c for c in copied if tuple(c.split()) in article] == []
