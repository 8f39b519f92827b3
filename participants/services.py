"""Every write that changes a participant's status or spans several models.

Views, the importer, the admin, the demo seeder and the tests all come through here, so there
is one way to enrol, exit or reopen a case. Each function validates, runs in one transaction,
leaves an audit row and raises DomainError with a message a user can read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.choices import Sector
from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme

from . import cpr as cpr_module
from .models import (
    Barrier,
    CaseNote,
    DevelopmentPlan,
    Goal,
    ParallelEffort,
    Participant,
    Person,
    Review,
)
from .signals import participant_exiting
from .tasks import notify_new_assignment

PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "address", "postal_code", "city")
PARTICIPANT_DETAIL_FIELDS = (
    "reference",
    "job_broker",
    "case_worker",
    "benefit_type",
    "barrier_physical",
    "barrier_social",
    "barrier_language",
    "barrier_other",
    "barrier_notes",
    "target_sectors",
    "consent_on",
)


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _audit(
    participant: Participant,
    *,
    actor: User | None,
    action: str,
    summary: str,
    record: Any = None,
    **kw: Any,
):
    """The audit row of a change to a case, about `record` (a note, goal, ...) if given: the
    record's type tells the case page which summaries may reveal sensitive data."""
    return audit.record(
        actor=actor,
        action=action,
        target=record if record is not None else participant,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        summary=summary,
        **kw,
    )


def _locked(participant: Participant) -> Participant:
    """Re-read the participant under a row lock, so two people cannot change it at once."""
    return Participant.objects.select_for_update().select_related("person").get(pk=participant.pk)


# --- Persons ---------------------------------------------------------------------------------


def person_get_or_create(
    *,
    cpr: str,
    first_name: str,
    last_name: str,
    actor: User | None,
    **contact: str,
) -> tuple[Person, bool]:
    """The citizen with this CPR number (one person, one history), created if new.

    An existing person keeps their details; empty contact fields are filled from the input.
    """
    try:
        digits = cpr_module.normalise(cpr)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="cpr") from None
    if not first_name.strip() or not last_name.strip():
        raise DomainError(_("First and last name are required."), field="first_name")
    with transaction.atomic():
        person = (
            Person.objects.select_for_update().filter(cpr_digest=cpr_module.digest(digits)).first()
        )
        if person is not None:
            missing = {k: v for k, v in contact.items() if v and not getattr(person, k)}
            if missing:
                for name, value in missing.items():
                    setattr(person, name, value)
                person.save(update_fields=[*missing, "updated_at"])
            return person, False
        person = Person(first_name=first_name.strip(), last_name=last_name.strip(), **contact)
        person.set_cpr(digits)
        person._history_user = actor
        person.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED,
            target=person,
            person_id=person.pk,
            summary=_("Person created"),
        )
        return person, True


