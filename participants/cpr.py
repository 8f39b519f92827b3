"""CPR numbers: validation, encryption at rest, keyed hashing and masking.

Rules (from the CPR office): DDMMYY-SSSS where the date part is a real date in the century
that the seventh digit gives. The modulus-11 check is NOT applied: numbers without it have been
issued since 2007. Stored encrypted with Fernet (keys from the environment, rotatable); a keyed
HMAC-SHA256 digest gives exact look-up and uniqueness without decrypting anything.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jobsporet.core.crypto import cipher
from jobsporet.core.digits import ascii_digits

_CPR_PATTERN = re.compile(r"^([0-9]{6})-?([0-9]{4})$")


def normalise(raw: str) -> str:
    """The canonical 10-digit form of a CPR number (ASCII digits, whatever script it was typed
    in: one citizen, one number), or ValidationError in Danish."""
    value = re.sub(r"\s", "", ascii_digits(str(raw or "")))
    match = _CPR_PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("A CPR number has 10 digits, written DDMMYY-SSSS or DDMMYYSSSS."), code="format"
        )
    digits = match.group(1) + match.group(2)
    birth_date(digits)  # raises when the date part is not a real date
    return digits


def birth_date(digits: str) -> datetime.date:
    """The date of birth that a normalised CPR number encodes (century from the 7th digit)."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    seventh = int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year <= 36 else 1900
    else:  # 5 to 8
        century = 2000 if year <= 57 else 1800
    try:
        return datetime.date(century + year, month, day)
    except ValueError:
        raise ValidationError(
            _("The first six digits of a CPR number must be a real date (DDMMYY)."), code="date"
        ) from None


def validate_cpr(value: str) -> None:
    normalise(value)


def format_cpr(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def mask(digits: str) -> str:
    """DDMMYY-xxxx: enough to tell two citizens apart on screen, not enough to misuse."""
    return f"{digits[:6]}-xxxx"


def encrypt(digits: str) -> str:
    return cipher().encrypt(digits.encode()).decode()


def decrypt(token: str) -> str:
    return cipher().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a token under the first (newest) key."""
    return cipher().rotate(token.encode()).decode()


def digest(digits: str) -> str:
    """Keyed hash of a normalised CPR number, for exact look-up and the unique constraint."""
    return hmac.new(settings.CPR_HASH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()
