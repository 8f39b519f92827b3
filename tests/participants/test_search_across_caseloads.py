"""Issue 11: a search looks across every case the user may see, not only their own caseload;
switching the caseload keeps the search."""

import html

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db
LIST = reverse("participants:list")


@pytest.fixture
def colleagues_case(programme, colleague):
    return ParticipantFactory(
        programme=programme,
        job_broker=colleague,
        person=PersonFactory(cpr="150387-4321", first_name="Bodil", last_name="Skovgaard"),
    )


@pytest.fixture
def my_case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        person=PersonFactory(first_name="Bodil", last_name="Mikkelsen"),
    )


def search(client, text: str, **fields):
    """Post the list's search box as the page does (with the caseload shown before)."""
    response = client.post(LIST, {"q": text, "caseload": "mine", "searched": "", **fields})
    assert response.status_code == 302
    return client.get(response.url)


def test_a_brokers_search_finds_a_colleagues_citizen(broker_client, colleagues_case, my_case):
    assert list(broker_client.get(LIST).context["page_obj"]) == [my_case]
    response = search(broker_client, "Skovgaard")
    assert list(response.context["page_obj"]) == [colleagues_case]
    assert "caseload=all" in broker_client.post(LIST, {"q": "Skovgaard", "caseload": "mine"}).url
    response = search(broker_client, colleagues_case.reference)
    assert list(response.context["page_obj"]) == [colleagues_case]


def test_a_search_in_the_url_looks_across_caseloads_too(broker_client, colleagues_case):
    response = broker_client.get(LIST, {"q": "skovgaard"})
    assert list(response.context["page_obj"]) == [colleagues_case]


def test_a_cpr_search_finds_a_colleagues_citizen(broker_client, colleagues_case, my_case):
    response = search(broker_client, "150387-4321")
    assert list(response.context["page_obj"]) == [colleagues_case]


def test_the_caseload_filter_still_narrows_a_search_and_keeps_it(
    broker_client, colleagues_case, my_case
):
    response = search(broker_client, "Bodil")
    assert set(response.context["page_obj"]) == {colleagues_case, my_case}
    # Switching to "my cases" re-posts the same search: the search is kept, the caseload too.
    response = broker_client.post(LIST, {"q": "Bodil", "caseload": "mine", "searched": "Bodil"})
    assert "q=Bodil" in response.url and "caseload=mine" in response.url
    assert list(broker_client.get(response.url).context["page_obj"]) == [my_case]


def test_an_empty_caseload_search_offers_the_programme_with_the_search_kept(
    broker_client, colleagues_case
):
    response = broker_client.get(LIST, {"q": "Skovgaard", "caseload": "mine", "status": ""})
    assert list(response.context["page_obj"]) == []
    page = html.unescape(response.content.decode())
    assert "Ingen i din sagsstamme matcher filteret." in page
    assert LIST + "?caseload=all&q=Skovgaard" in page
    response = broker_client.get(LIST + "?caseload=all&q=Skovgaard")
    assert list(response.context["page_obj"]) == [colleagues_case]


def test_without_a_search_the_broker_still_opens_on_their_caseload(
    broker_client, colleagues_case, my_case
):
    response = broker_client.get(LIST, {"status": "enrolled"})
    assert list(response.context["page_obj"]) == [my_case]


def test_a_search_never_reaches_another_programme(client, outsider, colleagues_case):
    client.force_login(outsider)
    response = client.post(LIST, {"q": "Skovgaard", "caseload": "mine", "searched": ""})
    assert list(client.get(response.url).context["page_obj"]) == []


def test_a_consultant_may_not_search_the_list(client, consultant, colleagues_case):
    client.force_login(consultant)
    assert client.post(LIST, {"q": "Skovgaard"}).status_code == 403
    assert client.get(LIST, {"q": "Skovgaard"}).status_code == 403
