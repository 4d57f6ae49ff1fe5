"""parse_dates: a whole column, date order decided per source, relative rows resolved in file order."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import chronolane.dates.distinct as distinct
from chronolane.dates import parse_date, parse_dates
from chronolane.errors import UsageError
from chronolane.schema.columns import Column

OUTPUT = [c.value for c in (Column.DATE_START, Column.DATE_END, Column.DATE_PRECISION, Column.DATE_APPROX,
                            Column.TIME, Column.EDTF, Column.ISSUES)]  # fmt: skip

#: Spellings of every rule, read the same by the column path and by parse_date.
SPELLINGS = [
    "03/04/2018", "3/4/18", "03.04.18", "03-04-2018", "2018-04-03", "2018/04/03", "2018-04-03 14:30",
    "2018-04-03T09:05:00", "2018-02-30", "2018-04-03 25:00", "43193", "43193.0", "19999", "3rd April 2018",
    "03-Apr-18", "April 3, 2018", "Wed 03/04/2018", "03/04/2018 2.30pm", "April 2018", "Apr-18", "04/2018",
    "2018-04", "2018", "1990s", "00/04/2018", "00/00/2018", "0/4/2018", "autumn 2018", "winter 2017/18",
    "early 2015", "mid-March 2018", "Q3 2019", "first half of 2018", "w/c 12/03/2018", "w/e 18/03/2018",
    "12/03/2018 - 16/03/2018", "12-16 March 2018", "March to October 2018", "c. 2014", "2014?", "n/k", "",
    "TBC", "31/02/2018", "29/02/2017", "29/02/2016", "32/01/2018", "30/13/2018", "16/03/2018 - 12/03/2018",
    "yesterday", "banana", " 03/04/2018 ", "13/04/2018", "00/13/2018", "31/12/69", "01/01/70",
    "w/c 03/04/2018", "W/E 01/03/2016", "w/c 31/02/2018", "week ending 13/04/2018", "w/c 00/04/2018",
    "12.03.2018 - 16.03.2018", "12/03/2018-31/02/2018", "03/04/2018 - 04/13/2018", "04/03/2018 - 03/04/2018",
    "Sunday, April 3, 2018", "Tue 3 April 2018", "Wed 3-Apr-18", "April 0000", "31 Feb 2018", "May 2018",
    "sept. 2018", "APRIL 3RD, 2018", "3 April 2018", "04/13/2018", "01/01/0000", "0000-01-01", "2018-04-03 24:00",
]  # fmt: skip


def _expected(parsed: object) -> tuple:
    p = parsed
    start = pd.Timestamp(p.start) if p.start else pd.NaT  # type: ignore[attr-defined]
    end = pd.Timestamp(p.end) if p.end else pd.NaT  # type: ignore[attr-defined]
    precision = p.precision.value if p.precision else ""  # type: ignore[attr-defined]
    return (start, end, precision, p.approx, p.time, p.edtf, ";".join(p.issues))  # type: ignore[attr-defined]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(row) for row in frame[OUTPUT].itertuples(index=False)]


def test_output_has_the_documented_columns_and_types() -> None:
    """The result has the seven date columns, datetime64[s] intervals, categorical texts and bool approx."""
    out = parse_dates(pd.Series(["03/04/2018", "n/k"]))
    assert list(out.columns) == OUTPUT
    assert out[Column.DATE_START.value].dtype == "datetime64[s]"
    assert out[Column.DATE_END.value].dtype == "datetime64[s]"
    assert out[Column.DATE_APPROX.value].dtype == bool
    for name in (Column.DATE_PRECISION, Column.TIME, Column.EDTF, Column.ISSUES):
        assert isinstance(out[name.value].dtype, pd.CategoricalDtype)
        assert out[name.value].cat.categories.dtype == "str"
    assert out[Column.DATE_PRECISION.value].tolist() == ["day", ""]


def test_column_path_reads_every_spelling_as_parse_date_does() -> None:
    """Fast paths and rules agree: each row of the column reads as parse_date reads its text alone."""
    out = parse_dates(pd.Series(SPELLINGS), order="dmy")
    assert _rows(out) == [_expected(parse_date(text)) for text in SPELLINGS]


def test_each_row_as_its_own_source_reads_as_parse_date_in_auto_order() -> None:
    """With one row per source, auto order in the column matches parse_date(order='auto') for every spelling."""
    out = parse_dates(pd.Series(SPELLINGS), sources=pd.Series(range(len(SPELLINGS))))
    assert _rows(out) == [_expected(parse_date(text, order="auto")) for text in SPELLINGS]


def test_index_is_kept_and_missing_values_are_undated() -> None:
    """The result is on the input's index; a missing cell is undated, never dropped."""
    texts = pd.Series(["03/04/2018", None, np.nan, "2018"], index=[10, 5, 7, 3], dtype=object)
    out = parse_dates(texts)
    assert list(out.index) == [10, 5, 7, 3]
    assert list(out[Column.ISSUES.value]) == ["", "undated", "undated", ""]


