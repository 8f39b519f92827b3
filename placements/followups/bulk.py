"""followup_record for many follow-ups at once (the demo seeder): the same checks, then the
rows, their history and their audit rows in a few statements per thousand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import update_many
from jobsporet.core.errors import BulkRefused, DomainError

from .models import FollowUp
from .services import apply_record, audit_values, check_record

FIELDS = [
    "contacted_on",
    "method",
    "outcome",
    "employer",
    "employer_name",
    "weekly_hours",
    "recorded_by",
    "updated_at",
]


def followups_record_many(
    *, records: Sequence[tuple[FollowUp, dict[str, Any]]], actor: User | None
) -> list[FollowUp]:
    """Record many scheduled follow-ups: (follow-up, values as followup_record takes them).
    Any refused row raises BulkRefused naming it by index, and nothing is written."""
    today = timezone.localdate()
    with transaction.atomic():
        stored = (
            FollowUp.objects.select_for_update()
            .select_related("participant")
            .in_bulk([follow_up.pk for follow_up, _values in records])
        )
        errors: dict[int, DomainError] = {}
        rows, events = [], []
        for index, (follow_up, values) in enumerate(records):
            row = stored[follow_up.pk]
            values = {"employer": None, "employer_name": "", "weekly_hours": None, **values}
            try:
                check_record(row, today=today, **values)
            except DomainError as error:
                errors[index] = error
                continue
            before = row.outcome
            apply_record(row, actor=actor, **values)
            row.updated_at = timezone.now()
            rows.append(row)
            events.append(
                audit.Event(
                    target=row,
                    person_id=row.participant.person_id,
                    programme_id=row.participant.programme_id,
                    **audit_values(row, before),
                )
            )
        if errors:
            raise BulkRefused(errors)
        update_many(FollowUp, rows, FIELDS)
        FollowUp.history.bulk_history_create(rows, update=True, default_user=actor, batch_size=2000)
        audit.record_many(actor=actor, events=events)
    return rows
