"""Read a written 自评报告 (.docx .doc .wps .pdf .txt .rtf .odt) into numbered paragraphs.

    read_report(path, name=None) -> Document
    ReportUnreadable: the file cannot be read; str() is one Chinese sentence for the clerk.

Guards run before any parser (guards.py): the file exists, is a file, is not empty and not
larger than MAX_REPORT_BYTES (refused from its size, unread); a .docx is a zip whose directory
does not promise a zip bomb and whose XML declares no entities, or an OLE file (a password or
an old .doc). Readers: docx_text (python-docx), pdf_text (pypdf), plain_text, legacy
(LibreOffice converts to .docx).
"""

from reports.reading.dispatch import read_report
from reports.reading.errors import ReportUnreadable
from reports.reading.formats import SUPPORTED
from reports.reading.guards import MAX_REPORT_BYTES

__all__ = ["MAX_REPORT_BYTES", "SUPPORTED", "ReportUnreadable", "read_report"]
