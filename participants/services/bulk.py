"""Enrolling many citizens at once (the importer, the demo seeder), by the same rules as one at
a time. The other bulk variants of the case services are in participants/bulk.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import actors_of, history_many
from jobsporet.core.choices import Sector
from jobsporet.core.errors import BulkRefused, DomainError
from jobsporet.core.models import AuditEvent
from jobsporet.core.rows import insert_rows
from jobsporet.programmes.models import Programme

from .. import cpr as cpr_module
from .. import esf
from ..models import Barrier, DevelopmentPlan, Participant, Person
from ..signals import participants_exiting_many
from ..tasks import notify_new_assignment
from .enrolment import already_enrolled, check_enrolment, check_esf, reference_used
from .persons import check_names, clean_cpr
from .status import check_exit


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
    # The case's details and a new person's contact details, as participant_enrol and
    # person_get_or_create take them (the demo seeder gives them; the importer does not).
    job_broker: User | None = None
    case_worker: User | None = None
    benefit_type: str = ""
    barriers: tuple[str, ...] = ()
    barrier_notes: str = ""
    target_sectors: tuple[str, ...] = ()
    consent_on: datetime.date | None = None
    contact: tuple[tuple[str, str], ...] = ()
    # The EU Social Fund's characteristics at entry (participants/esf.py), as (field, value).
    characteristics: tuple[tuple[str, Any], ...] = ()


def _members_of(programmes: Iterable[Programme]) -> dict[int, set[int]]:
    """The ids of each programme's members, read once for a whole batch."""
    members: dict[int, set[int]] = {programme.pk: set() for programme in programmes}
    through = Programme.members.through
    for programme_id, user_id in through.objects.filter(programme_id__in=list(members)).values_list(
        "programme_id", "user_id"
    ):
        members[programme_id].add(user_id)
    return members


def _check_details(row: Enrolment, members: dict[int, set[int]]) -> None:
    """check_details and participant_enrol's barrier rule for one row of a bulk enrolment."""
    unknown = [code for code in row.barriers if code not in Barrier.values]
    if unknown:
        raise DomainError(
            _("Unknown barrier: %(codes)s.") % {"codes": ", ".join(unknown)}, field="barriers"
        )
    unknown = [code for code in row.target_sectors if code not in Sector.values]
    if unknown:
        raise DomainError(
            _("Unknown sector: %(codes)s.") % {"codes": ", ".join(unknown)}, field="target_sectors"
        )
    for role_field in ("job_broker", "case_worker"):
        user = getattr(row, role_field)
        if user is not None and user.pk not in members[row.programme.pk]:
            raise DomainError(
                _("%(user)s is not a member of %(programme)s.")
                % {"user": user, "programme": row.programme},
                field=role_field,
            )


