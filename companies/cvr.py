"""CVR numbers: 8 digits with a modulus-11 check (weights 2, 7, 6, 5, 4, 3, 2, 1)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jobsporet.core.digits import ascii_digits

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise(raw: str) -> str:
    """The 8-digit CVR number in ASCII digits (whatever script it was typed in), tolerating
    spaces and a DK prefix; ValidationError if invalid."""
    value = re.sub(r"[\s-]", "", ascii_digits(str(raw or ""))).upper()
    value = value.removeprefix("DK")
    if not re.fullmatch(r"[0-9]{8}", value):
        raise ValidationError(_("A CVR number has 8 digits."), code="format")
    if sum(int(digit) * weight for digit, weight in zip(value, WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("%(cvr)s is not a valid CVR number (the check digit does not match)."),
            code="checksum",
            params={"cvr": value},
        )
    return value


def validate_cvr(value: str) -> None:
    normalise(value)
