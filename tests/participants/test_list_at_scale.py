"""The participant list at scale: a deep page computes only its own rows (ids first, then those
rows), and the search matches names and case numbers as before, through the indexes
PostgreSQL has for them (participants migration 0002)."""

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.factories import ParticipantFactory, PersonFactory, start_training

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
