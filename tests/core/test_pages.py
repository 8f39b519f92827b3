import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_danish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "da"
    assert "Log ind" in response.content.decode()


def test_english_is_available_through_the_language_switch(client, broker):
    client.force_login(broker)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("reporting:home")).content.decode()
    assert "Good to see you" in page
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "Godt at se dig" in client.get(reverse("reporting:home")).content.decode()


def test_every_page_requires_login(client, programme):
    for url in (reverse("reporting:home"), "/deltagere/1/", reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response.url


def test_the_health_check_is_open_and_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_demo_user_logs_in_through_the_form(client, broker):
    response = client.post(reverse("login"), {"username": "broker", "password": "demo"})
    assert response.status_code == 302
    assert response.url == reverse("reporting:home")


def test_a_wrong_password_is_refused_with_a_message(client, broker):
    response = client.post(reverse("login"), {"username": "broker", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
