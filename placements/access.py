"""Access helpers for placements: 404 outside one's programmes, 403 without the permission."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Placement


def get_placement_for(user, pk: int, *, permission: str | None = None) -> Placement:
    placement = get_object_or_404(
        Placement.objects.visible_to(user).select_related(
            "participant__person", "participant__programme", "company", "mentor"
        ),
        pk=pk,
    )
    if permission and not user.has_perm(permission):
        raise PermissionDenied
    return placement
