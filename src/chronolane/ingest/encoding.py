"""Text encodings of agency files, decoded strictly: UTF-8 (with or without BOM), UTF-16, then cp1252."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from chronolane.errors import SourceError
from chronolane.schema.characters import MULTIBYTE_CONTROLS_RE, NOT_C0_BYTES

_DECODE_CHUNK = 16 * 1024**2
# A UTF-8 multi-byte character; in a file that is not valid UTF-8 it means two encodings are mixed.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_RESAVE = "Re-save it as UTF-8 (in Excel: Save As > CSV UTF-8)."


def decode_text(path: Path, raw: bytes) -> tuple[bytes, str, list[str]]:
    """UTF-8 bytes (no BOM) of the file's text, the encoding it was in, and notes; strict, never U+FFFD."""
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[3:]
        try:
            _validate_utf8(body)
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{path}: byte {exc.start + 3} (line {line_at(body, exc.start)}) is not valid UTF-8 although the "
                f"file starts with a UTF-8 byte-order mark; the file may be damaged. {_RESAVE}"
            ) from exc
        return body, "utf-8-sig", []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].decode("utf-16", errors="ignore").count("\n") + 1
            raise SourceError(
                f"{path}: byte {exc.start} (line {line}) is not valid UTF-16 although the file starts with "
                f"a UTF-16 byte-order mark; the file may be damaged. {_RESAVE}"
            ) from exc
        return text.encode("utf-8"), "utf-16", []
    try:
        if not raw.isascii():  # ASCII is UTF-8: the check is one fast pass
            _validate_utf8(raw)
        return raw, "utf-8", []
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = line_at(raw, bad)
    mixed = _UTF8_MULTIBYTE.search(raw)
    if mixed:
        raise SourceError(
            f"{path}: mixed encodings: byte {bad} (line {line}) is not valid UTF-8, yet line "
            f"{line_at(raw, mixed.start())} holds UTF-8 text, so no single encoding reads the whole file "
            f"correctly. Check those lines, then re-save the file in one encoding. {_RESAVE}"
        )
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: byte {exc.start} (line {line_at(raw, exc.start)}) is 0x{raw[exc.start]:02X}, which is "
            f"neither UTF-8 nor Windows-1252 (cp1252) text; the file may be damaged or in another encoding. "
            f"{_RESAVE}"
        ) from exc
    note = f"not UTF-8 (first at byte {bad}, line {line}): decoded as Windows-1252 (cp1252)"
    return text.encode("utf-8"), "cp1252", [note]


def _validate_utf8(data: bytes) -> None:
    """Raise UnicodeDecodeError (offsets counted from the start of ``data``) unless it is valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    try:  # in chunks, so that the whole text never sits in memory twice
        for start in range(0, len(data), _DECODE_CHUNK):
            decoder.decode(view[start : start + _DECODE_CHUNK], final=start + _DECODE_CHUNK >= len(data))
    except UnicodeDecodeError:
        data.decode("utf-8")  # raises again, with offsets from the start
        raise


def line_breaks(buf: bytes, start: int, end: int) -> int:
    """Line breaks (LF, CRLF or a lone CR) in ``buf[start:end]``."""
    return buf.count(b"\n", start, end) + buf.count(b"\r", start, end) - buf.count(b"\r\n", start, end)


def line_at(buf: bytes, offset: int) -> int:
    """The line (1-based, as a text editor counts) holding byte ``offset``."""
    return line_breaks(buf, 0, offset) + 1


def holds_controls(body: bytes) -> bool:
    """Whether UTF-8 ``body`` holds a character of ``schema.characters.CONTROLS`` other than CR.

    Two passes at memory speed for ASCII text (a regular expression over the bytes took 20 times longer);
    text with other characters is searched by Arrow's RE2 over the bytes in place, without a copy.
    """
    if body.translate(None, NOT_C0_BYTES):
        return True
    if body.isascii():
        return False
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.py_buffer(np.array([0, len(body)], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(body)])
    return bool(pc.match_substring_regex(text, MULTIBYTE_CONTROLS_RE)[0].as_py())
