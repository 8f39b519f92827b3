"""Production is HTTPS-only with HSTS, `check --deploy` has nothing to say, and no response with
personal data may be stored by a browser or a proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import ParticipantFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p8Zt4qL1vX9sW2mN7cR5yB3hJ6kD0fG8aE4uT1oI9pQ2wS5zX7cV3bN6mL0kJ4hG",
    "CPR_ENCRYPTION_KEYS": "ZmRlZmNkZWZhYmNkZWZhYmNkZWZhYmNkZWZhYmNkZWY=",
    "CPR_HASH_KEY": "h" * 40,
    "ALLOWED_HOSTS": "jobsporet.kommune.example",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Not the test run's own switches (the browser tests allow async-unsafe calls).
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SECURE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(PRODUCTION, **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_has_no_warnings_under_production_settings():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
)


def test_production_redirects_to_https_and_sends_hsts_by_default():
    shown = _run("-c", SHOW, DJANGO_SETTINGS_MODULE="jobsporet.settings")
    assert shown.stdout.split() == ["True", "31536000", "True"], shown.stderr


def test_a_proxy_that_redirects_itself_can_switch_the_redirect_off():
    shown = _run("-c", SHOW, DJANGO_SETTINGS_MODULE="jobsporet.settings", SECURE_SSL_REDIRECT="0")
    assert shown.stdout.split() == ["False", "31536000", "True"], shown.stderr


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_http_is_redirected_but_the_container_health_checks_are_not(client):
    response = client.get("/login/")
    assert response.status_code == 301 and response.url == "https://testserver/login/"
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("readiness")).status_code == 200
    secure = client.get("/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["jobsporet.kommune.example"])
def test_the_container_health_checks_answer_whatever_host_they_are_asked_by(client):
    """docker-compose's healthcheck asks http://127.0.0.1:8000/healthz, a host production's
    ALLOWED_HOSTS does not list; every other page still refuses that host."""
    for probe in ("/healthz", "/readyz"):
        response = client.get(probe, HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200, probe
        assert response.json()["status"] == "ok"
    assert client.get("/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/login/", HTTP_HOST="jobsporet.kommune.example").status_code == 200


# --- No response with personal data is cached ----------------------------------------------


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(programme=programme, job_broker=broker)


def _assert_not_stored(response) -> None:
    assert response.status_code in (200, 302), response.status_code
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_case_pages_notes_lists_and_the_cpr_are_never_stored(broker_client, case, programme):
    for url in [
        reverse("reporting:home"),
        reverse("participants:list"),
        reverse("participants:detail", args=[case.pk]),
        reverse("participants:notes", args=[case.pk]),
        reverse("participants:edit", args=[case.pk]),
        reverse("participants:edit-person", args=[case.pk]),
        reverse("companies:list"),
    ]:
        _assert_not_stored(broker_client.get(url))
    _assert_not_stored(broker_client.post(reverse("participants:reveal-cpr", args=[case.pk])))
    _assert_not_stored(
        broker_client.post(reverse("participants:reveal-cpr", args=[case.pk]), HTTP_HX_REQUEST="1")
    )
    not_found = broker_client.get(reverse("participants:detail", args=[case.pk + 1000]))
    assert not_found.status_code == 404 and "no-store" in not_found["Cache-Control"]


@pytest.mark.django_db
def test_the_admin_the_outcomes_and_the_account_log_are_never_stored(
    client, administrator, manager, case
):
    client.force_login(administrator)
    _assert_not_stored(
        client.get(reverse("admin:participants_person_change", args=[case.person_id]))
    )
    client.force_login(manager)
    _assert_not_stored(client.get(reverse("reporting:outcomes")))
    _assert_not_stored(client.get(reverse("accounts:events")))
