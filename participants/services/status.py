"""A case's status: in training, left the programme (with its outcome), reopened.

Placements decide when a case is in training (participant_set_in_training); an exit ends open
training through the participant_exiting signal, because participants may not import
placements (see docs/architecture.md).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_not_ahead
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.core.oplog import log_event_on_commit

from ..models import Participant
from ..signals import participant_exiting, participant_reopening
from .case import case_audit, lock_case


def check_exit(enrolled_on: datetime.date, exit_on: datetime.date, outcome: str) -> None:
    if outcome not in Participant.ExitOutcome.values:
        raise DomainError(_("Choose how the participant left."), field="outcome")
    check_not_ahead(exit_on, field="exit_on")
    if exit_on < enrolled_on:
        raise DomainError(
            _("The exit date cannot be before the enrolment (%(day)s).")
            % {"day": short_date(enrolled_on)},
            field="exit_on",
        )


def participant_set_in_training(
    *, participant: Participant, in_training: bool, actor: User | None
) -> Participant:
    """Mark an active case as in training or not. Called by the placement services only."""
    if participant.exit_on is not None:
        return participant
    status = Participant.Status.IN_TRAINING if in_training else Participant.Status.ENROLLED
    if participant.status != status:
        participant.status = status
        participant._history_user = actor
        participant.save(update_fields=["status", "updated_at"])
    return participant


def _follow_ups_changed(participant: Participant, summary: audit.Summary, *, actor) -> None:
    if summary.count:
        case_audit(participant, actor=actor, action=AuditEvent.Action.CHANGED, summary=summary)


def _end_open_follow_ups(participant: Participant, *, actor: User | None) -> None:
    """A closed case has no one to follow up: its open follow-ups end now (shown as ended with
    the case, not as done), so no closed case shows an overdue follow-up; with an audit row."""
    ended = participant.notes.filter(
        follow_up_on__isnull=False, follow_up_done_at__isnull=True
    ).update(follow_up_done_at=timezone.now(), follow_up_ended_by_exit=True)
    summary = audit.summary_plural(
        gettext_noop("%(count)s open follow-up ended with the case"),
        gettext_noop("%(count)s open follow-ups ended with the case"),
        ended,
    )
    _follow_ups_changed(participant, summary, actor=actor)


def _reopen_follow_ups(participant: Participant, *, actor: User | None) -> None:
    """Reopening a case opens again the follow-ups its closing ended."""
    reopened = participant.notes.filter(follow_up_ended_by_exit=True).update(
        follow_up_done_at=None, follow_up_ended_by_exit=False
    )
    summary = audit.summary_plural(
        gettext_noop("%(count)s follow-up open again with the case"),
        gettext_noop("%(count)s follow-ups open again with the case"),
        reopened,
    )
    _follow_ups_changed(participant, summary, actor=actor)


def participant_exit(
    *,
    participant: Participant,
    exit_on: datetime.date,
    outcome: str,
    actor: User | None,
    reason: str = "",
    hired: bool = False,
    job_searching: bool | None = None,
    qualification: bool | None = None,
) -> Participant:
    """Record that a participant left the programme, with its outcome.

    Open training placements end on the exit date (the placements app does that through the
    participant_exiting signal). The outcome employment needs `hired=True`, which only callers
    that record the employment themselves pass: placements.services.participant_hire (in the
    same transaction) and an import of history (the employment comes in the placements file).
    Without it an employment exit would count as a job in the figures with no job behind it.
    """
    if outcome not in Participant.ExitOutcome.values:
        raise DomainError(_("Choose how the participant left."), field="outcome")
    if outcome == Participant.ExitOutcome.EMPLOYMENT and not hired:
        raise DomainError(
            _("A hire is recorded with Hire, which also creates the employment."), field="outcome"
        )
    with transaction.atomic():
        participant = lock_case(participant.pk)
        if participant.exit_on is not None:
            raise DomainError(
                _("%(name)s already left the programme on %(day)s (%(outcome)s).")
                % {
                    "name": participant.person,
                    "day": short_date(participant.exit_on),
                    "outcome": participant.get_exit_outcome_display().lower(),
                }
            )
        check_exit(participant.enrolled_on, exit_on, outcome)
        _end_open_follow_ups(participant, actor=actor)
        participant_exiting.send(
            sender=Participant, participant=participant, exit_on=exit_on, actor=actor
        )
        participant.exit_on = exit_on
        participant.exit_outcome = outcome
        participant.exit_reason = reason.strip()
        # The EU Social Fund's results on leaving (participants/esf.py), when known.
        participant.job_searching_at_exit = job_searching
        participant.qualification_at_exit = qualification
        participant.status = Participant.Status.EXITED
        participant._history_user = actor
        participant.save()
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.STATUS,
            summary=audit.summary(
                gettext_noop("Left on %(day)s: %(outcome)s"),
                day=exit_on,
                outcome=audit.lowered(audit.choice(participant, "exit_outcome")),
            ),
            changes={"status": ["", "exited"], "exit_outcome": ["", outcome]},
        )
        log_event_on_commit(
            "participant.exited",
            participant_id=participant.pk,
            programme_id=participant.programme_id,
            outcome=outcome,
            actor_id=getattr(actor, "pk", None),
        )
    return participant


def participant_reopen(*, participant: Participant, actor: User | None, reason: str) -> Participant:
    """Undo an exit: the case is active again (its placements stay as history; the exit's
    six-month follow-up is cancelled through the participant_reopening signal)."""
    if not reason.strip():
        raise DomainError(_("Say why the case is reopened."), field="reason")
    with transaction.atomic():
        participant = lock_case(participant.pk)
        if participant.exit_on is None:
            raise DomainError(
                _("%(name)s has not left the programme.") % {"name": participant.person}
            )
        other = (
            Participant.objects.filter(
                person_id=participant.person_id,
                programme_id=participant.programme_id,
                exit_on__isnull=True,
            )
            .exclude(pk=participant.pk)
            .first()
        )
        if other is not None:
            raise DomainError(
                _("%(name)s already has an active case in this programme (%(reference)s).")
                % {"name": participant.person, "reference": other.reference}
            )
        # A reopened case with a job still open would be hired twice by the next hire. The
        # broker ends the job first, with the day it really ended (the hours ladder and the
        # follow-up after six months read it). participants may not import placements, so the
        # reverse relation and the kind's value are used.
        employment = (
            participant.placements.filter(kind="employment", ended_on__isnull=True)
            .select_related("company")
            .first()
        )
        if employment is not None:
            raise DomainError(
                _(
                    "%(name)s is still employed at %(company)s (since %(day)s). End the "
                    "employment with the day it ended, then reopen the case."
                )
                % {
                    "name": participant.person,
                    "company": employment.company,
                    "day": short_date(employment.starts_on),
                }
            )
        participant_reopening.send(sender=Participant, participant=participant, actor=actor)
        _reopen_follow_ups(participant, actor=actor)
        previous = [str(participant.exit_on), participant.exit_outcome]
        participant.exit_on = None
        participant.exit_outcome = ""
        participant.exit_reason = ""
        participant.job_searching_at_exit = None
        participant.qualification_at_exit = None
        participant.status = Participant.Status.ENROLLED
        participant._history_user = actor
        participant.save()
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.STATUS,
            summary=audit.summary(gettext_noop("Case reopened: %(reason)s"), reason=reason.strip()),
            changes={"status": ["exited", "enrolled"], "exit": [" ".join(previous), ""]},
        )
        log_event_on_commit(
            "participant.reopened",
            participant_id=participant.pk,
            programme_id=participant.programme_id,
            actor_id=getattr(actor, "pk", None),
        )
    return participant
