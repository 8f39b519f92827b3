"""The case page's query budget (issue 8: 12 at most): 12 queries with a little data or a lot,
before and after the exit, with or without other enrolments of the citizen
(tests/participants/test_one_history.py): the session, the user, their permissions and roles
(one read), the case with its person, plan, six-month follow-up and whether the reader's view
was audited within the hour, the audit row of the view when it was not, the programmes, the
person's other enrolments, the placements of all of them with their hours, goals, reviews,
notes, efforts and the history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jobsporet.accounts.roles import Role
from participants import services
from placements import services as placement_services
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    UserFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db
BUDGET = 12


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
    hire(case)  # the exit schedules the six-month follow-up, read with the case
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert "g29" in page and "n29" in page
    assert "Opfølgning efter 6 mdr." in page


def test_a_left_case_with_changes_of_hours_and_other_enrolments_keeps_the_budget(
    client, programme, other_programme, django_assert_num_queries
):
    reader = UserFactory(role=Role.JOB_BROKER, programmes=[programme, other_programme])
    case = ParticipantFactory(programme=programme, job_broker=reader)
    start_training(case)
    employment = hire(case)

    def raise_hours(first: int, count: int) -> None:
        for week in range(first, first + count):
            placement_services.hours_change_record(
                placement=employment,
                changed_on=employment.starts_on + datetime.timedelta(weeks=week),
                weekly_hours=Decimal(10 + week),
                actor=reader,
            )

    def enrol_elsewhere(count: int) -> None:
        for _ in range(count):
            other = ParticipantFactory(person=case.person, programme=other_programme)
            start_training(
                other,
                company=CompanyFactory(name=f"Tidligere {other.reference}"),
                ended_on=datetime.date(2021, 2, 1),
            )
            services.participant_exit(
                participant=other, exit_on=datetime.date(2021, 3, 1), outcome="dropout", actor=None
            )

    raise_hours(1, 1)
    enrol_elsewhere(1)
    client.force_login(reader)
    url = reverse("participants:detail", args=[case.pk])
    client.get(url)
    with django_assert_num_queries(BUDGET):
        client.get(url)
    raise_hours(2, 5)
    enrol_elsewhere(4)
    with django_assert_num_queries(BUDGET):
        page = client.get(url).content.decode()
    # Every change of hours, in date order, and each other enrolment with its training.
    placements = page[page.index('id="placements"') :].split("</section>")[0]
    assert placements.count("→") == 6
    assert placements.index("→ 11") < placements.index("→ 12") < placements.index("→ 16")
    for other in case.person.enrolments.exclude(pk=case.pk):
        assert f"Tidligere {other.reference}" in page
    assert "Opfølgning efter 6 mdr." in page
