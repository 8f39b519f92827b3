"""Issue 11, honest dates on the start page and the outcome page: a future hours change is
planned, not the hours now; "hours now" is not "now" on a past date."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements import services as placement_services
from tests.factories import ParticipantFactory, hire

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def test_the_start_page_shows_a_future_hours_change_as_planned(client, broker, programme):
    case = ParticipantFactory(programme=programme, job_broker=broker, enrolled_on=day(-90))
    employment = hire(case, starts_on=day(-30), weekly_hours=Decimal(8))
    placement_services.hours_change_record(
        placement=employment, changed_on=day(14), weekly_hours=Decimal(12), actor=broker
    )
    client.force_login(broker)
    response = client.get(reverse("reporting:home"))
    row = response.context["worklist"].hours_to_follow[0]
    assert row.latest_hours is None and row.planned_hours == Decimal(12)
    page = response.content.decode()
    assert "8 → 12" not in page
    assert f"planlagt: 12 fra {day(14):%d.%m.%Y}" in page


def test_the_outcome_page_says_now_only_for_today(client, manager, programme):
    client.force_login(manager)
    url = reverse("reporting:dashboard", args=[programme.slug])
    page = client.get(url).content.decode()
    assert "Gennemsnitlige timer om ugen nu" in page
    page = client.get(url, {"as_of": "2022-12-31"}).content.decode()
    assert "Gennemsnitlige timer om ugen nu" not in page
    assert "Gennemsnitlige timer om ugen 31.12.2022" in page


def test_a_case_worker_still_has_no_outcome_page(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("reporting:outcomes"), {"as_of": "2022-12-31"}).status_code == 403
