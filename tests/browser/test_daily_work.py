"""Issue 11 in a real browser: a search that finds a colleague's citizen, the citizen's earlier
programme on the case page, a full company that cannot be chosen, and the exit form that shows
its required-field errors before asking to close the case."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants import services
from participants.models import Participant
from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    PersonFactory,
    start_training,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def colleagues_case(programme, colleague):
    return ParticipantFactory(
        programme=programme,
        job_broker=colleague,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=20),
        person=PersonFactory(first_name="Bodil", last_name="Skovgaard"),
    )


def test_a_search_finds_a_colleagues_citizen_and_the_caseload_switch_keeps_it(
    page, log_in, broker, colleagues_case
):
    log_in("broker")
    page.goto("/deltagere/")
    expect(page.get_by_text("Ingen deltagere i din sagsstamme endnu.")).to_be_visible()
    page.fill("input[name=q]", "Skovgaard")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Skovgaard, Bodil")).to_be_visible()
    page.select_option("select[name=caseload]", "mine")
    page.get_by_role("button", name="Filtrér").click()
    expect(page.locator("input[name=q]")).to_have_value("Skovgaard")
    page.get_by_role("link", name="Søg blandt alle i programmet").click()
    expect(page.get_by_role("link", name="Skovgaard, Bodil")).to_be_visible()


def test_the_case_page_shows_the_earlier_programme_linked(
    page, log_in, broker, programme, other_programme, colleagues_case
):
    other_programme.members.add(broker)
    earlier = ParticipantFactory(
        person=colleagues_case.person,
        programme=other_programme,
        reference="FSM-7",
        enrolled_on=datetime.date(2021, 1, 4),
    )
    services.participant_exit(
        participant=earlier, exit_on=datetime.date(2021, 6, 1), outcome="dropout", actor=None
    )
    log_in("broker")
    page.goto(f"/deltagere/{colleagues_case.pk}/")
    section = page.locator("#other-enrolments")
    expect(section).to_contain_text("Flere skal med")
    expect(section).to_contain_text("Stoppet")
    section.get_by_role("link", name="Flere skal med · sag FSM-7").click()
    expect(page.locator("h1")).to_have_text("Bodil Skovgaard")
    expect(page.locator("#other-enrolments")).to_contain_text(colleagues_case.reference)


def test_a_full_company_is_shown_but_cannot_be_chosen(
    page, log_in, broker, programme, colleagues_case
):
    full = AgreementFactory(programme=programme, company__name="Fuld Fabrik", training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=full.company)
    log_in("broker")
    page.goto(f"/forloeb/deltager/{colleagues_case.pk}/traening/")
    option = page.locator("select[name=company] option", has_text="Fuld Fabrik")
    expect(option).to_be_disabled()
    expect(option).to_contain_text("1 af 1 i brug · 0 ledige")


def test_the_exit_form_shows_its_errors_before_asking_to_close_the_case(
    page, log_in, broker, colleagues_case
):
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in("broker")
    page.goto(f"/deltagere/{colleagues_case.pk}/")
    page.get_by_role("link", name="Ophør i programmet").click()
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert asked == [], "the question came before the errors"
    assert Participant.objects.get(pk=colleagues_case.pk).exit_on is None
    page.check("input[name=outcome][value=dropout]")
    page.fill("textarea[name=reason]", "Flyttet")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert len(asked) == 1
    assert Participant.objects.get(pk=colleagues_case.pk).exit_on is not None


def test_matching_from_a_company_to_a_participant_starts_the_training(
    page, log_in, broker, programme, colleagues_case
):
    Participant.objects.filter(pk=colleagues_case.pk).update(target_sectors=["warehouse"])
    agreement = AgreementFactory(
        programme=programme,
        company__name="Lager A/S",
        company__sector="warehouse",
        training_capacity=2,
    )
    log_in("broker")
    page.goto(f"/virksomheder/{agreement.company.pk}/")
    page.get_by_role("link", name="Deltagere der passer").click()
    row = page.locator("tr", has_text="Bodil Skovgaard")
    expect(row).to_contain_text("passer (+3)")
    row.get_by_role("link", name="Start træning her").click()
    expect(page.locator("select[name=company]")).to_have_value(str(agreement.company.pk))
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_contain_text("Lager A/S")
    assert Participant.objects.get(pk=colleagues_case.pk).status == "in_training"
