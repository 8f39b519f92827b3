"""A job broker's day in a real browser: the work list, a note in place, a training, a hire."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants import services
from participants.models import CaseNote, Participant
from placements.models import Placement
from tests.factories import AgreementFactory, MentorFactory, ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(programme, broker):
    today = timezone.localdate()
    participant = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=today - datetime.timedelta(days=10),
        person=PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen"),
        target_sectors=["retail"],
    )
    services.case_note_add(
        participant=participant,
        author=broker,
        kind="phone",
        text="Ring tilbage",
        follow_up_on=today,
    )
    return participant


def test_a_note_is_logged_in_place_from_the_work_list(page, log_in, case):
    log_in("broker")
    expect(page.get_by_role("heading", name="Aftalte opfølgninger denne uge")).to_be_visible()
    page.get_by_role("link", name="Anne Jensen").first.click()
    expect(page.locator("h1")).to_have_text("Anne Jensen")
    expect(page.locator("#cpr")).to_have_text("150387-xxxx")

    page.locator("#notes textarea[name=text]").fill("Aftalt opstart i Brugsen")
    page.locator("#notes select[name=follow_up]").select_option("7")
    url_before = page.url
    page.get_by_role("button", name="Gem notat").click()
    expect(page.locator("#notes-list")).to_contain_text("Aftalt opstart i Brugsen")
    assert page.url == url_before, "the note was saved in place, without a new page"
    note = CaseNote.objects.get(text="Aftalt opstart i Brugsen")
    assert note.follow_up_on == timezone.localdate() + datetime.timedelta(days=7)

    page.get_by_role("button", name="Vis CPR").click()
    expect(page.locator("#cpr")).to_have_text("150387-4321")


def test_start_training_then_hire_with_confirmation(page, log_in, case, programme):
    agreement = AgreementFactory(
        programme=programme,
        company__name="SuperBrugsen",
        company__sector="retail",
        training_capacity=1,
    )
    MentorFactory(company=agreement.company, name="Michael Madsen")
    log_in("broker")
    page.goto(f"/deltagere/{case.pk}/")
    page.get_by_role("link", name="Start træning").click()
    page.select_option("select[name=company]", str(agreement.company.pk))
    # The mentor choices follow the company (htmx).
    expect(page.locator("select[name=mentor] option", has_text="Michael Madsen")).to_have_count(1)
    page.select_option("select[name=mentor]", label="Michael Madsen")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_contain_text("SuperBrugsen")
    case.refresh_from_db()
    assert case.status == Participant.Status.IN_TRAINING

    page.get_by_role("link", name="Ansæt").click()
    page.select_option("select[name=company]", str(agreement.company.pk))
    page.fill("input[name=weekly_hours]", "8")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Gem").click()
    expect(page).to_have_url(re.compile(r"/ansaettelse/$"))
    assert not Placement.objects.filter(kind="employment").exists(), (
        "dismissing the question saves nothing"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_contain_text("ansat")
    case.refresh_from_db()
    assert case.exit_outcome == "employment"