def test_empty_column_gives_an_empty_frame() -> None:
    """No rows in, no rows out, with the same columns."""
    out = parse_dates(pd.Series([], dtype="str"))
    assert list(out.columns) == OUTPUT and len(out) == 0


def test_each_distinct_spelling_is_read_by_the_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Repeated spellings are read once (per order), whatever the number of rows."""
    calls: list[str] = []
    original = distinct.read_text

    def counting(text: str, order: object) -> object:
        calls.append(text)
        return original(text, order)  # type: ignore[arg-type]

    monkeypatch.setattr(distinct, "read_text", counting)
    texts = pd.Series(["c. 3 April 2018", "autumn 2018", "12/03 - 16/03/2018", "3 April 2018"] * 1000)
    out = parse_dates(texts)
    assert len(out) == 4000
    assert sorted(calls) == ["12/03 - 16/03/2018", "12/03 - 16/03/2018", "autumn 2018", "c. 3 April 2018"]


class TestDateOrderPerSource:
    """Rule 2 across a column: month-first only where a source's dates allow nothing else."""

    TEXTS = pd.Series(["04/13/2018", "13/04/2018", "03/04/2018", "03/04/2018", "05/06/2018", "13/04/2018",
                       "04/13/2018", "3 April 2018", "03/04/2018"])  # fmt: skip
    SOURCES = pd.Series(["us", "uk", "us", "uk", "us", "mixed", "mixed", "us", "mixed"])

    def test_month_first_source_is_read_month_first_and_flagged(self) -> None:
        """A source with a second field above 12 and no first field above 12 is read month-first."""
        out = parse_dates(self.TEXTS, sources=self.SOURCES)
        us = out[self.SOURCES == "us"]
        assert list(us[Column.DATE_START.value].dt.date) == [
            dt.date(2018, 4, 13), dt.date(2018, 3, 4), dt.date(2018, 5, 6), dt.date(2018, 4, 3)
        ]  # fmt: skip
        assert list(us[Column.ISSUES.value]) == ["date-order-mdy"] * 3 + [""]

    def test_day_first_source_is_unflagged(self) -> None:
        """A source with day-first evidence only is read day-first with no order flag."""
        out = parse_dates(self.TEXTS, sources=self.SOURCES)
        uk = out[self.SOURCES == "uk"]
        assert list(uk[Column.DATE_START.value].dt.date) == [dt.date(2018, 4, 13), dt.date(2018, 4, 3)]
        assert list(uk[Column.ISSUES.value]) == ["", ""]

    def test_source_with_evidence_both_ways_flags_the_ambiguous_rows(self) -> None:
        """With evidence both ways, day-first is kept and rows readable either way are ambiguous."""
        out = parse_dates(self.TEXTS, sources=self.SOURCES)
        mixed = out[self.SOURCES == "mixed"]
        assert list(mixed[Column.ISSUES.value]) == ["", "invalid-date", "ambiguous-date-order"]
        assert mixed[Column.DATE_START.value].iloc[2] == pd.Timestamp("2018-04-03")

    def test_without_sources_the_whole_column_is_one_source(self) -> None:
        """sources=None treats every row as one source (here: evidence both ways)."""
        out = parse_dates(self.TEXTS)
        assert (out[Column.ISSUES.value] == "ambiguous-date-order").sum() == 4
        assert not out[Column.ISSUES.value].str.contains("date-order-mdy").any()

    def test_a_set_order_overrides_the_evidence(self) -> None:
        """order='dmy' reads every numeric date day-first, even in a month-first-looking source."""
        out = parse_dates(self.TEXTS, sources=self.SOURCES, order="dmy")
        assert out[Column.ISSUES.value].iloc[0] == "invalid-date"
        assert not out[Column.ISSUES.value].str.contains("order").any()

    def test_order_can_be_given_per_row(self) -> None:
        """A per-row order Series sets month-first for one source and leaves the others to auto."""
        orders = self.SOURCES.map({"uk": "mdy"}).fillna("auto")
        out = parse_dates(self.TEXTS, sources=self.SOURCES, order=orders)
        uk = out[self.SOURCES == "uk"]
        assert list(uk[Column.ISSUES.value]) == ["invalid-date", ""]
        assert uk[Column.DATE_START.value].iloc[1] == pd.Timestamp("2018-03-04")
        assert out[Column.ISSUES.value].iloc[0] == "date-order-mdy"

    def test_an_unknown_order_value_is_a_usage_error(self) -> None:
        """A per-row order other than auto, dmy or mdy names the bad value."""
        with pytest.raises(UsageError, match="'ymd'"):
            parse_dates(self.TEXTS, order=pd.Series(["ymd"] * len(self.TEXTS)))


