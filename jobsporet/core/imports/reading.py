"""Reading a spreadsheet saved as CSV: encoding, delimiter and header.

Strict on purpose: a file that cannot be read exactly is refused rather than guessed at. An
unclosed quotation mark would otherwise swallow the rows after it into one value, and a short
row would be padded with empty values, and either would be imported as if nothing were wrong.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import ImportRefused, RowError


@dataclass(frozen=True)
class Table:
    """A file that reads exactly: its header, and its rows read again on each call of rows(),
    so a large file is never held as a list of rows (the text itself is kept once)."""

    header: list[str]
    header_line: int  # the physical line of the header (blank lines before it are skipped)
    row_count: int
    text: str
    delimiter: str

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number in the file, values by column) of every non-blank row."""
        for kind, start, payload in _scan(self.text, self.delimiter):
            if kind == "row":
                yield start, payload


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as Windows-1252,
    which is what Danish Excel saves. A byte that is neither is refused, not replaced."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [
                RowError(
                    line,
                    "",
                    _(
                        "The file is neither UTF-8 nor Windows-1252 text (byte 0x%(byte)02X "
                        "cannot be read); save it from the spreadsheet as CSV UTF-8."
                    )
                    % {"byte": data[error.start]},
                )
            ]
        ) from None


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _malformed(error: csv.Error, start: int, end: int) -> str:
    """A user's words for what the csv module found wrong with the record from line start."""
    if "unexpected end of data" in str(error):
        return _("a quotation mark is not closed; the value runs on to the end of the file")
    if end > start:
        return _("a quotation mark is not closed; the value runs on to line %(line)s") % {
            "line": end
        }
    if "expected after" in str(error):
        return _(
            'text after a closing quotation mark; write a quotation mark inside a value twice ("")'
        )
    return _("the line cannot be read as CSV (%(error)s)") % {"error": error}


def _records(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, values) of every record, blank ones included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRefused(
                [RowError(start, "", _malformed(error, start, reader.line_num))]
            ) from None
        yield start, reader.line_num, values
        start = reader.line_num + 1


def _scan(text: str, delimiter: str) -> Iterator[tuple[str, int, Any]]:
    """("header", line, names), ("row", line, values by column) or ("error", line, RowError)
    for every non-blank record; a malformed quotation raises ImportRefused at once."""
    header: list[str] | None = None
    for start, end, values in _records(text, delimiter):
        if not any(value.strip() for value in values):
            continue
        if end > start:
            # No column takes a line break, and a value over several lines is nearly always
            # a quotation mark that was not closed, with the rows after it inside the value.
            index = next(i for i, value in enumerate(values) if "\n" in value or "\r" in value)
            column = header[index] if header is not None and index < len(header) else ""
            yield (
                "error",
                start,
                RowError(
                    start,
                    column,
                    _(
                        "the value runs on to line %(line)s: a quotation mark that is not "
                        "closed? (A value cannot contain a line break.)"
                    )
                    % {"line": end},
                ),
            )
            continue
        if header is None:
            header = [name.strip().lower() for name in values]
            yield "header", start, header
            continue
        if len(values) != len(header):
            yield (
                "error",
                start,
                RowError(
                    start,
                    "",
                    _("%(values)s values, the header has %(columns)s")
                    % {"values": len(values), "columns": len(header)},
                ),
            )
            continue
        yield (
            "row",
            start,
            {name: value.strip() for name, value in zip(header, values, strict=True)},
        )


def read_table(data: bytes) -> Table:
    """The header (lower-cased, trimmed) and the number of non-blank rows, after reading the
    whole file once. Raises ImportRefused for a file that is not exactly readable: an encoding
    it is not, a quotation mark not closed, a value over several lines, a row whose number of
    values differs from the header's."""
    text = decode(data)
    first = next((line for line in io.StringIO(text) if line.strip()), None)
    if first is None:
        raise ImportRefused([RowError(1, "", _("The file is empty."))])
    delimiter = _delimiter(first)
    header: list[str] = []
    header_line = 1
    row_count = 0
    errors = []
    for kind, start, payload in _scan(text, delimiter):
        if kind == "header":
            header, header_line = payload, start
        elif kind == "row":
            row_count += 1
        else:
            errors.append(payload)
    if errors:
        raise ImportRefused(errors)
    return Table(
        header=header, header_line=header_line, row_count=row_count, text=text, delimiter=delimiter
    )
