"""The reminders page and the calendar feed: who may, what is shown once, what is refused."""

import hashlib
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from jobsporet.accounts.roles import Role
from jobsporet.core.models import AuditEvent
from reminders.models import ReminderSettings
from tests.factories import UserFactory
from tests.snapshots import nothing_written

from .conftest import make_work, private_values

pytestmark = pytest.mark.django_db

SETTINGS = reverse("reminders:settings")
CREATE = reverse("reminders:feed-create")
REVOKE = reverse("reminders:feed-revoke")


def _unchanged():
    return nothing_written(ReminderSettings, AuditEvent)


def _make_feed(client) -> str:
    """The calendar address, as the page shows it once: its token."""
    response = client.post(CREATE, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    url = response.context["new_feed_url"]
    assert url in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    match = re.fullmatch(r"http://127\.0\.0\.1:8000/kalender/([A-Za-z0-9_-]{40,})\.ics", url)
    assert match, url
    return match.group(1)


def _feed(client, token: str):
    return client.get(reverse("reminders:feed", args=[token]))


def _events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


# --- The page ---------------------------------------------------------------------------------


def test_the_page_needs_a_login(client, broker):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    with _unchanged():
        assert client.post(CREATE).status_code == 302
        assert client.post(REVOKE).status_code == 302


@pytest.mark.parametrize("persona", ["manager", "consultant", "administrator"])
def test_other_roles_have_no_reminders(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(SETTINGS).status_code == 403
    with _unchanged():
        assert client.post(SETTINGS, {"digest_enabled": "on", "language": "da"}).status_code == 403
        assert client.post(CREATE).status_code == 403
        assert client.post(REVOKE).status_code == 403
    # Nor a menu link to them.
    assert SETTINGS not in client.get(reverse("reporting:home")).content.decode()


def test_the_user_menu_leads_brokers_and_case_workers_there(client, broker, case_worker):
    for user in (broker, case_worker):
        client.force_login(user)
        assert SETTINGS in client.get(reverse("reporting:home")).content.decode()
        response = client.get(SETTINGS)
        assert response.status_code == 200
        # Default on, in Danish.
        assert response.context["form"].initial == {"digest_enabled": True, "language": "da"}
        assert user.email in response.content.decode()


def test_a_user_turns_the_digest_off_and_on_again(broker_client, broker):
    response = broker_client.post(SETTINGS, {"language": "en"})
    assert response.status_code == 302
    row = ReminderSettings.objects.get(user=broker)
    assert (row.digest_enabled, row.language) == (False, "en")
    response = broker_client.post(SETTINGS, {"digest_enabled": "on", "language": "da"}, follow=True)
    assert "Du får en e-mail om morgenen" in response.content.decode()
    row.refresh_from_db()
    assert (row.digest_enabled, row.language) == (True, "da")


@pytest.mark.parametrize("language", ["", "xx", "da" * 40])
def test_a_bad_language_is_refused(broker_client, language):
    with _unchanged():
        response = broker_client.post(SETTINGS, {"digest_enabled": "on", "language": language})
    assert response.status_code == 400
    assert response.context["form"].errors["language"]


def test_a_user_without_an_address_is_told(client, broker):
    broker.email = ""
    broker.save()
    client.force_login(broker)
    assert "Din konto har ingen e-mailadresse" in client.get(SETTINGS).content.decode()


# --- The calendar address ---------------------------------------------------------------------


def test_the_address_is_shown_once_and_only_its_hash_is_kept(broker_client, broker):
    token = _make_feed(broker_client)
    row = ReminderSettings.objects.get(user=broker)
    assert row.feed_token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ReminderSettings.objects.filter(user=broker).values().get())
    event = AuditEvent.objects.get(actor=broker, summary__startswith="Kalenderadresse lavet")
    assert event.target_id == broker.pk
    assert token not in event.summary
    # Reloading the page shows the address no more, makes no other one, and the session
    # that carried it to the page has forgotten it.
    page = broker_client.get(SETTINGS).content.decode()
    assert token not in page
    assert "Tilbagekald adressen" in page
    assert ReminderSettings.objects.get(user=broker).feed_token_digest == row.feed_token_digest
    assert token not in str(dict(broker_client.session))


def test_making_a_feed_is_a_post(broker_client):
    with _unchanged():
        assert broker_client.get(CREATE).status_code == 405


def test_the_feed_lists_what_falls_due_without_a_login(client, broker, case_worker, work):
    client.force_login(broker)
    token = _make_feed(client)
    client.logout()
    response = _feed(client, token)
    assert response.status_code == 200
    events = _events(response)
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert summaries == sorted(
        [
            f"Opfølgning: {work.follow_up.person.full_name} ({work.follow_up.reference})",
            f"Opfølgning på udviklingsplan: {work.review.person.full_name} "
            f"({work.review.reference})",
            f"Træningsforløb slutter: {work.ending.person.full_name} ({work.ending.reference})",
            f"Opfølgning efter 6 mdr.: {work.six_month.person.full_name} "
            f"({work.six_month.reference})",
        ]
    )
    due_dates = {event["SUMMARY"].split(":")[0]: event.decoded("DTSTART") for event in events}
    assert due_dates["Træningsforløb slutter"] == work.ending.placements.get().planned_end_on
    link = f"http://127.0.0.1:8000{reverse('participants:detail', args=[work.ending.pk])}"
    assert link in {str(event["URL"]) for event in events}
    assert len({str(event["UID"]) for event in events}) == 4
    body = response.content.decode()
    for case in work.cases:
        for value in private_values(case):
            assert value not in body


def test_the_case_workers_feed_has_their_cases(client, case_worker, work):
    client.force_login(case_worker)
    token = _make_feed(client)
    events = _events(_feed(client, token))
    references = {str(event["SUMMARY"]).split("(")[-1].rstrip(")") for event in events}
    assert references == {case.reference for case in (work.follow_up, work.review, work.ending)}


@pytest.mark.parametrize("token", ["x", "A" * 43, "-" * 500])
def test_a_wrong_token_is_a_404(client, broker_client, token):
    _make_feed(broker_client)
    assert _feed(client, token).status_code == 404


def test_a_revoked_or_replaced_address_is_a_404(client, broker_client, broker):
    first = _make_feed(broker_client)
    second = _make_feed(broker_client)
    assert _feed(client, first).status_code == 404
    assert _feed(client, second).status_code == 200
    renewed = AuditEvent.objects.filter(actor=broker, summary__startswith="Ny kalenderadresse")
    assert renewed.exists()
    # Revoking asks first: the question writes nothing.
    with _unchanged():
        response = broker_client.get(REVOKE)
    assert response.status_code == 200
    assert "Tilbagekald kalenderadressen?" in response.content.decode()
    response = broker_client.post(REVOKE, follow=True)
    assert "Kalenderadressen er tilbagekaldt" in response.content.decode()
    assert _feed(client, second).status_code == 404
    assert not ReminderSettings.objects.get(user=broker).has_feed
    assert AuditEvent.objects.filter(
        actor=broker, summary__startswith="Kalenderadresse tilbagekaldt"
    ).exists()


def test_revoking_without_an_address_writes_nothing(broker_client):
    with _unchanged():
        response = broker_client.post(REVOKE, follow=True)
    assert "Du har ingen kalenderadresse" in response.content.decode()


def test_a_closed_account_or_a_lost_role_closes_the_feed(client, programme):
    user = UserFactory(role=Role.JOB_BROKER, programmes=[programme])
    client.force_login(user)
    token = _make_feed(client)
    assert _feed(client, token).status_code == 200
    user.groups.clear()
    assert _feed(client, token).status_code == 404
    user.groups.add(*UserFactory(role=Role.CASE_WORKER).groups.all())
    assert _feed(client, token).status_code == 200
    user.is_active = False
    user.save()
    assert _feed(client, token).status_code == 404


def test_cases_in_a_programme_the_user_left_leave_the_feed(client, broker, programme):
    work = make_work(programme, broker)
    client.force_login(broker)
    token = _make_feed(client)
    assert len(_events(_feed(client, token))) == 4
    programme.members.remove(broker)
    assert _events(_feed(client, token)) == []
    assert work.ending.person.full_name not in _feed(client, token).content.decode()


def test_the_feed_runs_a_fixed_number_of_queries(
    client, broker, programme, django_assert_num_queries
):
    make_work(programme, broker)
    client.force_login(broker)
    token = _make_feed(client)
    client.logout()
    # The address's owner, their memberships, and one query per kind of item.
    with django_assert_num_queries(6):
        assert len(_events(_feed(client, token))) == 4
    for _ in range(4):
        make_work(programme, broker)
    with django_assert_num_queries(6):
        assert len(_events(_feed(client, token))) == 20


def test_the_feed_only_answers_reads(client, broker_client):
    token = _make_feed(broker_client)
    url = reverse("reminders:feed", args=[token])
    assert client.head(url).status_code == 200
    with _unchanged():
        assert client.post(url).status_code == 405


def test_a_feed_fetched_too_often_is_told_to_wait(client, broker, case_worker, settings):
    settings.CALENDAR_FEED_FETCHES_PER_HOUR = 2
    client.force_login(broker)
    token = _make_feed(client)
    client.force_login(case_worker)
    other = _make_feed(client)
    client.logout()
    assert [_feed(client, token).status_code for _ in range(3)] == [200, 200, 429]
    refused = _feed(client, token)
    assert refused["Retry-After"] == "3600"
    assert b"BEGIN:VCALENDAR" not in refused.content
    # Another user's address counts on its own; a wrong token is still a 404.
    assert _feed(client, other).status_code == 200
    assert _feed(client, "x" * 43).status_code == 404


def test_managers_read_the_addresses_made_and_revoked_on_the_account_log(
    client, broker_client, manager
):
    token = _make_feed(broker_client)
    broker_client.post(REVOKE)
    client.force_login(manager)
    page = client.get(reverse("accounts:events")).content.decode()
    assert "Kalenderadresse lavet for broker" in page
    assert "Kalenderadresse tilbagekaldt for broker" in page
    assert token not in page
