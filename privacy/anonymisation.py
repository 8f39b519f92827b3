"""Anonymisation of participants who left long ago: what it would do, and doing it.

A person is due when every enrolment of theirs has ended and the latest ended before the cutoff
(ANONYMISE_AFTER_YEARS before today). Anonymising keeps every date, status, outcome, placement,
hour and company (so the programmes' figures do not move) and removes what identifies or
describes the person: names, CPR number (the birth date keeps its year only), contact details,
free texts (barrier notes, exit reasons, plans, goals, reviews, notes, efforts, hours notes), the
same fields in every stored version (django-simple-history), and the personal values in the
audit trail's change entries (the fact of each change, who and when stay).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.models import AuditEvent
from participants.models import (
    CaseNote,
    DevelopmentPlan,
    Goal,
    ParallelEffort,
    Participant,
    Person,
    Review,
)
from participants.queries import neutral_summary
from placements.models import HoursChange

ANONYMISED_NAME = "Anonymiseret"

# What is blanked, model by model (the live rows and their history tables alike).
PERSON_BLANKS = {
    "last_name": "",
    "phone": "",
    "email": "",
    "address": "",
    "postal_code": "",
    "city": "",
}
FREE_TEXTS = [
    (Participant, "person_id__in", {"barrier_notes": "", "exit_reason": ""}),
    (DevelopmentPlan, "participant__person_id__in", {"summary": ""}),
    (Goal, "plan__participant__person_id__in", {"title": "", "actions": ""}),
    (Review, "plan__participant__person_id__in", {"progress": ""}),
    (CaseNote, "participant__person_id__in", {"text": ""}),
    (ParallelEffort, "participant__person_id__in", {"description": "", "provider": ""}),
    (HoursChange, "placement__participant__person_id__in", {"note": ""}),
]


def default_cutoff(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - relativedelta(years=settings.ANONYMISE_AFTER_YEARS)


def due_persons(cutoff: datetime.date) -> QuerySet[Person]:
    """Persons not yet anonymised whose every enrolment ended, the latest before `cutoff`."""
    return (
        Person.objects.exclude(cpr_digest__startswith=Person.ANONYMISED_PREFIX)
        .annotate(
            cases=Count("enrolments"),
            open_cases=Count("enrolments", filter=Q(enrolments__exit_on__isnull=True)),
            last_exit=Max("enrolments__exit_on"),
        )
        .filter(cases__gt=0, open_cases=0, last_exit__lt=cutoff)
    )


@dataclass(frozen=True)
class Plan:
    """What an anonymisation would do: counts and the cases it touches (references, programmes,
    exit dates), never a name or a CPR number."""

    cutoff: datetime.date
    person_ids: list[int]
    cases: QuerySet[Participant]
    counts: dict[str, int]

    @property
    def fingerprint(self) -> str:
        """Ties an approval to exactly this list (an approval of an older list is refused)."""
        text = f"{self.cutoff.isoformat()}:{','.join(map(str, self.person_ids))}"
        return hashlib.sha256(text.encode()).hexdigest()


def plan(cutoff: datetime.date) -> Plan:
    """What anonymising everyone due before `cutoff` would touch, in a few count queries."""
    person_ids = list(due_persons(cutoff).order_by("pk").values_list("pk", flat=True))
    cases = (
        Participant.objects.filter(person_id__in=person_ids)
        .select_related("programme")
        .order_by("exit_on", "programme__name", "reference")
    )
    counts = {
        "persons": len(person_ids),
        "cases": cases.count(),
        "notes": CaseNote.objects.filter(participant__person_id__in=person_ids).count(),
        "goals_and_reviews": Goal.objects.filter(
            plan__participant__person_id__in=person_ids
        ).count()
        + Review.objects.filter(plan__participant__person_id__in=person_ids).count(),
        "efforts": ParallelEffort.objects.filter(participant__person_id__in=person_ids).count(),
        "history": AuditEvent.objects.filter(person_id__in=person_ids).count(),
    }
    return Plan(cutoff=cutoff, person_ids=person_ids, cases=cases, counts=counts)


def anonymise(*, person_ids: list[int], cutoff: datetime.date, actor: User | None) -> int:
    """Anonymise those of `person_ids` who are still due before `cutoff` (someone re-enrolled
    since the approval is skipped). One transaction; returns how many were anonymised."""
    with transaction.atomic():
        # Locked (enrolling a person locks their row too), then re-checked under the lock:
        # PostgreSQL locks no grouped rows, so the check is a subquery.
        still_due = due_persons(cutoff).filter(pk__in=person_ids).values("pk")
        persons = list(Person.objects.select_for_update().filter(pk__in=still_due).order_by("pk"))
        ids = [person.pk for person in persons]
        if not ids:
            return 0
        digests = [person.cpr_digest for person in persons]
        for person in persons:
            person.first_name = ANONYMISED_NAME
            for name, value in PERSON_BLANKS.items():
                setattr(person, name, value)
            person.birth_date = person.birth_date.replace(month=1, day=1)
            person.cpr_encrypted = ""
            person.cpr_digest = f"{Person.ANONYMISED_PREFIX}{person.pk}"
            person.skip_history_when_saving = True
            person.save()
        Person.history.filter(id__in=ids).update(first_name=ANONYMISED_NAME, **PERSON_BLANKS)
        for model, path, blanks in FREE_TEXTS:
            model.objects.filter(**{path: ids}).update(**blanks)
            record_ids = model.objects.filter(**{path: ids}).values("pk")
            model.history.filter(id__in=record_ids).update(**blanks)
        with audit.maintenance():
            AuditEvent.objects.filter(person_id__in=ids).update(
                summary=neutral_summary(), summary_message={}, changes={}, purpose=""
            )
            AuditEvent.objects.filter(subject_digest__in=digests).update(subject_digest="")
        audit.record_many(
            actor=actor,
            events=[
                audit.Event(
                    action=AuditEvent.Action.CHANGED,
                    target=person,
                    person_id=person.pk,
                    summary=audit.summary(
                        gettext_noop("Anonymised (left before %(day)s)"), day=cutoff.isoformat()
                    ),
                )
                for person in persons
            ],
        )
    return len(ids)
