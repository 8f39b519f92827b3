"""Reading a spreadsheet saved as CSV: encoding, delimiter and header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import RowError


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, values by column)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as Windows-1252,
    which is what Danish Excel saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_table(data: bytes) -> Table:
    """The header (lower-cased, trimmed) and the non-blank rows with their line numbers."""
    text = decode(data)
    if not text.strip():
        raise RowError(1, "", _("The file is empty."))
    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = [name.strip().lower() for name in next(reader)]
        rows = []
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                extra = [value for value in values[len(header) :] if value.strip()]
                if extra:
                    raise RowError(
                        line, "", _("The row has more values than the header has columns.")
                    )
            padded = values + [""] * (len(header) - len(values))
            cells = zip(header, padded, strict=False)
            rows.append((line, {name: value.strip() for name, value in cells}))
    except csv.Error as error:
        raise RowError(
            reader.line_num, "", _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from None
    return Table(header=header, rows=rows)
