"""Two people edit the same record from forms opened at the same time: the second save is
refused with what changed, keeps what was typed, and goes through when saved again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies import services as company_services
from participants import services
from placements import services as placement_services
from tests.factories import (
    AgreementFactory,
    MentorFactory,
    ParticipantFactory,
    start_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=30),
        person__cpr="150387-4321",
        person__first_name="Anne",
        person__last_name="Jensen",
        person__phone="12345678",
    )


def opened_as(client, url: str) -> str:
    """The hidden value of the form as the browser received it when the page was opened."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]["opened_as"].value()


def conflict(response) -> str:
    assert response.status_code == 400
    return " ".join(response.context["form"].non_field_errors())


def test_contact_details_changed_meanwhile_are_not_overwritten(client, broker, colleague, case):
    url = reverse("participants:edit-person", args=[case.pk])
    client.force_login(broker)
    token = opened_as(client, url)
    # The colleague saves a new phone number while the broker has the form open.
    services.person_update(person=case.person, actor=colleague, phone="22334455")
    typed = {"first_name": "Anne", "last_name": "Jensen-Holm", "phone": "12345678"}
    response = client.post(url, {**typed, "opened_as": token})
    message = conflict(response)
    assert "Telefon: 12345678 → 22334455" in message
    assert response.context["form"]["last_name"].value() == "Jensen-Holm", "the input is kept"
    case.person.refresh_from_db()
    assert (case.person.phone, case.person.last_name) == ("22334455", "Jensen")
    # Saved again from the page that showed the change: the broker's values win, knowingly.
    renewed = response.context["form"]["opened_as"].value()
    assert client.post(url, {**typed, "opened_as": renewed}).status_code == 302
    case.person.refresh_from_db()
    assert (case.person.phone, case.person.last_name) == ("12345678", "Jensen-Holm")


def test_an_edit_with_nothing_changed_meanwhile_is_saved(client, broker, case):
    url = reverse("participants:edit-person", args=[case.pk])
    client.force_login(broker)
    token = opened_as(client, url)
    response = client.post(
        url, {"first_name": "Anne", "last_name": "Jensen", "phone": "87654321", "opened_as": token}
    )
    assert response.status_code == 302
    case.person.refresh_from_db()
    assert case.person.phone == "87654321"


def test_a_forged_opened_as_is_refused(client, broker, case):
    url = reverse("participants:edit-person", args=[case.pk])
    client.force_login(broker)
    response = client.post(
        url, {"first_name": "Anne", "last_name": "X", "phone": "1", "opened_as": "forged"}
    )
    assert "Telefon" in conflict(response)
    case.person.refresh_from_db()
    assert case.person.last_name == "Jensen"


def test_case_details_changed_meanwhile_are_not_overwritten(client, broker, colleague, case):
    url = reverse("participants:edit", args=[case.pk])
    client.force_login(broker)
    token = opened_as(client, url)
    services.participant_update(participant=case, actor=colleague, job_broker=colleague)
    response = client.post(
        url,
        {"reference": case.reference, "job_broker": broker.pk, "barriers": ["social"],
         "opened_as": token},
    )  # fmt: skip
    assert f"Jobformidler: {broker} → {colleague}" in conflict(response)
    assert response.context["form"]["barriers"].value() == ["social"]
    case.refresh_from_db()
    assert case.job_broker == colleague and not case.barrier_social


def test_a_training_changed_meanwhile_is_not_overwritten(client, broker, colleague, case):
    today = timezone.localdate()
    training = start_training(
        case, starts_on=today, planned_end_on=today + datetime.timedelta(days=60)
    )
    url = reverse("placements:edit-training", args=[training.pk])
    client.force_login(broker)
    token = opened_as(client, url)
    later = training.planned_end_on + datetime.timedelta(days=30)
    placement_services.training_update(
        placement=training, actor=colleague, planned_end_on=later, mentor=None, weekly_hours=None
    )
    response = client.post(
        url, {"planned_end_on": training.planned_end_on, "weekly_hours": "30", "opened_as": token}
    )
    assert "Planlagt slut" in conflict(response)
    training.refresh_from_db()
    assert training.planned_end_on == later and training.weekly_hours is None


@pytest.mark.parametrize("form", ["company", "agreement", "mentor"])
def test_company_forms_changed_meanwhile_are_not_overwritten(client, consultant, programme, form):
    agreement = AgreementFactory(programme=programme, company__name="Brugsen")
    company = agreement.company
    mentor = MentorFactory(company=company, name="Mette")
    client.force_login(consultant)
    if form == "company":
        url = reverse("companies:edit", args=[company.pk])
        token = opened_as(client, url)
        company_services.company_update(company=company, actor=None, name="Brugsen Nørre Snede")
        data = {"cvr": company.cvr, "name": "Brugsen Brande", "sector": company.sector}
    elif form == "agreement":
        url = reverse("companies:edit-agreement", args=[agreement.pk])
        token = opened_as(client, url)
        company_services.agreement_save(
            company=company,
            programme=programme,
            agreement=agreement,
            actor=None,
            is_training=True,
            is_network=agreement.is_network,
            signed_on=agreement.signed_on,
            training_capacity=5,
        )
        data = {"is_training": "on", "training_capacity": "2", "signed_on": agreement.signed_on}
    else:
        url = reverse("companies:edit-mentor", args=[mentor.pk])
        token = opened_as(client, url)
        company_services.mentor_save(
            company=company, mentor=mentor, actor=None, name="Mette", phone="99887766"
        )
        data = {"name": "Mette Madsen", "is_active": "on"}
    response = client.post(url, {**data, "opened_as": token})
    assert "→" in conflict(response)


def test_an_add_form_carries_no_opened_as(client, broker, case):
    client.force_login(broker)
    response = client.get(reverse("participants:add-goal", args=[case.pk]))
    assert "opened_as" not in response.context["form"].fields
