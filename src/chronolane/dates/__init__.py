"""Read date texts as intervals of whole days with a precision, EDTF and issue codes."""

from chronolane.dates.column import parse_dates
from chronolane.dates.model import ParsedDate
from chronolane.dates.value import parse_date, parse_texts

__all__ = ["ParsedDate", "parse_date", "parse_dates", "parse_texts"]
