"""Factories that build valid objects; state changes go through the services, as in the app."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import factory
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from companies.models import Agreement, Company, Mentor
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role, sync_roles
from jobsporet.core.choices import Sector
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import FundingEntry, Programme
from participants import services as participant_services
from participants.models import CaseNote, Goal, ParallelEffort, Participant, Person, Review
from placements import services as placement_services
from placements.followups import services as followup_services
from placements.models import FollowUp, HoursChange, Placement

_rng = random.Random(2020)


def audit_events(record, **filters) -> QuerySet[AuditEvent]:
    """The audit rows about one record. Ids repeat across tables, so the type is part of it."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(record), target_id=record.pk, **filters
    ).order_by("pk")


def work_events() -> QuerySet[AuditEvent]:
    """Audit rows about the work (cases, companies, placements), without those that creating
    the test's own accounts and giving them roles and programmes wrote."""
    accounts = ContentType.objects.get_for_models(User, Group).values()
    return AuditEvent.objects.exclude(target_type__in=accounts)


def make_cpr(birth: datetime.date | None = None, serial: int | None = None) -> str:
    """A CPR number with a real date part (modulus 11 is not required)."""
    birth = birth or datetime.date(1960, 1, 1) + datetime.timedelta(days=_rng.randrange(20000))
    serial = _rng.randrange(0, 4000) if serial is None else serial
    # Seventh digit 0-3 means born in the 1900s; keep the factory in that century.
    return f"{birth:%d%m%y}-{serial:04d}"