def person_update(*, person: Person, actor: User | None, **values: str) -> Person:
    """Change a citizen's name and contact details."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update does not change {sorted(unknown)}")
    changes = audit.diff(person, values)
    if not changes:
        return person
    with transaction.atomic():
        for name, value in values.items():
            setattr(person, name, value)
        person._history_user = actor
        person.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            target=person,
            person_id=person.pk,
            summary=_("Contact details changed"),
            changes=changes,
        )
    return person


# --- Enrolment and details ---------------------------------------------------------------------


def _check_details(programme: Programme, values: dict[str, Any]) -> None:
    sectors = values.get("target_sectors") or []
    unknown = [code for code in sectors if code not in Sector.values]
    if unknown:
        raise DomainError(
            _("Unknown sector: %(codes)s.") % {"codes": ", ".join(unknown)}, field="target_sectors"
        )
    for role_field in ("job_broker", "case_worker"):
        user = values.get(role_field)
        if user is not None and not programme.members.filter(pk=user.pk).exists():
            raise DomainError(
                _("%(user)s is not a member of %(programme)s.")
                % {"user": user, "programme": programme},
                field=role_field,
            )


def _check_enrolment(programme: Programme, reference: str, enrolled_on: datetime.date) -> str:
    """The rules every enrolment obeys, whichever way it comes in; returns the clean reference."""
    reference = reference.strip()
    if not reference:
        raise DomainError(_("The case number is required."), field="reference")
    if enrolled_on < programme.starts_on:
        raise DomainError(
            _("%(programme)s starts on %(day)s; enrolment cannot be earlier.")
            % {"programme": programme, "day": _day(programme.starts_on)},
            field="enrolled_on",
        )
    if programme.ends_on and enrolled_on > programme.ends_on:
        raise DomainError(
            _("%(programme)s ended on %(day)s; enrolment cannot be later.")
            % {"programme": programme, "day": _day(programme.ends_on)},
            field="enrolled_on",
        )
    return reference


def _reference_used(reference: str, programme: Programme) -> DomainError:
    return DomainError(
        _("Case number %(reference)s is already used in %(programme)s.")
        % {"reference": reference, "programme": programme},
        field="reference",
    )


def _already_enrolled(person: Person, programme: Programme, reference: str) -> DomainError:
    return DomainError(
        _("%(name)s is already enrolled in %(programme)s (case %(reference)s).")
        % {"name": person, "programme": programme, "reference": reference},
        field="cpr",
    )


def _check_exit(enrolled_on: datetime.date, exit_on: datetime.date, outcome: str) -> None:
    if outcome not in Participant.ExitOutcome.values:
        raise DomainError(_("Choose how the participant left."), field="outcome")
    if exit_on < enrolled_on:
        raise DomainError(
            _("The exit date cannot be before the enrolment (%(day)s).")
            % {"day": _day(enrolled_on)},
            field="exit_on",
        )


def participant_enrol(
    *,
    person: Person,
    programme: Programme,
    reference: str,
    enrolled_on: datetime.date,
    actor: User | None,
    job_broker: User | None = None,
    case_worker: User | None = None,
    benefit_type: str = "",
    barriers: Iterable[str] = (),
    barrier_notes: str = "",
    target_sectors: Iterable[str] = (),
    consent_on: datetime.date | None = None,
) -> Participant:
    """Enrol a person in a programme; the case gets an empty development plan to work on."""
    reference = _check_enrolment(programme, reference, enrolled_on)
    barriers = list(barriers)
    unknown = [code for code in barriers if code not in Barrier.values]
    if unknown:
        raise DomainError(
            _("Unknown barrier: %(codes)s.") % {"codes": ", ".join(unknown)}, field="barriers"
        )
    details = {
        "job_broker": job_broker,
        "case_worker": case_worker,
        "target_sectors": list(target_sectors),
    }
    _check_details(programme, details)
    with transaction.atomic():
        if Participant.objects.filter(programme=programme, reference=reference).exists():
            raise _reference_used(reference, programme)
        current = person.enrolments.filter(programme=programme, exit_on__isnull=True).first()
        if current is not None:
            raise _already_enrolled(person, programme, current.reference)
        participant = Participant(
            person=person,
            programme=programme,
            reference=reference,
            enrolled_on=enrolled_on,
            benefit_type=benefit_type,
            barrier_notes=barrier_notes,
            consent_on=consent_on,
            **details,
            **{f"barrier_{code}": code in barriers for code in Barrier.values},
        )
        participant._history_user = actor
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError:
            raise DomainError(
                _("%(name)s is already enrolled in %(programme)s.")
                % {"name": person, "programme": programme},
                field="cpr",
            ) from None
        DevelopmentPlan.objects.create(participant=participant)
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CREATED,
            summary=_("Enrolled in %(programme)s") % {"programme": programme},
        )
        if job_broker is not None and job_broker != actor:
            transaction.on_commit(lambda: notify_new_assignment.delay(participant.pk))
    return participant


@dataclass(frozen=True)
class Enrolment:
    """One row of a bulk enrolment: a citizen and their case, finished or not."""

    cpr: str
    first_name: str
    last_name: str
    programme: Programme
    reference: str
    enrolled_on: datetime.date
    exit_on: datetime.date | None = None
    exit_outcome: str = ""


class BulkRefused(Exception):
    """Some rows of a bulk write broke the rules; errors maps each row's index to its error."""

    def __init__(self, errors: dict[int, DomainError]) -> None:
        super().__init__(f"{len(errors)} row(s) refused")
        self.errors = errors


