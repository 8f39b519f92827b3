"""What every write to a case shares: the row lock and the audit row.

The placement services use them too, so that every change to a case locks the same row and
leaves the same kind of audit row, whichever app makes it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

from ..models import Participant


def lock_case(participant_id: int) -> Participant:
    """Re-read the case under a row lock (inside a transaction), so two people cannot change
    it at once; the second waits and then sees what the first saved."""
    return Participant.objects.select_for_update().select_related("person").get(pk=participant_id)


def case_audit(
    participant: Participant,
    *,
    actor: User | None,
    action: str,
    summary: audit.Summary,
    record: Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit row of a change to a case, about `record` (a note, goal, placement, ...) if
    given: the record's type tells the case page which summaries may reveal sensitive data."""
    return audit.record(
        actor=actor,
        action=action,
        target=record if record is not None else participant,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        summary=summary,
        changes=changes,
    )
