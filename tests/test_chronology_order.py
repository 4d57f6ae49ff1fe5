"""The merged chronology's order: by date, but each source's rows in the order it wrote them unless dates force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from chronolane import build_chronology
from chronolane.chronology.build import _in_file_order, _packed
from chronolane.schema.columns import Column

TODAY = dt.date(2026, 1, 1)


def _build(tmp_path: Path, files: dict[str, str], toml: str = "") -> list[str]:
    folder = tmp_path / "case"
    folder.mkdir()
    for name, rows in files.items():
        (folder / name).write_text("Date,Details\n" + rows, encoding="utf-8")
    if toml:
        (folder / "case.toml").write_text(toml, encoding="utf-8")
    frame = build_chronology(folder, today=TODAY).frame
    return frame[Column.DESCRIPTION].tolist()


def test_a_relative_row_stays_after_the_row_before_it_when_a_vaguer_row_follows(tmp_path: Path) -> None:
    """'two weeks later' (the birth) stays before 'in 2021' (the death), though 2021 starts earlier."""
    order = _build(tmp_path, {"family.csv": "March 2021,pregnancy found\ntwo weeks later,birth\nin 2021,death\n"})
    assert order == ["pregnancy found", "birth", "death"]


def test_a_source_row_the_dates_force_earlier_moves_earlier(tmp_path: Path) -> None:
    """A row written after a later date goes before it when its interval ends before that date starts."""
    order = _build(tmp_path, {"gp.csv": "2018,annual review\nMarch 2017,earlier visit\n"})
    assert order == ["earlier visit", "annual review"]


def test_a_vague_row_that_can_follow_its_predecessor_does(tmp_path: Path) -> None:
    """'2018' written after 'March 2018' stays after it: its interval allows it."""
    order = _build(tmp_path, {"gp.csv": "March 2018,first\n2018,second\n"})
    assert order == ["first", "second"]


def test_other_sources_interleave_by_date(tmp_path: Path) -> None:
    """Rows of other sources still sort by date around a source's rows."""
    files = {
        "a.csv": "March 2021,a1\n2021,a2\n",
        "b.csv": "01/02/2021,b1\n01/06/2021,b2\n",
    }
    order = _build(tmp_path, files, '[[sources]]\nfile = "a.csv"\n[[sources]]\nfile = "b.csv"\n')
    assert order == ["b1", "a1", "a2", "b2"]


def test_rows_on_the_same_day_sort_by_time_of_day(tmp_path: Path) -> None:
    """A 09:00 row of a later file comes before a 14:00 row of an earlier file on the same day."""
    files = {"a.csv": "03/04/2018 14:00,afternoon\n", "b.csv": "03/04/2018 09:00,morning\n"}
    order = _build(tmp_path, files, '[[sources]]\nfile = "a.csv"\n[[sources]]\nfile = "b.csv"\n')
    assert order == ["morning", "afternoon"]


def test_undated_rows_stay_beside_their_source_neighbours(tmp_path: Path) -> None:
    """An undated row follows its source's previous row; at the start of a source it precedes the next."""
    files = {
        "a.csv": "n/k,undated first\n01/01/2019,a dated\nunknown,undated after\n",
        "b.csv": "01/06/2018,b early\n01/06/2020,b late\n",
    }
    order = _build(tmp_path, files, '[[sources]]\nfile = "a.csv"\n[[sources]]\nfile = "b.csv"\n')
    assert order == ["b early", "undated first", "a dated", "undated after", "b late"]


def test_a_source_without_any_date_comes_last(tmp_path: Path) -> None:
    """With no dated row to stand beside, a source's rows come after every dated row of the case."""
    files = {"a.csv": "n/k,nothing dated\n", "b.csv": "01/06/2018,dated\n"}
    order = _build(tmp_path, files, '[[sources]]\nfile = "a.csv"\n[[sources]]\nfile = "b.csv"\n')
    assert order == ["dated", "nothing dated"]


def test_a_schools_split_year_is_an_academic_year_and_others_are_both_calendar_years(tmp_path: Path) -> None:
    """year_style auto: 2018/19 in a school's file is September to August; elsewhere the two calendar years."""
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "school.csv").write_text("Date,Details\n2018/19,attendance concerns\n", encoding="utf-8")
    (folder / "council.csv").write_text("Date,Details\n2018/19,budget year\n", encoding="utf-8")
    (folder / "housing.csv").write_text("Date,Details\n2018/19,rent arrears\n", encoding="utf-8")
    toml = (
        '[[sources]]\nfile = "school.csv"\nagency = "School"\n'
        '[[sources]]\nfile = "council.csv"\nagency = "Housing"\n'
        '[[sources]]\nfile = "housing.csv"\nagency = "Housing"\nyear_style = "financial"\n'
    )
    (folder / "case.toml").write_text(toml, encoding="utf-8")
    frame = build_chronology(folder, today=TODAY).frame.set_index(Column.DESCRIPTION)
    reads = {
        name: (str(row[Column.DATE_START].date()), str(row[Column.DATE_END].date()), row[Column.EDTF])
        for name, row in frame.iterrows()
    }
    assert reads == {
        "attendance concerns": ("2018-09-01", "2019-08-31", "2018-09/2019-08"),
        "budget year": ("2018-01-01", "2019-12-31", "2018/2019"),
        "rent arrears": ("2018-04-01", "2019-03-31", "2018-04/2019-03"),
    }


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.one_of(st.integers(-(10**8), 10**8), st.just(None))), min_size=1, max_size=60
    )
)
def test_one_packed_integer_key_sorts_exactly_as_case_then_date_then_file_order(rows: list) -> None:
    """The fast sort (one int64 key, stable) and the reference (a lexicographic sort of every key) agree."""
    case = np.array([c for c, _ in rows], dtype=np.int64)
    key = np.array([np.inf if k is None else float(k) for _, k in rows])
    file_row = np.arange(len(rows))
    packed = _packed(case, key)
    assert packed is not None
    reference = np.lexsort((file_row, np.zeros(len(rows)), key, case))
    assert np.argsort(packed, kind="stable").tolist() == reference.tolist()


def test_keys_too_wide_for_one_integer_are_not_packed() -> None:
    case = np.array([0, 2**40], dtype=np.int64)
    assert _packed(case, np.array([0.0, 2.0**30])) is None
    assert _packed(case, np.array([0.0, 2.0**20])) is not None


def test_rows_out_of_file_order_are_recognised() -> None:
    assert _in_file_order(np.array([0, 0, 1, 1]), np.array([2, 3, 2, 5]))
    assert _in_file_order(np.array([0, 0]), np.array([4, 4]))
    assert not _in_file_order(np.array([0, 0, 1]), np.array([3, 2, 9]))
    assert not _in_file_order(np.array([1, 0]), np.array([2, 3]))
