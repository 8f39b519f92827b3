"""The case page on a phone (375 px wide, as a broker visiting a company has it): nothing wider
than the screen, and each placement's actions in view without a sideways swipe."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants import services
from tests.browser.test_accessibility import axe_violations, readable
from tests.factories import (
    CompanyFactory,
    HoursChangeFactory,
    MentorFactory,
    ParticipantFactory,
    PersonFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def hired_case(programme, broker):
    """A case with a finished training and the job it led to, its hours raised since."""
    today = timezone.localdate()
    participant = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=today - datetime.timedelta(days=120),
        person=PersonFactory(first_name="Mathilde", last_name="Christensen-Østergaard"),
    )
    company = CompanyFactory(name="Ikast Maskinfabrik og Rustfri Stålsmedie ApS")
    mentor = MentorFactory(company=company, name="Hans-Henrik Bøgelund")
    start_training(participant, company=company, starts_on=participant.enrolled_on, mentor=mentor)
    employment = hire(
        participant,
        company=company,
        starts_on=today - datetime.timedelta(days=30),
        weekly_hours=Decimal(12),
    )
    HoursChangeFactory(
        placement=employment, changed_on=today - datetime.timedelta(days=5), weekly_hours=20
    )
    services.case_note_add(
        participant=participant, author=broker, kind="phone", text="Godt i gang", follow_up_on=today
    )
    return participant


def test_the_case_page_fits_a_phone_and_the_actions_are_in_view(page, log_in, hired_case):
    page.set_viewport_size(PHONE)
    log_in("broker")
    page.goto(f"/deltagere/{hired_case.pk}/")
    expect(page.locator("h1")).to_have_text("Mathilde Christensen-Østergaard")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    for name in ("Timer", "Afslut"):
        action = page.locator("#placements").get_by_role("link", name=name, exact=True)
        action.scroll_into_view_if_needed()
        expect(action).to_be_in_viewport()
        assert page.evaluate("window.scrollX") == 0, f"{name} needed a sideways scroll"
        box = action.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    # Each cell is named on a phone, where the column headers are out of sight.
    expect(page.locator("#placements td[data-label=Virksomhed]").first).to_contain_text(
        "Ikast Maskinfabrik"
    )
    # The stacked table holds to WCAG 2.1 AA as the wide one does.
    violations = axe_violations(page)
    assert not violations, readable({"the case page at 375 px": violations})