def participants_enrol_many(
    *,
    enrolments: Sequence[Enrolment],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[Participant]:
    """Enrol many citizens at once (the importer): every row is checked by the same rules as
    person_get_or_create, participant_enrol and participant_exit, against the database and the
    other rows; then persons, cases, plans, history and audit rows are written in bulk, a few
    queries per thousand rows, under the call's actor or each row's own (`actors`, in the rows'
    order: the demo seeder's chunk of many brokers' cases). Raises BulkRefused with every row's
    error and writes nothing."""
    by = actors_of(enrolments, actor, actors)
    errors: dict[int, DomainError] = {}
    digests: dict[int, str] = {}
    clear: dict[int, str] = {}
    members = _members_of({row.programme for row in enrolments})
    for index, row in enumerate(enrolments):
        try:
            clear[index] = clean_cpr(row.cpr)
            digests[index] = cpr_module.digest(clear[index])
            check_names(row.first_name, row.last_name)
            check_enrolment(row.programme, row.reference, row.enrolled_on)
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
                check_exit(row.enrolled_on, row.exit_on, row.exit_outcome)
            _check_details(row, members)
            check_esf(dict(row.characteristics), enrolled_on=row.enrolled_on)
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
            errors[index] = reference_used(row.reference.strip(), row.programme)
            continue
        used.add(reference)
        if row.exit_on is None:
            key = f"{digests[index]}:{row.programme.pk}"
            if key in active:
                name = persons.get(digests[index]) or f"{row.first_name} {row.last_name}"
                errors[index] = already_enrolled(name, row.programme, active[key])
                continue
            active[key] = row.reference.strip()
    if errors:
        raise BulkRefused(errors)
    with transaction.atomic():
        new_persons, person_actors = [], []
        for index, row in enumerate(enrolments):
            if digests[index] not in persons:
                person = Person(
                    first_name=row.first_name.strip(),
                    last_name=row.last_name.strip(),
                    **dict(row.contact),
                )
                person.set_cpr(clear[index])
                persons[digests[index]] = person
                new_persons.append(person)
                person_actors.append(by[index])
        # Without per-row actors the lists below stay None: the call's actor, as before.
        each = actors is not None
        insert_rows(Person, new_persons)
        history_many(Person, new_persons, actor=actor, actors=person_actors if each else None)
        participants = [
            Participant(
                person=persons[digests[index]],
                programme=row.programme,
                reference=row.reference.strip(),
                enrolled_on=row.enrolled_on,
                exit_on=row.exit_on,
                exit_outcome=row.exit_outcome if row.exit_on else "",
                status=Participant.Status.EXITED if row.exit_on else Participant.Status.ENROLLED,
                job_broker=row.job_broker,
                case_worker=row.case_worker,
                benefit_type=row.benefit_type,
                barrier_notes=row.barrier_notes,
                target_sectors=list(row.target_sectors),
                consent_on=row.consent_on,
                **{f"barrier_{code}": code in row.barriers for code in Barrier.values},
                **_characteristics(row, clear[index]),
            )
            for index, row in enumerate(enrolments)
        ]
        insert_rows(Participant, participants)
        history_many(Participant, participants, actor=actor, actors=actors)
        plans = insert_rows(
            DevelopmentPlan,
            [DevelopmentPlan(participant=participant) for participant in participants],
        )
        history_many(DevelopmentPlan, plans, actor=actor, actors=actors)
        events = [
            audit.Event(
                action=AuditEvent.Action.CREATED,
                target=person,
                person_id=person.pk,
                summary=audit.summary(gettext_noop("Person created")),
            )
            for person in new_persons
        ]
        event_actors = list(person_actors)
        for participant, participant_actor in zip(participants, by, strict=True):
            where = {"person_id": participant.person_id, "programme_id": participant.programme_id}
            events.append(
                audit.Event(
                    action=AuditEvent.Action.CREATED,
                    target=participant,
                    summary=audit.summary(
                        gettext_noop("Enrolled in %(programme)s"),
                        programme=participant.programme,
                    ),
                    **where,
                )
            )
            event_actors.append(participant_actor)
            if participant.exit_on:
                events.append(
                    audit.Event(
                        action=AuditEvent.Action.STATUS,
                        target=participant,
                        summary=audit.summary(
                            gettext_noop("Left on %(day)s: %(outcome)s"),
                            day=participant.exit_on,
                            outcome=audit.lowered(audit.choice(participant, "exit_outcome")),
                        ),
                        **where,
                    )
                )
                event_actors.append(participant_actor)
        audit.record_many(actor=actor, actors=event_actors if each else None, events=events)
        _send_exits(participants, actor=actor, actors=actors)
        for participant, participant_actor in zip(participants, by, strict=True):
            if participant.job_broker is not None and participant.job_broker != participant_actor:
                transaction.on_commit(
                    lambda pk=participant.pk: notify_new_assignment.delay(pk)  # type: ignore[misc]
                )
    return participants


def _send_exits(
    participants: Sequence[Participant],
    *,
    actor: User | None,
    actors: Sequence[User | None] | None = None,
) -> None:
    """Cases enrolled with their exit (history) leave like any other: the apps above hear it
    through participants_exiting_many (placements schedules the six-month follow-up)."""
    from ..bulk import Exit  # participants.bulk imports this package

    by = actors_of(participants, actor, actors)
    left = [
        (Exit(p, p.exit_on, p.exit_outcome), p_actor)
        for p, p_actor in zip(participants, by, strict=True)
        if p.exit_on is not None
    ]
    if left:
        participants_exiting_many.send(
            sender=Participant,
            exits=[row for row, _actor in left],
            actor=actor,
            actors=None if actors is None else [p_actor for _row, p_actor in left],
        )


def _characteristics(row: Enrolment, digits: str) -> dict[str, Any]:
    """The row's ESF characteristics, the gender from the CPR number unless given."""
    values = dict(row.characteristics)
    values["gender"] = values.get("gender") or esf.gender_from_cpr(digits)
    return values
