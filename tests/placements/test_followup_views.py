"""The follow-up pages: the broker's start page, the list of those due, the recording form and
the case page, for each persona, with their query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import FollowUp
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    audit_events,
    leave,
    record_follow_up,
)

pytestmark = pytest.mark.django_db
SEVEN_MONTHS = datetime.timedelta(days=213)


def login(client, user):
    client.force_login(user)
    return client


def left_case(programme, broker, *, last_name="Hansen", days_ago=213):
    """A case of the broker's that left `days_ago` days ago (its follow-up due after ~182)."""
    today = timezone.localdate()
    case = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        person=PersonFactory(first_name="Borger", last_name=last_name),
        enrolled_on=today - datetime.timedelta(days=400),
    )
    return leave(case, today - datetime.timedelta(days=days_ago))


@pytest.fixture
def due(programme, broker):
    return left_case(programme, broker, last_name="Forfalden")


def test_the_broker_sees_a_due_follow_up_on_the_start_page(client, broker, due, programme):
    left_case(programme, broker, last_name="Endnuikke", days_ago=30)
    response = login(client, broker).get(reverse("reporting:home"))
    follow_ups = response.context["worklist"].six_month_follow_ups
    assert [f.participant for f in follow_ups] == [due]
    assert "Forfaldne opfølgninger efter 6 mdr." in response.text
    assert "Endnuikke" not in response.text


def test_a_colleagues_follow_up_is_not_on_my_start_page(client, colleague, due):
    response = login(client, colleague).get(reverse("reporting:home"))
    assert response.context["worklist"].six_month_follow_ups == []


def test_the_list_shows_what_is_due_and_filters_by_broker_programme_and_month(
    client, broker, colleague, due, programme, other_programme, manager
):
    theirs = left_case(programme, colleague, last_name="Kollegasag", days_ago=250)
    left_case(programme, broker, last_name="Endnuikke", days_ago=30)
    recorded = left_case(programme, broker, last_name="Registreret")
    record_follow_up(recorded, outcome="unemployed")
    elsewhere = ParticipantFactory(programme=other_programme, enrolled_on=due.enrolled_on)
    leave(elsewhere, due.exit_on)
    url = reverse("placements:follow-ups")
    page = login(client, manager).get(url)
    assert [f.participant for f in page.context["page_obj"]] == [theirs, due]
    assert "Registrér" not in page.text  # a manager reads, the broker records
    mine = client.get(url, {"job_broker": broker.pk}).context["page_obj"]
    assert [f.participant for f in mine] == [due]
    month = FollowUp.objects.get(participant=theirs).due_on
    by_month = client.get(url, {"month": f"{month:%Y-%m}"}).context["page_obj"]
    assert [f.participant for f in by_month] == [theirs]
    done = client.get(url, {"state": "recorded", "programme": programme.pk}).context["page_obj"]
    assert [f.participant for f in done] == [recorded]


def test_a_bad_month_is_said_in_danish_and_the_list_still_shows(client, manager, due):
    response = login(client, manager).get(reverse("placements:follow-ups"), {"month": "maj"})
    assert response.status_code == 200
    assert "Angiv en måned som ÅÅÅÅ-MM." in response.text
    assert len(response.context["page_obj"]) == 1


def test_the_list_is_refused_to_roles_without_case_access(client, consultant, due):
    assert login(client, consultant).get(reverse("placements:follow-ups")).status_code == 403


def test_an_outsider_sees_none_of_the_programmes_follow_ups(client, outsider, due):
    response = login(client, outsider).get(reverse("placements:follow-ups"))
    assert list(response.context["page_obj"]) == []


def test_the_list_is_paginated_with_a_bounded_number_of_queries(
    client, manager, programme, broker, django_assert_max_num_queries
):
    for n in range(3):
        left_case(programme, broker, last_name=f"Borger{n}")
    login(client, manager)
    url = reverse("placements:follow-ups")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(30):
        left_case(programme, broker, last_name=f"Flere{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.count == 33


def test_the_broker_records_it_and_the_case_page_shows_it(client, broker, due):
    company = CompanyFactory(name="Brande Maskinstation")
    follow_up = FollowUp.objects.get(participant=due)
    url = reverse("placements:follow-up", args=[follow_up.pk])
    assert login(client, broker).get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "contacted_on": today.isoformat(),
            "method": "phone",
            "outcome": "part_time",
            "employer": company.pk,
            "weekly_hours": "15,5",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.employer, follow_up.weekly_hours) == (
        "part_time",
        company,
        15.5,
    )
    assert audit_events(follow_up).count() == 1
    case_page = client.get(reverse("participants:detail", args=[due.pk]))
    assert "Opfølgning efter 6 mdr." in case_page.text
    assert "Deltidsjob · Brande Maskinstation" in case_page.text


def test_a_refusal_is_shown_next_to_the_field_and_keeps_the_input(client, broker, due):
    follow_up = FollowUp.objects.get(participant=due)
    response = login(client, broker).post(
        reverse("placements:follow-up", args=[follow_up.pk]),
        {
            "contacted_on": timezone.localdate().isoformat(),
            "method": "letter",
            "outcome": "ordinary_job",
            "employer_name": "",
            "weekly_hours": "30",
        },
    )
    assert response.status_code == 400
    assert "Angiv arbejdsgiveren" in response.text
    assert 'value="30"' in response.text
    follow_up.refresh_from_db()
    assert not follow_up.is_recorded


def test_a_manager_may_not_record_and_an_outsider_gets_404(client, manager, outsider, due):
    follow_up = FollowUp.objects.get(participant=due)
    url = reverse("placements:follow-up", args=[follow_up.pk])
    assert login(client, manager).get(url).status_code == 403
    assert login(client, outsider).get(url).status_code == 404


def test_an_active_case_page_shows_no_follow_up(client, broker, programme):
    case = ParticipantFactory(programme=programme, job_broker=broker)
    response = login(client, broker).get(reverse("participants:detail", args=[case.pk]))
    assert "follow_ups" not in response.context


def test_a_contact_in_year_1_is_a_form_error_in_danish(client, broker, due):
    follow_up = FollowUp.objects.get(participant=due)
    response = login(client, broker).post(
        reverse("placements:follow-up", args=[follow_up.pk]),
        {"contacted_on": "0001-01-01", "method": "letter", "outcome": "unemployed"},
    )
    assert response.status_code == 400
    assert "mellem 01.01.1900 og 31.12.2100" in response.text
    follow_up.refresh_from_db()
    assert not follow_up.is_recorded
