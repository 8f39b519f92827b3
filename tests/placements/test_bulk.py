"""The bulk placement services: training_start's, participant_hire's and hours_change_record's
rules for every row, all or nothing, the same status changes, history and audit rows."""

import datetime
from decimal import Decimal

import pytest

from jobsporet.core.errors import BulkRefused
from jobsporet.core.models import AuditEvent
from participants.models import Participant
from placements import bulk
from placements.models import HoursChange, Placement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MentorFactory,
    ParticipantFactory,
    audit_events,
    start_training,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 3, 1)


@pytest.fixture
def cases(programme):
    return [
        ParticipantFactory(programme=programme, enrolled_on=DAY, reference=f"B-{n}")
        for n in range(3)
    ]


@pytest.fixture
def trainer(programme):
    return AgreementFactory(programme=programme, training_capacity=1).company


def _training(case, company, start=DAY, **values):
    return Placement(participant=case, company=company, starts_on=start, **values)


def test_trainings_start_put_the_cases_in_training(cases, trainer, broker):
    finished = _training(cases[0], trainer, ended_on=DAY + datetime.timedelta(days=30))
    current = _training(cases[0], trainer, DAY + datetime.timedelta(days=40))
    bulk.trainings_start_many(placements=[finished, current], actor=broker, check_capacity=False)
    statuses = dict(Participant.objects.values_list("reference", "status"))
    assert statuses == {"B-0": "in_training", "B-1": "enrolled", "B-2": "enrolled"}
    assert current.created_by == broker and current.kind == "training"
    assert audit_events(current).get().summary.startswith("Træning hos")
    assert Participant.history.filter(history_type="~", status="in_training").count() == 1


def test_trainings_are_refused_row_by_row_and_nothing_is_written(cases, trainer, broker):
    other = CompanyFactory()
    stranger = MentorFactory()
    existing = start_training(cases[2], company=trainer, starts_on=DAY)
    rows = [
        _training(cases[0], trainer, DAY - datetime.timedelta(days=1)),  # before enrolment
        _training(cases[1], other),  # no training agreement
        _training(cases[1], trainer, mentor=stranger),  # a mentor elsewhere
        _training(cases[2], trainer, DAY + datetime.timedelta(days=5)),  # overlaps
        _training(cases[0], trainer, DAY, planned_end_on=DAY + datetime.timedelta(days=600)),
    ]
    with pytest.raises(BulkRefused) as refused:
        bulk.trainings_start_many(placements=rows, actor=broker)
    fields = {index: error.field for index, error in refused.value.errors.items()}
    assert fields == {
        0: "starts_on",
        1: "company",
        2: "mentor",
        3: "starts_on",
        4: "planned_end_on",
    }
    assert list(Placement.objects.all()) == [existing]


def test_capacity_counts_the_places_taken_in_the_batch(cases, trainer, broker):
    rows = [_training(cases[0], trainer), _training(cases[1], trainer)]
    with pytest.raises(BulkRefused) as refused:
        bulk.trainings_start_many(placements=rows, actor=broker)
    assert list(refused.value.errors) == [1]
    assert "ingen ledig træningsplads" in refused.value.errors[1].message
    bulk.trainings_start_many(placements=rows, actor=broker, check_capacity=False)
    assert Placement.objects.count() == 2


def test_hires_end_the_training_and_the_case_leaves_employed(cases, trainer, broker):
    training = start_training(cases[0], company=trainer, starts_on=DAY)
    hirer = CompanyFactory(name="Netto")
    hired_on = DAY + datetime.timedelta(days=50)
    [job] = bulk.participants_hire_many(
        employments=[
            Placement(
                participant=cases[0],
                company=hirer,
                starts_on=hired_on,
                employment_type="part_time",
                weekly_hours=Decimal(12),
            )
        ],
        actor=broker,
    )
    training.refresh_from_db()
    case = Participant.objects.get(pk=cases[0].pk)
    assert training.ended_on == hired_on
    assert (case.status, case.exit_outcome, case.exit_on) == ("exited", "employment", hired_on)
    assert case.exit_reason == "Ansat hos Netto"
    assert job.kind == "employment" and audit_events(job).count() == 1
    bulk.hours_changes_record_many(
        changes=[
            HoursChange(
                placement=job,
                changed_on=hired_on + datetime.timedelta(days=60),
                weekly_hours=Decimal(15),
                note="Flere timer",
            )
        ],
        actor=broker,
    )
    assert audit_events(job, action=AuditEvent.Action.CHANGED).count() == 1
    with pytest.raises(BulkRefused) as refused:
        bulk.hours_changes_record_many(
            changes=[
                HoursChange(
                    placement=job,
                    changed_on=hired_on + datetime.timedelta(days=60),
                    weekly_hours=Decimal(20),
                ),
                HoursChange(
                    placement=job,
                    changed_on=hired_on - datetime.timedelta(days=1),
                    weekly_hours=Decimal(20),
                ),
                HoursChange(placement=training, changed_on=hired_on, weekly_hours=Decimal(20)),
                HoursChange(placement=job, changed_on=hired_on, weekly_hours=Decimal(99)),
            ],
            actor=broker,
        )
    assert set(refused.value.errors) == {0, 1, 2, 3}
    assert HoursChange.objects.get().weekly_hours == Decimal(15)


