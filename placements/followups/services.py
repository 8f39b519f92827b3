"""Scheduling, cancelling and recording six-month follow-ups: the only way a FollowUp changes.

Scheduling and cancelling run inside the exit's and the reopening's transactions (through the
participants signals, see placements/receivers.py); recording is the broker's form or the
`followups` import, both through followup_record.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from companies.models import Company
from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import history_many
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.core.rows import insert_rows
from participants.models import Participant
from participants.services import case_audit, lock_case

from ..services import _check_hours
from .models import FollowUp, due_after


def followup_schedule(
    *, participant: Participant, exit_on: datetime.date, actor: User | None
) -> FollowUp:
    """The follow-up of an exit, due six months after it (inside the exit's transaction)."""
    follow_up = FollowUp(participant=participant, exit_on=exit_on, due_on=due_after(exit_on))
    follow_up._history_user = actor
    follow_up.save()
    return follow_up


def followups_schedule_many(
    *,
    exits: Sequence[tuple[Participant, datetime.date]],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[FollowUp]:
    """followup_schedule for a bulk exit: (participant, exit date) pairs, under the call's actor
    or each exit's own (`actors`)."""
    follow_ups = [
        FollowUp(participant=participant, exit_on=exit_on, due_on=due_after(exit_on))
        for participant, exit_on in exits
    ]
    insert_rows(FollowUp, follow_ups)
    history_many(FollowUp, follow_ups, actor=actor, actors=actors)
    return follow_ups


def followup_cancel(*, participant: Participant, actor: User | None) -> None:
    """A reopened case has not left: its scheduled follow-up is cancelled (kept, with its
    history, but out of every list and figure)."""
    for follow_up in (
        FollowUp.objects.scheduled().select_for_update().filter(participant_id=participant.pk)
    ):
        follow_up.cancelled_at = timezone.now()
        follow_up._history_user = actor
        follow_up.save(update_fields=["cancelled_at", "updated_at"])


def check_record(
    follow_up: FollowUp,
    *,
    contacted_on: datetime.date | None,
    method: str,
    outcome: str,
    employer: Company | None,
    employer_name: str,
    weekly_hours: Decimal | None,
    today: datetime.date,
) -> None:
    """What a recorded follow-up must satisfy (the form and the import alike)."""
    if follow_up.cancelled_at is not None:
        raise DomainError(_("This follow-up was cancelled when the case was reopened."))
    if contacted_on is None:
        raise DomainError(_("Give the date of contact."), field="contacted_on")
    if contacted_on < follow_up.due_on:
        raise DomainError(
            _("The follow-up is six months after the exit: record it from %(day)s.")
            % {"day": short_date(follow_up.due_on)},
            field="contacted_on",
        )
    if contacted_on > today:
        raise DomainError(_("The date of contact cannot be in the future."), field="contacted_on")
    if method not in FollowUp.Method.values:
        raise DomainError(_("Choose how the citizen was followed up."), field="method")
    if outcome not in FollowUp.Outcome.values:
        raise DomainError(_("Choose the status six months after leaving."), field="outcome")
    if employer is not None and employer_name:
        raise DomainError(
            _("Choose a company from the registry or write a name, not both."),
            field="employer_name",
        )
    if outcome in FollowUp.EMPLOYEE and employer is None and not employer_name:
        raise DomainError(
            _("Give the employer: a company from the registry or a name."), field="employer"
        )
    if outcome not in FollowUp.EMPLOYED and (employer is not None or employer_name):
        raise DomainError(_("Only a job has an employer."), field="employer")
    if outcome not in FollowUp.EMPLOYED and weekly_hours is not None:
        raise DomainError(_("Only a job has weekly hours."), field="weekly_hours")
    _check_hours(weekly_hours, required=False)


def followup_record(
    *,
    follow_up: FollowUp,
    contacted_on: datetime.date | None,
    method: str,
    outcome: str,
    actor: User | None,
    employer: Company | None = None,
    employer_name: str = "",
    weekly_hours: Decimal | None = None,
) -> FollowUp:
    """Record (or correct) what became of the citizen six months after leaving; audited."""
    employer_name = employer_name.strip()
    with transaction.atomic():
        participant = lock_case(follow_up.participant_id)
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        check_record(
            follow_up,
            contacted_on=contacted_on,
            method=method,
            outcome=outcome,
            employer=employer,
            employer_name=employer_name,
            weekly_hours=weekly_hours,
            today=timezone.localdate(),
        )
        before = follow_up.outcome
        apply_record(
            follow_up,
            actor=actor,
            contacted_on=contacted_on,
            method=method,
            outcome=outcome,
            employer=employer,
            employer_name=employer_name,
            weekly_hours=weekly_hours,
        )
        follow_up._history_user = actor
        follow_up.save()
        case_audit(participant, actor=actor, record=follow_up, **audit_values(follow_up, before))
    return follow_up


def apply_record(follow_up: FollowUp, *, actor: User | None, **values) -> None:
    """Put checked values on the follow-up (not saved)."""
    for name, value in values.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = actor


def audit_values(follow_up: FollowUp, before: str) -> dict:
    """The action, summary and changes of a recorded follow-up's audit row."""
    summary = audit.summary(
        gettext_noop("Six-month follow-up corrected: %(outcome)s")
        if before
        else gettext_noop("Six-month follow-up recorded: %(outcome)s"),
        outcome=audit.lowered(audit.choice(follow_up, "outcome")),
    )
    if follow_up.employer_label:
        employer = audit.summary(gettext_noop("at %(employer)s"), employer=follow_up.employer_label)
        summary = summary.then(employer)
    return {
        "action": AuditEvent.Action.CHANGED if before else AuditEvent.Action.CREATED,
        "summary": summary,
        "changes": {"outcome": [before, follow_up.outcome]},
    }
