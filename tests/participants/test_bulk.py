"""The bulk case services: the single services' rules for every row, all or nothing, and the
same history and audit rows."""

import datetime

import pytest
from django.utils import timezone

from jobsporet.core.errors import BulkRefused
from jobsporet.core.models import AuditEvent
from participants import bulk
from participants.models import CaseNote, Goal, ParallelEffort, Participant, Review
from participants.services import Enrolment, participants_enrol_many
from tests.factories import ParticipantFactory, audit_events, make_cpr, start_training

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 3, 1)


@pytest.fixture
def cases(programme, broker):
    return [
        ParticipantFactory(programme=programme, enrolled_on=DAY, reference=f"B-{n}")
        for n in range(3)
    ]


def test_enrolment_rows_carry_the_case_details_and_audit_the_new_person(programme, broker):
    [case] = participants_enrol_many(
        enrolments=[
            Enrolment(
                cpr=make_cpr(),
                first_name="Anne",
                last_name="Jensen",
                programme=programme,
                reference="JS-1",
                enrolled_on=DAY,
                job_broker=broker,
                barriers=("social", "language"),
                target_sectors=("retail",),
                contact=(("city", "Ikast"),),
            )
        ],
        actor=broker,
    )
    case.refresh_from_db()
    assert case.job_broker == broker
    assert [b.value for b in case.barriers] == ["social", "language"]
    assert case.target_sectors == ["retail"]
    assert case.person.city == "Ikast"
    assert audit_events(case.person).get().summary == "Person oprettet"
    assert audit_events(case.person).get().actor == broker


def test_enrolment_refuses_a_broker_outside_the_programme_and_an_unknown_barrier(
    programme, outsider
):
    rows = [
        Enrolment(
            cpr=make_cpr(),
            first_name="A",
            last_name="B",
            programme=programme,
            reference=f"JS-{n}",
            enrolled_on=DAY,
            **extra,
        )
        for n, extra in enumerate([{"job_broker": outsider}, {"barriers": ("tired",)}])
    ]
    with pytest.raises(BulkRefused) as refused:
        participants_enrol_many(enrolments=rows, actor=None)
    assert set(refused.value.errors) == {0, 1}
    assert "er ikke med i Jobsporet" in refused.value.errors[0].message
    assert refused.value.errors[1].field == "barriers"
    assert not Participant.objects.exists()


def test_notes_goals_reviews_and_efforts_are_written_with_history_and_audit(cases, broker):
    notes = bulk.case_notes_add_many(
        notes=[CaseNote(participant=c, kind="phone", text=" Ringet op ") for c in cases],
        author=broker,
    )
    assert [n.text for n in notes] == ["Ringet op"] * 3
    assert audit_events(notes[0]).get().summary == "Journalnotat: Telefonsamtale"
    assert CaseNote.history.filter(history_type="+").count() == 3
    goals = bulk.goals_add_many(
        goals=[Goal(plan=c.development_plan, area="professional", title="Job") for c in cases],
        actor=broker,
    )
    assert audit_events(goals[1]).get().actor == broker
    assert bulk.goals_set_status_many(goals=goals, status="achieved", actor=broker) == 3
    assert set(Goal.objects.values_list("status", flat=True)) == {"achieved"}
    changed = audit_events(goals[2], action=AuditEvent.Action.CHANGED).get()
    assert changed.changes == {"status": ["planned", "achieved"]}
    # A second time changes nothing and writes nothing.
    assert bulk.goals_set_status_many(goals=goals, status="achieved", actor=broker) == 0
    plan = cases[0].development_plan
    bulk.reviews_add_many(
        reviews=_two_reviews(plan),
        reviewer=broker,
    )
    plan.refresh_from_db()
    assert plan.next_review_on == DAY + datetime.timedelta(days=40), "the latest review decides"
    bulk.parallel_efforts_add_many(
        efforts=[ParallelEffort(participant=cases[1], kind="health", starts_on=DAY)],
        actor=broker,
    )
    assert audit_events(ParallelEffort.objects.get()).count() == 1


