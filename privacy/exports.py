"""Files for a citizen's request: CSV that Danish Excel opens safely, and PDF from HTML.

CSV: UTF-8 with a byte-order mark and `;` (what Danish Excel expects), and every cell that a
spreadsheet would read as a formula (=, +, -, @, tab, carriage return) is prefixed with an
apostrophe, so a name or a search typed as "=HYPERLINK(...)" stays text.
PDF: a Django template rendered to HTML and laid out by WeasyPrint (Pango underneath).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from jobsporet.core.exports import download
from jobsporet.core.exports.cells import guarded_text as safe_cell
from jobsporet.core.exports.pdf import pdf_bytes

__all__ = ["csv_bytes", "download", "pdf_bytes", "safe_cell"]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
