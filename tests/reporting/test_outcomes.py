"""The outcomes page renders the KPI engine's figures for managers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from tests.factories import AgreementFactory, ParticipantFactory, hire, start_training

pytestmark = pytest.mark.django_db

# Session, user, permissions (two), roles, the user's programmes (the current one and the
# menu, one read) and the engine's seven queries (the six-month follow-up figures are one).
QUERIES_ON_THE_OUTCOMES_PAGE = 13


def test_a_manager_sees_the_figures_of_the_programme(client, manager, programme):
    hire(ParticipantFactory(programme=programme))
    ParticipantFactory(programme=programme)
    client.force_login(manager)
    response = client.get(reverse("reporting:outcomes"), {"as_of": "2022-12-31"})
    assert response.status_code == 200
    kpis = response.context["kpis"]
    assert (kpis.participants.enrolled, kpis.participants.employed) == (2, 1)
    assert "50,0 %" in response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_on_a_leavers_programme_the_page_shows_the_rate_the_target_is_judged_on(
    client, manager, programme
):
    # 4 enrolled, 2 left (one hired, one stopped): 25 % of all enrolled, 50 % of those who
    # left. The target, 45 % of those who left, is met. The training company trained the hired
    # one and two still in training: 1 of 3 trained (33 %), but 1 of 1 who left (100 %).
    programme.employment_rate_basis = "leavers"
    programme.target_employment_rate = Decimal("0.45")
    programme.save()
    trainer = AgreementFactory(programme=programme, company__name="Træner", training_capacity=None)
    hired, *trainees = (ParticipantFactory(programme=programme) for _ in range(3))
    for participant in (hired, *trainees):
        start_training(participant, company=trainer.company)
    hire(hired)
    stopped = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=stopped,
        exit_on=stopped.enrolled_on + datetime.timedelta(days=10),
        outcome="dropout",
        actor=None,
    )
    client.force_login(manager)

    response = client.get(reverse("reporting:outcomes"))

    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "Beskæftigelsesandel, af de ophørte mål nået 50,0 %" in page
    assert "Mål 45,0 % · af alle tilmeldte: 25,0 %" in page
    assert "Beskæftigelsesandel, af alle tilmeldte" not in page
    assert "for at nå målet" not in page
    body = response.content.decode()
    assert "Andel, af de ophørte</th>" in body
    row = body[body.index("Træner") : body.index("</tr>", body.index("Træner"))]
    assert "text-success" in row and "100,0 %" in row


def test_on_an_enrolled_programme_a_company_below_the_target_is_not_highlighted(
    client, manager, programme
):
    trainer = AgreementFactory(programme=programme, company__name="Træner", training_capacity=None)
    hired, *trainees = (ParticipantFactory(programme=programme) for _ in range(3))
    for participant in (hired, *trainees):
        start_training(participant, company=trainer.company)
    hire(hired)
    client.force_login(manager)

    response = client.get(reverse("reporting:outcomes"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Beskæftigelsesandel, af alle tilmeldte" in _text(body)
    row = body[body.index("Træner") : body.index("</tr>", body.index("Træner"))]
    assert "33,3 %" in row and "text-success" not in row  # 1 of 3 trained, target 40 %
    # 40 % of 3 enrolled is 2 jobs; 1 hired.
    assert "1 job mere for at nå målet" in _text(body)


def test_a_bad_date_falls_back_to_today_with_a_message(client, manager, programme):
    client.force_login(manager)
    response = client.get(reverse("reporting:outcomes"), {"as_of": "31-02-2023"})
    assert response.status_code == 200
    assert response.context["as_of"] == timezone.localdate()
    assert response.context["kpis"].as_of == timezone.localdate()
    assert [str(m) for m in response.context["messages"]] == [
        "Det er ikke en dato; viser dagens tal."
    ]


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant"])
def test_case_roles_do_not_see_outcome_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reporting:outcomes")).status_code == 403


def _trained_and_hired(programme, index: int) -> None:
    trainer = AgreementFactory(programme=programme, company__name=f"Træner {index}").company
    participant = ParticipantFactory(programme=programme)
    start_training(participant, company=trainer)
    hire(participant)


def test_the_outcomes_page_runs_the_same_queries_for_1_or_21_training_companies(
    client, manager, programme, django_assert_num_queries
):
    _trained_and_hired(programme, 0)
    client.force_login(manager)
    with django_assert_num_queries(QUERIES_ON_THE_OUTCOMES_PAGE):
        response = client.get(reverse("reporting:outcomes"))
    assert response.status_code == 200
    assert len(response.context["kpis"].training_companies) == 1
    for index in range(1, 21):
        _trained_and_hired(programme, index)
    client.get(reverse("reporting:outcomes"))  # notes the activity in the session (15 s resolution)
    with django_assert_num_queries(QUERIES_ON_THE_OUTCOMES_PAGE):
        response = client.get(reverse("reporting:outcomes"))
    assert response.status_code == 200
    assert len(response.context["kpis"].training_companies) == 21
    assert response.content.decode().count("Træner ") == 21
