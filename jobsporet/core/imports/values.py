"""Parsing the values of a Danish spreadsheet: dates, numbers, percentages, choices."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from ..bounds import bounds_message, within_bounds
from ..digits import ascii_digits
from .errors import ValueProblem

# [0-9], never \d (which matches the digits of every script): see jobsporet/core/digits.py.
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DANISH = re.compile(r"^([0-9]{1,2})[-.]([0-9]{1,2})[-.]([0-9]{4})$")


def parse_date(value: str) -> datetime.date:
    """YYYY-MM-DD, or DD-MM-YYYY (also DD.MM.YYYY, as Danish Excel writes it)."""
    value = ascii_digits(value)
    match = _ISO.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DANISH.match(value)
        if not match:
            raise ValueProblem(
                _("%(value)r is not a date; write YYYY-MM-DD or DD-MM-YYYY.") % {"value": value}
            )
        day, month, year = (int(part) for part in match.groups())
    try:
        parsed = datetime.date(year, month, day)
    except ValueError:
        raise ValueProblem(_("%(value)r is not a real date.") % {"value": value}) from None
    if not within_bounds(parsed):
        raise ValueProblem(f"{value!r}: {bounds_message()}")
    return parsed


# A number written with thousands separators never begins with 0, so '0.500' can only be a
# half and '1.200' is twelve hundred or one point two.
_GROUPED = r"[1-9][0-9]{0,2}(\.[0-9]{3})"
_THOUSANDS_WITH_DECIMALS = re.compile(rf"^-?{_GROUPED}+,[0-9]+$")
_COMMA_DECIMALS = re.compile(r"^-?[0-9]+,[0-9]+$")
_DOT_THOUSANDS_ONLY = re.compile(rf"^-?{_GROUPED}{{2,}}$")
_AMBIGUOUS = re.compile(rf"^-?{_GROUPED}$")
_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def parse_decimal(value: str) -> Decimal:
    """'1234.5', '1234', '0.500', Danish '1.234,50' or '1234,5'. '1.200' (a dot, three digits
    and no comma, after a first group that is not 0) could be 1200 or 1.2 and is refused as
    ambiguous."""
    text = re.sub(r"\s|\u00a0", "", ascii_digits(value))
    text = re.sub(r"(kr\.?|dkk)$", "", text, flags=re.IGNORECASE)
    if _THOUSANDS_WITH_DECIMALS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMALS.match(text):
        text = text.replace(",", ".")
    elif _DOT_THOUSANDS_ONLY.match(text):
        text = text.replace(".", "")
    elif _AMBIGUOUS.match(text):
        raise ValueProblem(
            _(
                "%(value)r is ambiguous: write 1200 or 1.200,00 for twelve hundred, 1,2 for "
                "one point two."
            )
            % {"value": value}
        )
    elif not _PLAIN.match(text):
        raise ValueProblem(_("%(value)r is not a number.") % {"value": value})
    try:
        number = Decimal(text)
        # Zeros after the last decimal are not precision the fields must hold: 0.500 kr. is
        # 0.5 kr. and fits two decimal places, 12.50 hours fit one.
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()
    except InvalidOperation:
        raise ValueProblem(_("%(value)r is not a number.") % {"value": value}) from None


def parse_whole(value: str) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueProblem(_("%(value)r is not a whole number.") % {"value": value})
    return int(number)


def parse_percent(value: str) -> Decimal:
    """'0.40', '0,40' or '40%' (also '40 %'): always returned as a fraction."""
    text = ascii_digits(value).strip()
    if text.endswith("%"):
        fraction = parse_decimal(text[:-1]) / 100
    else:
        fraction = parse_decimal(text)
        if fraction > 1:
            raise ValueProblem(
                _("%(value)r is not a fraction; write 0.40 or 40%%.") % {"value": value}
            )
    if not 0 <= fraction <= 1:
        raise ValueProblem(_("%(value)r must be between 0 %% and 100 %%.") % {"value": value})
    return fraction.quantize(Decimal("0.001"))


def parse_choice(value: str, choices: dict[str, str]) -> str:
    """One of a fixed set of words (English or Danish, any case) -> the stored code."""
    key = " ".join(value.lower().split())
    if key in choices:
        return choices[key]
    known = ", ".join(sorted(choices))
    raise ValueProblem(_("%(value)r is not one of: %(known)s.") % {"value": value, "known": known})


def checked_by(
    model: type[Model], name: str, parse: Callable[[str], Any] | None = None
) -> Callable[[str], Any]:
    """A parser that also applies the model field's own validation (max_length, max_digits and
    decimal places, validators), so a file is refused for what a form on the field refuses.
    For the values that go through a service rather than full_clean()."""
    field = model._meta.get_field(name)

    def parse_and_check(value: str) -> Any:
        parsed = value if parse is None else parse(value)
        try:
            return field.clean(parsed, None)
        except ValidationError as error:
            raise ValueProblem(" ".join(error.messages)) from None

    return parse_and_check


def by_validator(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """A parser from a validator or normaliser that raises ValidationError (CPR, CVR, slug):
    its messages become the value's problem; the value is its result, or the value itself
    when it returns None (a plain validator)."""

    def parse_and_check(value: str) -> Any:
        try:
            result = check(value)
        except ValidationError as error:
            raise ValueProblem(" ".join(error.messages)) from None
        return value if result is None else result

    return parse_and_check
