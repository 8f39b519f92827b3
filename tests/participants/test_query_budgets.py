"""The pages of a case run the same number of queries with little data and with much."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgreementFactory,
    CaseNoteFactory,
    CompanyFactory,
    EmploymentFactory,
    HoursChangeFactory,
    MentorFactory,
    ParticipantFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=400),
    )


def assert_same_budget(client, url, grow, django_assert_num_queries, budget):
    """The page runs exactly `budget` queries with a little data, and the same number after
    grow() has added much more (an exact count, so a page cannot creep up unnoticed)."""
    grow(3)
    client.get(url)  # the first read of a case page writes its audit row
    with django_assert_num_queries(budget) as few:
        assert client.get(url).status_code == 200
    grow(40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_all_notes_of_a_case(client, broker, colleague, case, django_assert_num_queries):
    def grow(count):
        for index in range(count):
            CaseNoteFactory(
                participant=case,
                author=(broker, colleague)[index % 2],
                follow_up_on=timezone.localdate() if index % 3 == 0 else None,
            )

    client.force_login(broker)
    url = reverse("participants:notes", args=[case.pk])
    # 8: the read is audited (a check for a read in the last hour, then at most one insert).
    response = assert_same_budget(client, url, grow, django_assert_num_queries, 8)
    assert response.context["page_obj"].paginator.count == 43
    assert len(response.context["page_obj"]) == 43
    response = assert_same_budget(client, url, grow, django_assert_num_queries, 8)
    assert response.context["page_obj"].paginator.num_pages == 2
    second = client.get(url, {"page": 2})
    assert len(second.context["page_obj"]) == 86 - 50


def test_the_hours_of_an_employment(client, broker, case, django_assert_num_queries):
    employment = EmploymentFactory(participant=case, starts_on=case.enrolled_on)
    hours = itertools.cycle(Decimal(h) for h in range(11, 40))

    def grow(count):
        for _index in range(count):
            changed_on = (
                employment.hours_changes.order_by("-changed_on")
                .values_list("changed_on", flat=True)
                .first()
                or employment.starts_on
            ) + datetime.timedelta(days=7)
            HoursChangeFactory(
                placement=employment, changed_on=changed_on, weekly_hours=next(hours)
            )

    client.force_login(broker)
    url = reverse("placements:hours", args=[employment.pk])
    response = assert_same_budget(client, url, grow, django_assert_num_queries, 7)
    assert len(response.context["ladder"]) == 43


def test_the_start_training_form(client, broker, case, programme, django_assert_num_queries):
    def grow(count):
        for _index in range(count):
            agreement = AgreementFactory(programme=programme, training_capacity=3)
            MentorFactory(company=agreement.company)
            TrainingFactory(
                participant=ParticipantFactory(programme=programme), company=agreement.company
            )

    client.force_login(broker)
    url = reverse("placements:start-training", args=[case.pk])
    # ... 8 with the companies' records with similar trainees (one grouped query, issue 11)
    response = assert_same_budget(client, url, grow, django_assert_num_queries, 8)
    assert len(response.context["form"].fields["company"].choices) == 44


def test_the_hire_form(client, broker, case, programme, django_assert_num_queries):
    def grow(count):
        for index in range(count):
            company = CompanyFactory()
            MentorFactory(company=company)
            if index % 2:
                AgreementFactory(
                    company=company, programme=programme, is_training=False, is_network=True
                )

    client.force_login(broker)
    url = reverse("placements:hire", args=[case.pk])
    response = assert_same_budget(client, url, grow, django_assert_num_queries, 7)
    assert len(response.context["form"].fields["company"].choices) == 44
