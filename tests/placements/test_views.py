"""Placement actions from the case page, for each persona."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from placements.models import HoursChange, Placement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MentorFactory,
    ParticipantFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker):
    today = timezone.localdate()
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=today - datetime.timedelta(days=30),
        target_sectors=["warehouse"],
    )


def login(client, user):
    client.force_login(user)
    return client


def test_training_companies_with_free_places_and_the_right_sector_come_first(
    client, broker, case, programme
):
    full = AgreementFactory(
        programme=programme,
        company__name="Fuld Lager",
        company__sector="warehouse",
        training_capacity=1,
    )
    start_training(ParticipantFactory(programme=programme), company=full.company)
    AgreementFactory(
        programme=programme, company__name="Butik", company__sector="retail", training_capacity=2
    )
    AgreementFactory(
        programme=programme, company__name="Lager", company__sector="warehouse", training_capacity=3
    )
    response = login(client, broker).get(reverse("placements:start-training", args=[case.pk]))
    labels = [label for value, label in response.context["form"].fields["company"].choices if value]
    assert labels[0].startswith("Lager") and "3" in labels[0]
    assert labels[1].startswith("Butik")
    assert labels[2].startswith("Fuld Lager") and "0" in labels[2]


def test_a_broker_starts_a_training(client, broker, case, programme):
    agreement = AgreementFactory(programme=programme, training_capacity=2)
    mentor = MentorFactory(company=agreement.company)
    today = timezone.localdate()
    response = login(client, broker).post(
        reverse("placements:start-training", args=[case.pk]),
        {
            "company": agreement.company.pk,
            "starts_on": today.isoformat(),
            "planned_end_on": (today + datetime.timedelta(days=90)).isoformat(),
            "mentor": mentor.pk,
            "weekly_hours": "25",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Participant.Status.IN_TRAINING
    assert Placement.objects.get().mentor == mentor


def test_a_full_company_is_refused_with_its_message_and_nothing_written(
    client, broker, case, programme
):
    agreement = AgreementFactory(programme=programme, training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=agreement.company)
    today = timezone.localdate()
    response = login(client, broker).post(
        reverse("placements:start-training", args=[case.pk]),
        {
            "company": agreement.company.pk,
            "starts_on": today.isoformat(),
            "planned_end_on": (today + datetime.timedelta(days=60)).isoformat(),
            "weekly_hours": "20",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["company"]
    assert response.context["form"]["weekly_hours"].value() == "20"
    assert Placement.objects.filter(participant=case).count() == 0


def test_a_mentor_from_another_company_is_refused(client, broker, case, programme):
    agreement = AgreementFactory(programme=programme, training_capacity=None)
    stranger = MentorFactory(company=CompanyFactory())
    today = timezone.localdate()
    response = login(client, broker).post(
        reverse("placements:start-training", args=[case.pk]),
        {
            "company": agreement.company.pk,
            "starts_on": today.isoformat(),
            "planned_end_on": today.isoformat(),
            "mentor": stranger.pk,
        },
    )
    assert response.status_code == 400
    assert not Placement.objects.exists()


def test_the_mentor_choices_follow_the_company(client, broker):
    mentor = MentorFactory(name="Mette Mentor")
    MentorFactory(name="Anden")
    response = login(client, broker).get(
        reverse("placements:mentor-options"), {"company": mentor.company_id}
    )
    assert "Mette Mentor" in response.content.decode() and "Anden" not in response.content.decode()


def test_a_broker_hires_and_the_case_leaves_with_a_job(client, broker, case, programme):
    training = start_training(case, starts_on=case.enrolled_on)
    company = CompanyFactory()
    today = timezone.localdate()
    response = login(client, broker).post(
        reverse("placements:hire", args=[case.pk]),
        {
            "company": company.pk,
            "starts_on": today.isoformat(),
            "employment_type": "hourly_small_job",
            "weekly_hours": "6",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    training.refresh_from_db()
    assert (case.status, case.exit_outcome, case.exit_on) == ("exited", "employment", today)
    assert training.ended_on == today
    assert Placement.objects.get(kind="employment").weekly_hours == 6


def test_a_hire_before_enrolment_is_refused_next_to_the_date(client, broker, case):
    response = login(client, broker).post(
        reverse("placements:hire", args=[case.pk]),
        {
            "company": CompanyFactory().pk,
            "starts_on": "2000-01-01",
            "employment_type": "ordinary",
            "weekly_hours": "37",
        },
    )
    assert response.status_code == 400
    assert "starts_on" in response.context["form"].errors
    case.refresh_from_db()
    assert case.is_active


def test_leave_then_reopen(client, broker, case):
    login(client, broker)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("placements:exit", args=[case.pk]),
        {"outcome": "dropout", "exit_on": today, "reason": "Flyttet"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.exit_outcome == "dropout"
    response = client.post(
        reverse("placements:exit", args=[case.pk]),
        {"outcome": "education", "exit_on": today, "reason": "x"},
    )
    assert response.status_code == 400, "a second exit is refused"
    response = client.post(reverse("placements:reopen", args=[case.pk]), {"reason": "Tilbage"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_active


def test_employment_is_not_an_exit_choice(client, broker, case):
    response = login(client, broker).post(
        reverse("placements:exit", args=[case.pk]),
        {"outcome": "employment", "exit_on": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.is_active


def test_end_and_extend_a_training(client, broker, case):
    training = start_training(case, planned_end_on=case.enrolled_on + datetime.timedelta(days=30))
    login(client, broker)
    response = client.post(
        reverse("placements:edit-training", args=[training.pk]),
        {
            "planned_end_on": (case.enrolled_on + datetime.timedelta(days=90)).isoformat(),
            "weekly_hours": "30",
        },
    )
    assert response.status_code == 302
    training.refresh_from_db()
    extended = case.enrolled_on + datetime.timedelta(days=90)
    assert training.planned_end_on == extended and training.weekly_hours == 30
    response = client.post(
        reverse("placements:edit-training", args=[training.pk]),
        {"planned_end_on": (case.enrolled_on + datetime.timedelta(days=600)).isoformat()},
    )
    assert response.status_code == 400, "longer than 18 months"
    assert "planned_end_on" in response.context["form"].errors
    training.refresh_from_db()
    assert training.planned_end_on == extended, "the refused extension changed nothing"
    response = client.post(
        reverse("placements:end", args=[training.pk]),
        {"ended_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    training.refresh_from_db()
    case.refresh_from_db()
    assert training.ended_on == timezone.localdate() and case.status == "enrolled"


def test_hours_are_recorded_on_an_employment(client, broker, case):
    employment = hire(case, starts_on=timezone.localdate() - datetime.timedelta(days=20))
    login(client, broker)
    response = client.post(
        reverse("placements:hours", args=[employment.pk]),
        {"changed_on": timezone.localdate().isoformat(), "weekly_hours": "14"},
    )
    assert response.status_code == 302
    assert HoursChange.objects.get().weekly_hours == 14
    response = client.get(reverse("placements:hours", args=[employment.pk]))
    assert [c.weekly_hours for c in response.context["ladder"]] == [14]
    response = client.post(
        reverse("placements:hours", args=[employment.pk]),
        {"changed_on": "2000-01-01", "weekly_hours": "14"},
    )
    assert response.status_code == 400 and "changed_on" in response.context["form"].errors


def test_hours_cannot_be_recorded_on_a_training(client, broker, case):
    training = start_training(case)
    response = login(client, broker).post(
        reverse("placements:hours", args=[training.pk]),
        {"changed_on": timezone.localdate().isoformat(), "weekly_hours": "14"},
    )
    assert response.status_code == 400
    assert not HoursChange.objects.exists()


@pytest.mark.parametrize("persona", ["case_worker", "manager", "consultant"])
def test_only_brokers_act_on_placements(client, request, persona, case, programme):
    user = request.getfixturevalue(persona)
    agreement = AgreementFactory(programme=programme, training_capacity=None)
    training = start_training(case, company=agreement.company)
    login(client, user)
    expected = 403 if user.has_perm("participants.view_participant") else 404
    assert client.get(reverse("placements:start-training", args=[case.pk])).status_code == expected
    assert client.post(reverse("placements:hire", args=[case.pk]), {}).status_code == expected
    assert client.post(reverse("placements:exit", args=[case.pk]), {}).status_code == expected
    end = client.post(
        reverse("placements:end", args=[training.pk]),
        {"ended_on": timezone.localdate().isoformat()},
    )
    assert end.status_code == 403
    training.refresh_from_db()
    assert training.ended_on is None


def test_an_outsider_gets_404(client, outsider, case):
    training = start_training(case)
    login(client, outsider)
    assert client.get(reverse("placements:start-training", args=[case.pk])).status_code == 404
    assert client.get(reverse("placements:end", args=[training.pk])).status_code == 404
    assert client.get(reverse("placements:hours", args=[training.pk])).status_code == 404


def test_the_hours_page_is_a_case_page_a_consultant_cannot_open(client, broker, consultant, case):
    employment = hire(case, starts_on=timezone.localdate() - datetime.timedelta(days=20))
    url = reverse("placements:hours", args=[employment.pk])
    masked_cpr = case.person.masked_cpr
    broker_page = login(client, broker).get(url)
    assert broker_page.status_code == 200 and masked_cpr in broker_page.content.decode()

    login(client, consultant)
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"changed_on": timezone.localdate().isoformat(), "weekly_hours": "20"}
    )
    assert response.status_code == 404
    assert masked_cpr not in response.content.decode()
    assert not HoursChange.objects.exists()


def test_mentor_choices_are_refused_without_company_access_or_a_programme(
    client, programme, consultant
):
    from jobsporet.accounts.roles import Role
    from tests.factories import UserFactory

    mentor = MentorFactory(name="Mette Mentor")
    url = reverse("placements:mentor-options")
    login(client, UserFactory(username="norole", programmes=[programme]))
    response = client.get(url, {"company": mentor.company_id})
    assert response.status_code == 403 and "Mette Mentor" not in response.content.decode()
    login(client, UserFactory(username="nowhere", role=Role.COMPANY_CONSULTANT))
    response = client.get(url, {"company": mentor.company_id})
    assert response.status_code == 403 and "Mette Mentor" not in response.content.decode()
    response = login(client, consultant).get(url, {"company": mentor.company_id})
    assert response.status_code == 200 and "Mette Mentor" in response.content.decode()
    client.logout()
    assert client.get(url, {"company": mentor.company_id}).status_code == 302


def test_mentor_choices_run_the_same_queries_for_1_or_30_mentors(
    client, broker, django_assert_max_num_queries
):
    company = MentorFactory().company
    login(client, broker)
    url = reverse("placements:mentor-options")
    with django_assert_max_num_queries(10) as few:
        client.get(url, {"company": company.pk})
    for _ in range(29):
        MentorFactory(company=company)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"company": company.pk})
    assert response.content.decode().count("<option") == 31