def make_cvr() -> str:
    """An 8-digit CVR number that passes the modulus-11 check."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [_rng.randrange(1, 10)] + [_rng.randrange(10) for _ in range(6)]
        check = (-sum(d * w for d, w in zip(digits, weights, strict=True))) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def role_group(role: Role) -> Group:
    """The role's group; recreated when a transactional test has flushed what migrations made."""
    group = Group.objects.filter(name=role).first()
    if group is None:
        sync_roles(django_apps, None)
        group = Group.objects.get(name=role)
    return group


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    starts_on = datetime.date(2020, 9, 1)
    ends_on = None
    target_participants = 100
    target_employment_rate = Decimal("0.400")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Staff names that no citizen in a test can have: a random Danish name ("Anne", "Jensen")
    # made tests that look for a citizen's name on a page fail by chance.
    first_name = "Medarbejder"
    last_name = factory.Sequence(lambda n: f"Nr{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@jobcenter.example")
    password = factory.django.Password("demo")

    @factory.post_generation
    def role(self, create: bool, role: Role | None, **kwargs) -> None:
        if create and role:
            self.groups.add(role_group(role))

    @factory.post_generation
    def programmes(self, create: bool, programmes, **kwargs) -> None:
        if create and programmes:
            for programme in programmes:
                programme.members.add(self)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")

    @classmethod
    def _create(cls, model_class, *args, cpr: str | None = None, **kwargs):
        person, _created = participant_services.person_get_or_create(
            cpr=cpr or make_cpr(), actor=None, **kwargs
        )
        return person


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An enrolled participant, created through participant_enrol."""

    class Meta:
        model = Participant

    person = factory.SubFactory(PersonFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    reference = factory.Sequence(lambda n: f"JS-{n:04d}")
    enrolled_on = datetime.date(2021, 1, 4)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participant_services.participant_enrol(actor=None, **kwargs)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    cvr = factory.LazyFunction(make_cvr)
    name = factory.Sequence(lambda n: f"Virksomhed {n} ApS")
    sector = Sector.RETAIL
    city = "Ikast"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    company = factory.SubFactory(CompanyFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    is_training = True
    is_network = False
    training_capacity = 2
    signed_on = datetime.date(2020, 9, 1)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    company = factory.SubFactory(CompanyFactory)
    name = factory.Faker("name", locale="da_DK")


class FundingEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingEntry

    programme = factory.SubFactory(ProgrammeFactory)
    reference = factory.Sequence(lambda n: f"F-{n}")
    kind = FundingEntry.Kind.EXPENSE
    on = datetime.date(2021, 6, 1)
    amount = Decimal("1000.00")


def start_training(
    participant: Participant,
    *,
    company: Company | None = None,
    starts_on: datetime.date | None = None,
    **kwargs,
) -> Placement:
    """Put a participant in training at a company with a training agreement (made if needed)."""
    if company is None:
        company = AgreementFactory(programme=participant.programme, training_capacity=None).company
    elif not company.agreements.filter(programme=participant.programme, is_training=True).exists():
        AgreementFactory(company=company, programme=participant.programme, training_capacity=None)
    return placement_services.training_start(
        participant=participant,
        company=company,
        starts_on=starts_on or participant.enrolled_on,
        actor=None,
        **kwargs,
    )


def hire(
    participant: Participant,
    *,
    company: Company | None = None,
    starts_on: datetime.date | None = None,
    weekly_hours: Decimal = Decimal(10),
    employment_type: str = Placement.EmploymentType.PART_TIME,
) -> Placement:
    return placement_services.participant_hire(
        participant=participant,
        company=company or CompanyFactory(),
        starts_on=starts_on or participant.enrolled_on + datetime.timedelta(days=60),
        employment_type=employment_type,
        weekly_hours=weekly_hours,
        actor=None,
    )


def leave(
    participant: Participant, exit_on: datetime.date, outcome: str = "dropout"
) -> Participant:
    """An exit that is not a hire (education or dropout); it schedules the follow-up."""
    return participant_services.participant_exit(
        participant=participant, exit_on=exit_on, outcome=outcome, reason="Test", actor=None
    )


def record_follow_up(
    participant: Participant,
    *,
    outcome: str = FollowUp.Outcome.ORDINARY_JOB,
    contacted_on: datetime.date | None = None,
    method: str = FollowUp.Method.PHONE,
    **kwargs,
) -> FollowUp:
    """Record the participant's scheduled follow-up (an employee's job names an employer)."""
    follow_up = participant.follow_ups.get(cancelled_at__isnull=True)
    if outcome in FollowUp.EMPLOYEE and "employer" not in kwargs:
        kwargs.setdefault("employer_name", "Brugsen")
    return followup_services.followup_record(
        follow_up=follow_up,
        contacted_on=contacted_on or follow_up.due_on,
        method=method,
        outcome=outcome,
        actor=None,
        **kwargs,
    )


# --- Case records and placements, each made through its service ------------------------------


class CaseNoteFactory(factory.django.DjangoModelFactory):
    """A note in the contact log, written through case_note_add (now, unless occurred_at)."""

    class Meta:
        model = CaseNote

    participant = factory.SubFactory(ParticipantFactory)
    author = factory.SubFactory(UserFactory)
    kind = CaseNote.Kind.MEETING
    text = factory.Sequence(lambda n: f"Samtale nr. {n}")
    occurred_at = None
    follow_up_on = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participant_services.case_note_add(**kwargs)


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal in a participant's development plan, added through goal_save."""

    class Meta:
        model = Goal

    class Params:
        participant = factory.SubFactory(ParticipantFactory)

    plan = factory.LazyAttribute(lambda goal: goal.participant.development_plan)
    area = Goal.Area.PROFESSIONAL
    title = factory.Sequence(lambda n: f"Mål {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participant_services.goal_save(actor=None, **kwargs)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review of a development plan a month after the enrolment, through review_add."""

    class Meta:
        model = Review

    class Params:
        participant = factory.SubFactory(ParticipantFactory)

    plan = factory.LazyAttribute(lambda review: review.participant.development_plan)
    reviewer = factory.SubFactory(UserFactory)
    reviewed_on = factory.LazyAttribute(
        lambda review: review.plan.participant.enrolled_on + datetime.timedelta(days=30)
    )
    progress = "Godt på vej"
    next_review_on = factory.LazyAttribute(
        lambda review: review.reviewed_on + datetime.timedelta(days=30)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participant_services.review_add(**kwargs)


class ParallelEffortFactory(factory.django.DjangoModelFactory):
    """An intervention beside the placement from the enrolment, through parallel_effort_save."""

    class Meta:
        model = ParallelEffort

    participant = factory.SubFactory(ParticipantFactory)
    kind = ParallelEffort.Kind.OTHER
    starts_on = factory.LazyAttribute(lambda effort: effort.participant.enrolled_on)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participant_services.parallel_effort_save(actor=None, **kwargs)


class _PlacementFactory(factory.django.DjangoModelFactory):
    """A placement of a participant at a company, made by the helper in `_through`."""

    class Meta:
        model = Placement

    participant = factory.SubFactory(ParticipantFactory)
    company = factory.SubFactory(CompanyFactory)

    @classmethod
    def _create(cls, model_class, *args, participant: Participant, **kwargs):
        return cls._through(participant, **kwargs)


class TrainingFactory(_PlacementFactory):
    """A training placement from the enrolment, through training_start (see start_training)."""

    _through = staticmethod(start_training)


class EmploymentFactory(_PlacementFactory):
    """A hire (employment and exit), through participant_hire (see hire)."""

    _through = staticmethod(hire)


class HoursChangeFactory(factory.django.DjangoModelFactory):
    """More weekly hours on an employment a month after the hire, through hours_change_record."""

    class Meta:
        model = HoursChange

    placement = factory.SubFactory(EmploymentFactory)
    changed_on = factory.LazyAttribute(
        lambda change: change.placement.starts_on + datetime.timedelta(days=30)
    )
    weekly_hours = Decimal(15)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        change, _created = placement_services.hours_change_record(actor=None, **kwargs)
        return change
