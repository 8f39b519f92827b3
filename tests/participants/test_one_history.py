"""Issue 11: one person, one history. The case page shows the citizen's other enrolments that
the reader may see (programme, dates, outcome, placements, linked) and only counts the others."""

import datetime

import pytest
from django.urls import reverse

from jobsporet.accounts.roles import Role
from participants import services
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    start_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karen", last_name="Holm")


@pytest.fixture
def earlier(person, other_programme):
    """The citizen's earlier enrolment, in the other programme: trained, then stopped."""
    case = ParticipantFactory(
        person=person, programme=other_programme, enrolled_on=datetime.date(2020, 10, 1)
    )
    start_training(
        case,
        company=CompanyFactory(name="Brugsen Nørre Snede"),
        ended_on=datetime.date(2020, 12, 1),
    )
    services.participant_exit(
        participant=case, exit_on=datetime.date(2021, 1, 2), outcome="dropout", actor=None
    )
    return case


@pytest.fixture
def current(person, programme, broker, earlier):
    return ParticipantFactory(person=person, programme=programme, job_broker=broker)


def page_of(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_reader_of_both_programmes_sees_the_earlier_enrolment_linked(
    client, programme, other_programme, earlier, current
):
    both = UserFactory(role=Role.JOB_BROKER, programmes=[programme, other_programme])
    page = page_of(client, both, current)
    section = page[page.index("Borgerens andre forløb") :]
    assert "Flere skal med" in section and earlier.reference in section
    assert reverse("participants:detail", args=[earlier.pk]) in section
    assert "01.10.2020" in section and "02.01.2021" in section
    assert "Stoppet" in section  # the outcome
    assert "Brugsen Nørre Snede" in section
    assert "programmer, du ikke er medlem af" not in page
    # ... and from the earlier case, the current one.
    section = page_of(client, both, earlier).split("Borgerens andre forløb")[1]
    assert reverse("participants:detail", args=[current.pk]) in section


def test_an_enrolment_in_a_programme_the_reader_is_not_in_is_counted_not_named(
    client, broker, earlier, current
):
    page = page_of(client, broker, current)
    assert "Borgerens andre forløb" in page
    assert "Borgeren har 1 forløb mere i et program, du ikke er medlem af." in page
    assert "Flere skal med" not in page
    assert earlier.reference not in page
    assert "Brugsen Nørre Snede" not in page
    assert reverse("participants:detail", args=[earlier.pk]) not in page
    # The link would not open it either.
    assert client.get(reverse("participants:detail", args=[earlier.pk])).status_code == 404


def test_an_earlier_enrolment_in_the_same_programme_is_shown(client, broker, programme, person):
    first = ParticipantFactory(person=person, programme=programme, reference="JS-OLD")
    services.participant_exit(
        participant=first, exit_on=datetime.date(2021, 3, 1), outcome="dropout", actor=None
    )
    second = ParticipantFactory(person=person, programme=programme, job_broker=broker)
    section = page_of(client, broker, second).split("Borgerens andre forløb")[1]
    assert "JS-OLD" in section and "Stoppet" in section


def test_a_manager_sees_the_other_enrolments_too(client, manager, earlier, current):
    page = page_of(client, manager, current)
    assert "Borgeren har 1 forløb mere i et program, du ikke er medlem af." in page


def test_a_citizen_with_one_enrolment_has_no_such_section(client, broker, programme):
    case = ParticipantFactory(programme=programme, job_broker=broker)
    ParticipantFactory(programme=programme)  # another citizen's case is not theirs
    assert "Borgerens andre forløb" not in page_of(client, broker, case)


def test_a_consultant_still_has_no_case_page(client, consultant, current):
    client.force_login(consultant)
    assert client.get(reverse("participants:detail", args=[current.pk])).status_code == 404


def test_the_other_enrolments_cost_a_bounded_number_of_queries(
    client, programme, other_programme, person, django_assert_num_queries
):
    both = UserFactory(role=Role.JOB_BROKER, programmes=[programme, other_programme])
    current = ParticipantFactory(person=person, programme=programme, job_broker=both)
    start_training(current)
    url = reverse("participants:detail", args=[current.pk])
    client.force_login(both)
    client.get(url)

    others = []

    def enrol_again(count: int) -> None:
        for _ in range(count):
            other = ParticipantFactory(person=person, programme=other_programme)
            start_training(other, ended_on=datetime.date(2021, 2, 1))
            services.participant_exit(
                participant=other, exit_on=datetime.date(2021, 3, 1), outcome="dropout", actor=None
            )
            others.append(other)

    enrol_again(1)
    hidden = ProgrammeFactory(slug="skjult", name="Skjult")
    ParticipantFactory(person=person, programme=hidden)
    # the case page's budget: the others' placements come with the case's own
    with django_assert_num_queries(12) as few:
        client.get(url)
    enrol_again(5)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    for other in others:
        assert reverse("participants:detail", args=[other.pk]) in page
