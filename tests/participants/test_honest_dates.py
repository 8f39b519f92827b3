"""Issue 11, honest dates on the case page: a future hours change is planned, not the hours
now; closing a case ends its open follow-ups visibly (and reopening opens them again);
"Followed up" shows the day it was done; a goal past its target date is flagged."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.models import CaseNote
from placements import services as placement_services
from tests.factories import GoalFactory, ParticipantFactory, hire

pytestmark = pytest.mark.django_db


EARLIER = timezone.now() - datetime.timedelta(days=20)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def short(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def note_due(case, author, text: str, follow_up_on: datetime.date) -> CaseNote:
    """A note written twenty days ago with a follow-up on the given day."""
    return services.case_note_add(
        participant=case,
        author=author,
        kind="phone",
        text=text,
        follow_up_on=follow_up_on,
        occurred_at=EARLIER,
    )


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(programme=programme, job_broker=broker, enrolled_on=day(-90))


def case_page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_hours_change_dated_later_is_shown_as_planned_with_its_date(client, broker, case):
    employment = hire(case, starts_on=day(-30), weekly_hours=Decimal(8))
    placement_services.hours_change_record(
        placement=employment, changed_on=day(-10), weekly_hours=Decimal(10), actor=broker
    )
    placement_services.hours_change_record(
        placement=employment, changed_on=day(14), weekly_hours=Decimal(12), actor=broker
    )
    page = case_page(client, broker, case)
    assert "8 → 10" in page
    assert "→ 12" not in page
    assert f"planlagt: 12 fra {short(day(14))}" in page


def test_closing_a_case_ends_its_open_follow_ups_visibly(client, broker, case):
    overdue = note_due(case, broker, "Ring igen", day(-3))
    done = note_due(case, broker, "Ringet", day(-5))
    services.case_note_follow_up_done(note=done, actor=broker)
    services.participant_exit(participant=case, exit_on=day(0), outcome="dropout", actor=broker)
    overdue.refresh_from_db()
    assert overdue.follow_up_ended_by_exit and overdue.follow_up_done_at is not None
    assert not CaseNote.objects.follow_ups_due(day(30)).filter(participant=case).exists()
    page = case_page(client, broker, case)
    ended = f"Aftalt opfølgning {short(day(-3))}"
    assert f"{ended} bortfaldt: sagen blev lukket {short(day(0))}" in page
    assert "1 åben aftalt opfølgning bortfaldt med sagen" in page  # the history
    assert "text-danger" not in page.split(ended)[0].rsplit("<li", 1)[1]
    # The follow-up that was done is still shown as done.
    done.refresh_from_db()
    assert not done.follow_up_ended_by_exit
    # Reopening opens it again; one done before stays done.
    services.participant_reopen(participant=case, reason="Kom tilbage", actor=broker)
    overdue.refresh_from_db()
    assert overdue.follow_up_done_at is None and not overdue.follow_up_ended_by_exit
    due = CaseNote.objects.follow_ups_due(day(0)).filter(participant=case)
    assert list(due) == [overdue]


def test_a_hire_closes_the_case_and_ends_its_follow_ups_too(broker, case):
    note = services.case_note_add(
        participant=case, author=broker, kind="phone", text="Ring", follow_up_on=day(7)
    )
    hire(case, starts_on=day(-1))
    note.refresh_from_db()
    assert note.follow_up_ended_by_exit


def test_followed_up_shows_the_day_it_was_done_not_the_due_date(client, broker, case):
    note = note_due(case, broker, "Ring", day(-4))
    services.case_note_follow_up_done(note=note, actor=broker)
    page = case_page(client, broker, case)
    assert f"Fulgt op ({short(day(0))})" in page
    assert f"Fulgt op ({short(day(-4))})" not in page


def test_a_goal_past_its_target_date_is_flagged(client, broker, case):
    plan = case.development_plan
    GoalFactory(plan=plan, title="Kørekort", status="in_progress", target_on=day(-1))
    GoalFactory(plan=plan, title="Dansk", status="in_progress", target_on=day(0))
    GoalFactory(plan=plan, title="Truckcertifikat", status="achieved", target_on=day(-30))
    page = case_page(client, broker, case)
    assert page.count("måldatoen er overskredet") == 1
    assert page.index("Kørekort") < page.index("måldatoen er overskredet") < page.index("Dansk")


def test_a_manager_sees_the_planned_hours_but_no_notes(client, manager, broker, case):
    employment = hire(case, starts_on=day(-30), weekly_hours=Decimal(8))
    placement_services.hours_change_record(
        placement=employment, changed_on=day(14), weekly_hours=Decimal(12), actor=broker
    )
    services.case_note_add(participant=case, author=broker, kind="phone", text="Hemmelig note")
    page = case_page(client, manager, case)
    assert f"planlagt: 12 fra {short(day(14))}" in page
    assert "Hemmelig note" not in page
