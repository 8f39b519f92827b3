"""Local accounts: password (12 characters at least), then a TOTP code or a recovery code;
lockout after five failed attempts per username and address; sessions that end."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobsporet.accounts import sessions
from jobsporet.accounts.roles import Role
from tests.factories import UserFactory, audit_events

pytestmark = pytest.mark.django_db


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _log_in(client, username: str = "broker", password: str = "demo", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED = True


# --- Two factors ------------------------------------------------------------------------------


def test_with_two_factor_required_a_new_account_sets_it_up_before_anything_else(
    client, broker, required
):
    response = _log_in(client)
    assert response.status_code == 302
    for url in ("/", reverse("participants:list"), reverse("admin:index")):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked.url.startswith(reverse("two-factor-enrol")), url

    page = client.get(reverse("two-factor-enrol"))

    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body, "the QR code is an inline SVG"
    assert not re.search(r"<script(?![^>]*\bsrc=)", body), "no inline script"
    secret = re.search(r"data-totp-secret>([A-Z2-7=]+)<", body).group(1)
    device = TOTPDevice.objects.get(user=broker, confirmed=False)
    assert secret.rstrip("=") in device.config_url

    wrong = client.post(reverse("two-factor-enrol"), {"code": "000000"})
    assert wrong.status_code == 400 and "Koden er ikke rigtig" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=broker, confirmed=True).exists()
    time.sleep(1.1)  # django-otp slows guessing down: a second try waits a second after a miss

    codes_page = client.post(reverse("two-factor-enrol"), {"code": totp_code(device)})

    assert codes_page.status_code == 200
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and all(code in codes_page.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=broker).confirmed
    assert StaticDevice.objects.get(user=broker).token_set.count() == 10
    assert client.get("/").status_code == 200
    assert [e.summary for e in audit_events(broker)][-1] == "Tofaktorlogin slået til for broker"


@pytest.fixture
def enrolled(broker):
    device = TOTPDevice.objects.create(user=broker, name="Telefon", confirmed=True)
    static = StaticDevice.objects.create(user=broker, name="Gendannelseskoder", confirmed=True)
    static.token_set.create(token="gendan12")
    return device


def test_an_account_with_an_authenticator_is_asked_for_the_code(client, broker, enrolled):
    """Even where two-factor is optional (the demo), an account that set it up uses it."""
    _log_in(client)
    blocked = client.get(reverse("participants:list"))
    assert blocked.url == f"{reverse('two-factor-verify')}?next=%2Fdeltagere%2F"

    wrong = client.post(blocked.url, {"code": "123456", "next": "/deltagere/"})
    assert wrong.status_code == 400
    assert client.get("/").status_code == 302, "still not in"
    time.sleep(1.1)  # the wait django-otp imposes after a wrong code

    right = client.post(blocked.url, {"code": totp_code(enrolled), "next": "/deltagere/"})
    assert right.status_code == 302 and right.url == "/deltagere/"
    assert client.get("/deltagere/").status_code == 200


def test_a_recovery_code_logs_in_once(client, broker, enrolled):
    _log_in(client)
    used = client.post(reverse("two-factor-verify"), {"code": "gendan12"})
    assert used.status_code == 302
    assert client.get("/").status_code == 200
    assert "Gendannelseskode brugt af broker" in [e.summary for e in audit_events(broker)]

    client.logout()
    _log_in(client)
    again = client.post(reverse("two-factor-verify"), {"code": "gendan12"})
    assert again.status_code == 400 and "eller er brugt" in again.content.decode()


def test_the_admins_login_needs_the_second_factor_too(client, administrator, required):
    TOTPDevice.objects.create(user=administrator, name="Telefon", confirmed=True)
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": "demo", "next": "/admin/"}
    )
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin.url.startswith(reverse("two-factor-verify"))


def test_where_two_factor_is_optional_the_demo_logins_work_with_the_password(client, broker):
    assert _log_in(client).status_code == 302
    assert client.get("/").status_code == 200


def test_an_administrator_resets_a_lost_phone_but_not_their_own(
    client, administrator, broker, enrolled
):
    from django_otp import DEVICE_ID_SESSION_KEY

    own = TOTPDevice.objects.create(user=administrator, name="Telefon", confirmed=True)
    client.force_login(administrator)
    session = client.session  # verified with that device, as after typing its code
    session[DEVICE_ID_SESSION_KEY] = own.persistent_id
    session.save()
    changelist = reverse("admin:accounts_user_changelist")
    response = client.post(
        changelist,
        {"action": "reset_two_factor", "_selected_action": [broker.pk, administrator.pk]},
        follow=True,
    )
    body = response.content.decode()
    # (the admin capitalises its messages)
    assert "Broker sætter tofaktorlogin op igen." in body
    assert "Admin: du kan ikke nulstille denne kontos tofaktorlogin." in body
    assert TOTPDevice.objects.filter(pk=own.pk).exists(), "one's own is not reset"
    assert not TOTPDevice.objects.filter(user=broker).exists()
    assert not StaticDevice.objects.filter(user=broker).exists()
    event = audit_events(broker).last()
    assert (event.actor, event.summary) == (administrator, "Tofaktorlogin nulstillet for broker")


# --- Passwords and lockout --------------------------------------------------------------------


def test_passwords_are_twelve_characters_at_least(client, administrator, broker):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[broker.pk])
    short = client.post(url, {"password1": "Kort-kode-1", "password2": "Kort-kode-1"})
    assert short.status_code == 200
    assert "mindst 12 tegn" in short.content.decode()
    broker.refresh_from_db()
    assert broker.check_password("demo")


@pytest.mark.parametrize("login_url", ["/login/", "/admin/login/"])
def test_five_failed_attempts_lock_the_username_from_that_address_for_15_minutes(
    client, administrator, login_url
):
    from axes.models import AccessAttempt

    def attempt(password, *, username="admin", address="10.0.0.7"):
        return client.post(
            login_url,
            {"username": username, "password": password, "next": "/"},
            REMOTE_ADDR=address,
        )

    for _ in range(4):
        assert attempt("forkert").status_code == 200
    locked = attempt("forkert")
    assert locked.status_code == 429
    assert "spærret i 15 minutter" in locked.content.decode()
    right_password = attempt("demo")
    assert right_password.status_code == 429, "locked even with the right password"
    assert "_auth_user_id" not in client.session

    # Another address, or another username from this address, are not locked.
    assert attempt("demo", address="10.0.0.8").status_code == 302
    client.logout()
    UserFactory(username="kollega", role=Role.ADMINISTRATOR, is_staff=True)
    assert attempt("demo", username="kollega").status_code == 302
    client.logout()

    # Fifteen minutes later the lock is gone.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - sessions_minutes(16)
    )
    assert attempt("demo").status_code == 302


def sessions_minutes(minutes: int):
    import datetime

    return datetime.timedelta(minutes=minutes)


# --- Sessions ---------------------------------------------------------------------------------


def _age_session(client, *, idle: int = 0, since_login: int = 0) -> None:
    session = client.session
    now = time.time()
    session[sessions.SEEN_AT] = int(now - idle)
    session[sessions.LOGGED_IN_AT] = int(now - since_login)
    session.save()


def test_a_session_ends_after_30_minutes_idle_and_says_why(client, broker):
    _log_in(client)
    _age_session(client, idle=29 * 60)
    assert client.get("/").status_code == 200, "29 minutes is still fine, and renews it"
    _age_session(client, idle=31 * 60)

    response = client.get("/deltagere/", follow=True)

    assert response.redirect_chain[0][0] == "/login/?next=/deltagere/"
    assert "Du er blevet logget ud efter 30 minutter uden aktivitet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_10_hours_however_busy(client, broker):
    _log_in(client)
    _age_session(client, idle=10, since_login=10 * 60 * 60 + 1)
    response = client.get("/", follow=True)
    assert "en session varer højst 10 timer" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_on_an_ended_session_sends_the_browser_to_the_login(client, broker):
    _log_in(client)
    _age_session(client, idle=31 * 60)
    response = client.get("/deltagere/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/login/"


def test_pages_carry_the_time_left_for_the_warning_and_staying_renews_it(client, broker):
    _log_in(client)
    _age_session(client, idle=25 * 60, since_login=60 * 60)
    page = client.get("/").content.decode()
    assert '<script src="/static/js/session.js"></script>' in page
    idle_left = int(re.search(r'data-session-idle-left="(\d+)"', page).group(1))
    assert 0 < idle_left <= 30 * 60 - 15
    assert 'data-session-warning="120"' in page

    renewed = client.post(reverse("session-renew")).json()

    assert 30 * 60 - 16 <= renewed["idle_left"] <= 30 * 60 - 15
    assert 9 * 3600 - 5 <= renewed["max_left"] <= 9 * 3600


def test_the_login_page_has_no_session_warning(client):
    page = client.get(reverse("login")).content.decode()
    assert "session.js" not in page and "data-session-idle-left" not in page


@pytest.mark.parametrize(
    ("reason", "message"),
    [("idle", "efter 30 minutter uden aktivitet"), ("max", "en session varer højst 10 timer")],
)
def test_when_the_pages_count_runs_out_it_ends_the_session(client, broker, reason, message):
    _log_in(client)
    response = client.post(
        reverse("session-expired"), {"reason": reason, "next": "/deltagere/"}, follow=True
    )
    assert response.redirect_chain[0][0] == "/login/?next=/deltagere/"
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_expiry_page_sends_nobody_to_another_site(client, broker):
    _log_in(client)
    response = client.post(reverse("session-expired"), {"next": "https://evil.example/"})
    assert response.url == "/login/?next=/"
