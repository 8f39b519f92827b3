"""Dates a case can hold: from 1900 to 2100 in every form, the importer and the services, no
decision dated years ahead, and the database refusing what slips through.

A note dated year 1 used to be saved, and then every page of the case answered 500 on
PostgreSQL (Copenhagen's year 1 is year 0 in UTC, which Python cannot read back); a note dated
9999-12-31 with a follow-up overflowed (500). Run these on PostgreSQL too (DATABASE_URL)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.errors import DomainError
from jobsporet.core.imports.errors import ValueProblem
from jobsporet.core.imports.values import parse_date
from participants import services
from participants.models import CaseNote, Participant
from placements import services as placement_services
from placements.models import FollowUp
from tests.factories import ParticipantFactory, hire, leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def post_note(client, case, **values):
    data = {"kind": "phone", "text": "Ringede", "follow_up": ""}
    data.update(values)
    return client.post(reverse("participants:add-note", args=[case.pk]), data)


@pytest.mark.parametrize(
    ("occurred_at", "follow_up"),
    [("0001-01-01T00:00", ""), ("1899-12-31T23:59", ""), ("9999-12-31T23:59", "7")],
)
def test_a_note_dated_outside_the_years_a_case_holds_is_a_form_error(
    client, broker, case, occurred_at, follow_up
):
    client.force_login(broker)
    response = post_note(client, case, occurred_at=occurred_at, follow_up=follow_up)
    assert response.status_code == 400
    assert "mellem 01.01.1900 og 31.12.2100" in str(response.context["form"].errors["occurred_at"])
    assert not CaseNote.objects.exists()
    assert client.get(reverse("participants:detail", args=[case.pk])).status_code == 200


def test_a_follow_up_in_year_9999_is_a_form_error(client, broker, case):
    client.force_login(broker)
    response = post_note(
        client, case, occurred_at="2024-01-01T10:00", follow_up="date", follow_up_on="9999-12-31"
    )
    assert response.status_code == 400
    assert response.context["form"].errors["follow_up_on"]
    assert not CaseNote.objects.exists()


def test_the_service_refuses_a_note_in_year_1(case, broker):
    year_one = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(DomainError) as refused:
        services.case_note_add(participant=case, author=broker, kind="phone", text="x",
                               occurred_at=year_one)  # fmt: skip
    assert refused.value.field == "occurred_at"


def test_the_database_refuses_a_note_in_year_1_that_slips_past_the_services(case, broker):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseNote.objects.create(
            participant=case,
            author=broker,
            kind="phone",
            text="x",
            occurred_at=datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
        )


@pytest.mark.parametrize("field", ["enrolled_on", "consent_on"])
def test_the_database_refuses_a_case_dated_in_year_9999(case, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=case.pk).update(**{field: datetime.date(9999, 12, 31)})


def test_an_enrolment_years_ahead_is_refused(client, broker, programme):
    client.force_login(broker)
    ahead = timezone.localdate() + datetime.timedelta(days=3 * 365)
    response = client.post(
        reverse("participants:enrol"),
        {
            "cpr": "150387-4321",
            "first_name": "Anne",
            "last_name": "Jensen",
            "reference": "JS-1",
            "enrolled_on": ahead.isoformat(),
            "consent": "not_given",
        },
    )
    assert response.status_code == 400
    assert "mere end et år ude i fremtiden" in str(response.context["form"].errors["enrolled_on"])
    assert not Participant.objects.exists()


def test_an_enrolment_a_few_weeks_ahead_is_fine(programme, broker):
    participant = ParticipantFactory(
        programme=programme, enrolled_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    assert participant.pk


def test_an_hours_change_years_ahead_is_refused(client, broker, case):
    employment = hire(case, starts_on=timezone.localdate() - datetime.timedelta(days=10))
    client.force_login(broker)
    ahead = timezone.localdate() + datetime.timedelta(days=5 * 365)
    response = client.post(
        reverse("placements:hours", args=[employment.pk]),
        {"changed_on": ahead.isoformat(), "weekly_hours": "20"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["changed_on"]
    assert not employment.hours_changes.filter(changed_on=ahead).exists()
    with pytest.raises(DomainError):
        placement_services.hours_change_record(
            placement=employment, changed_on=ahead, weekly_hours=Decimal(20), actor=broker
        )


@pytest.mark.parametrize("field", ["starts_on", "planned_end_on"])
def test_a_training_in_year_1_is_a_form_error(client, broker, case, field):
    client.force_login(broker)
    values = {"starts_on": timezone.localdate().isoformat(), "planned_end_on": ""}
    values[field] = "0001-01-01"
    response = client.post(reverse("placements:start-training", args=[case.pk]), values)
    assert response.status_code == 400
    assert field in response.context["form"].errors


@pytest.mark.parametrize("value", ["0001-01-01", "31-12-9999", "1899-12-31", "01.01.2101"])
def test_the_importer_refuses_a_date_outside_the_years_a_case_holds(value):
    with pytest.raises(ValueProblem):
        parse_date(value)


def test_the_importer_reads_dates_inside_them():
    assert parse_date("01-01-1900") == datetime.date(1900, 1, 1)
    assert parse_date("2100-12-31") == datetime.date(2100, 12, 31)


def test_an_unemployment_begun_in_year_1_is_refused_by_the_form_and_the_service(
    client, broker, case
):
    client.force_login(broker)
    response = client.post(
        reverse("participants:edit", args=[case.pk]),
        {"labour_market_status": "unemployed", "unemployed_since": "0001-01-01"},
    )
    assert response.status_code == 400
    assert "mellem 01.01.1900 og 31.12.2100" in str(
        response.context["form"].errors["unemployed_since"]
    )
    with pytest.raises(DomainError) as refused:
        services.participant_update(
            participant=case,
            actor=broker,
            labour_market_status="unemployed",
            unemployed_since=datetime.date(1, 1, 1),
        )
    assert refused.value.field == "unemployed_since"
    case.refresh_from_db()
    assert case.unemployed_since is None


def test_the_database_refuses_an_unemployment_begun_in_year_1(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=case.pk).update(
            labour_market_status="unemployed", unemployed_since=datetime.date(1, 1, 1)
        )


@pytest.mark.parametrize("field", ["exit_on", "due_on", "contacted_on"])
def test_the_database_refuses_a_follow_up_dated_in_year_9999(programme, field):
    left = leave(ParticipantFactory(programme=programme), datetime.date(2022, 1, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(participant=left).update(**{field: datetime.date(9999, 12, 31)})
