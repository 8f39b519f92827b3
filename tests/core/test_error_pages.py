"""What a user sees when something is refused or fails: a page in Danish, never a traceback."""

import pytest
from django.test import Client
from django.urls import include, path

from jobsporet.urls import urlpatterns as real_urlpatterns

pytestmark = pytest.mark.django_db


def _explode(request):
    raise RuntimeError("a bug, with secrets in its message: 010190-1234")


urlpatterns = [path("explode/", _explode), path("", include(real_urlpatterns))]


def test_a_refused_page_says_so_in_danish_with_a_way_back(client, consultant):
    client.force_login(consultant)
    response = client.get("/deltagere/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Ingen adgang" in body
    assert "Din rolle giver ikke adgang til denne side" in body
    assert 'href="/"' in body  # back to the start page, inside the normal layout
    assert "Jobsporet" in body


def test_a_missing_case_says_it_may_belong_to_another_programme(client, broker):
    client.force_login(broker)
    response = client.get("/deltagere/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert "hører til et program, du ikke er medlem af" in body


def test_an_anonymous_404_offers_the_login_and_no_menu(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert 'href="/login/"' in body
    assert "Deltagere" not in body  # no menu for someone who is not logged in


@pytest.mark.urls(__name__)
def test_a_server_error_shows_a_calm_page_without_the_traceback(broker):
    client = Client(raise_request_exception=False)
    client.force_login(broker)
    response = client.get("/explode/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Der gik noget galt" in body
    assert "Fejlen er registreret" in body
    assert "RuntimeError" not in body
    assert "010190-1234" not in body
    assert "Traceback" not in body


def test_an_expired_form_explains_what_to_do(broker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(broker)
    response = client.post("/logout/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formularen var udløbet" in body
    assert "genindlæs siden og send den igen" in body


def test_empty_filters_read_all_not_dashes(broker_client):
    body = broker_client.get("/deltagere/").content.decode()
    assert '<option value="" selected>Alle</option>' in body
    assert "---------" not in body
