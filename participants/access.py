"""Access helpers: fetch a case for a user, or 404 (never reveal that it exists)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import CaseNote, Goal, ParallelEffort, Participant


def get_participant_for(user, pk: int, *, permission: str | None = None) -> Participant:
    """The participant if the user's role and programmes allow reading it; 404 otherwise.

    With `permission` (e.g. "participants.add_casenote"), a user who may read the case but not
    do this gets 403.
    """
    participant = get_object_or_404(Participant.objects.visible_to(user).with_person(), pk=pk)
    if permission and not user.has_perm(permission):
        raise PermissionDenied
    return participant


def get_note_for(user, pk: int) -> CaseNote:
    note = get_object_or_404(
        CaseNote.objects.select_related("participant"),
        pk=pk,
        participant__in=Participant.objects.visible_to(user),
    )
    if not user.has_perm("participants.view_sensitive"):
        raise PermissionDenied
    return note


def get_goal_for(user, pk: int) -> Goal:
    goal = get_object_or_404(
        Goal.objects.select_related("plan__participant__person"),
        pk=pk,
        plan__participant__in=Participant.objects.visible_to(user),
    )
    if not user.has_perm("participants.change_goal"):
        raise PermissionDenied
    return goal


def get_effort_for(user, pk: int) -> ParallelEffort:
    effort = get_object_or_404(
        ParallelEffort.objects.select_related("participant__person"),
        pk=pk,
        participant__in=Participant.objects.visible_to(user),
    )
    if not user.has_perm("participants.change_paralleleffort"):
        raise PermissionDenied
    return effort
