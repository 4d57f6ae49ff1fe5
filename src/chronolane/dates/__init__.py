"""Read date texts as intervals of whole days with a precision, EDTF and issue codes.

``parse_dates`` (a whole column, with pandas and pyarrow) is loaded on first use, so that reading single texts
(``parse_date``, the ``chronolane date`` command) needs NumPy only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chronolane.dates.model import ParsedDate
from chronolane.dates.value import parse_date, parse_texts

if TYPE_CHECKING:
    from chronolane.dates.column import parse_dates
else:

    def __getattr__(name: str) -> Any:
        if name != "parse_dates":
            raise AttributeError(f"module 'chronolane.dates' has no attribute {name!r}")
        from chronolane.dates.column import parse_dates

        globals()["parse_dates"] = parse_dates
        return parse_dates


__all__ = ["ParsedDate", "parse_date", "parse_dates", "parse_texts"]
