"""Two-factor login and the session warning in a real browser, under the strict CSP."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _code(key: bytes) -> str:
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.fixture
def csp_violations(page):
    seen: list[str] = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security" in message.text else None,
    )
    return seen


def test_a_new_account_sets_up_its_authenticator_and_logs_in_with_it(
    page, log_in, broker, settings, csp_violations
):
    import base64

    settings.OTP_REQUIRED = True
    log_in("broker")

    expect(page).to_have_url(re.compile(r"/konto/tofaktor/"))
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    page.fill("input[name=code]", _code(base64.b32decode(secret)))
    page.click("main form button[type=submit]")

    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Jeg har gemt dem").click()
    expect(page.locator("nav.navbar")).to_be_visible()
    assert TOTPDevice.objects.get(user=broker).confirmed

    # The next login asks for the code.
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Log ud").click()
    log_in("broker")
    expect(page).to_have_url(re.compile(r"/login/kode/"))
    page.fill("input[name=code]", _code(TOTPDevice.objects.get(user=broker).bin_key))
    page.click("main form button[type=submit]")
    expect(page.locator("nav.navbar")).to_be_visible()
    assert csp_violations == []


def test_the_session_warning_counts_down_and_staying_keeps_the_session(
    page, log_in, broker, settings, csp_violations
):
    # 60 s idle (45 s as the browser counts, allowing for the server's 15 s resolution), and a
    # warning 40 s before: it shows after some five seconds.
    settings.SESSION_IDLE_TIMEOUT = 60
    settings.SESSION_WARNING_BEFORE = 40
    log_in("broker")

    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("Du bliver logget ud om")
    countdown = warning.locator("[data-session-countdown]").first
    first = countdown.inner_text()
    # It ticks every second; a loaded machine may run the timer late, so wait for the change.
    expect(countdown).not_to_have_text(first, timeout=10_000)

    with page.expect_response(re.compile(r"/konto/forny/")) as renewed:
        warning.get_by_role("button", name="Forbliv logget ind").click()
    assert renewed.value.ok and renewed.value.json()["idle_left"] >= 44
    expect(warning).to_be_hidden()  # 45 s left again, more than the 40 s warning
    assert csp_violations == []


def test_an_ended_session_lands_on_the_login_page_saying_why(page, log_in, broker, settings):
    settings.SESSION_IDLE_TIMEOUT = 20  # five seconds as the browser counts
    settings.SESSION_WARNING_BEFORE = 10
    log_in("broker")
    expect(page.locator("#session-warning")).to_be_visible()
    # The count runs out: the page ends the session itself and lands on the login page.
    expect(page).to_have_url(re.compile(r"/login/\?next=/"), timeout=15_000)
    expect(page.locator("main")).to_contain_text("uden aktivitet")
    page.goto("/deltagere/")
    expect(page).to_have_url(re.compile(r"/login/"))
