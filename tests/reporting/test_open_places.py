"""Issue 11: the company consultant's start page shows "Ledige pladser": their own companies
with free training places or wanting to hire, with how many participants fit, never who (who
is waiting is case work, docs/roles.md), each linked to the company page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    PersonFactory,
    start_training,
)

pytestmark = pytest.mark.django_db


def waiting(programme, name: str, sectors: list[str]):
    return ParticipantFactory(
        programme=programme,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=40),
        target_sectors=sectors,
        person=PersonFactory(first_name=name, last_name="Ventesen"),
    )


def home(client, user):
    client.force_login(user)
    return client.get(reverse("reporting:home"))


def test_a_consultant_sees_counts_for_their_companies_with_open_places(
    client, consultant, programme
):
    free = AgreementFactory(
        programme=programme,
        company__name="Lager A/S",
        company__sector="warehouse",
        company__consultant=consultant,
        training_capacity=2,
    )
    full = AgreementFactory(
        programme=programme,
        company__name="Fuld A/S",
        company__sector="warehouse",
        company__consultant=consultant,
        training_capacity=1,
    )
    hires = AgreementFactory(
        programme=programme,
        company__name="Butik A/S",
        company__sector="retail",
        company__consultant=consultant,
        is_training=False,
        is_network=True,
        training_capacity=None,
    )
    AgreementFactory(programme=programme, company__name="Andens A/S")  # another consultant's
    AgreementFactory(  # ended: not open
        programme=programme,
        company__name="Slut A/S",
        company__consultant=consultant,
        signed_on=datetime.date(2024, 1, 1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    start_training(waiting(programme, "Trine", ["warehouse"]), company=full.company)
    waiting(programme, "Ane", ["warehouse"])
    waiting(programme, "Bo", ["warehouse", "retail"])
    waiting(programme, "Carl", ["cleaning"])
    response = home(client, consultant)
    rows = response.context["company_worklist"].open_places
    assert [row.company.name for row in rows] == ["Butik A/S", "Lager A/S"]
    assert [(row.fit.waiting, row.fit.hire) for row in rows] == [(1, 1), (2, 3)]
    page = response.content.decode()
    assert "Ledige pladser" in page
    assert "2 ledige træningspladser · 2 ventende deltagere passer" in page
    assert "Vil ansætte · 1 deltager passer" in page
    assert reverse("companies:detail", args=[free.company.pk]) in page
    assert reverse("companies:detail", args=[hires.company.pk]) in page
    for name in ("Ane", "Bo", "Carl"):
        assert f"{name} Ventesen" not in page
    assert reverse("placements:candidates", args=[free.company.pk]) not in page


def test_a_consultant_without_open_places_is_told_so(client, consultant, programme):
    AgreementFactory(programme=programme, company__consultant=consultant, training_capacity=0)
    response = home(client, consultant)
    assert response.context["company_worklist"].open_places == []
    assert (
        "Ingen af dine virksomheder har en ledig træningsplads eller vil ansætte lige nu."
        in response.content.decode()
    )


@pytest.mark.parametrize("persona", ["broker", "case_worker", "manager"])
def test_other_roles_get_no_open_places_panel(client, request, programme, persona):
    AgreementFactory(programme=programme, company__consultant=request.getfixturevalue(persona))
    response = home(client, request.getfixturevalue(persona))
    assert "company_worklist" not in response.context
    assert "Ledige pladser" not in response.content.decode()


def test_the_panel_runs_the_same_queries_for_1_or_10_companies(
    client, consultant, programme, django_assert_num_queries
):
    sectors = ["warehouse", "retail", "cleaning"]
    AgreementFactory(programme=programme, company__consultant=consultant)
    waiting(programme, "Ane", ["warehouse"])
    home(client, consultant)
    url = reverse("reporting:home")
    # session, user, permissions and roles (one read), programmes, the agreements ending, the
    # trainings ending, and the panel: its agreements with their places, and who fits, counted
    # per sector
    with django_assert_num_queries(8) as few:
        client.get(url)
    for index in range(9):
        AgreementFactory(
            programme=programme,
            company__consultant=consultant,
            company__sector=sectors[index % 3],
            is_network=index % 2 == 0,
        )
        waiting(programme, f"P{index}", [sectors[index % 3]])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["company_worklist"].open_places) == 10
