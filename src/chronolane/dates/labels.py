"""One date display rule for people, used by every output: the wording as written and its normalised form.

"In February 2018 (Feb 2018)", "autumn 2018 (Sep–Nov 2018)", "c. 2015 (about 2015)", "six months later
(Oct 2015)", "14/06/2018 (14 Jun 2018)"; a date that is its own normalised form is shown once; a missing date
says "date not known"; a date that could not be read keeps its wording and says so. Precision is never
added: a month stays a month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.schema.columns import Column, IssueCode, Precision

NOT_KNOWN = "date not known"
NOT_READ = "not read as a date"

#: Precisions shown as one calendar unit; every other precision is shown as the span it covers.
_UNIT_FORMAT = {Precision.DAY: "%-d %b %Y", Precision.MONTH: "%b %Y", Precision.YEAR: "%Y"}


def normalised_date(start: pd.Timestamp, end: pd.Timestamp, precision: str, approx: bool) -> str:
    """The interval in a reader's words: "14 Jun 2018", "Jun 2018", "Sep–Nov 2018", "about 2015"."""
    if pd.isna(start) or pd.isna(end):
        return ""
    fmt = _UNIT_FORMAT.get(precision)  # type: ignore[call-overload]
    if fmt is not None and (precision != Precision.DAY or start == end):
        text = start.strftime(fmt)
    elif start.year != end.year:
        day = start.day != 1 or end != end + pd.offsets.MonthEnd(0)
        fmt = "%-d %b %Y" if day else "%b %Y"
        if start.month == 1 and end.month == 12 and not day:
            fmt = "%Y"
        text = f"{start.strftime(fmt)}–{end.strftime(fmt)}"
    elif start.day == 1 and end == end + pd.offsets.MonthEnd(0):
        text = start.strftime("%b %Y") if start.month == end.month else f"{start:%b}–{end:%b %Y}"
    elif start.month == end.month:
        text = f"{start.day}–{end.day} {end:%b %Y}"
    else:
        text = f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"about {text}" if approx else text


def normalised_dates(frame: pd.DataFrame) -> pd.Series:
    """``normalised_date`` of every row: one-unit dates (day, month, year) formatted as whole columns, spans
    once per distinct interval."""
    start, end = pd.to_datetime(frame[Column.DATE_START]), pd.to_datetime(frame[Column.DATE_END])
    precision = frame[Column.DATE_PRECISION].astype("str").fillna("")
    approx = frame[Column.DATE_APPROX].fillna(False).astype(bool)
    text = pd.Series("", index=frame.index, dtype="str")
    one_day = precision.eq(Precision.DAY) & start.eq(end)
    for unit, fmt in _UNIT_FORMAT.items():
        rows = (one_day if unit == Precision.DAY else precision.eq(unit)) & start.notna()
        codes, days = pd.factorize(start[rows])  # strftime with %-d is slow: format each distinct day once
        text[rows] = days.strftime(fmt).to_numpy(dtype=object)[codes]
    spans = (text == "") & start.notna() & end.notna()
    if spans.any():
        keys = pd.DataFrame({"start": start[spans], "end": end[spans], "precision": precision[spans]})
        distinct = keys.drop_duplicates()
        words = [normalised_date(s, e, p, False) for s, e, p in distinct.itertuples(index=False)]
        found = distinct.assign(words=words)
        text[spans] = keys.merge(found, how="left", on=["start", "end", "precision"])["words"].to_numpy()
    return text.where(~approx | (text == ""), "about " + text).astype("str")


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """The date of every row for people: wording as written, then the normalised form in brackets.

    Reads date_text, date_start, date_end, date_precision, date_approx and issues, as whole columns.
    """
    issues = frame[Column.ISSUES].astype("str") if Column.ISSUES in frame else pd.Series("", index=frame.index)
    unread = issues.str.contains(f"(?:^|;)(?:{IssueCode.UNPARSED_DATE}|{IssueCode.INVALID_DATE})", regex=True)
    written = frame[Column.DATE_TEXT].astype("str").fillna("").str.strip()
    normalised = normalised_dates(frame)
    same = written.str.casefold().str.removeprefix("in ") == normalised.str.casefold()
    choices = [
        (normalised == "") & (written == ""),
        (normalised == "") & unread.fillna(False).astype(bool),
        normalised == "",
        written == "",
        same,
    ]
    labels = np.select(
        [c.to_numpy(dtype=bool) for c in choices],
        [
            NOT_KNOWN,
            (written + f" ({NOT_READ})").to_numpy(dtype=object),
            (written + f" ({NOT_KNOWN})").to_numpy(dtype=object),
            normalised.to_numpy(dtype=object),
            written.to_numpy(dtype=object),
        ],
        (written + " (" + normalised + ")").to_numpy(dtype=object),
    )
    return pd.Series(labels, index=frame.index, dtype="str", name="date")
