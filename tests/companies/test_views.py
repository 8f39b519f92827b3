"""Company pages: consultants keep them, others read them."""

import datetime

import pytest
from django.urls import reverse

from companies.models import Agreement, Company, Mentor
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MentorFactory,
    ParticipantFactory,
    PersonFactory,
    hire,
    start_training,
    work_events,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_roles_places_and_hires_in_the_programme(client, consultant, programme):
    agreement = AgreementFactory(
        programme=programme, company__name="Lager A/S", training_capacity=2, is_network=True
    )
    trainee = ParticipantFactory(programme=programme)
    start_training(trainee, company=agreement.company)
    hire(ParticipantFactory(programme=programme), company=agreement.company)
    CompanyFactory(name="Uden aftale")
    response = login(client, consultant).get(reverse("companies:list"))
    rows = {company.name: company for company in response.context["page_obj"]}
    lager = rows["Lager A/S"]
    assert (
        lager.is_training,
        lager.is_network,
        lager.places_in_use,
        lager.training_capacity,
        lager.hires,
    ) == (
        True,
        True,
        1,
        2,
        1,
    )
    assert not rows["Uden aftale"].is_training
    response = client.get(reverse("companies:list"), {"role": "none"})
    assert [c.name for c in response.context["page_obj"]] == ["Uden aftale"]


def test_free_places_filter(client, consultant, programme):
    full = AgreementFactory(programme=programme, company__name="Fuld", training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=full.company)
    AgreementFactory(programme=programme, company__name="Ledig", training_capacity=1)
    AgreementFactory(programme=programme, company__name="Ubegrænset", training_capacity=None)
    AgreementFactory(programme=programme, is_training=False, is_network=True)
    response = login(client, consultant).get(reverse("companies:list"), {"free": "on"})
    assert response.status_code == 200
    assert [c.name for c in response.context["page_obj"]] == ["Ledig", "Ubegrænset"]


def test_the_list_runs_the_same_queries_for_3_or_40_companies(
    client, consultant, programme, django_assert_num_queries
):
    for _ in range(3):
        AgreementFactory(programme=programme)
    login(client, consultant)
    with django_assert_num_queries(6) as few:
        client.get(reverse("companies:list"))
    for _ in range(37):
        agreement = AgreementFactory(programme=programme, training_capacity=None)
        start_training(ParticipantFactory(programme=programme), company=agreement.company)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("companies:list"))
    assert response.context["page_obj"].paginator.count == 40


def test_a_consultant_registers_a_company_with_a_dk_prefix(client, consultant):
    response = login(client, consultant).post(
        reverse("companies:create"),
        {"cvr": "DK 2918 9412", "name": "SuperBrugsen", "sector": "retail"},
    )
    company = Company.objects.get()
    assert response.status_code == 302
    assert company.cvr == "29189412"


def test_a_wrong_or_known_cvr_is_refused_keeping_the_input(client, consultant):
    CompanyFactory(cvr="29189412", name="Findes")
    login(client, consultant)
    response = client.post(
        reverse("companies:create"), {"cvr": "29189413", "name": "Ny", "sector": "retail"}
    )
    assert response.status_code == 400 and "cvr" in response.context["form"].errors
    assert response.context["form"]["name"].value() == "Ny"
    response = client.post(
        reverse("companies:create"), {"cvr": "29189412", "name": "Ny", "sector": "retail"}
    )
    assert response.status_code == 400
    assert "Findes" in str(response.context["form"].errors["cvr"])
    assert Company.objects.count() == 1


