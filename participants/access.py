"""Access helpers for cases and their records: get_X_for(user, pk, permission=...) returns the
record, or 404 outside the user's programmes, or 403 without the permission (see
jobsporet.core.access)."""

from __future__ import annotations

from jobsporet.core.access import get_for

from .models import CaseNote, Goal, ParallelEffort, Participant

SENSITIVE = "participants.view_sensitive"


def get_participant_for(user, pk: int, *, permission: str | None = None) -> Participant:
    """A case the user's role and programmes let them read, with its person."""
    readable = Participant.objects.visible_to(user).with_person()
    return get_for(user, readable, pk, permission=permission)


def get_note_for(user, pk: int, *, permission: str | None = None) -> CaseNote:
    """A case note: notes are sensitive, so a reader of the case without view_sensitive gets
    403 as for any forbidden action."""
    readable = CaseNote.objects.select_related("participant").filter(
        participant__in=Participant.objects.visible_to(user)
    )
    return get_for(
        user, readable, pk, permission=[SENSITIVE] + ([permission] if permission else [])
    )


def get_goal_for(user, pk: int, *, permission: str | None = None) -> Goal:
    readable = Goal.objects.select_related("plan__participant__person").filter(
        plan__participant__in=Participant.objects.visible_to(user)
    )
    return get_for(user, readable, pk, permission=permission)


def get_effort_for(user, pk: int, *, permission: str | None = None) -> ParallelEffort:
    readable = ParallelEffort.objects.select_related("participant__person").filter(
        participant__in=Participant.objects.visible_to(user)
    )
    return get_for(user, readable, pk, permission=permission)
