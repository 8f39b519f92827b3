"""The hand-built story the KPI tests read (told in test_kpis.py's docstring), shared by the
engine's tests and the breakdowns' tests."""

import datetime
from decimal import Decimal

import pytest

from participants import services
from placements import services as placement_services
from tests.factories import (
    AgreementFactory,
    FundingEntryFactory,
    ParticipantFactory,
    ProgrammeFactory,
)


def d(month: int, day: int) -> datetime.date:
    return datetime.date(2021, month, day)


@pytest.fixture
def story():
    """Programme P of test_kpis.py's docstring."""
    p = ProgrammeFactory(slug="p", starts_on=d(1, 1), target_employment_rate=Decimal("0.400"))
    t1 = AgreementFactory(
        programme=p, company__name="T1", signed_on=d(1, 1), training_capacity=None
    ).company
    t2 = AgreementFactory(
        programme=p, company__name="T2", is_network=True, signed_on=d(3, 1), training_capacity=None
    ).company
    n1 = AgreementFactory(
        programme=p, company__name="N1", is_training=False, is_network=True, signed_on=d(6, 1)
    ).company

    def enrol(ref, day):
        return ParticipantFactory(programme=p, reference=ref, enrolled_on=day)

    def train(who, company, day):
        return placement_services.training_start(
            participant=who, company=company, starts_on=day, actor=None
        )

    a = enrol("A", d(1, 4))
    train(a, t1, d(1, 11))
    job_a = placement_services.participant_hire(
        participant=a,
        company=n1,
        starts_on=d(3, 1),
        employment_type="part_time",
        weekly_hours=Decimal(10),
        actor=None,
    )
    placement_services.hours_change_record(
        placement=job_a, changed_on=d(5, 1), weekly_hours=Decimal(15), actor=None
    )
    placement_services.hours_change_record(
        placement=job_a, changed_on=d(9, 1), weekly_hours=Decimal(20), actor=None
    )
    b = enrol("B", d(2, 1))
    train(b, t1, d(2, 8))
    services.participant_exit(participant=b, exit_on=d(4, 15), outcome="dropout", actor=None)
    c = enrol("C", d(3, 1))
    train(c, t2, d(3, 8))
    enrol("D", d(4, 1))
    e = enrol("E", d(5, 3))
    train(e, t1, d(5, 10))
    services.participant_exit(participant=e, exit_on=d(8, 1), outcome="education", actor=None)
    f = enrol("F", d(6, 1))
    train(f, t2, d(6, 7))
    placement_services.participant_hire(
        participant=f,
        company=t2,
        starts_on=d(8, 2),
        employment_type="flex_job",
        weekly_hours=Decimal(8),
        actor=None,
    )
    enrol("G", d(10, 15))
    FundingEntryFactory(programme=p, kind="grant", on=d(1, 1), amount=Decimal(1_000_000))
    FundingEntryFactory(programme=p, kind="budget", on=d(1, 1), amount=Decimal(2_000_000))
    FundingEntryFactory(programme=p, kind="expense", on=d(2, 1), amount=Decimal(100_000))
    FundingEntryFactory(programme=p, kind="expense", on=d(6, 1), amount=Decimal(200_000))
    FundingEntryFactory(programme=p, kind="expense", on=d(9, 30), amount=Decimal(50_000))
    return p
