"""Issue 11, matching both ways, in a real browser: from a network company's page to the
candidates for a hire, and from a candidate to the hire form with the company chosen, to the
hire. (From a training company to starting a training: test_daily_work.py.) And the company
consultant's "Ledige pladser": counts, a link to the company, no names."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Participant
from placements.models import Placement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    start_training,
)

pytestmark = pytest.mark.django_db(transaction=True)


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def network(programme, consultant):
    return AgreementFactory(
        programme=programme,
        company__name="Lagerhuset A/S",
        company__sector="warehouse",
        company__consultant=consultant,
        is_training=False,
        is_network=True,
        training_capacity=None,
    )


@pytest.fixture
def trainee(programme, broker):
    participant = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=ago(120),
        person=PersonFactory(first_name="Bodil", last_name="Skovgaard"),
    )
    start_training(
        participant,
        company=CompanyFactory(name="Lager Syd ApS", sector="warehouse"),
        starts_on=ago(100),
        planned_end_on=ago(-20),
    )
    return participant


def test_matching_from_a_network_company_to_a_trainee_records_the_hire(
    page, log_in, broker, network, trainee
):
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in("broker")
    page.goto(f"/virksomheder/{network.company.pk}/")
    page.get_by_role("link", name="Kandidater til ansættelse").click()
    expect(page.get_by_text("Sådan regnes pointene ud")).to_be_visible()
    row = page.locator("tr", has_text="Bodil Skovgaard")
    expect(row).to_contain_text("i træning hos Lager Syd ApS")
    expect(row).to_contain_text("ja (+4)")
    row.get_by_role("link", name="Ansæt her").click()
    expect(page.locator("select[name=company]")).to_have_value(str(network.company.pk))
    page.fill("input[name=weekly_hours]", "15")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_contain_text("Lagerhuset A/S")
    assert len(asked) == 1
    employment = Placement.objects.employment().get(participant=trainee)
    assert employment.company == network.company
    assert Participant.objects.get(pk=trainee.pk).exit_outcome == "employment"


def test_the_consultant_sees_how_many_fit_and_reaches_the_company_but_no_names(
    page, log_in, consultant, network, trainee
):
    log_in("consultant")
    panel = page.locator("section", has=page.get_by_role("heading", name="Ledige pladser"))
    expect(panel).to_contain_text("Vil ansætte · 1 deltager passer")
    expect(panel).not_to_contain_text("Skovgaard")
    panel.get_by_role("link", name="Lagerhuset A/S").click()
    expect(page.get_by_text("1 deltager træner i Lager eller sigter mod det")).to_be_visible()
    expect(page.get_by_role("link", name="Kandidater til ansættelse")).to_have_count(0)
    expect(page.get_by_text("Skovgaard")).to_have_count(0)
