"""The manager's dashboard in a real browser: menu, programme switcher, date and filter in the
URL, the charts drawn as SVG, and no console errors or CSP violations."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_changes_date_and_filter_and_sees_the_charts(page, log_in, demo):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in("manager")

    page.get_by_role("link", name="Resultater", exact=True).click()
    expect(page.locator("h1")).to_have_text("Resultater for Jobsporet drift")
    page.locator("#programme-switch").select_option("jobsporet")
    expect(page.locator("h1")).to_have_text("Resultater for Jobsporet")
    expect(page).to_have_url(re.compile(r"/resultater/jobsporet/$"))

    page.fill("#id_as_of", "2023-03-31")
    page.locator("#id_sector").select_option("retail")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"as_of=2023-03-31.*sector=retail"))
    expect(page.locator("#tiles")).to_contain_text("Tilmeldt")
    expect(page.locator(".alert-info")).to_contain_text("kun de deltagere, filtrene udvælger")
    charts = page.locator("svg.chart-svg")
    expect(charts).to_have_count(9)
    expect(page.locator("#chart-enrolment svg polyline")).to_have_count(1)
    assert page.locator("#chart-companies svg rect").count() > 5
    box = page.locator("#chart-rate svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100

    page.get_by_role("link", name="Alle deltagere").click()
    expect(page.locator("#tiles")).to_contain_text("121")
    page.locator("#chart-enrolment summary").click()
    expect(page.locator('#chart-enrolment table[data-chart="enrolment"]')).to_be_visible()
    assert problems == [], problems
