"""The case page's history shows each change's old and new values to those who may read them."""

import datetime

import pytest
from django.urls import reverse

from participants import services
from tests.factories import GoalFactory, ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker, case_worker):
    person = PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen", phone="1111")
    case = ParticipantFactory(person=person, programme=programme, job_broker=broker)
    services.person_update(person=person, actor=case_worker, phone="22334455", city="Ikast")
    services.participant_update(
        participant=case,
        actor=broker,
        barrier_physical=True,
        benefit_type="cash_benefit",
        target_sectors=["retail", "warehouse"],
        consent_on=datetime.date(2021, 2, 3),
    )
    goal = GoalFactory(participant=case, title="Rygtræning")
    services.goal_save(plan=goal.plan, goal=goal, actor=case_worker, status="achieved")
    return case


def changes_shown(client, user, case) -> dict[str, list[tuple[str, str, str]]]:
    client.force_login(user)
    response = client.get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    return {
        event.shown: [(c.label, c.old, c.new) for c in event.field_changes]
        for event in response.context["history"]
    }


@pytest.mark.parametrize("persona", ["broker", "case_worker"])
def test_readers_of_the_case_see_each_fields_old_and_new_value(client, request, persona, case):
    shown = changes_shown(client, request.getfixturevalue(persona), case)
    assert shown["Kontaktoplysninger ændret"] == [
        ("Telefon", "1111", "22334455"),
        ("By", "–", "Ikast"),
    ]
    assert sorted(shown["Sagsoplysninger ændret"]) == [
        ("Fysiske eller helbredsmæssige barrierer", "Nej", "Ja"),
        ("Samtykke givet", "–", "03.02.2021"),
        ("Ydelse", "–", "Kontanthjælp"),
        ("Ønskede brancher", "–", "Detail, Lager"),
    ]
    assert shown["Mål ændret: Rygtræning"] == [("Status", "Planlagt", "Nået")]
    page = client.get(reverse("participants:detail", args=[case.pk])).content.decode()
    assert "<del" in page and "22334455" in page


@pytest.mark.parametrize("persona", ["manager", "administrator"])
def test_readers_without_sensitive_access_see_neutral_summaries_without_values(
    client, request, persona, case
):
    shown = changes_shown(client, request.getfixturevalue(persona), case)
    assert all(changes == [] for changes in shown.values())
    assert "Udviklingsplan opdateret" in shown
    assert "Mål ændret: Rygtræning" not in shown
    page = client.get(reverse("participants:detail", args=[case.pk])).content.decode()
    assert "<del" not in page and "1111" not in page


def test_reads_are_in_the_access_report_not_in_the_change_history(client, broker, case):
    client.force_login(broker)
    client.post(reverse("participants:reveal-cpr", args=[case.pk]))
    response = client.get(reverse("participants:detail", args=[case.pk]))
    assert {event.action for event in response.context["history"]} <= {
        "created",
        "changed",
        "status",
    }
