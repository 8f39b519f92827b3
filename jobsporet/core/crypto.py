"""Encryption at rest with the CPR keys (CPR_ENCRYPTION_KEYS): CPR numbers and anything else
that may hold them, such as an uploaded file waiting for its import to be confirmed.

Fernet: the first key encrypts, every key in the list decrypts, so a key is rotated by putting
a new one first (manage.py rotate_cpr_keys re-encrypts the stored CPR numbers).
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "cipher", "seal", "unseal"]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys])


def cipher() -> MultiFernet:
    """The Fernet of the configured keys (read from the settings each time, so a test that
    overrides them is obeyed)."""
    return _fernet(tuple(settings.CPR_ENCRYPTION_KEYS))


def seal(content: bytes) -> bytes:
    """The content encrypted (and authenticated) under the first key."""
    return cipher().encrypt(content)


def unseal(token: bytes) -> bytes:
    """The content of a sealed token; InvalidToken when no configured key opens it or it was
    altered."""
    return cipher().decrypt(bytes(token))
