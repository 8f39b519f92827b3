"""The contact log: case notes and their follow-ups."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_dates
from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent

from ..models import CaseNote, Participant
from .case import case_audit, lock_case


def case_note_add(
    *,
    participant: Participant,
    author: User,
    kind: str,
    text: str,
    occurred_at: datetime.datetime | None = None,
    follow_up_on: datetime.date | None = None,
) -> CaseNote:
    """Log a conversation, call, visit or e-mail, with an optional follow-up date."""
    if not text.strip():
        raise DomainError(_("Write what the note is about."), field="text")
    occurred_at = occurred_at or timezone.now()
    check_dates(occurred_at=occurred_at, follow_up_on=follow_up_on)
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError(_("A note records something that has happened."), field="occurred_at")
    if follow_up_on is not None and follow_up_on < timezone.localdate(occurred_at):
        raise DomainError(_("The follow-up cannot be before the note."), field="follow_up_on")
    with transaction.atomic():
        participant = lock_case(participant.pk)
        note = CaseNote(
            participant=participant,
            author=author,
            kind=kind,
            text=text.strip(),
            occurred_at=occurred_at,
            follow_up_on=follow_up_on,
        )
        note._history_user = author
        note.save()
        case_audit(
            participant,
            actor=author,
            action=AuditEvent.Action.CREATED,
            record=note,
            summary=audit.summary(
                gettext_noop("Case note: %(kind)s"), kind=audit.choice(note, "kind")
            ),
        )
    return note


def case_note_follow_up_done(*, note: CaseNote, actor: User) -> CaseNote:
    """Tick off a note's follow-up (once: a second tick changes nothing). Returns the note."""
    if note.follow_up_on is None:
        raise DomainError(_("This note has no follow-up."))
    with transaction.atomic():
        participant = lock_case(note.participant_id)
        note = CaseNote.objects.get(pk=note.pk)
        if note.follow_up_done_at is not None:
            return note
        note.follow_up_done_at = timezone.now()
        note._history_user = actor
        note.save(update_fields=["follow_up_done_at"])
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            record=note,
            summary=audit.summary(
                gettext_noop("Follow-up done: %(kind)s"), kind=audit.choice(note, "kind")
            ),
            changes={"follow_up_done_at": ["", note.follow_up_done_at.isoformat()]},
        )
    return note
