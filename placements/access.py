"""Access helpers for placements: get_X_for(user, pk, permission=...), 404 outside one's
programmes, 403 without the permission (see jobsporet.core.access)."""

from __future__ import annotations

from jobsporet.core.access import get_for

from .models import Placement


def get_placement_for(user, pk: int, *, permission: str | None = None) -> Placement:
    readable = Placement.objects.visible_to(user).select_related(
        "participant__person", "participant__programme", "company", "mentor"
    )
    return get_for(user, readable, pk, permission=permission)
