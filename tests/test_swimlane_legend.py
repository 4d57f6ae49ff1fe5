"""Key-date labels on the chart: text and number up to MAX_TEXT_LABELS key dates, numbers alone above it."""

from __future__ import annotations

import pytest

from chronolane.swimlane.legend import MAX_TEXT_LABELS
from test_swimlane import draw, make_frame


def _key_labels(count: int) -> list[str]:
    """The visible key-date labels of a chart with ``count`` key events, one a month (room for every label)."""
    rows = [
        (f"k{i:02}", "Police", "", f"{2016 + i // 12}-{i % 12 + 1:02}-15", f"{2016 + i // 12}-{i % 12 + 1:02}-15",
         "day", False, "incident", f"Incident {i}", "yes")
        for i in range(count)
    ]  # fmt: skip
    ax = draw(make_frame(rows), case=None)
    return [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:keydate:") and t.get_visible()]


@pytest.mark.parametrize(("count", "numbers_only"), [(MAX_TEXT_LABELS, False), (MAX_TEXT_LABELS + 1, True)])
def test_key_dates_keep_their_text_up_to_the_limit_and_become_numbers_above_it(count: int, numbers_only: bool) -> None:
    labels = _key_labels(count)
    assert len(labels) == count
    assert all(label.isdigit() for label in labels) is numbers_only