def test_one_broken_row_refuses_the_whole_batch(cases, broker):
    future = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(BulkRefused) as refused:
        bulk.case_notes_add_many(
            notes=[
                CaseNote(participant=cases[0], kind="phone", text="ok"),
                CaseNote(participant=cases[1], kind="phone", text="  "),
                CaseNote(participant=cases[2], kind="phone", text="x", occurred_at=future),
            ],
            author=broker,
        )
    assert {i: e.field for i, e in refused.value.errors.items()} == {1: "text", 2: "occurred_at"}
    with pytest.raises(BulkRefused):
        bulk.goals_add_many(
            goals=[
                Goal(plan=cases[0].development_plan, area="professional", title="Job"),
                Goal(
                    plan=cases[1].development_plan,
                    area="professional",
                    title="Job",
                    target_on=DAY - datetime.timedelta(days=1),
                ),
            ],
            actor=broker,
        )
    with pytest.raises(BulkRefused):
        bulk.reviews_add_many(
            reviews=[
                Review(
                    plan=cases[0].development_plan,
                    reviewed_on=DAY,
                    progress="a",
                    next_review_on=DAY,
                )
            ],
            reviewer=broker,
        )
    assert not CaseNote.objects.exists() and not Goal.objects.exists()
    assert not Review.objects.exists()


def test_exits_end_open_trainings_and_refuse_a_second_exit(cases, broker):
    training = start_training(cases[0], starts_on=DAY)
    left = DAY + datetime.timedelta(days=30)
    bulk.participants_exit_many(
        exits=[bulk.Exit(participant=cases[0], exit_on=left, outcome="dropout", reason="Syg")],
        actor=broker,
    )
    cases[0].refresh_from_db()
    training.refresh_from_db()
    assert (cases[0].status, cases[0].exit_on, cases[0].exit_reason) == ("exited", left, "Syg")
    assert training.ended_on == left
    assert audit_events(training, action=AuditEvent.Action.STATUS).count() == 1
    assert audit_events(cases[0], action=AuditEvent.Action.STATUS).get().changes == {
        "status": ["", "exited"],
        "exit_outcome": ["", "dropout"],
    }
    with pytest.raises(BulkRefused) as refused:
        bulk.participants_exit_many(
            exits=[
                bulk.Exit(participant=cases[1], exit_on=left, outcome="education"),
                bulk.Exit(participant=cases[0], exit_on=left, outcome="dropout"),
                bulk.Exit(participant=cases[2], exit_on=left, outcome="employment"),
                bulk.Exit(participant=cases[1], exit_on=left, outcome="dropout"),
            ],
            actor=broker,
        )
    assert set(refused.value.errors) == {1, 2, 3}
    assert "er allerede ophørt" in refused.value.errors[1].message
    assert Participant.objects.filter(exit_on__isnull=False).count() == 1


def test_an_exit_before_an_open_training_starts_is_refused(cases, broker):
    start_training(cases[0], starts_on=DAY + datetime.timedelta(days=10))
    with pytest.raises(BulkRefused) as refused:
        bulk.participants_exit_many(
            exits=[bulk.Exit(participant=cases[0], exit_on=DAY, outcome="dropout")],
            actor=broker,
        )
    assert refused.value.errors[0].field == "exit_on"
    cases[0].refresh_from_db()
    assert cases[0].exit_on is None


# --- Each row's own actor (the demo seeder writes a chunk of many brokers' cases in one call) ---


def _history_users(model, **filters) -> list:
    return list(
        model.history.filter(**filters)
        .order_by("history_id")
        .values_list("history_user__username", flat=True)
    )


def test_enrolment_rows_are_written_under_each_rows_actor(programme, broker, colleague):
    first, second = participants_enrol_many(
        enrolments=[
            Enrolment(
                cpr=make_cpr(),
                first_name="Anne",
                last_name="Jensen",
                programme=programme,
                reference=f"JS-{n}",
                enrolled_on=DAY,
                exit_on=DAY + datetime.timedelta(days=30) if n else None,
                exit_outcome="dropout" if n else "",
            )
            for n in range(2)
        ],
        actors=[broker, colleague],
    )
    for case, user in ((first, broker), (second, colleague)):
        assert case.history.get().history_user == user
        assert case.person.history.get().history_user == user
        assert case.development_plan.history.get().history_user == user
        assert audit_events(case.person).get().actor == user
        assert {event.actor for event in audit_events(case)} == {user}
    assert audit_events(second, action=AuditEvent.Action.STATUS).get().actor == colleague
    # The six-month follow-up of the case enrolled with its exit is the colleague's too.
    assert second.follow_ups.get().history.get().history_user == colleague


