"""File formats recognised from their first bytes, so a renamed file is never read as the wrong thing."""

from __future__ import annotations

import zipfile
from pathlib import Path

from chronolane.errors import SourceError

#: The file extensions of agency files chronolane reads.
SOURCE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".parquet")

#: Files larger than this are refused before anything is read.
MAX_FILE_BYTES = 2 * 1024**3

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_PARQUET = b"PAR1"
_SAVE_AS = "open it in Excel and save it as .xlsx or .csv (UTF-8)"

#: Binary formats and what to tell the user about them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document; export the chronology table from the system that made it as .csv or .xlsx"),
    (b"{\\rtf", f"a Rich Text (RTF) document; {_SAVE_AS}"),
    (b"\x89PNG", "a PNG image, not a table"),
    (b"\xff\xd8\xff", "a JPEG image, not a table"),
    (b"GIF8", "a GIF image, not a table"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
)

#: Stream names (UTF-16LE, as stored in an OLE2 directory) that identify what an OLE2 file holds.
_OLE2_STREAMS: tuple[tuple[str, str], ...] = (
    (
        "EncryptedPackage",
        "a password-protected (encrypted) workbook; remove the password in Excel "
        "(File > Info > Protect Workbook > Encrypt with Password, clear it) and save as .xlsx",
    ),
    ("Workbook", "xls"),
    ("Book", f"a legacy Excel 5 workbook (.xls); {_SAVE_AS}"),
    ("WordDocument", "a Word document (.doc); copy the table into Excel and save as .xlsx or .csv"),
)

#: Zip members that identify what an Office Open XML or OpenDocument package holds.
_ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    ("ppt/presentation.xml", "a PowerPoint presentation, not a table"),
    ("content.xml", "an OpenDocument text or presentation file (.odt/.odp); save it as .docx, or the table as .csv"),
)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def check_size(path: Path) -> int:
    """Size of ``path`` in bytes; SourceError when it is missing or over ``MAX_FILE_BYTES``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror}). Check the path.") from exc
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"{path}: {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit for one source file. "
            "Split it into several files (for example one per agency or per year)."
        )
    return size


def check_unpacked_size(path: Path, limit: int, what: str) -> None:
    """SourceError when the zip package at ``path`` (a workbook, Word or OpenDocument file) would unpack to more
    than ``limit`` bytes (zip-bomb guard), or is not a readable zip."""
    from chronolane.schema.limits import raise_hint

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path}: the {what} is damaged ({exc}); open it and save it again.") from exc
    if total > limit:
        raise SourceError(
            f"{path}: the {what} would unpack to {total:,} bytes, over the {limit:,}-byte limit (a damaged or "
            "malicious file, or simply too large); save the table as CSV and use that. "
            + raise_hint("unpacked_bytes", total)
        )


def sniff_format(path: Path) -> str:
    """ "csv", "xlsx", "xls", "ods", "docx" or "parquet", from the file's first bytes; SourceError naming the file and
    what it is otherwise."""
    check_size(path)
    with path.open("rb") as f:
        head = f.read(8192)
    if head.startswith(_ZIP):
        return _sniff_zip(path)
    if head.startswith(_PARQUET):
        return "parquet"
    if head.startswith(_OLE2):
        kind = _ole2_kind(path)
        if kind == "xls":
            return kind
        raise SourceError(f"{path}: this is {kind}, not a file chronolane reads.")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise SourceError(f"{path}: this is {kind}.")
    if head.startswith(_TEXT_BOMS):
        return "csv"
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        raise SourceError(f"{path}: this is an HTML page (some systems save HTML with an .xls name); {_SAVE_AS}.")
    if start.startswith(b"<?xml"):
        raise SourceError(f"{path}: this is an XML file (perhaps an Excel 2003 XML workbook); {_SAVE_AS}.")
    if head.count(b"\x00") > len(head) // 10:
        raise SourceError(f"{path}: this is a binary file, or UTF-16 text without a byte-order mark; {_SAVE_AS}.")
    return "csv"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path}: starts like a zip/.xlsx file but is damaged ({exc}); {_SAVE_AS}.") from exc
    if "xl/workbook.xml" in names or any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        with zipfile.ZipFile(path) as archive:
            if archive.read("mimetype").strip() == _ODS_MIMETYPE:
                return "ods"
    for member, kind in _ZIP_MEMBERS:
        if member in names:
            raise SourceError(f"{path}: this is {kind}.")
    raise SourceError(f"{path}: this is a zip archive, not an .xlsx workbook; unpack it first.")


def _ole2_kind(path: Path) -> str:
    with path.open("rb") as f:
        blob = f.read(32 * 1024**2)
    for stream, kind in _OLE2_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in blob:
            return kind
    return f"an old-style Office (OLE2) file; {_SAVE_AS}"