class TestRelativeRows:
    """Rule 13 across a column: the previous dated row of the same source, in file order."""

    def test_relative_rows_chain_skip_undated_rows_and_stay_in_their_source(self) -> None:
        """Chains resolve in order; undated rows are skipped; other sources' rows are never anchors."""
        texts = pd.Series(["12/03/2018", "April 2015", "the following day", "n/k", "six months later",
                           "the following day", "the following month", "a year later"])  # fmt: skip
        sources = pd.Series(["a", "b", "a", "a", "b", "a", "b", "b"])
        out = parse_dates(texts, sources=sources)
        starts = [d.date() if not pd.isna(d) else None for d in out[Column.DATE_START.value]]
        ends = [d.date() if not pd.isna(d) else None for d in out[Column.DATE_END.value]]
        assert starts == [
            dt.date(2018, 3, 12), dt.date(2015, 4, 1), dt.date(2018, 3, 13), None,
            dt.date(2015, 10, 1), dt.date(2018, 3, 14), dt.date(2015, 11, 1), dt.date(2016, 11, 1),
        ]  # fmt: skip
        assert ends[4] == dt.date(2015, 10, 31) and ends[7] == dt.date(2016, 11, 30)
        assert list(out[Column.DATE_PRECISION.value]) == ["day", "month", "day", "", "month", "day", "month", "month"]
        assert list(out[Column.EDTF.value])[4] == "2015-10"
        assert list(out[Column.ISSUES.value]) == ["", "", "relative-date", "undated"] + ["relative-date"] * 4

    def test_relative_rows_before_any_dated_row_are_unanchored(self) -> None:
        """A relative row with no earlier dated row in its source has no interval and is flagged."""
        texts = pd.Series(["the following day", "03/04/2018", "the next day", "two days later", "banana"])
        sources = pd.Series(["a", "b", "a", "b", "a"])
        out = parse_dates(texts, sources=sources)
        assert list(out[Column.ISSUES.value]) == [
            "unanchored-relative-date", "", "unanchored-relative-date", "relative-date", "unparsed-date"
        ]  # fmt: skip
        assert out[Column.DATE_START.value].iloc[3] == pd.Timestamp("2018-04-05")
        assert out[Column.DATE_START.value].isna().tolist() == [True, False, True, False, True]

    def test_relative_rows_match_parse_date_with_the_same_anchor(self) -> None:
        """A column's relative row reads as parse_date(text, after=previous row's reading)."""
        pairs = [("29/02/2016", "a year later"), ("c. 2014", "two years later"), ("autumn 2018", "6 months later"),
                 ("31/01/2018", "one month later"), ("w/c 26/02/2018", "the following week"),
                 ("12/03/2018 14:30", "the same day"), ("March-April 2018", "a month later")]  # fmt: skip
        texts = pd.Series([t for pair in pairs for t in pair])
        sources = pd.Series([i // 2 for i in range(len(texts))])
        out = parse_dates(texts, sources=sources, order="dmy")
        expected = [_expected(parse_date(rel, after=parse_date(anchor))) for anchor, rel in pairs]
        assert _rows(out)[1::2] == expected


def test_sources_on_another_index_are_refused() -> None:
    """Source keys must cover every row of the texts: a misaligned Series is a usage error, not one source."""
    texts = pd.Series(["03/04/2018", "04/13/2018"], index=[5, 6])
    with pytest.raises(UsageError, match="sources"):
        parse_dates(texts, sources=pd.Series(["a", "b"]))


def test_sources_are_aligned_on_the_index() -> None:
    """Source keys given in another order are matched to the texts by index label."""
    texts = pd.Series(["04/13/2018", "03/04/2018", "13/04/2018"], index=[2, 1, 0])
    out = parse_dates(texts, sources=pd.Series(["uk", "us", "us"], index=[0, 1, 2]))
    assert list(out[Column.ISSUES.value]) == ["date-order-mdy", "date-order-mdy", ""]
