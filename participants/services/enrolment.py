"""Enrolling a citizen in a programme, and the case's details (not its status)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_dates, check_not_ahead
from jobsporet.core.choices import Sector
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.outbox.services import enqueue_after_commit
from jobsporet.programmes.models import Programme

from .. import esf
from ..models import Barrier, DevelopmentPlan, Participant, Person
from ..tasks import notify_new_assignment
from .case import case_audit, lock_case
from .persons import person_get_or_create

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
    *esf.FIELDS,
)


def check_details(programme: Programme, values: dict[str, Any]) -> None:
    check_dates(consent_on=values.get("consent_on"))
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


def check_esf(
    values: dict[str, Any], *, enrolled_on: datetime.date, left: bool | None = None
) -> None:
    """The EU Social Fund characteristics (participants/esf.py): known codes, an unemployment
    start date only for the unemployed and by the enrolment, and the exit's results only once
    the case has left (`left` None: not checked)."""
    for name, choices in (
        ("gender", esf.Gender),
        ("labour_market_status", esf.LabourMarketStatus),
        ("education_level", esf.EducationLevel),
    ):
        if values.get(name, "") not in ("", *choices.values):
            raise DomainError(_("Choose one of the listed values."), field=name)
    since = values.get("unemployed_since")
    if since is not None:
        check_dates(unemployed_since=since)
        if values.get("labour_market_status") != esf.LabourMarketStatus.UNEMPLOYED:
            raise DomainError(
                _("Only an unemployed participant has a date the unemployment began."),
                field="unemployed_since",
            )
        if since > enrolled_on:
            raise DomainError(
                _("The unemployment must have begun by the enrolment (%(day)s).")
                % {"day": short_date(enrolled_on)},
                field="unemployed_since",
            )
    if left is False:
        for name in esf.EXIT_FIELDS:
            if values.get(name) is not None:
                raise DomainError(
                    _("This is recorded when the participant leaves the programme."), field=name
                )


def check_enrolment(programme: Programme, reference: str, enrolled_on: datetime.date) -> str:
    """The rules every enrolment obeys, whichever way it comes in; returns the clean reference."""
    reference = reference.strip()
    if not reference:
        raise DomainError(_("The case number is required."), field="reference")
    check_not_ahead(enrolled_on, field="enrolled_on")
    if enrolled_on < programme.starts_on:
        raise DomainError(
            _("%(programme)s starts on %(day)s; enrolment cannot be earlier.")
            % {"programme": programme, "day": short_date(programme.starts_on)},
            field="enrolled_on",
        )
    if programme.ends_on and enrolled_on > programme.ends_on:
        raise DomainError(
            _("%(programme)s ended on %(day)s; enrolment cannot be later.")
            % {"programme": programme, "day": short_date(programme.ends_on)},
            field="enrolled_on",
        )
    return reference


def reference_used(reference: str, programme: Programme) -> DomainError:
    return DomainError(
        _("Case number %(reference)s is already used in %(programme)s.")
        % {"reference": reference, "programme": programme},
        field="reference",
    )


def already_enrolled(person: Person, programme: Programme, reference: str) -> DomainError:
    return DomainError(
        _("%(name)s is already enrolled in %(programme)s (case %(reference)s).")
        % {"name": person, "programme": programme, "reference": reference},
        field="cpr",
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
    **characteristics: Any,
) -> Participant:
    """Enrol a person in a programme; the case gets an empty development plan to work on.
    `characteristics` are the EU Social Fund's fields at entry (participants/esf.py), all
    optional; the gender is taken from the CPR number unless given."""
    unknown_fields = set(characteristics) - set(esf.ENTRY_FIELDS)
    if unknown_fields:
        raise TypeError(f"participant_enrol does not take {sorted(unknown_fields)}")
    if not characteristics.get("gender") and not person.is_anonymised:
        characteristics["gender"] = esf.gender_from_cpr(person.cpr.replace("-", ""))
    check_esf(characteristics, enrolled_on=enrolled_on)
    reference = check_enrolment(programme, reference, enrolled_on)
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
    check_dates(consent_on=consent_on)
    check_details(programme, details)
    with transaction.atomic():
        if Participant.objects.filter(programme=programme, reference=reference).exists():
            raise reference_used(reference, programme)
        current = person.enrolments.filter(programme=programme, exit_on__isnull=True).first()
        if current is not None:
            raise already_enrolled(person, programme, current.reference)
        participant = Participant(
            person=person,
            programme=programme,
            reference=reference,
            enrolled_on=enrolled_on,
            benefit_type=benefit_type,
            barrier_notes=barrier_notes,
            consent_on=consent_on,
            **details,
            **characteristics,
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
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CREATED,
            summary=audit.summary(gettext_noop("Enrolled in %(programme)s"), programme=programme),
        )
        if job_broker is not None and job_broker != actor:
            enqueue_after_commit(notify_new_assignment, participant.pk)
    return participant


class NameMismatch(DomainError):
    """The CPR number belongs to a citizen registered under another name. The message does not
    say which name: a broker of one programme must not learn another programme's citizen by
    typing their CPR number with a made-up name."""

    def __init__(self, person: Person) -> None:
        super().__init__(
            _(
                "A citizen with this CPR number is already registered under another name. Check "
                "the CPR number and the name as the CPR register has them."
            ),
            field="cpr",
        )
        self.person = person


def _name_key(*parts: str) -> str:
    """A name compared without case, accents written two ways, extra spaces or hyphens."""
    text = unicodedata.normalize("NFKC", " ".join(parts)).casefold()
    return " ".join(re.split(r"[\s\-]+", text)).strip()


def same_name(person: Person, first_name: str, last_name: str) -> bool:
    return _name_key(person.first_name, person.last_name) == _name_key(first_name, last_name)


def person_enrol(
    *,
    cpr: str,
    first_name: str,
    last_name: str,
    programme: Programme,
    reference: str,
    enrolled_on: datetime.date,
    actor: User | None,
    contact: dict[str, str] | None = None,
    **case: Any,
) -> tuple[Participant, bool]:
    """Enrol a citizen found or created by CPR number, in one transaction (the enrol page):
    person_get_or_create, then participant_enrol with the case's details (`case`). A refused
    enrolment creates no person. Returns (participant, whether the person is new).

    A known citizen is enrolled only under the name they are registered with (NameMismatch
    otherwise, which reveals nothing stored about them); the refusal is audited on the citizen,
    so their access report shows who tried."""
    try:
        with transaction.atomic():
            person, created = person_get_or_create(
                cpr=cpr, first_name=first_name, last_name=last_name, actor=actor, **(contact or {})
            )
            if not created and not same_name(person, first_name, last_name):
                raise NameMismatch(person)
            participant = participant_enrol(
                person=person,
                programme=programme,
                reference=reference,
                enrolled_on=enrolled_on,
                actor=actor,
                **case,
            )
    except NameMismatch as refused:
        audit.record(
            actor=actor,
            action=AuditEvent.Action.VIEWED,
            target=refused.person,
            person_id=refused.person.pk,
            programme_id=programme.pk,
            summary=audit.summary(
                gettext_noop("Enrolment refused: the name does not match the CPR number")
            ),
        )
        raise
    return participant, created


def participant_update(
    *, participant: Participant, actor: User | None, **values: Any
) -> Participant:
    """Change a case's details (not its status): broker, case worker, benefit, barriers, ..."""
    unknown = set(values) - set(PARTICIPANT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"participant_update does not change {sorted(unknown)}")
    check_details(participant.programme, values)
    if set(values) & set(esf.FIELDS):
        check_esf(
            {name: values.get(name, getattr(participant, name)) for name in esf.FIELDS},
            enrolled_on=participant.enrolled_on,
            left=participant.exit_on is not None,
        )
    if "reference" in values:
        values["reference"] = values["reference"].strip()
        if not values["reference"]:
            raise DomainError(_("The case number is required."), field="reference")
    changes = audit.diff(participant, values)
    if not changes:
        return participant
    with transaction.atomic():
        participant = lock_case(participant.pk)
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
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=audit.summary(gettext_noop("Case details changed")),
            changes=changes,
        )
        if broker_changed and new_broker != actor:
            enqueue_after_commit(notify_new_assignment, participant.pk)
    return participant
