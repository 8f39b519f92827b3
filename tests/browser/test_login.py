"""Logging in through a real browser, and the pages it lands on."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_broker_logs_in_and_lands_on_today(page, log_in, broker):
    log_in("broker")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("nav.navbar")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(
        "broker" if not broker.first_name else broker.first_name
    )


def test_a_wrong_password_stays_on_the_login_page_with_the_username_kept(page, log_in, broker):
    log_in("broker", "wrong")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("broker")


def test_pages_load_their_assets_from_this_server(page, log_in, broker, live_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log_in("broker")
    page.reload()
    assert requests, "the browser made no requests"
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"


def test_the_page_runs_under_a_strict_content_security_policy(page, log_in, broker):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    log_in("broker")
    page.reload()
    assert violations == []