def test_agreements_are_validated(client, consultant, programme):
    company = CompanyFactory()
    login(client, consultant)
    url = reverse("companies:add-agreement", args=[company.pk])
    response = client.post(url, {"programme": programme.pk, "signed_on": "2021-01-01"})
    assert response.status_code == 400, "no role"
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "is_training": "on",
            "signed_on": "2021-01-01",
            "ends_on": "2020-01-01",
        },
    )
    assert response.status_code == 400 and "ends_on" in response.context["form"].errors
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "is_training": "on",
            "training_capacity": 2,
            "signed_on": "2021-01-01",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url, {"programme": programme.pk, "is_network": "on", "signed_on": "2021-01-01"}
    )
    assert response.status_code == 400 and "programme" in response.context["form"].errors
    assert Agreement.objects.get().training_capacity == 2


def test_an_agreement_is_ended_and_a_consultant_cannot_use_other_programmes(
    client, consultant, programme, other_programme
):
    agreement = AgreementFactory(programme=programme)
    login(client, consultant)
    response = client.post(
        reverse("companies:end-agreement", args=[agreement.pk]), {"ends_on": "2022-12-31"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2022, 12, 31)
    foreign = AgreementFactory(programme=other_programme)
    assert client.get(reverse("companies:edit-agreement", args=[foreign.pk])).status_code == 404
    response = client.post(
        reverse("companies:add-agreement", args=[foreign.company.pk]),
        {"programme": other_programme.pk, "is_network": "on", "signed_on": "2021-01-01"},
    )
    assert response.status_code == 400


def test_mentors_are_added(client, consultant):
    company = CompanyFactory()
    response = login(client, consultant).post(
        reverse("companies:add-mentor", args=[company.pk]),
        {"name": "Michael Madsen", "title": "souschef", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Mentor.objects.get().company == company


def test_the_company_page_shows_trainees_by_name_only_to_a_consultant(
    client, consultant, programme
):
    agreement = AgreementFactory(programme=programme, training_capacity=None)
    trainee = ParticipantFactory(
        programme=programme,
        person=PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen"),
    )
    start_training(trainee, company=agreement.company)
    response = login(client, consultant).get(
        reverse("companies:detail", args=[agreement.company.pk])
    )
    page = response.content.decode()
    assert "Anne Jensen" in page
    assert "150387" not in page
    assert reverse("participants:detail", args=[trainee.pk]) not in page


def test_the_company_page_counts_who_got_a_job_anywhere(client, broker, programme):
    trainer = AgreementFactory(programme=programme, training_capacity=None).company
    for index in range(4):
        participant = ParticipantFactory(programme=programme)
        start_training(
            participant,
            company=trainer,
            ended_on=participant.enrolled_on + datetime.timedelta(days=20),
        )
        if index < 2:
            hire(participant, company=trainer if index == 0 else CompanyFactory())
    response = login(client, broker).get(reverse("companies:detail", args=[trainer.pk]))
    assert response.context["outcome"] == {"trained": 4, "employed": 2}


def test_the_company_page_runs_a_bounded_number_of_queries(
    client, broker, programme, django_assert_num_queries
):
    company = AgreementFactory(programme=programme, training_capacity=None).company
    start_training(ParticipantFactory(programme=programme), company=company)
    login(client, broker)
    # ... and one for how many participants fit (issue 11: counts for every reader)
    with django_assert_num_queries(11) as few:
        client.get(reverse("companies:detail", args=[company.pk]))
    for _ in range(20):
        MentorFactory(company=company)
        start_training(ParticipantFactory(programme=programme), company=company)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("companies:detail", args=[company.pk]))


@pytest.mark.parametrize("persona", ["broker", "case_worker", "manager"])
def test_other_roles_read_but_do_not_change_companies(client, request, persona):
    company = CompanyFactory()
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 200
    assert (
        client.post(
            reverse("companies:create"), {"cvr": "29189412", "name": "x", "sector": "retail"}
        ).status_code
        == 403
    )
    assert client.post(reverse("companies:edit", args=[company.pk]), {}).status_code == 403
    assert (
        client.post(reverse("companies:add-mentor", args=[company.pk]), {"name": "x"}).status_code
        == 403
    )
    assert Company.objects.count() == 1 and not Mentor.objects.exists()


def test_every_company_page_write_leaves_an_audit_row_by_the_consultant(
    client, consultant, programme
):
    login(client, consultant)
    client.post(
        reverse("companies:create"),
        {"cvr": "29189412", "name": "SuperBrugsen", "sector": "retail"},
    )
    company = Company.objects.get()
    client.post(
        reverse("companies:edit", args=[company.pk]),
        {"cvr": "29189412", "name": "SuperBrugsen Nørre Snede", "sector": "retail"},
    )
    client.post(
        reverse("companies:add-agreement", args=[company.pk]),
        {"programme": programme.pk, "is_training": "on", "signed_on": "2021-01-01"},
    )
    agreement = Agreement.objects.get()
    client.post(
        reverse("companies:edit-agreement", args=[agreement.pk]),
        {"is_training": "on", "training_capacity": "1", "signed_on": "2021-01-01"},
    )
    client.post(reverse("companies:end-agreement", args=[agreement.pk]), {"ends_on": "2023-03-31"})
    client.post(reverse("companies:add-mentor", args=[company.pk]), {"name": "Mette"})
    mentor = Mentor.objects.get()
    client.post(reverse("companies:edit-mentor", args=[mentor.pk]), {"name": "Mette Madsen"})

    events = list(work_events().order_by("pk"))
    assert {event.actor for event in events} == {consultant}
    assert [(event.target_type.model, event.action) for event in events] == [
        ("company", "created"),
        ("company", "changed"),
        ("agreement", "created"),
        ("agreement", "changed"),
        ("agreement", "changed"),
        ("mentor", "created"),
        ("mentor", "changed"),
    ]
    assert events[1].changes == {"name": ["SuperBrugsen", "SuperBrugsen Nørre Snede"]}
    assert events[4].changes == {"ends_on": ["", "2023-03-31"]}
    mentor.refresh_from_db()
    company.refresh_from_db()
    assert (company.name, mentor.name) == ("SuperBrugsen Nørre Snede", "Mette Madsen")
    assert not mentor.is_active, "an unticked box is a change too"


def test_an_agreement_cannot_end_before_it_was_signed(client, consultant, programme):
    agreement = AgreementFactory(programme=programme, signed_on=datetime.date(2021, 3, 1))
    response = login(client, consultant).post(
        reverse("companies:end-agreement", args=[agreement.pk]), {"ends_on": "2021-02-28"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == [
        "Aftalen kan ikke udløbe, før den er indgået."
    ]
    agreement.refresh_from_db()
    assert agreement.ends_on is None and not work_events().exists()


def test_a_broker_cannot_end_an_agreement(client, broker, programme):
    agreement = AgreementFactory(programme=programme)
    response = login(client, broker).post(
        reverse("companies:end-agreement", args=[agreement.pk]), {"ends_on": "2022-12-31"}
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.ends_on is None and not work_events().exists()


def test_the_company_page_shows_when_an_agreement_has_more_trainees_than_places(
    client, consultant, programme
):
    from companies.services import agreement_save

    crowded = AgreementFactory(programme=programme, training_capacity=2)
    for _ in range(2):
        start_training(ParticipantFactory(programme=programme), company=crowded.company)
    agreement_save(
        agreement=crowded,
        company=crowded.company,
        programme=programme,
        actor=consultant,
        is_training=True,
        is_network=False,
        training_capacity=1,
        signed_on=crowded.signed_on,
    )
    full = AgreementFactory(programme=programme, training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=full.company)
    login(client, consultant)

    page = client.get(reverse("companies:detail", args=[crowded.company.pk])).content.decode()
    assert "2 af 1 i brug · 0 ledige" in page
    assert "over kapacitet" in page and "Flere i træning end der er træningspladser" in page

    page = client.get(reverse("companies:detail", args=[full.company.pk])).content.decode()
    assert "1 af 1 i brug · 0 ledige" in page and "over kapacitet" not in page
