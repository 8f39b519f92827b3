"""Digits as the app stores them: ASCII 0-9, whatever script they were typed in.

Python reads the digits of every script as numbers: `int("١٢")` is 12, `re` matches `\\d`
against full-width and Arabic-Indic digits, `Decimal` accepts them too. So a CPR number typed in
Arabic-Indic or full-width digits passed a pattern written with `\\d` and was stored, hashed
and compared as a different string from the same number in ASCII: a second citizen with the
same CPR number. Every identifier and number the app parses (CPR, CVR, amounts, hours, dates)
goes through `ascii_digits` first, and its pattern then names `[0-9]` (never `\\d`), so what is
not a digit after normalising is refused, never half-understood.
"""

from __future__ import annotations

import unicodedata

# The full-width forms of ASCII ! to ~ (U+FF01 to U+FF5E), as East Asian keyboards type them.
FULL_WIDTH_FIRST, FULL_WIDTH_LAST = "\uff01", "\uff5e"
FULL_WIDTH_OFFSET = 0xFEE0
IDEOGRAPHIC_SPACE = "\u3000"


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script as its ASCII digit (Arabic-Indic,
    Devanagari and full-width three are 3) and full-width ASCII as ASCII (a full-width hyphen is
    -, a full-width DK is DK). Nothing else changes: a superscript ² or
    a fraction ½ is not a digit of the number, so it stays and the pattern refuses it."""
    if text.isascii():
        return text
    return "".join(_ascii_char(char) for char in text)


def _ascii_char(char: str) -> str:
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    if FULL_WIDTH_FIRST <= char <= FULL_WIDTH_LAST:
        return chr(ord(char) - FULL_WIDTH_OFFSET)
    if char == IDEOGRAPHIC_SPACE:
        return " "
    return char


def parse_id(value: object) -> int | None:
    """A record id from a request (a query string, a form's raw data): a positive whole number
    in ASCII digits that fits the database's id columns, or None for anything else. Ids typed
    into a URL or a form are user input: "abc", "1.5" or a number too large for a bigint must
    be a form error or a 404, never a ValueError (500) from the query."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number > 0 else None
