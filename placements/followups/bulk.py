"""followup_record for many follow-ups at once (the demo seeder): the same checks, then the
rows, their history and their audit rows in a few statements per thousand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import actors_of, history_many, update_many
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
    *,
    records: Sequence[tuple[FollowUp, dict[str, Any]]],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[FollowUp]:
    """Record many scheduled follow-ups: (follow-up, values as followup_record takes them), by
    the call's actor or each record's own (`actors`, in order). Any refused row raises
    BulkRefused naming it by index, and nothing is written."""
    today = timezone.localdate()
    by = actors_of(records, actor, actors)
    with transaction.atomic():
        stored = (
            FollowUp.objects.select_for_update()
            .select_related("participant")
            .in_bulk([follow_up.pk for follow_up, _values in records])
        )
        errors: dict[int, DomainError] = {}
        rows, events, row_actors = [], [], []
        for index, (follow_up, values) in enumerate(records):
            row = stored[follow_up.pk]
            values = {"employer": None, "employer_name": "", "weekly_hours": None, **values}
            try:
                check_record(row, today=today, **values)
            except DomainError as error:
                errors[index] = error
                continue
            before = row.outcome
            apply_record(row, actor=by[index], **values)
            row.updated_at = timezone.now()
            rows.append(row)
            row_actors.append(by[index])
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
        each = None if actors is None else row_actors
        update_many(FollowUp, rows, FIELDS)
        history_many(FollowUp, rows, actor=actor, actors=each, update=True)
        audit.record_many(actor=actor, actors=each, events=events)
    return rows
