"""A bad id in a request is a form error or a 404, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from tests.factories import AgreementFactory, MentorFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1.5", "99999999999999999999"]


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=30),
    )


@pytest.fixture
def agreement(programme):
    agreement = AgreementFactory(programme=programme, is_network=True, training_capacity=3)
    MentorFactory(company=agreement.company, name="Mette Mentor")
    return agreement


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_company_id_in_the_training_form_is_a_form_error(
    client, broker, case, agreement, bad
):
    client.force_login(broker)
    today = timezone.localdate()
    response = client.post(
        reverse("placements:start-training", args=[case.pk]),
        {"company": bad, "starts_on": today, "planned_end_on": today + datetime.timedelta(30)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["company"]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_company_or_mentor_id_in_the_hire_form_is_a_form_error(
    client, broker, case, agreement, bad
):
    client.force_login(broker)
    response = client.post(
        reverse("placements:hire", args=[case.pk]),
        {
            "company": bad,
            "starts_on": timezone.localdate(),
            "employment_type": "part_time",
            "weekly_hours": "10",
            "mentor": bad,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["company"]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_mentor_id_with_a_good_company_is_a_form_error(client, broker, case, agreement, bad):
    client.force_login(broker)
    response = client.post(
        reverse("placements:hire", args=[case.pk]),
        {
            "company": agreement.company_id,
            "starts_on": timezone.localdate(),
            "employment_type": "part_time",
            "weekly_hours": "10",
            "mentor": bad,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["mentor"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_company_id_asks_for_no_mentors(client, broker, agreement, bad):
    client.force_login(broker)
    response = client.get(reverse("placements:mentor-options"), {"company": bad})
    assert response.status_code == 200
    assert "Mette Mentor" not in response.content.decode()


def test_a_good_company_id_lists_its_mentors(client, broker, agreement):
    client.force_login(broker)
    response = client.get(reverse("placements:mentor-options"), {"company": agreement.company_id})
    assert "Mette Mentor" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["participants:detail", "participants:edit", "placements:hours", "companies:detail"]
)
def test_an_id_too_large_for_the_database_in_a_url_is_a_404(client, broker, name):
    client.force_login(broker)
    assert client.get(reverse(name, args=[10**20])).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"job_broker": "abc"},
        {"job_broker": "99999999999999999999"},
        {"enrolled_from": "0001-01-01", "enrolled_to": "9999-12-31"},
        {"enrolled_from": "abc"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"sort": "cpr_encrypted"},
    ],
)
def test_bad_filters_on_the_lists_are_no_500(client, broker, case, query):
    client.force_login(broker)
    assert client.get(reverse("participants:list"), query).status_code == 200
    assert client.get(reverse("companies:list"), query).status_code == 200


@pytest.mark.parametrize("bad", [*BAD_IDS, "²", "١٢"])
def test_a_bad_company_chosen_in_the_link_to_the_training_form_is_ignored(
    client, broker, case, agreement, bad
):
    client.force_login(broker)
    response = client.get(reverse("placements:start-training", args=[case.pk]), {"company": bad})
    assert response.status_code == 200
    assert not response.context["form"].initial.get("company")
