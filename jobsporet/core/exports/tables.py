"""One table, two files: CSV for Danish Excel and XLSX with real numbers.

A `Table` is a title, its columns (a header and a `Kind`: text, a whole number, a decimal, a
share, kroner or a date) and its rows. `csv_bytes` writes it as UTF-8 with a byte-order mark
and `;` between cells, numbers and dates in Danish (1.234,5; 32,2 %; 31.03.2023), which is
what Danish Excel opens without a wizard; `xlsx_bytes` writes one sheet per table with real
numbers and dates (Danish number formats come from Excel's own separators), a bold frozen
header row and column widths that fit. Every text cell is guarded against formula injection
(cells.py).
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jobsporet.core import formatting

from .cells import guarded_text, looks_like_formula

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class Kind(enum.Enum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"  # one decimal: hours, days
    SHARE = "share"  # a fraction, shown as a percentage with one decimal
    KRONER = "kroner"
    DATE = "date"


# Excel's format codes are written with "," for thousands and "." for decimals and shown with
# the reader's own separators: 3.535.867 kr. and 32,2 % in a Danish Excel.
XLSX_FORMATS = {
    Kind.TEXT: "@",
    Kind.INTEGER: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.SHARE: "0.0 %",
    Kind.KRONER: '#,##0 "kr."',
    Kind.DATE: "dd.mm.yyyy",
}
# Widths in characters: at least a header's, at most this (longer text wraps in Excel).
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Typed:
    """A cell whose kind is its own, in a column of mixed figures (a count beside a share)."""

    value: object
    kind: Kind


def _typed(value: object, kind: Kind) -> tuple[object, Kind]:
    return (value.value, value.kind) if isinstance(value, Typed) else (value, kind)


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]] = field(default_factory=list)
    # Lines above the header (what the table is, the date): text, in the XLSX only.
    notes: Sequence[str] = ()


def _csv_value(value: object, kind: Kind) -> str:
    value, kind = _typed(value, kind)
    if value is None or value == "":
        return ""
    if kind is Kind.TEXT:
        return guarded_text(value)
    if kind is Kind.INTEGER:
        return formatting.number(value, 0)
    if kind is Kind.DECIMAL:
        return formatting.number(value, 1)
    if kind is Kind.SHARE:
        return formatting.percent(value)
    if kind is Kind.KRONER:
        return formatting.kroner(value)
    return formatting.short_date(value)


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: UTF-8 with BOM, `;`, CRLF, Danish numbers, text guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([guarded_text(column.header) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: object, kind: Kind) -> object:
    if value is None or value == "":
        return None
    if kind is Kind.TEXT:
        return str(value)
    if kind is Kind.DATE:
        return value if isinstance(value, datetime.date) else None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _width(value: object, kind: Kind) -> int:
    value, kind = _typed(value, kind)
    if value is None:
        return 0
    if kind is Kind.TEXT:
        return max((len(line) for line in str(value).splitlines()), default=0)
    return len(_csv_value(value, kind))


def _sheet_title(title: str, taken: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    clean = "".join("-" if char in "[]:*?/\\" else char for char in title)[:31] or "Ark"
    name, number = clean, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = clean[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        kinds = [column.kind for column in table.columns]
        widths = [len(column.header) for column in table.columns]
        for number, note in enumerate(table.notes, start=1):
            cell = sheet.cell(row=number, column=1, value=note)
            cell.data_type, cell.quotePrefix = "s", looks_like_formula(note)
        header_row = len(table.notes) + 1
        for number, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=header_row, column=number, value=column.header)
            cell.font = bold
        for row_number, row in enumerate(table.rows, start=header_row + 1):
            for number, (cell_value, column_kind) in enumerate(
                zip(row, kinds, strict=True), start=1
            ):
                value, kind = _typed(cell_value, column_kind)
                written = _xlsx_value(value, kind)
                cell = sheet.cell(row=row_number, column=number)
                cell.value = written
                if kind is Kind.TEXT and written is not None:
                    # Stored as a string whatever it starts with (openpyxl would store "=..."
                    # as a formula), with Excel's quote prefix so editing it keeps it text.
                    cell.data_type = "s"
                    cell.quotePrefix = looks_like_formula(written)
                cell.number_format = XLSX_FORMATS[kind]
                widths[number - 1] = max(widths[number - 1], _width(value, kind))
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
