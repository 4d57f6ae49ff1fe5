"""The swimlane chart's text: sizes, fonts, page sizes, and labels cleaned for drawing (the marker and colour
tables are in chronolane.timeline.palette)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping

#: Text sizes in points (7 pt or more at print size); the marker size is in chronolane.timeline.palette.
LABEL_SIZE = 7.0
TICK_SIZE = 8.0
TITLE_SIZE = 11.0


Relabel = Callable[[str], str] | Mapping[str, str] | None

_REPLACEMENT = "□"  # drawn for characters the chart font has no glyph for (emoji, rare scripts)


#: The chart's font, and the fixed-width font of its key table.
FONT = "DejaVu Sans"
MONO_FONT = "DejaVu Sans Mono"


@functools.cache
def _font_charmap(family: str = FONT) -> frozenset[int]:
    """Code points a font of the chart can draw."""
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont(font_manager.FontProperties(family=family))
    return frozenset(ft2font.FT2Font(path).get_charmap())


def _drawable(text: str, family: str = FONT) -> str:
    """Text with control characters as spaces and glyphs missing from the font as a visible box."""
    charmap = _font_charmap(family)
    out = []
    for ch in text:
        if unicodedata.category(ch).startswith("C"):
            out.append(" ")
        elif ord(ch) in charmap or ch == " ":
            out.append(ch)
        else:
            out.append(_REPLACEMENT)
    return " ".join("".join(out).split())


def truncate(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters with an ellipsis when longer; long words are cut too."""
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


class Labeller:
    """The one road every text from the data takes onto the chart: pseudonymise, make drawable, shorten."""

    def __init__(self, relabel: Relabel = None) -> None:
        if relabel is None:
            self._relabel: Callable[[str], str] = str
        elif callable(relabel):
            self._relabel = relabel
        else:
            table = dict(relabel)
            self._relabel = functools.partial(_replace_all, table)
        self._cache: dict[tuple[str, int, str], str] = {}

    def __call__(self, text: str, limit: int = 60, family: str = FONT) -> str:
        """The pseudonymised form of ``text`` drawable in ``family``, at most ``limit`` characters."""
        key = (text, limit, family)
        if key not in self._cache:
            self._cache[key] = truncate(_drawable(self._relabel(str(text)), family), limit)
        return self._cache[key]


def _replace_all(table: Mapping[str, str], text: str) -> str:
    """Replace every key of ``table`` found in ``text``, longest first, so "Jane Smith" beats "Jane"."""
    for old in sorted(table, key=len, reverse=True):
        if old:
            text = text.replace(old, table[old])
    return text
