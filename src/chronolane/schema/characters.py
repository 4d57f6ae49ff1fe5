"""Characters: those no export shows as they are (control and direction controls), and matching keys.

Ingest and the build flag exactly what the exporters replace with a visible marker, so a marker in an
export always has a flag on its row.
"""

from __future__ import annotations

import functools
import re

#: Unicode controls that reorder how text is displayed (Trojan Source): a cell can show one thing and hold
#: another. The build flags them ``bidi-control``; exports show them as visible markers.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

#: The same characters as UTF-8 bytes, to skip in one fast pass the columns that hold none.
BIDI_BYTES = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")

#: C0 and C1 controls except tab and line feed, and the two non-characters XML forbids. CR is included:
#: ingest turns line ends into LF, so a CR after ingest is unexpected and each format would read it back
#: differently.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff"

#: Lone surrogates: only Python text can hold them (files are decoded strictly and Arrow text is UTF-8).
SURROGATES = "\ud800-\udfff"

#: The pattern ingest flags ``control-characters`` with (Arrow/RE2 syntax: no surrogates in the pattern).
CONTROL_CHARACTERS_RE = f"[{CONTROLS}]"

#: Every byte but the single-byte controls (C0 except tab, LF and CR, which are ingest's line ends; and DEL):
#: deleting these from UTF-8 text leaves nothing unless it holds one of those controls. A C0 byte is never
#: part of a multi-byte character, so no decoding is needed.
NOT_C0_BYTES = bytes(b for b in range(256) if not ((b < 0x20 and b not in (0x09, 0x0A, 0x0D)) or b == 0x7F))

#: The multi-byte controls of ``CONTROLS`` (C1 and the two non-characters), as text for Arrow's RE2.
MULTIBYTE_CONTROLS_RE = "[\x80-\x9f\ufffe\uffff]"

#: Everything an export replaces with a visible marker such as "[U+0000]".
MARKED_CHARACTERS = re.compile(f"[{CONTROLS}{SURROGATES}{BIDI_CONTROLS}]")


@functools.cache
def _not_key(keep: str) -> re.Pattern[str]:
    return re.compile(f"[^0-9a-z{re.escape(keep)}]+")


def match_key(text: str, *, keep: str = "") -> str:
    """The key two wordings match on: lower case, ASCII letters and digits only, plus the characters in ``keep``.

    "Date of birth", "date_of_birth" and "DATE-OF-BIRTH" share the key "dateofbirth".
    """
    return _not_key(keep).sub("", text.casefold())
