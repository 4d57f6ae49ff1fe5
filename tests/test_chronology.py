"""Building the integrated chronology: every record once, traced to its source, dated, typed and checked."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from chronolane.chronology.build import build_chronology
from chronolane.chronology.io import open_chronology, read_chronology, write_chronology
from chronolane.errors import CaseError, SourceError
from chronolane.schema.columns import COLUMNS, Column

TODAY = dt.date(2026, 11, 22)

POLICE = (
    "Date of incident,Category,Summary,Officer\n"
    "In October 2015,Incident,Called to a dispute; father arrested,PC 101\n"
    "the following day,Notification,Notification not sent to children's services,PC 101\n"
    "03/04/2018,Incident,Disturbance at the flat,PC 202\n"
)
HEALTH = (
    "Event date,Contact type,Details,Child\n"
    "12/05/2015,New birth visit,Visit at home; baby feeding well,Baby\n"
    "March 2018,DNA,No access at the flat,baby\n"
    "n/k,Home visit,Undated visit recorded in the notes,\n"
    "03/04/2018,Home visit,Disturbance at the flat,Sibling\n"
)
CASE_TOML = """
case_id = "demo"
[review_period]
start = "2015"
end = "2018"
[[subjects]]
id = "child"
name = "Baby boy"
born = "April 2015"
died = "May 2018"
aliases = ["baby"]
[[sources]]
file = "police.csv"
agency = "Police"
"""


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "police.csv").write_text(POLICE, encoding="utf-8")
    (folder / "health-visiting.csv").write_text(HEALTH, encoding="utf-8")
    (folder / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    return folder


def test_every_record_appears_once_with_the_fixed_columns_first(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    assert len(frame) == 7
    assert tuple(frame.columns[: len(COLUMNS)]) == COLUMNS
    assert sorted(zip(frame[Column.SOURCE_FILE], frame[Column.SOURCE_ROW], strict=True)) == [
        ("health-visiting.csv", 2), ("health-visiting.csv", 3), ("health-visiting.csv", 4),
        ("health-visiting.csv", 5), ("police.csv", 2), ("police.csv", 3), ("police.csv", 4),
    ]  # fmt: skip
    assert frame[Column.EVENT_ID].is_unique


def test_cell_text_is_preserved_and_unmatched_columns_are_kept(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    police = frame[frame[Column.SOURCE_FILE] == "police.csv"].sort_values(Column.SOURCE_ROW)
    source = pd.read_csv(io.StringIO(POLICE), dtype=str, keep_default_na=False)
    assert police[Column.DATE_TEXT].tolist() == source["Date of incident"].tolist()
    assert police[Column.TYPE_TEXT].tolist() == source["Category"].tolist()
    assert police[Column.DESCRIPTION].tolist() == source["Summary"].tolist()
    assert police["Officer"].tolist() == source["Officer"].tolist()
    health = frame[frame[Column.SOURCE_FILE] == "health-visiting.csv"].sort_values(Column.SOURCE_ROW)
    assert health["Child"].tolist() == ["Baby", "baby", "", "Sibling"]  # the subject column is kept as written


def test_agencies_come_from_case_toml_or_the_file_name(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    by_file = frame.groupby(Column.SOURCE_FILE)[Column.AGENCY].unique().map(list).to_dict()
    assert by_file == {"police.csv": ["Police"], "health-visiting.csv": ["Health visiting"]}


def test_rows_are_sorted_by_date_with_an_undated_row_beside_its_source_neighbour(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    assert frame[Column.DATE_TEXT].tolist() == [
        "12/05/2015",
        "In October 2015",
        "the following day",
        "March 2018",
        "n/k",  # written after March 2018 in the health visiting file (issue 12: no longer last)
        "03/04/2018",
        "03/04/2018",
    ]
    same_day = frame[frame[Column.DATE_TEXT] == "03/04/2018"]
    assert same_day[Column.SOURCE_FILE].tolist() == ["police.csv", "health-visiting.csv"]  # case.toml's order


def test_relative_dates_resolve_against_the_previous_row_of_the_same_file(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    row = frame[frame[Column.DATE_TEXT] == "the following day"].iloc[0]
    assert (row[Column.DATE_START].date(), row[Column.DATE_END].date()) == (dt.date(2015, 10, 2), dt.date(2015, 11, 1))
    assert "relative-date" in row[Column.ISSUES]


def test_event_types_subjects_and_issues_are_filled(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame.set_index(Column.DATE_TEXT)
    assert frame.loc["March 2018", Column.EVENT_TYPE] == "appointment"
    assert frame.loc["March 2018", Column.ATTENDANCE] == "did-not-attend"
    assert frame.loc["12/05/2015", Column.EVENT_TYPE] == "health-visit"
    assert frame.loc["March 2018", Column.SUBJECT] == "child"
    assert "undated" in frame.loc["n/k", Column.ISSUES]
    sibling = frame[frame["Child"] == "Sibling"].iloc[0]
    assert sibling[Column.SUBJECT] == "Sibling" and "unknown-subject" in sibling[Column.ISSUES]


def test_the_same_event_from_two_agencies_is_flagged_both_ways_and_both_kept(case_dir: Path) -> None:
    frame = build_chronology(case_dir, today=TODAY).frame
    pair = frame[frame[Column.DESCRIPTION] == "Disturbance at the flat"]
    assert len(pair) == 2
    first, second = pair[Column.EVENT_ID].tolist()
    assert f"possible-duplicate:{second}" in pair.iloc[0][Column.ISSUES]
    assert f"possible-duplicate:{first}" in pair.iloc[1][Column.ISSUES]


def test_event_ids_are_stable_across_runs(case_dir: Path) -> None:
    one = build_chronology(case_dir, today=TODAY).frame
    two = build_chronology(case_dir, today=TODAY).frame
    assert one[Column.EVENT_ID].tolist() == two[Column.EVENT_ID].tolist()
    assert one[Column.EVENT_ID].str.fullmatch(r"[0-9a-f]{12}").all()


def test_dates_outside_the_subjects_life_or_in_the_future_are_warned(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text(CASE_TOML.replace('file = "police.csv"', 'file = "gp.csv"'))
    (tmp_path / "gp.csv").write_text(
        "Date,Details,Subject\n01/01/2015,Seen at clinic early,child\n01/06/2018,Seen after death,child\n"
        "01/01/2030,Planned,child\n01/01/2019,After review,\n",
        encoding="utf-8",
    )
    frame = build_chronology(tmp_path, today=TODAY).frame.set_index(Column.DESCRIPTION)
    assert "before-birth" in frame.loc["Seen at clinic early", Column.ISSUES]
    assert "after-death" in frame.loc["Seen after death", Column.ISSUES]
    assert "future-date" in frame.loc["Planned", Column.ISSUES]
    assert "outside-review-period" in frame.loc["After review", Column.ISSUES]


def test_a_file_without_a_date_column_is_read_undated_and_warns_with_its_headers_and_the_fix(tmp_path: Path) -> None:
    """Issue 10: no longer an abort; every row is kept, undated, and the summary says how to map the column."""
    (tmp_path / "gp.csv").write_text("Happened,Details\n2018,Seen\n", encoding="utf-8")
    chronology = build_chronology(tmp_path)
    assert chronology.frame[Column.DESCRIPTION].tolist() == ["Seen"]
    assert chronology.frame[Column.ISSUES].str.contains("undated").all()
    assert chronology.frame["Happened"].tolist() == ["2018"]
    (warning,) = chronology.sources[0].warnings
    assert "no date or type column found" in warning and "'Happened'" in warning
    assert '[sources.columns]\ndate = "<the header of the date column>"' in warning
    assert any("warning: no date" in line for line in chronology.summary())


def test_a_long_format_file_holds_many_cases(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(
        "case_id,Agency,Date,Type,Details\n"
        "A,HV,01/02/2018,Home visit,Seen\n"
        "B,HV,March 2019,Home visit,Seen\n"
        "A,Police,the next day,Incident,Called\n"
        "B,HV,six months later,Home visit,Seen again\n",
        encoding="utf-8",
    )
    chronology = build_chronology(path, today=TODAY)
    frame = chronology.frame
    assert set(chronology.cases) == {"A", "B"}
    assert frame[Column.CASE_ID].tolist() == ["A", "A", "B", "B"]
    later = frame[frame[Column.DATE_TEXT] == "six months later"].iloc[0]
    assert later[Column.DATE_START].date() == dt.date(2019, 9, 1) and later[Column.DATE_PRECISION] == "month"
    unanchored = frame[frame[Column.DATE_TEXT] == "the next day"].iloc[0]
    assert "unanchored-relative-date" in unanchored[Column.ISSUES]  # a police row cannot anchor on HV's rows


def test_ages_are_intervals_when_the_birth_date_is_vague(case_dir: Path) -> None:
    frame = build_chronology(case_dir, ages=True, today=TODAY).frame.set_index(Column.DATE_TEXT)
    assert frame.loc["12/05/2015", "age_child"] == "1-5 weeks"
    assert frame.loc["12/05/2015", "age_child_min_days"] == 12
    assert frame.loc["12/05/2015", "age_child_max_days"] == 41
    assert frame.loc["n/k", "age_child"] == ""


def test_a_written_chronology_reads_back_identically(case_dir: Path, tmp_path: Path) -> None:
    built = build_chronology(case_dir, today=TODAY)
    out = tmp_path / "out" / "integrated.csv"
    write_chronology(built, out)
    back = read_chronology(out).frame
    pd.testing.assert_frame_equal(back, built.frame)
    assert open_chronology(out).frame[Column.EVENT_ID].tolist() == built.frame[Column.EVENT_ID].tolist()


def test_formula_like_cells_are_escaped_in_the_csv_and_restored_on_reading(tmp_path: Path) -> None:
    source = tmp_path / "gp.csv"
    source.write_text(
        'Date,Details,Notes\n01/02/2018,=HYPERLINK("http://x"),+44 20\n01/03/2018,\'quoted,@mention\n'
        "01/04/2018,-5 kg,\uff1dSUM(A1)\n",
        encoding="utf-8",
    )
    built = build_chronology(source, today=TODAY)
    out = tmp_path / "integrated.csv"
    assert write_chronology(built, out) == 6
    raw = out.read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://x"")"' in raw and "\"''quoted\"" in raw and '"\'\uff1dSUM(A1)"' in raw
    back = read_chronology(out).frame
    assert back[Column.DESCRIPTION].tolist() == ['=HYPERLINK("http://x")', "'quoted", "-5 kg"]
    assert back["Notes"].tolist() == ["+44 20", "@mention", "\uff1dSUM(A1)"]


def test_a_chronology_read_back_with_its_case_folder_keeps_subjects_and_review_period(
    case_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "integrated.csv"
    write_chronology(build_chronology(case_dir, today=TODAY), out)
    bare = read_chronology(out)
    assert bare.cases["demo"].subjects == ()
    with_case = open_chronology(out, case=case_dir)
    assert [s.id for s in with_case.cases["demo"].subjects] == ["child"]
    assert with_case.cases["demo"].review_end is not None


def test_a_case_folder_that_does_not_match_the_chronology_is_refused(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "integrated.csv"
    write_chronology(build_chronology(case_dir, today=TODAY), out)
    other = tmp_path / "other"
    other.mkdir()
    (other / "case.toml").write_text('case_id = "someone-else"\n', encoding="utf-8")
    with pytest.raises(CaseError, match="holds no rows of case 'someone-else'"):
        read_chronology(out, case=other)


@pytest.mark.parametrize(
    ("subject_lines", "expected"),
    [
        ('born = "12/05/2015"\ndue = "19/05/2015"', "pregnancy week 26"),  # 14 weeks before the due date: 26+0
        ('born = "12/05/2015"', "13 weeks before birth"),  # no due date: weeks before the birth instead
    ],
)
def test_ages_before_birth_give_the_pregnancy_week_or_weeks_before_birth(
    tmp_path: Path, subject_lines: str, expected: str
) -> None:
    (tmp_path / "case.toml").write_text(f'[[subjects]]\nid = "child"\n{subject_lines}\n', encoding="utf-8")
    (tmp_path / "maternity.csv").write_text("Date,Details\n10/02/2015,Booking appointment\n", encoding="utf-8")
    frame = build_chronology(tmp_path, ages=True, today=TODAY).frame
    assert frame["age_child"].tolist() == [expected]


def test_a_source_column_named_like_a_fixed_column_is_kept_under_a_new_name_and_reported(tmp_path: Path) -> None:
    (tmp_path / "gp.csv").write_text("Date,Details,agency,issues\n01/02/2018,Seen,HV,none known\n", encoding="utf-8")
    built = build_chronology(tmp_path, today=TODAY)
    row = built.frame.iloc[0]
    assert row["agency (source)"] == "HV" and row[Column.AGENCY] == "Health visiting"
    assert row["issues (source)"] == "none known" and row[Column.ISSUES] == ""
    summary = "\n".join(built.summary())
    assert "column 'issues' kept as 'issues (source)'" in summary


def test_a_bidi_override_in_any_cell_is_kept_and_flagged_at_build(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text(
        "Date,Details,Officer\n01/02/2018,Paid \u202e0001\u202c to carer,PC A\n02/02/2018,Visit,PC \u2067B\n"
    )
    frame = build_chronology(path).frame
    assert frame[Column.DESCRIPTION].tolist() == ["Paid \u202e0001\u202c to carer", "Visit"]
    assert frame[Column.ISSUES].str.contains("bidi-control").tolist() == [True, True]


def test_text_without_direction_controls_is_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text(
        "Date,Details\n01/02/2018,\u05e9\u05dc\u05d5\u05dd and Arabic \u0645\u0631\u062d\u0628\u0627 text\n"
    )
    assert not build_chronology(path).frame[Column.ISSUES].str.contains("bidi-control").any()


def test_an_integrated_chronology_damaged_after_it_was_written_is_a_named_error(tmp_path: Path) -> None:
    source = tmp_path / "police.csv"
    source.write_text("Date,Details\n01/02/2018,Visit\n", encoding="utf-8")
    out = tmp_path / "integrated.csv"
    write_chronology(build_chronology(source), out)
    with out.open("a", encoding="utf-8") as handle:
        handle.write('"e1","case","unclosed\n')
    with pytest.raises(SourceError, match=r"integrated\.csv: an integrated chronology that cannot be read back"):
        read_chronology(out)


def test_a_source_row_edited_into_text_is_a_named_error_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "police.csv"
    source.write_text("Date,Details\n01/02/2018,Visit\n02/02/2018,Call\n", encoding="utf-8")
    out = tmp_path / "integrated.csv"
    write_chronology(build_chronology(source), out)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('"police.csv","3"', '"police.csv","three"')
    out.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"integrated\.csv: row 3: source_row is not a number"):
        read_chronology(out)


def test_a_date_edited_into_a_non_date_reads_back_as_no_date_and_the_others_as_dates(tmp_path: Path) -> None:
    source = tmp_path / "police.csv"
    source.write_text("Date,Details\n01/02/2018,Visit\n02/02/2018,Call\n", encoding="utf-8")
    out = tmp_path / "integrated.csv"
    write_chronology(build_chronology(source), out)
    out.write_text(out.read_text(encoding="utf-8").replace('"2018-02-02","2018-02-02"', '"2018-02-31","2018-02-02"'))
    back = read_chronology(out).frame
    assert back[Column.DATE_START].tolist() == [pd.Timestamp("2018-02-01"), pd.NaT]
    assert back[Column.DATE_END].tolist() == [pd.Timestamp("2018-02-01"), pd.Timestamp("2018-02-02")]


def test_a_binary_file_named_csv_is_not_taken_for_an_integrated_chronology(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    with pytest.raises(SourceError, match=r"photo\.csv: this is a JPEG image"):
        open_chronology(path)


def test_the_summary_shortens_a_very_long_agency_name_and_the_rows_keep_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    agency = "Police " + "x" * 500
    path.write_text(f"Date,Agency,Details\n01/02/2018,{agency},Visit\n")
    chronology = build_chronology(path)
    assert chronology.frame[Column.AGENCY].str.len().iloc[0] > 60
    assert all(len(line) < 100 for line in chronology.summary())
