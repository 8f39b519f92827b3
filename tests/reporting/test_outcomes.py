"""The outcomes page renders the KPI engine's figures for managers."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, hire

pytestmark = pytest.mark.django_db


def test_a_manager_sees_the_figures_of_the_programme(client, manager, programme):
    hire(ParticipantFactory(programme=programme))
    ParticipantFactory(programme=programme)
    client.force_login(manager)
    response = client.get(reverse("reporting:outcomes"), {"as_of": "2022-12-31"})
    assert response.status_code == 200
    kpis = response.context["kpis"]
    assert (kpis.participants.enrolled, kpis.participants.employed) == (2, 1)
    assert "50,0 %" in response.content.decode()


def test_a_bad_date_falls_back_to_today_with_a_message(client, manager, programme):
    client.force_login(manager)
    response = client.get(reverse("reporting:outcomes"), {"as_of": "31-02-2023"})
    assert response.status_code == 200
    assert list(response.context["messages"])


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant"])
def test_case_roles_do_not_see_outcome_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reporting:outcomes")).status_code == 403


def test_the_outcomes_page_runs_a_bounded_number_of_queries(
    client, manager, programme, django_assert_max_num_queries
):
    hire(ParticipantFactory(programme=programme))
    client.force_login(manager)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("reporting:outcomes"))
    for _ in range(20):
        hire(ParticipantFactory(programme=programme))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reporting:outcomes"))
