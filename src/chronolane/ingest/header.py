"""Finding the header row of a sheet or Word table under a title block: the row that best matches known names."""

from __future__ import annotations

from collections.abc import Sequence

from chronolane.ingest.fields import Field, field_of

#: Rows searched for the header: title blocks are a few lines, never pages.
SEARCH_ROWS = 30
#: A row must name at least this many different known fields to be taken for the header over row 1.
MIN_SCORE = 2


def header_score(cells: Sequence[str]) -> int:
    """How header-like a row is: the number of different known fields its cells name, a date counting twice."""
    fields = {f for f in map(field_of, cells) if f is not None}
    return len(fields) + (Field.DATE in fields)


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header among the first ``SEARCH_ROWS`` rows: the best-scoring one (the earliest on a tie),
    or 0 when no row names ``MIN_SCORE`` known fields."""
    best, best_score = 0, MIN_SCORE - 1
    for index, cells in enumerate(rows[:SEARCH_ROWS]):
        score = header_score(cells)
        if score > best_score:
            best, best_score = index, score
    return best