def participants_enrol_many(
    *, enrolments: Sequence[Enrolment], actor: User | None
) -> list[Participant]:
    """Enrol many citizens at once (the importer): every row is checked by the same rules as
    person_get_or_create, participant_enrol and participant_exit, against the database and the
    other rows; then persons, cases, plans, history and audit rows are written in bulk, a few
    queries per thousand rows. Raises BulkRefused with every row's error and writes nothing."""
    errors: dict[int, DomainError] = {}
    digests: dict[int, str] = {}
    clear: dict[int, str] = {}
    for index, row in enumerate(enrolments):
        try:
            try:
                clear[index] = cpr_module.normalise(row.cpr)
            except ValidationError as error:
                raise DomainError(" ".join(error.messages), field="cpr") from None
            digests[index] = cpr_module.digest(clear[index])
            if not row.first_name.strip() or not row.last_name.strip():
                raise DomainError(_("First and last name are required."), field="first_name")
            _check_enrolment(row.programme, row.reference, row.enrolled_on)
            # The lengths the forms check on the one-by-one path: SQLite would store a longer
            # value whole, PostgreSQL would fail the whole batch without saying which row.
            for model, name, value in (
                (Person, "first_name", row.first_name.strip()),
                (Person, "last_name", row.last_name.strip()),
                (Participant, "reference", row.reference.strip()),
            ):
                try:
                    model._meta.get_field(name).clean(value, None)
                except ValidationError as error:
                    raise DomainError(" ".join(error.messages), field=name) from None
            if row.exit_on is not None or row.exit_outcome:
                if row.exit_on is None:
                    raise DomainError(_("An outcome needs the exit date."), field="exit_on")
                _check_exit(row.enrolled_on, row.exit_on, row.exit_outcome)
        except DomainError as error:
            errors[index] = error
    programme_ids = {row.programme.pk for row in enrolments}
    used = set(
        Participant.objects.filter(
            programme_id__in=programme_ids,
            reference__in=[row.reference.strip() for row in enrolments],
        ).values_list("programme_id", "reference")
    )
    persons = {p.cpr_digest: p for p in Person.objects.filter(cpr_digest__in=digests.values())}
    active = {
        f"{digest}:{programme_id}": reference
        for digest, programme_id, reference in Participant.objects.filter(
            person__in=persons.values(), programme_id__in=programme_ids, exit_on__isnull=True
        ).values_list("person__cpr_digest", "programme_id", "reference")
    }
    for index, row in enumerate(enrolments):
        if index in errors:
            continue
        reference = (row.programme.pk, row.reference.strip())
        if reference in used:
            errors[index] = _reference_used(row.reference.strip(), row.programme)
            continue
        used.add(reference)
        if row.exit_on is None:
            key = f"{digests[index]}:{row.programme.pk}"
            if key in active:
                name = persons.get(digests[index]) or f"{row.first_name} {row.last_name}"
                errors[index] = _already_enrolled(name, row.programme, active[key])
                continue
            active[key] = row.reference.strip()
    if errors:
        raise BulkRefused(errors)
    with transaction.atomic():
        new_persons = []
        for index, row in enumerate(enrolments):
            if digests[index] not in persons:
                person = Person(first_name=row.first_name.strip(), last_name=row.last_name.strip())
                person.set_cpr(clear[index])
                persons[digests[index]] = person
                new_persons.append(person)
        Person.objects.bulk_create(new_persons)
        Person.history.bulk_history_create(new_persons, default_user=actor)
        participants = [
            Participant(
                person=persons[digests[index]],
                programme=row.programme,
                reference=row.reference.strip(),
                enrolled_on=row.enrolled_on,
                exit_on=row.exit_on,
                exit_outcome=row.exit_outcome if row.exit_on else "",
                status=Participant.Status.EXITED if row.exit_on else Participant.Status.ENROLLED,
            )
            for index, row in enumerate(enrolments)
        ]
        Participant.objects.bulk_create(participants)
        Participant.history.bulk_history_create(participants, default_user=actor)
        plans = DevelopmentPlan.objects.bulk_create(
            [DevelopmentPlan(participant=participant) for participant in participants]
        )
        DevelopmentPlan.history.bulk_history_create(plans, default_user=actor)
        events = []
        for participant in participants:
            where = {"person_id": participant.person_id, "programme_id": participant.programme_id}
            events.append(
                audit.Event(
                    action=AuditEvent.Action.CREATED,
                    target=participant,
                    summary=_("Enrolled in %(programme)s") % {"programme": participant.programme},
                    **where,
                )
            )
            if participant.exit_on:
                events.append(
                    audit.Event(
                        action=AuditEvent.Action.STATUS,
                        target=participant,
                        summary=_("Left on %(day)s: %(outcome)s")
                        % {
                            "day": _day(participant.exit_on),
                            "outcome": participant.get_exit_outcome_display().lower(),
                        },
                        **where,
                    )
                )
        audit.record_many(actor=actor, events=events)
    return participants


