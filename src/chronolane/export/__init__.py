"""Exporting a chronology for the review report: one writer per format (CSV, XLSX, DOCX, HTML, Markdown)
behind the protocol of :mod:`chronolane.export.writer`. ``chronolane.workflows.export_chronology`` combines
them with pseudonyms, gaps and follow-ups."""

from chronolane.export.common import ExportFormat
from chronolane.export.writer import ExportReport, Extras, Writer, Written, writer_for

__all__ = ["ExportFormat", "ExportReport", "Extras", "Writer", "Written", "writer_for"]
