"""docs/dates.md is the users' contract: every example in its tables reads exactly as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from chronolane.dates import parse_date, parse_dates
from chronolane.schema.columns import Column

DOC = Path(__file__).resolve().parents[1] / "docs" / "dates.md"
EXAMPLE_HEADER = "| text | after | start | end | precision | approx | time | edtf | issues |"
ORDER_HEADER = "| source | text | read as | issues |"


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
    return [c.replace("\\|", "|") for c in cells]


def _text(cell: str) -> str:
    return "" if cell == "(empty)" else cell.strip("`")


def _table(header: str) -> list[list[str]]:
    rows, inside = [], False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.strip() == header:
            inside = True
        elif inside and line.startswith("|---"):
            continue
        elif inside and line.startswith("|"):
            rows.append(_cells(line))
        else:
            inside = False
    return rows


EXAMPLES = _table(EXAMPLE_HEADER)


def test_the_rules_tables_have_many_examples() -> None:
    """Every rule has examples: the contract is not empty."""
    assert len(EXAMPLES) > 100


@pytest.mark.parametrize("row", EXAMPLES, ids=[row[0] + (" after " + row[1] if row[1] else "") for row in EXAMPLES])
def test_documented_example_reads_as_documented(row: list[str]) -> None:
    """The example text (with its anchor) reads as the interval, precision, EDTF and issues shown."""
    text, after, start, end, precision, approx, time, edtf, issues = row
    parsed = parse_date(_text(text), after=parse_date(after) if after else None)
    assert (parsed.start.isoformat() if parsed.start else "") == start
    assert (parsed.end.isoformat() if parsed.end else "") == end
    assert (parsed.precision.value if parsed.precision else "") == precision
    assert parsed.approx == (approx == "yes")
    assert parsed.time == time
    assert parsed.edtf == edtf
    assert " ".join(parsed.issues) == issues


def test_documented_order_example_reads_as_documented() -> None:
    """The per-source date order example of rule 2 reads as shown when read as one column."""
    rows = _table(ORDER_HEADER)
    assert rows
    out = parse_dates(pd.Series([_text(r[1]) for r in rows]), sources=pd.Series([r[0] for r in rows]))
    read_as = [d.date().isoformat() if not pd.isna(d) else "(none)" for d in out[Column.DATE_START.value]]
    assert read_as == [r[2] for r in rows]
    assert list(out[Column.ISSUES.value]) == [r[3] for r in rows]
