"""An administrator lets a locked-out user in before the 15 minutes are up, from the admin;
each clearing is audited, and nobody else can do it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from tests.factories import audit_events

pytestmark = pytest.mark.django_db

LIST = "/admin/axes/accessattempt/"


def attempt(client: Client, password: str, username: str = "broker"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "next": "/"},
        REMOTE_ADDR="10.0.0.7",
    )


@pytest.fixture
def locked_out(broker):
    client = Client()
    for _ in range(5):
        attempt(client, "forkert")
    assert attempt(client, "demo").status_code == 429
    return client


def test_an_administrator_clears_a_lockout_and_it_is_audited(
    client, administrator, broker, locked_out
):
    client.force_login(administrator)
    listing = client.get(LIST)
    assert listing.status_code == 200 and "broker" in listing.content.decode()
    lockout = AccessAttempt.objects.get(username="broker")
    response = client.post(
        LIST, {"action": "clear_lockouts", "_selected_action": [lockout.pk]}, follow=True
    )
    assert "1 spærring ophævet" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    event = audit_events(broker, action=AuditEvent.Action.DELETED).get()
    assert event.actor == administrator
    assert event.summary == "Loginspærring ophævet for broker fra 10.0.0.7"
    # The broker logs in at once, with the right password.
    assert attempt(locked_out, "demo").status_code == 302


@pytest.mark.parametrize("persona", ["broker", "manager", "colleague"])
def test_nobody_else_sees_or_clears_the_lockouts(client, request, persona, locked_out):
    client.force_login(request.getfixturevalue(persona))
    lockout = AccessAttempt.objects.get()
    assert client.get(LIST).status_code in (302, 403)
    client.post(LIST, {"action": "clear_lockouts", "_selected_action": [lockout.pk]})
    assert AccessAttempt.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).exists()


def test_a_lockout_is_not_deleted_past_the_audit(client, administrator, locked_out):
    client.force_login(administrator)
    lockout = AccessAttempt.objects.get()
    assert client.post(f"{LIST}{lockout.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.exists()
