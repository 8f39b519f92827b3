"""Factories that build valid objects; state changes go through the services, as in the app."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import factory
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from companies.models import Agreement, Company, Mentor
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role, sync_roles
from jobsporet.core.choices import Sector
from jobsporet.programmes.models import FundingEntry, Programme
from participants import services as participant_services
from participants.models import Participant, Person
from placements import services as placement_services
from placements.models import Placement

_rng = random.Random(2020)


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
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
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