def test_notes_goals_reviews_and_efforts_are_written_under_each_rows_actor(
    cases, broker, colleague
):
    notes = bulk.case_notes_add_many(
        notes=[CaseNote(participant=c, kind="phone", text="Ringet op") for c in cases],
        authors=[broker, colleague, broker],
    )
    assert [n.author for n in notes] == [broker, colleague, broker]
    assert _history_users(CaseNote) == ["broker", "colleague", "broker"]
    assert [audit_events(n).get().actor for n in notes] == [broker, colleague, broker]
    goals = bulk.goals_add_many(
        goals=[Goal(plan=c.development_plan, area="professional", title="Job") for c in cases],
        actors=[colleague, broker, None],
    )
    assert _history_users(Goal) == ["colleague", "broker", None]
    assert [audit_events(g).get().actor for g in goals] == [colleague, broker, None]
    assert (
        bulk.goals_set_status_many(
            goals=goals, status="achieved", actors=[broker, broker, colleague]
        )
        == 3
    )
    assert _history_users(Goal, history_type="~") == ["broker", "broker", "colleague"]
    changed = [audit_events(g, action=AuditEvent.Action.CHANGED).get().actor for g in goals]
    assert changed == [broker, broker, colleague]
    plan = cases[0].development_plan
    reviews = bulk.reviews_add_many(
        reviews=_two_reviews(plan),
        reviewers=[colleague, broker],
    )
    assert [r.reviewer for r in reviews] == [colleague, broker]
    assert [audit_events(r).get().actor for r in reviews] == [colleague, broker]
    # The plan's next review follows the latest review, and its history names that reviewer.
    assert plan.history.filter(history_type="~").get().history_user == colleague
    [effort] = bulk.parallel_efforts_add_many(
        efforts=[ParallelEffort(participant=cases[1], kind="health", starts_on=DAY)],
        actors=[colleague],
    )
    assert effort.history.get().history_user == colleague
    assert audit_events(effort).get().actor == colleague


def test_exits_are_written_under_each_rows_actor_with_their_trainings(cases, broker, colleague):
    training = start_training(cases[1], starts_on=DAY)
    left = DAY + datetime.timedelta(days=30)
    bulk.participants_exit_many(
        exits=[
            bulk.Exit(participant=cases[0], exit_on=left, outcome="dropout"),
            bulk.Exit(participant=cases[1], exit_on=left, outcome="education"),
        ],
        actors=[broker, colleague],
    )
    for case, user in ((cases[0], broker), (cases[1], colleague)):
        assert case.history.filter(status="exited").get().history_user == user
        assert audit_events(case, action=AuditEvent.Action.STATUS).get().actor == user
        assert case.follow_ups.get().history.get().history_user == user
    training.refresh_from_db()
    assert training.ended_on == left
    assert training.history.filter(history_type="~").get().history_user == colleague
    assert audit_events(training, action=AuditEvent.Action.STATUS).get().actor == colleague


def test_rows_with_their_own_actors_are_refused_as_with_one(cases, broker, colleague):
    future = timezone.now() + datetime.timedelta(days=1)
    notes = [
        CaseNote(participant=cases[0], kind="phone", text="ok"),
        CaseNote(participant=cases[1], kind="phone", text="  "),
        CaseNote(participant=cases[2], kind="phone", text="x", occurred_at=future),
    ]
    with pytest.raises(BulkRefused) as refused:
        bulk.case_notes_add_many(notes=notes, authors=[broker, colleague, broker])
    assert {i: e.field for i, e in refused.value.errors.items()} == {1: "text", 2: "occurred_at"}
    bulk.participants_exit_many(
        exits=[bulk.Exit(participant=cases[0], exit_on=DAY, outcome="dropout")], actor=broker
    )
    with pytest.raises(BulkRefused) as refused:
        bulk.participants_exit_many(
            exits=[
                bulk.Exit(participant=cases[1], exit_on=DAY, outcome="education"),
                bulk.Exit(participant=cases[0], exit_on=DAY, outcome="dropout"),
                bulk.Exit(participant=cases[2], exit_on=DAY, outcome="employment"),
            ],
            actors=[colleague, broker, colleague],
        )
    assert set(refused.value.errors) == {1, 2}
    assert "er allerede ophørt" in refused.value.errors[1].message
    # One actor per row, or the call is refused before anything is written.
    with pytest.raises(ValueError, match="one per row"):
        bulk.goals_add_many(
            goals=[Goal(plan=c.development_plan, area="professional", title="Job") for c in cases],
            actors=[broker],
        )
    assert not CaseNote.objects.exists() and not Goal.objects.exists()
    assert Participant.objects.filter(exit_on__isnull=False).count() == 1


def _two_reviews(plan) -> list[Review]:
    """Two reviews of the plan, the later one first: the plan's next review follows the later."""
    return [
        Review(
            plan=plan,
            reviewed_on=DAY + datetime.timedelta(days=9),
            progress="b",
            next_review_on=DAY + datetime.timedelta(days=40),
        ),
        Review(
            plan=plan,
            reviewed_on=DAY + datetime.timedelta(days=2),
            progress="a",
            next_review_on=DAY + datetime.timedelta(days=20),
        ),
    ]