def participant_update(
    *, participant: Participant, actor: User | None, **values: Any
) -> Participant:
    """Change a case's details (not its status): broker, case worker, benefit, barriers, ..."""
    unknown = set(values) - set(PARTICIPANT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"participant_update does not change {sorted(unknown)}")
    _check_details(participant.programme, values)
    if "reference" in values:
        values["reference"] = values["reference"].strip()
        if not values["reference"]:
            raise DomainError(_("The case number is required."), field="reference")
    changes = audit.diff(participant, values)
    if not changes:
        return participant
    with transaction.atomic():
        participant = _locked(participant)
        if (
            "reference" in changes
            and Participant.objects.filter(
                programme_id=participant.programme_id, reference=values["reference"]
            )
            .exclude(pk=participant.pk)
            .exists()
        ):
            raise DomainError(
                _("Case number %(reference)s is already used in this programme.")
                % {"reference": values["reference"]},
                field="reference",
            )
        new_broker = values.get("job_broker", participant.job_broker)
        broker_changed = "job_broker" in changes and new_broker is not None
        for name, value in values.items():
            setattr(participant, name, value)
        participant._history_user = actor
        participant.save()
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=_("Case details changed"),
            changes=changes,
        )
        if broker_changed and new_broker != actor:
            transaction.on_commit(lambda: notify_new_assignment.delay(participant.pk))
    return participant


# --- Status transitions -----------------------------------------------------------------------


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


def participant_exit(
    *,
    participant: Participant,
    exit_on: datetime.date,
    outcome: str,
    actor: User | None,
    reason: str = "",
    hired: bool = False,
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
        participant = _locked(participant)
        if participant.exit_on is not None:
            raise DomainError(
                _("%(name)s already left the programme on %(day)s (%(outcome)s).")
                % {
                    "name": participant.person,
                    "day": _day(participant.exit_on),
                    "outcome": participant.get_exit_outcome_display().lower(),
                }
            )
        _check_exit(participant.enrolled_on, exit_on, outcome)
        participant_exiting.send(
            sender=Participant, participant=participant, exit_on=exit_on, actor=actor
        )
        participant.exit_on = exit_on
        participant.exit_outcome = outcome
        participant.exit_reason = reason.strip()
        participant.status = Participant.Status.EXITED
        participant._history_user = actor
        participant.save()
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.STATUS,
            summary=_("Left on %(day)s: %(outcome)s")
            % {"day": _day(exit_on), "outcome": participant.get_exit_outcome_display().lower()},
            changes={"status": ["", "exited"], "exit_outcome": ["", outcome]},
        )
    return participant


def participant_reopen(*, participant: Participant, actor: User | None, reason: str) -> Participant:
    """Undo an exit: the case is active again (its placements stay as history)."""
    if not reason.strip():
        raise DomainError(_("Say why the case is reopened."), field="reason")
    with transaction.atomic():
        participant = _locked(participant)
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
                    "day": _day(employment.starts_on),
                }
            )
        previous = [str(participant.exit_on), participant.exit_outcome]
        participant.exit_on = None
        participant.exit_outcome = ""
        participant.exit_reason = ""
        participant.status = Participant.Status.ENROLLED
        participant._history_user = actor
        participant.save()
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.STATUS,
            summary=_("Case reopened: %(reason)s") % {"reason": reason.strip()},
            changes={"status": ["exited", "enrolled"], "exit": [" ".join(previous), ""]},
        )
    return participant


# --- Contact log, plan and parallel efforts ---------------------------------------------------


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
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError(_("A note records something that has happened."), field="occurred_at")
    if follow_up_on is not None and follow_up_on < timezone.localdate(occurred_at):
        raise DomainError(_("The follow-up cannot be before the note."), field="follow_up_on")
    with transaction.atomic():
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
        _audit(
            participant,
            actor=author,
            action=AuditEvent.Action.CREATED,
            record=note,
            summary=_("Case note: %(kind)s") % {"kind": note.get_kind_display()},
        )
    return note


