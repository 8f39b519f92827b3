"""Every write to a case locks the case row and leaves an audit row."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.query import QuerySet
from django.utils import timezone

from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent
from participants import services
from participants.models import Participant
from placements import services as placement_services
from tests.factories import (
    CaseNoteFactory,
    GoalFactory,
    ParticipantFactory,
    TrainingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAN_4 = datetime.date(2021, 1, 4)


@pytest.fixture
def locks(monkeypatch) -> list[type]:
    """The models whose rows were locked (select_for_update inside a transaction)."""
    locked: list[type] = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        if connection.in_atomic_block:
            locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return locked


def audit_rows(participant: Participant, *, about=None, **filters):
    """The audit rows of a participant's person, about one record if given."""
    rows = AuditEvent.objects.filter(person_id=participant.person_id, **filters)
    if about is not None:
        rows = rows.filter(target_type=ContentType.objects.get_for_model(about), target_id=about.pk)
    return rows


def test_a_case_note_is_added_under_the_case_lock_with_an_audit_row(locks):
    broker = UserFactory()
    participant = ParticipantFactory()
    locks.clear()
    note = services.case_note_add(
        participant=participant, author=broker, kind="phone", text="Ringede om opstart"
    )
    assert Participant in locks
    row = audit_rows(participant, action="created", about=note).get()
    assert row.summary == "Journalnotat: Telefonsamtale" and "Ringede" not in row.summary


def test_ticking_off_a_follow_up_locks_the_case_and_is_audited_once(locks):
    broker = UserFactory()
    note = CaseNoteFactory(author=broker, kind="phone", follow_up_on=timezone.localdate())
    participant = note.participant
    done = services.case_note_follow_up_done(note=note, actor=broker)
    assert done.follow_up_done_at is not None
    assert Participant in locks
    row = audit_rows(participant, action="changed", actor=broker).get()
    assert row.summary == "Aftalt opfølgning klaret: Telefonsamtale"
    assert row.changes["follow_up_done_at"][1] == done.follow_up_done_at.isoformat()
    again = services.case_note_follow_up_done(note=note, actor=broker)
    assert again.follow_up_done_at == done.follow_up_done_at
    assert audit_rows(participant, action="changed").count() == 1


def test_an_exit_ends_the_open_training_with_an_audit_row(programme):
    training = TrainingFactory(participant__programme=programme, company__name="Lageret")
    participant = training.participant
    exit_on = JAN_4 + datetime.timedelta(days=20)
    services.participant_exit(
        participant=participant, exit_on=exit_on, outcome="dropout", actor=None
    )
    training.refresh_from_db()
    assert training.ended_on == exit_on
    row = audit_rows(participant, action="status", about=training).get()
    assert "Lageret" in row.summary and "24.01.2021" in row.summary
    assert row.changes == {"ended_on": ["", "2021-01-24"]}


def test_an_exit_before_the_training_starts_is_refused_and_writes_nothing(programme):
    training = TrainingFactory(
        participant__programme=programme, starts_on=JAN_4 + datetime.timedelta(days=10)
    )
    participant = training.participant
    before = audit_rows(participant).count()
    with pytest.raises(DomainError) as error:
        services.participant_exit(
            participant=participant, exit_on=JAN_4, outcome="dropout", actor=None
        )
    assert error.value.field == "exit_on"
    training.refresh_from_db()
    participant.refresh_from_db()
    assert training.ended_on is None and participant.is_active
    assert audit_rows(participant).count() == before


def test_a_goal_is_saved_under_the_case_lock_with_an_audit_row(locks):
    goal = GoalFactory(title="Møde til tiden")
    participant = goal.plan.participant
    locks.clear()
    services.goal_save(plan=goal.plan, goal=goal, actor=None, status="achieved")
    assert Participant in locks
    goal.refresh_from_db()
    assert goal.status == "achieved"
    row = audit_rows(participant, action="changed").get()
    assert row.changes == {"status": ["planned", "achieved"]}


def test_a_goal_change_is_compared_with_what_is_stored_now():
    goal = GoalFactory(title="Møde til tiden")
    stale = type(goal).objects.get(pk=goal.pk)
    services.goal_save(plan=goal.plan, goal=goal, actor=None, status="in_progress")
    services.goal_save(plan=stale.plan, goal=stale, actor=None, status="achieved")
    row = audit_rows(goal.plan.participant, action="changed").order_by("pk").last()
    assert row.changes == {"status": ["in_progress", "achieved"]}


def test_a_review_is_saved_under_the_case_lock_with_an_audit_row(locks):
    participant = ParticipantFactory()
    reviewer = UserFactory()
    services.review_add(
        plan=participant.development_plan,
        reviewer=reviewer,
        reviewed_on=JAN_4 + datetime.timedelta(days=30),
        progress="Fint",
        next_review_on=None,
    )
    assert Participant in locks
    assert audit_rows(participant, action="created", actor=reviewer).count() == 1


def test_a_training_change_is_saved_under_the_case_lock_with_an_audit_row(locks):
    training = TrainingFactory()
    locks.clear()
    placement_services.training_update(
        placement=training,
        planned_end_on=JAN_4 + datetime.timedelta(days=90),
        mentor=None,
        weekly_hours=Decimal(20),
        actor=None,
    )
    assert Participant in locks
    row = audit_rows(training.participant, action="changed", about=training).get()
    assert row.changes["weekly_hours"] == ["", "20"]


def test_a_training_change_does_not_undo_an_end_made_meanwhile():
    training = TrainingFactory()
    placement_services.placement_end(
        placement=training, ended_on=JAN_4 + datetime.timedelta(days=30), actor=None
    )
    placement_services.training_update(
        placement=training,  # still shows the training as open
        planned_end_on=None,
        mentor=None,
        weekly_hours=Decimal(20),
        actor=None,
    )
    training.refresh_from_db()
    assert training.ended_on == JAN_4 + datetime.timedelta(days=30)
    assert training.weekly_hours == Decimal(20)
