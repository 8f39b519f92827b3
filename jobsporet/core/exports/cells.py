"""The guard against formula injection, for every cell of text in a CSV or XLSX file.

A spreadsheet reads a cell that starts with =, +, -, @ (or a tab or carriage return, which
some programs skip before looking) as a formula: a name typed as `=HYPERLINK("http://…")` or
`@SUM(…)` would run on the reader's machine. Text cells are therefore guarded: in CSV an
apostrophe goes first (Excel shows the text as it was typed), in XLSX the cell is stored as a
string with Excel's "quote prefix" (nothing is added to the text). Numbers and dates are written
as numbers and dates, never as text, so they are not touched.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def guarded_text(value: object) -> str:
    """The text of a CSV cell, an apostrophe first when a spreadsheet would take it for a
    formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if looks_like_formula(text) else text