def case_note_follow_up_done(*, note: CaseNote, actor: User) -> CaseNote:
    """Tick off a note's follow-up (once: a second tick changes nothing). Returns the note."""
    if note.follow_up_on is None:
        raise DomainError(_("This note has no follow-up."))
    with transaction.atomic():
        participant = _locked(note.participant)
        note = CaseNote.objects.get(pk=note.pk)
        if note.follow_up_done_at is not None:
            return note
        note.follow_up_done_at = timezone.now()
        note._history_user = actor
        note.save(update_fields=["follow_up_done_at"])
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            record=note,
            summary=_("Follow-up done: %(kind)s") % {"kind": note.get_kind_display()},
            changes={"follow_up_done_at": ["", note.follow_up_done_at.isoformat()]},
        )
    return note


def _save_with_trail(
    instance: Any, values: dict[str, Any], *, participant: Participant, actor: User | None, summary
) -> Any:
    """Create or change a record of a case under the case's row lock: set the values, save (the
    history keeps the old version, by `actor`) and write the audit row with what changed."""
    with transaction.atomic():
        _locked(participant)
        created = instance.pk is None
        if not created:
            # Compare with what is stored now, not with what the caller read before the lock.
            instance.refresh_from_db()
        changes = {} if created else audit.diff(instance, values)
        for name, value in values.items():
            setattr(instance, name, value)
        instance._history_user = actor
        instance.save()
        _audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
            record=instance,
            summary=summary(instance),
            changes=changes,
        )
    return instance


def goal_save(
    *,
    plan: DevelopmentPlan,
    actor: User | None,
    goal: Goal | None = None,
    **values: Any,
) -> Goal:
    """Add a goal to a development plan, or change one (history keeps every version)."""
    if not str(values.get("title", goal.title if goal else "")).strip():
        raise DomainError(_("Describe the goal."), field="title")
    target_on = values.get("target_on")
    if target_on is not None and target_on < plan.participant.enrolled_on:
        raise DomainError(_("The target date cannot be before the enrolment."), field="target_on")
    created = goal is None
    return _save_with_trail(
        goal or Goal(plan=plan),
        values,
        participant=plan.participant,
        actor=actor,
        summary=lambda g: (
            (_("Goal added: %(title)s") if created else _("Goal changed: %(title)s"))
            % {"title": g.title}
        ),
    )


def review_add(
    *,
    plan: DevelopmentPlan,
    reviewer: User,
    reviewed_on: datetime.date,
    progress: str,
    next_review_on: datetime.date | None,
) -> Review:
    """Record a review of the plan and schedule the next one."""
    if not progress.strip():
        raise DomainError(_("Describe the progress since the last review."), field="progress")
    if reviewed_on > timezone.localdate():
        raise DomainError(_("A review cannot be dated in the future."), field="reviewed_on")
    if reviewed_on < plan.participant.enrolled_on:
        raise DomainError(_("A review cannot be before the enrolment."), field="reviewed_on")
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise DomainError(_("The next review must come after this one."), field="next_review_on")
    with transaction.atomic():
        _locked(plan.participant)
        review = Review(
            plan=plan,
            reviewer=reviewer,
            reviewed_on=reviewed_on,
            progress=progress.strip(),
            next_review_on=next_review_on,
        )
        review._history_user = reviewer
        review.save()
        latest = plan.reviews.order_by("-reviewed_on", "-pk").first()
        if latest == review:
            plan.next_review_on = next_review_on
            plan._history_user = reviewer
            plan.save(update_fields=["next_review_on", "updated_at"])
        _audit(
            plan.participant,
            actor=reviewer,
            action=AuditEvent.Action.CREATED,
            record=review,
            summary=_("Development plan reviewed"),
        )
    return review


def parallel_effort_save(
    *,
    participant: Participant,
    actor: User | None,
    effort: ParallelEffort | None = None,
    **values: Any,
) -> ParallelEffort:
    """Add or change an intervention beside the placement."""
    starts_on = values.get("starts_on", effort.starts_on if effort else None)
    ends_on = values.get("ends_on", effort.ends_on if effort else None)
    if starts_on is None:
        raise DomainError(_("Give the start date."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end date cannot be before the start."), field="ends_on")
    return _save_with_trail(
        effort or ParallelEffort(participant=participant),
        values,
        participant=participant,
        actor=actor,
        summary=lambda e: _("Parallel effort: %(kind)s") % {"kind": e.get_kind_display()},
    )
