"""The participant list at scale: a deep page computes only its own rows (ids first, then those
rows), and the search matches names and case numbers as before, through the indexes
PostgreSQL has for them (participants migration 0002)."""

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.factories import ParticipantFactory, PersonFactory, leave, start_training

pytestmark = pytest.mark.django_db
LAST_NAMES = ["Andersen", "Berg", "Dahl", "Friis", "Holm", "Juhl", "Krogh", "Lund", "Mogensen"]


def test_a_deep_page_shows_its_rows_in_name_order_with_the_first_pages_queries(
    client, broker, programme, django_assert_num_queries
):
    for index in range(30):
        person = PersonFactory(first_name=f"P{index:02d}", last_name=LAST_NAMES[index % 9])
        case = ParticipantFactory(
            programme=programme, person=person, job_broker=broker, reference=f"S-{index}"
        )
        if index % 4 == 0:
            start_training(case)
    client.force_login(broker)
    url = reverse("participants:list")
    with django_assert_num_queries(8) as first:
        page_one = client.get(url, {"caseload": "all"})
    with django_assert_num_queries(len(first.captured_queries)):
        page_two = client.get(url, {"caseload": "all", "page": 2})
    expected = list(Participant.objects.order_by("person__last_name", "person__first_name", "pk"))
    assert list(page_one.context["page_obj"]) == expected[:25]
    assert list(page_two.context["page_obj"]) == expected[25:]
    # The rows of a page carry the list's columns: the company of a current training.
    trained = [row for row in page_one.context["page_obj"] if row.current_kind == "training"]
    assert trained and all(row.current_company for row in trained)
    assert "Andersen" in page_one.content.decode()
    assert "Mogensen" in page_two.content.decode() and "Andersen" not in page_two.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, broker, programme):
    for index in range(27):
        ParticipantFactory(programme=programme, job_broker=broker, reference=f"E-{index}")
    client.force_login(broker)
    response = client.get(reverse("participants:list"), {"caseload": "all", "page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"]) == 2


def test_the_search_matches_parts_of_names_and_case_numbers_in_any_case(client, broker, programme):
    anne = ParticipantFactory(
        programme=programme,
        person=PersonFactory(first_name="Anne", last_name="Jensen"),
        reference="JS-0101",
    )
    jens = ParticipantFactory(
        programme=programme,
        person=PersonFactory(first_name="Jens", last_name="Kjær"),
        reference="JS-0202",
    )
    other = ParticipantFactory(
        programme=programme,
        person=PersonFactory(first_name="Bo", last_name="Lind"),
        reference="XJENS-9",
    )
    client.force_login(broker)

    def found(query: str) -> set[Participant]:
        response = client.get(reverse("participants:list"), {"caseload": "all", "q": query})
        return set(response.context["page_obj"])

    assert found("jens") == {anne, jens, other}
    assert found("ANNE jens") == {anne}
    assert found("js-02") == {jens}
    assert found("kjæ") == {jens}
    assert found("zebra") == set()


@pytest.fixture
def hansens(programme, broker):
    """Five Hansens in the programme (case numbers without the name), in name order."""
    return [
        ParticipantFactory(
            programme=programme,
            job_broker=broker,
            person=PersonFactory(first_name=first, last_name="Hansen"),
            reference=f"H-{index}",
        )
        for index, first in enumerate(["Ane", "Bo", "Cai", "Dina", "Eva"])
    ]


def test_a_search_past_the_cap_shows_the_first_matches_in_name_order_and_says_there_are_more(
    client, broker, programme, hansens, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("participants.views.SEARCH_CAP", 3)
    monkeypatch.setattr("participants.views.PAGE_SIZE", 2)
    client.force_login(broker)
    url = reverse("participants:list")
    client.get(url, {"caseload": "all", "q": "hansen"})  # content types cached
    # Session, user, roles, programmes; whether a case number matches; the capped ids (no
    # count of every match); the page's rows; the audit event and its listing; the job brokers
    # for the filter.
    with django_assert_num_queries(10):
        response = client.get(url, {"caseload": "all", "q": "hansen"})
    page = response.context["page_obj"]
    assert list(page) == hansens[:2]
    assert page.paginator.more_than == 3 and page.paginator.num_pages == 2
    text = response.content.decode()
    assert "Over 3 deltagere matcher – gør søgningen mere præcis" in text
    assert "Viser 1–2 af over 3" in text
    last = client.get(url, {"caseload": "all", "q": "hansen", "page": 2}).context["page_obj"]
    assert list(last) == hansens[2:3]
    # Up to the cap the count is exact, and nothing is said about more.
    response = client.get(url, {"caseload": "all", "q": "hansen b"})
    assert list(response.context["page_obj"]) == [hansens[1]]
    assert response.context["page_obj"].paginator.more_than is None
    assert "gør søgningen mere præcis" not in response.content.decode()


def test_the_whole_list_still_counts_every_case(client, broker, hansens):
    client.force_login(broker)
    response = client.get(reverse("participants:list"), {"caseload": "all"})
    assert response.context["page_obj"].paginator.count == 5
    assert response.context["page_obj"].paginator.more_than is None


def test_a_case_number_match_shows_that_case_and_not_the_persons_other_one(
    client, broker, programme, other_programme
):
    person = PersonFactory(first_name="Kim", last_name="Lund")
    old = ParticipantFactory(programme=programme, person=person, reference="OLD-77")
    leave(old, exit_on=old.enrolled_on)
    new = ParticipantFactory(programme=programme, person=person, reference="NEW-88")
    ParticipantFactory(programme=other_programme, reference="NEW-89")
    client.force_login(broker)

    def found(query: str) -> list[Participant]:
        response = client.get(reverse("participants:list"), {"caseload": "all", "q": query})
        return list(response.context["page_obj"])

    assert found("new-8") == [new]
    assert found("old") == [old]
    assert found("lund") == [old, new]  # the same name: in the order they were opened
    assert found("lund old-77") == [old]
    assert found("kim new") == [new]


def test_a_search_finds_only_what_the_role_may_see(
    client, broker, outsider, consultant, programme, other_programme, hansens
):
    theirs = ParticipantFactory(
        programme=other_programme, person=PersonFactory(first_name="Aksel", last_name="Hansen")
    )
    client.force_login(outsider)
    response = client.get(reverse("participants:list"), {"caseload": "all", "q": "hansen"})
    assert list(response.context["page_obj"]) == [theirs]
    client.force_login(broker)
    response = client.get(reverse("participants:list"), {"caseload": "all", "q": "hansen"})
    assert theirs not in list(response.context["page_obj"])
    assert len(response.context["page_obj"]) == len(hansens)
    client.force_login(consultant)
    response = client.get(reverse("participants:list"), {"caseload": "all", "q": "hansen"})
    assert response.status_code == 403
