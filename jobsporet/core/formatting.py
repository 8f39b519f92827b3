"""Figures and dates formatted for people, in the active language (Danish by default).

Django's number_format cuts decimals off rather than rounding them, so values are rounded here
first (half up, as people round): 2/3 is 66,7 %, not 66,6 %.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format

DASH = "–"


def _rounded(value: Decimal | float | int, places: int) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def number(value: Decimal | float | int | None, places: int = 0) -> str:
    """A number with thousands separators and `places` decimals: 1.234,5."""
    if value is None or value == "":
        return DASH
    return number_format(_rounded(value, places), places, force_grouping=True)


def percent(fraction: Decimal | float | None, places: int = 1) -> str:
    """A fraction as a percentage: 0.3223 -> 32,2 %."""
    if fraction is None or fraction == "":
        return DASH
    return f"{number(Decimal(str(fraction)) * 100, places)} %"


def kroner(value: Decimal | float | int | None) -> str:
    """Whole kroner: 6.651.787 kr."""
    if value is None or value == "":
        return DASH
    return f"{number(value, 0)} kr."


def hours(value: Decimal | float | None) -> str:
    """Weekly hours without a needless ',0': 7,5 or 12."""
    if value is None or value == "":
        return DASH
    rounded = _rounded(value, 1)
    return number(rounded, 0 if rounded == rounded.to_integral() else 1)


def short_date(value: datetime.date) -> str:
    """A date as messages and audit summaries write it: 24.01.2021 in Danish."""
    return date_format(value, "SHORT_DATE_FORMAT")
