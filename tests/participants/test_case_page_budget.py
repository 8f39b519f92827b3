"""The case page's query budget: 16 queries with a little data or a lot (the session, the user,
their permissions and roles, the case with its person and plan, the audit of the view, the
placements and their hours, the person's other enrolments, goals, reviews, notes, efforts,
history and the programmes), one more once the case has left (its six-month follow-up), and
one more for the placements of other enrolments when the reader may see some
(tests/participants/test_one_history.py). The goal was 12 before the other enrolments; the
three over it are the permission and role reads every page pays (README, "Speed")."""

import pytest
from django.urls import reverse

from participants import services
from tests.factories import ParticipantFactory, hire, start_training

pytestmark = pytest.mark.django_db
BUDGET = 16


def test_the_case_page_keeps_its_budget_with_few_or_many_records(
    client, broker, programme, django_assert_num_queries
):
    case = ParticipantFactory(programme=programme, job_broker=broker)

    def add(count: int) -> None:
        for index in range(count):
            services.case_note_add(participant=case, author=broker, kind="phone", text=f"n{index}")
            services.goal_save(
                plan=case.development_plan, actor=broker, area="personal", title=f"g{index}"
            )

    add(1)
    start_training(case)
    client.force_login(broker)
    url = reverse("participants:detail", args=[case.pk])
    assert client.get(url).status_code == 200  # the first view of the hour writes its audit row
    with django_assert_num_queries(BUDGET) as few:
        response = client.get(url)
    assert response.status_code == 200
    add(30)
    hire(case)
    with django_assert_num_queries(len(few.captured_queries) + 1):
        response = client.get(url)
    page = response.content.decode()
    assert "g29" in page and "n29" in page
