"""Issue 11, matching from a company: the programme's participants waiting for a training
place, ranked by a score the page states (sector, waiting time), each one click from starting
the training at the company."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from tests.factories import AgreementFactory, ParticipantFactory, PersonFactory, start_training

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def warehouse(programme):
    return AgreementFactory(
        programme=programme,
        company__name="Lager A/S",
        company__sector="warehouse",
        training_capacity=2,
    )


def waiting(programme, name: str, days: int, sectors: list[str]):
    return ParticipantFactory(
        programme=programme,
        enrolled_on=ago(days),
        target_sectors=sectors,
        person=PersonFactory(first_name=name, last_name="Testesen"),
    )


def candidates_page(client, user, company):
    client.force_login(user)
    return client.get(reverse("placements:candidates", args=[company.pk]))


def test_a_broker_sees_who_fits_ranked_by_the_stated_score(
    client, broker, programme, other_programme, warehouse
):
    fits_new = waiting(programme, "Ane", 10, ["warehouse"])  # 3 + 0
    fits_long = waiting(programme, "Bo", 100, ["warehouse", "retail"])  # 3 + 3
    long_wait = waiting(programme, "Carl", 400, ["retail"])  # 0 + 6 (capped)
    other = waiting(programme, "Dorte", 200, ["retail"])  # 0 + 6
    start_training(other)  # in training: not waiting
    waiting(other_programme, "Erik", 300, ["warehouse"])  # another programme
    response = candidates_page(client, broker, warehouse.company)
    assert response.status_code == 200
    ranked = [c.participant for c in response.context["candidates"]]
    assert ranked == [long_wait, fits_long, fits_new]
    scores = [c.score for c in response.context["candidates"]]
    assert scores == [6, 6, 3]
    page = response.content.decode()
    assert "Erik" not in page and "Dorte" not in page
    assert "0 af 2 i brug · 2 ledige" in page
    assert "3 point" in page or "Point: 3" in page


def test_one_click_from_a_candidate_starts_the_training_there(client, broker, programme, warehouse):
    candidate = waiting(programme, "Ane", 40, ["warehouse"])
    page = candidates_page(client, broker, warehouse.company).content.decode()
    link = re.search(r'href="([^"]*traening/\?company=\d+)"', page).group(1)
    form_page = client.get(link)
    assert form_page.context["form"]["company"].value() == warehouse.company.pk
    today = timezone.localdate()
    response = client.post(
        link,
        {
            "company": warehouse.company.pk,
            "starts_on": today.isoformat(),
            "planned_end_on": (today + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(participant=candidate).company == warehouse.company


def test_a_full_company_lists_no_one_and_is_not_preselected(client, broker, programme, warehouse):
    for _ in range(2):
        start_training(ParticipantFactory(programme=programme), company=warehouse.company)
    candidate = waiting(programme, "Ane", 40, ["warehouse"])
    response = candidates_page(client, broker, warehouse.company)
    assert response.context["candidates"] == []
    assert "ingen ledig træningsplads nu" in response.content.decode()
    url = reverse("placements:start-training", args=[candidate.pk])
    form = client.get(url, {"company": warehouse.company.pk}).context["form"]
    assert form["company"].value() is None


@pytest.mark.parametrize("bad", ["abc", "999999", "-1", ""])
def test_a_bad_company_in_the_link_is_ignored(client, broker, programme, warehouse, bad):
    candidate = waiting(programme, "Ane", 40, ["warehouse"])
    client.force_login(broker)
    url = reverse("placements:start-training", args=[candidate.pk])
    response = client.get(url, {"company": bad})
    assert response.status_code == 200
    assert response.context["form"]["company"].value() is None


def test_a_consultant_and_a_manager_may_not_list_waiting_citizens(
    client, consultant, manager, programme, warehouse
):
    waiting(programme, "Ane", 40, ["warehouse"])
    for user in (consultant, manager):
        assert candidates_page(client, user, warehouse.company).status_code == 403


def test_the_company_page_links_to_the_candidates_for_brokers_only(
    client, broker, consultant, warehouse
):
    url = reverse("placements:candidates", args=[warehouse.company.pk])
    client.force_login(broker)
    assert (
        url in client.get(reverse("companies:detail", args=[warehouse.company.pk])).content.decode()
    )
    client.force_login(consultant)
    page = client.get(reverse("companies:detail", args=[warehouse.company.pk])).content.decode()
    assert url not in page


def test_the_candidates_page_runs_the_same_queries_for_1_or_20_waiting(
    client, broker, programme, warehouse, django_assert_num_queries
):
    waiting(programme, "Ane", 40, ["warehouse"])
    client.force_login(broker)
    url = reverse("placements:candidates", args=[warehouse.company.pk])
    client.get(url)
    # session, user, permissions and roles (one read), programmes, the company, its agreement
    # with the places, the candidates, the company's record with similar trainees
    with django_assert_num_queries(8) as few:
        client.get(url)
    for index in range(20):
        waiting(programme, f"P{index}", 40 + index, ["warehouse"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["candidates"]) == 10
