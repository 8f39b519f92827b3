"""A real headless Chromium (Debian's package) driven by Playwright's Python client.

`playwright install` cannot download browsers here, so the executable path is given. Without
Chromium the browser tests skip on a developer machine, but fail in CI, where
JOBSPORET_REQUIRE_BROWSER=1 (set by .ci/run) says a browser must be there.
"""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from jobsporet.accounts.roles import Role
from tests.factories import role_group

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("JOBSPORET_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI requires it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="da-DK", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def log_in_as(username: str, password: str = "demo") -> None:
        page.goto("/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("domcontentloaded")

    return log_in_as


@pytest.fixture
def demo(settings):
    """The demo data set, with its users (password "demo"): every role has real work to show."""
    role_group(Role.MANAGER)  # the roles again, if a transactional test has flushed them
    settings.DEBUG = True  # seed_demo makes users with the password "demo"
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
