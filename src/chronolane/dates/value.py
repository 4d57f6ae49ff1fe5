"""Read one date text: ``parse_date``, and ``parse_texts`` for the ``chronolane date`` command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from chronolane.dates import calendar as cal
from chronolane.dates.edtf import format_edtf
from chronolane.dates.model import ParsedDate, Reading, ShiftUnit
from chronolane.dates.order import Evidence, as_order, evidence_of
from chronolane.dates.relative import shift_interval
from chronolane.dates.rules import read_text
from chronolane.errors import UsageError
from chronolane.schema.columns import DateOrder, IssueCode, Precision, YearStyle

_STYLE_MONTH = {YearStyle.ACADEMIC: 9, YearStyle.FINANCIAL: 4}


def ordered_issues(codes: Iterable[IssueCode]) -> tuple[str, ...]:
    """Issue code values in the fixed order of ``IssueCode``."""
    present = set(codes)
    return tuple(code.value for code in IssueCode if code in present)


def _read_in_order(text: str, order: DateOrder) -> Reading:
    if order is not DateOrder.AUTO:
        return read_text(text, order)
    dmy, mdy = read_text(text, DateOrder.DMY), read_text(text, DateOrder.MDY)
    if evidence_of(dmy, mdy) is Evidence.MDY_ONLY:
        return replace(mdy, issues=mdy.issues | {IssueCode.DATE_ORDER_MDY})
    return dmy


def _anchor(after: ParsedDate | dt.date | None) -> ParsedDate | None:
    if isinstance(after, dt.date):
        return ParsedDate(after.isoformat(), after, after, Precision.DAY)
    return after if after is not None and after.is_dated else None


def parse_date(
    text: str,
    *,
    order: DateOrder | str = DateOrder.DMY,
    after: ParsedDate | dt.date | None = None,
    year_style: YearStyle | str = YearStyle.CALENDAR,
) -> ParsedDate:
    """Read one date text as an inclusive interval of days (rules in docs/dates.md).

    ``order`` reads numeric dates day-first (dmy), month-first (mdy), or (auto) month-first only when the
    text is a real date only that way. ``after`` anchors a relative phrase ("six months later"); without
    one a relative phrase has no interval and is flagged ``unanchored-relative-date`` (a yearless date
    ``yearless-date``). ``year_style`` reads a bare split year (2018/19): calendar, academic or financial.
    """
    reading = _read_in_order(text, as_order(order))
    start, end, precision, approx = reading.start, reading.end, reading.precision, reading.approx
    issues = set(reading.issues)
    first_month = _STYLE_MONTH.get(YearStyle(year_style), 0)
    if reading.split_year and first_month:
        start = dt.date(reading.split_year, first_month, 1)
        end = cal.from_day(cal.month_end(reading.split_year + 1, first_month - 1))
    if reading.shift is not None:
        yearless = reading.shift.unit is ShiftUnit.YEARLESS
        anchor = _anchor(after)
        if anchor is None:
            issues.add(IssueCode.YEARLESS_DATE if yearless else IssueCode.UNANCHORED_RELATIVE_DATE)
        else:
            start, end, precision = shift_interval(anchor, reading.shift)
            approx = approx or anchor.approx
            issues.add(IssueCode.YEAR_INFERRED if yearless else IssueCode.RELATIVE_DATE)
            weekday = reading.shift.amount // 10000 - 1
            if yearless and weekday >= 0 and start.weekday() != weekday:
                issues.add(IssueCode.WEEKDAY_MISMATCH)
    return ParsedDate(
        text=text,
        start=start,
        end=end,
        precision=precision,
        approx=approx,
        time=reading.time,
        edtf=reading.open_edtf or format_edtf(start, end, precision, approx),
        issues=ordered_issues(issues),
        relative=reading.shift is not None,
    )


def parse_texts(
    texts: Sequence[str],
    *,
    order: DateOrder | str = DateOrder.DMY,
    after: str | None = None,
    year_style: YearStyle | str = YearStyle.CALENDAR,
) -> list[ParsedDate]:
    """Read each text on its own, relative phrases against the date text ``after`` (for ``chronolane date``)."""
    anchor = None
    if after is not None:
        anchor = parse_date(after, order=order)
        if not anchor.is_dated or anchor.relative:
            raise UsageError(
                f"The anchor date {after!r} does not read as a date ({', '.join(anchor.issues)}); "
                "give --after a date such as 03/04/2018 or April 2018."
            )
    return [parse_date(text, order=order, after=anchor, year_style=year_style) for text in texts]
