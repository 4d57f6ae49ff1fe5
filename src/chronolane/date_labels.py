"""One date display rule for people, used by every output: the wording as written and its normalised form.

"In February 2018 (Feb 2018)", "autumn 2018 (Sep–Nov 2018)", "c. 2015 (about 2015)", "six months later
(Oct 2015)", "14/06/2018 (14 Jun 2018)"; a date that is its own normalised form is shown once; a missing date
says "date not known"; a date that could not be read keeps its wording and says so. Precision is never
added: a month stays a month.
"""

from __future__ import annotations

import pandas as pd

from chronolane.schema import Column, IssueCode, Precision

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


def _label(written: str, normalised: str, unread: bool) -> str:
    written = written.strip()
    if not normalised:
        if not written:
            return NOT_KNOWN
        return f"{written} ({NOT_READ})" if unread else f"{written} ({NOT_KNOWN})"
    if not written:
        return normalised
    if written.casefold().removeprefix("in ") == normalised.casefold():
        return written
    return f"{written} ({normalised})"


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """The date of every row for people: wording as written, then the normalised form in brackets.

    Reads date_text, date_start, date_end, date_precision, date_approx and issues; computes each distinct
    combination once.
    """
    issues = frame[Column.ISSUES].astype("str") if Column.ISSUES in frame else pd.Series("", index=frame.index)
    unread = issues.str.contains(f"(?:^|;)(?:{IssueCode.UNPARSED_DATE}|{IssueCode.INVALID_DATE})", regex=True)
    keys = pd.DataFrame(
        {
            "written": frame[Column.DATE_TEXT].astype("str").fillna(""),
            "start": pd.to_datetime(frame[Column.DATE_START]),
            "end": pd.to_datetime(frame[Column.DATE_END]),
            "precision": frame[Column.DATE_PRECISION].astype("str").fillna(""),
            "approx": frame[Column.DATE_APPROX].fillna(False).astype(bool),
            "unread": unread.fillna(False).astype(bool),
        },
        index=frame.index,
    )
    if keys.empty:
        return pd.Series([], index=frame.index, dtype="str", name="date")
    codes, uniques = pd.MultiIndex.from_frame(keys).factorize()
    labels = [
        _label(written, normalised_date(start, end, precision, approx), unread)
        for written, start, end, precision, approx, unread in uniques
    ]
    return pd.Series(pd.Index(labels, dtype="str")[codes], index=frame.index, dtype="str", name="date")
