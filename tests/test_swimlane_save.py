"""Saving swimlane charts: page sizes, byte-identical output across runs, multi-page PDF with the same lanes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from chronolane.errors import UsageError
from chronolane.swimlane import draw_pages, draw_swimlanes, make_figure, save_figure, save_pages
from chronolane.swimlane.draw import page_edges
from test_swimlane import demo_case, demo_gaps, make_frame


def render(path):
    """Draw the demo case with every kind of mark on a fresh figure and save it."""
    fig = make_figure("a4")
    draw_swimlanes(fig.add_subplot(), make_frame(), case=demo_case(), gaps=demo_gaps(), ages="F")
    return save_figure(fig, path)


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_two_runs_give_identical_bytes(tmp_path, suffix):
    """The same chart saved twice is byte-identical in each format (no dates, fixed hash salt)."""
    first = render(tmp_path / f"a.{suffix}").read_bytes()
    second = render(tmp_path / f"b.{suffix}").read_bytes()
    assert first == second
    assert len(first) > 1000


def test_svg_holds_each_event_by_its_id_and_no_date(tmp_path):
    """The SVG has a group per event id, so a reader can find each event; it carries no creation date."""
    svg = render(tmp_path / "c.svg").read_text(encoding="utf-8")
    for event_id in ("e01", "e03", "e07", "e12"):
        assert f'id="{event_id}"' in svg
    assert "<dc:date>" not in svg


def test_svg_text_is_real_text_not_outlines(tmp_path):
    """Labels in the SVG are <text> elements holding the words, so they can be searched and edited."""
    svg = render(tmp_path / "c.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert len(texts) > 10
    assert any("Police" in t for t in texts)
    assert '<path id="DejaVuSans-' not in svg  # no glyph outlines


def test_pdf_has_no_creation_date_or_producer(tmp_path):
    """PDF metadata carries nothing that changes between runs."""
    pdf = render(tmp_path / "c.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf


@pytest.mark.parametrize(("size", "inches"), [("a4", (11.69, 8.27)), ("a3", (16.54, 11.69))])
def test_figure_sizes_are_landscape_pages(size, inches):
    """make_figure gives A4 or A3 landscape."""
    assert tuple(make_figure(size).get_size_inches()) == pytest.approx(inches)


def test_unknown_size_is_an_error():
    with pytest.raises(UsageError, match="a4"):
        make_figure("letter")


def test_unknown_suffix_is_an_error(tmp_path):
    with pytest.raises(UsageError, match=r"\.png, \.svg or \.pdf"):
        save_figure(make_figure(), tmp_path / "chart.jpg")


def test_pages_share_lanes_and_split_the_dates(tmp_path):
    """A chart over three pages has the same lanes on each page and consecutive date windows."""
    figures = draw_pages(make_frame(), case=demo_case(), pages=3)
    assert len(figures) == 3
    lanes = [[t.get_text().split("\n")[0] for t in f.axes[0].get_yticklabels()] for f in figures]
    assert lanes[0] == lanes[1] == lanes[2]
    limits = [f.axes[0].get_xlim() for f in figures]
    assert limits[0][1] <= limits[1][0] + 1 and limits[1][1] <= limits[2][0] + 1
    assert "page 2 of 3" in figures[1].axes[0].get_title(loc="left")


def test_pages_hold_equal_numbers_of_dated_events_not_equal_time():
    """Nine events in one month and one two years later on two pages: five and five, not nine and one."""
    rows = [
        (f"a{i}", "Police", "", f"2018-01-{i + 1:02}", f"2018-01-{i + 1:02}", "day", False, "incident", "x", "")
        for i in range(9)
    ] + [("z", "GP", "", "2020-01-10", "2020-01-10", "day", False, "appointment", "late", "")]
    figures = draw_pages(make_frame(rows), case=None, pages=2)
    drawn = [len([a for a in f.axes[0].get_lines() if a.get_gid() and ":" not in a.get_gid()]) for f in figures]
    assert drawn == [5, 5]


@pytest.mark.parametrize("pages", [1, 2, 3, 4, 5])
def test_page_cuts_give_every_page_its_share_and_a_window(pages):
    """Cuts leave each page within one event of an equal share, and every page at least a day long."""
    middles = np.array([0.5, 1.5, 2.5, 3.5, 100.5, 200.5, 200.5, 201.5, 5000.5, np.nan])
    edges = page_edges(middles, (-10.0, 5010.0), pages)
    assert len(edges) == pages + 1 and np.all(np.diff(edges) >= 1)
    per_page = np.histogram(np.floor(middles[~np.isnan(middles)]), bins=edges)[0]
    assert per_page.sum() == 9 and per_page.max() - per_page.min() <= 2


def test_multi_page_pdf_is_deterministic_and_has_the_pages(tmp_path):
    """save_pages writes one PDF page per figure, identically on every run."""
    paths = [save_pages(draw_pages(make_frame(), case=demo_case(), pages=2), tmp_path / f"{n}.pdf") for n in "ab"]
    data = paths[0].read_bytes()
    assert data == paths[1].read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 2


def test_several_pages_need_a_pdf(tmp_path):
    with pytest.raises(UsageError, match="pdf"):
        save_pages([make_figure()], tmp_path / "x.png")
