"""Access helpers: fetch a case for a user, or 404 (never reveal that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Participant


def get_participant_for(user, pk: int, *, for_change: bool = False) -> Participant:
    """The participant if the user's role and programmes allow it; 404 otherwise."""
    participant = get_object_or_404(Participant.objects.visible_to(user).with_person(), pk=pk)
    if for_change and not user.has_perm("participants.change_participant"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return participant
