"""Date bounds: an exact or vague date given as an argument ("2018-03-14", "March 2018") as its first and
last possible day."""

from __future__ import annotations

import datetime as dt

from chronolane.dates.calendar import NO_DAY, to_day
from chronolane.dates.model import ParsedDate
from chronolane.errors import UsageError

#: What a date argument may be: text in any spelling chronolane reads, a date, or a parsed date.
DateLike = str | dt.date | ParsedDate | None


def date_bounds(value: DateLike, *, what: str = "", parameter: str = "") -> tuple[int, int]:
    """First and last possible day number of a date, exact or vague; (NO_DAY, NO_DAY) for None.

    An unreadable date is a UsageError naming ``parameter`` (the argument it was given as) or ``what``.
    """
    if value is None:
        return NO_DAY, NO_DAY
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return to_day(value), to_day(value)
    if isinstance(value, str):
        from chronolane.dates.value import parse_date

        value = parse_date(value)
    if value.start is None or value.end is None:
        name = f"{parameter}={value.text!r}" if parameter else f"{what} {value.text!r}"
        raise UsageError(
            f'{name} is not a date chronolane can read. Write it exactly (2018-03-14) or vaguely ("March 2018").',
            parameter=parameter or (),
        )
    return to_day(value.start), to_day(value.end)
