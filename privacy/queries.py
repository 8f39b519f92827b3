"""Reads for the access report: whose data, and every read, search, export and change of it.

A citizen is a Person (found by CPR through the keyed hash, by name or by case number), or, for
someone never enrolled, only the keyed hash of a CPR number somebody searched for. Their events
are the rows about them (person_id), the searches and filtered lists that showed them
(AuditListing) and the CPR searches for their number (subject_digest), in one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from jobsporet.core.models import AuditEvent, AuditListing
from participants import cpr
from participants.models import Participant, Person
from participants.queries import neutral_summary

SUBJECTS_SHOWN = 50
REPORT_VIEW_INTERVAL = datetime.timedelta(hours=1)

# What the report calls each kind of event, in the citizen's terms.
CATEGORY_LABELS = {
    AuditEvent.Action.VIEWED: pgettext_lazy("access report", "Read"),
    AuditEvent.Action.ADMIN_VIEWED: pgettext_lazy("access report", "Read in the admin"),
    AuditEvent.Action.SEARCHED: pgettext_lazy("access report", "Search"),
    AuditEvent.Action.CPR_REVEALED: pgettext_lazy("access report", "CPR number shown"),
    AuditEvent.Action.EXPORTED: pgettext_lazy("access report", "Export"),
    AuditEvent.Action.CREATED: pgettext_lazy("access report", "Change"),
    AuditEvent.Action.CHANGED: pgettext_lazy("access report", "Change"),
    AuditEvent.Action.STATUS: pgettext_lazy("access report", "Change"),
    AuditEvent.Action.DELETED: pgettext_lazy("access report", "Change"),
    AuditEvent.Action.IMPORTED: pgettext_lazy("access report", "Import"),
}


@dataclass(frozen=True)
class Subject:
    """Whose access report: a person, or only the keyed hash of a CPR number searched for."""

    person: Person | None
    digest: str

    @property
    def label(self) -> str:
        if self.person is not None:
            return f"{self.person.full_name} ({self.person.masked_cpr})"
        return _("A CPR number that matches no citizen in Jobsporet")


def subject_for_person(person: Person) -> Subject:
    return Subject(person=person, digest=person.cpr_digest)


def digest_of(raw_cpr: str) -> str | None:
    """The keyed hash of a typed CPR number, or None if it is not one."""
    try:
        return cpr.digest(cpr.normalise(raw_cpr))
    except ValidationError:
        return None


def find_persons(text: str) -> QuerySet[Person]:
    """Citizens whose name or case number contains every word typed, with their cases' count,
    across all programmes (the data-protection officer answers for all of them)."""
    persons = Person.objects.all()
    for word in text.split():
        persons = persons.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(
                Exists(Participant.objects.filter(person=OuterRef("pk"), reference__icontains=word))
            )
        )
    return persons.annotate(cases=Count("enrolments")).order_by("last_name", "first_name", "pk")


def events_about(subject: Subject) -> QuerySet[AuditEvent]:
    """Every audit event about the subject, newest first."""
    about = Q(subject_digest=subject.digest) if subject.digest else Q(pk__in=[])
    if subject.person is not None:
        about |= Q(person_id=subject.person.pk) | Q(
            pk__in=AuditListing.objects.filter(person_id=subject.person.pk).values("event_id")
        )
    return AuditEvent.objects.filter(about).order_by("-at", "-pk")


def report_rows(
    events: QuerySet[AuditEvent],
    *,
    actor_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The report's rows, filtered by user and period, each with `shown`: what happened in words
    that name the kind of record, never what it says (the report is read by the
    data-protection officer and handed to the citizen; the content is in the data export)."""
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if since is not None:
        events = events.filter(at__gte=_start_of(since))
    if until is not None:
        events = events.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return events.select_related("actor", "target_type", "programme").annotate(
        shown=Case(
            When(action__in=AuditEvent.ACCESS_ACTIONS, then="summary"),
            default=neutral_summary(),
            output_field=CharField(),
        ),
        category=Case(
            *(When(action=action, then=Value(str(label))) for action, label in _labels()),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def _labels():
    return [(action.value, label) for action, label in CATEGORY_LABELS.items()]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def actors_in(events: QuerySet[AuditEvent]):
    """The users who appear in the subject's events (the report's user filter), one query."""
    return (
        get_user_model()
        .objects.filter(pk__in=events.values("actor_id"))
        .order_by("first_name", "last_name", "username")
    )
