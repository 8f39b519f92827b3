"""The one access style every app uses: get_X_for(user, pk, permission=...).

A record outside what the user may read is a 404 (it does not exist for them); a record they
may read but not act on with `permission` is a 403. Each app's access.py names its own
get_X_for, giving the queryset that says what the user may read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def get_for(
    user, readable: QuerySet[M], pk: int, *, permission: str | Sequence[str] | None = None
) -> M:
    """The record `pk` among those the user may read (`readable`), or 404; with `permission`
    (one or several), 403 unless the user has it."""
    record = get_object_or_404(readable, pk=pk)
    needed = [permission] if isinstance(permission, str) else list(permission or ())
    if not user.has_perms(needed):
        raise PermissionDenied
    return record