def test_a_hire_is_refused_for_a_case_that_left_and_writes_nothing(cases, broker):
    hirer = CompanyFactory()
    rows = [
        Placement(
            participant=cases[0],
            company=hirer,
            starts_on=DAY,
            employment_type="x",
            weekly_hours=Decimal(10),
        ),
        Placement(
            participant=cases[1],
            company=hirer,
            starts_on=DAY,
            employment_type="part_time",
            weekly_hours=None,
        ),
        Placement(
            participant=cases[2],
            company=hirer,
            starts_on=DAY,
            employment_type="part_time",
            weekly_hours=Decimal(10),
        ),
        Placement(
            participant=cases[2],
            company=hirer,
            starts_on=DAY,
            employment_type="part_time",
            weekly_hours=Decimal(10),
        ),
    ]
    with pytest.raises(BulkRefused) as refused:
        bulk.participants_hire_many(employments=rows, actor=broker)
    assert {i: e.field for i, e in refused.value.errors.items()} == {
        0: "employment_type",
        1: "weekly_hours",
        3: "starts_on",
    }
    assert not Placement.objects.exists()
    assert not Participant.objects.filter(exit_on__isnull=False).exists()


def test_each_row_is_written_under_its_own_actor(cases, trainer, broker, colleague):
    trainings = bulk.trainings_start_many(
        placements=[
            _training(cases[0], trainer, ended_on=DAY + datetime.timedelta(days=10)),
            _training(cases[1], trainer),
            _training(cases[2], trainer),
        ],
        actors=[broker, colleague, broker],
        check_capacity=False,
    )
    assert [t.created_by for t in trainings] == [broker, colleague, broker]
    assert [t.history.get().history_user for t in trainings] == [broker, colleague, broker]
    assert [audit_events(t).get().actor for t in trainings] == [broker, colleague, broker]
    # The cases with an open training went into training under that training's actor.
    in_training = Participant.history.filter(history_type="~", status="in_training")
    assert dict(in_training.values_list("id", "history_user__username")) == {
        cases[1].pk: "colleague",
        cases[2].pk: "broker",
    }
    hirer = CompanyFactory(name="Netto")
    hired_on = DAY + datetime.timedelta(days=50)
    jobs = bulk.participants_hire_many(
        employments=[
            Placement(
                participant=case,
                company=hirer,
                starts_on=hired_on,
                employment_type="part_time",
                weekly_hours=Decimal(12),
            )
            for case in cases[1:]
        ],
        actors=[colleague, broker],
    )
    for job, case, user in ((jobs[0], cases[1], colleague), (jobs[1], cases[2], broker)):
        assert job.created_by == user and job.history.get().history_user == user
        assert audit_events(job).get().actor == user
        assert case.history.filter(status="exited").get().history_user == user
        assert audit_events(case, action=AuditEvent.Action.STATUS).get().actor == user
    ended = Placement.history.filter(history_type="~", id=trainings[1].pk).get()
    assert (ended.ended_on, ended.history_user) == (hired_on, colleague)
    changes = bulk.hours_changes_record_many(
        changes=[
            HoursChange(
                placement=job,
                changed_on=hired_on + datetime.timedelta(days=60),
                weekly_hours=Decimal(15),
            )
            for job in jobs
        ],
        actors=[broker, colleague],
    )
    assert [c.recorded_by for c in changes] == [broker, colleague]
    assert [c.history.get().history_user for c in changes] == [broker, colleague]
    assert [audit_events(job, action=AuditEvent.Action.CHANGED).get().actor for job in jobs] == [
        broker,
        colleague,
    ]


def test_rows_with_their_own_actors_are_refused_as_with_one(cases, trainer, broker, colleague):
    rows = [
        _training(cases[0], trainer, DAY - datetime.timedelta(days=1)),  # before enrolment
        _training(cases[1], trainer),
        _training(cases[2], CompanyFactory()),  # no agreement
    ]
    events_before = AuditEvent.objects.count()
    with pytest.raises(BulkRefused) as one_actor:
        bulk.trainings_start_many(placements=rows, actor=broker)
    with pytest.raises(BulkRefused) as own_actors:
        bulk.trainings_start_many(placements=rows, actors=[broker, colleague, broker])
    assert set(own_actors.value.errors) == set(one_actor.value.errors) == {0, 2}
    assert [e.message for e in own_actors.value.errors.values()] == [
        e.message for e in one_actor.value.errors.values()
    ]
    assert not Placement.objects.exists()
    assert AuditEvent.objects.count() == events_before
