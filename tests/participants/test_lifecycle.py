"""Every state transition of a case, and every refused one."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent
from participants import services
from participants.models import Participant, Person
from placements import services as placement_services
from placements.models import Placement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    EmploymentFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    audit_events,
    hire,
    start_training,
)
from tests.snapshots import nothing_written

pytestmark = pytest.mark.django_db

JAN_4 = datetime.date(2021, 1, 4)


def test_enrol_creates_an_active_case_with_an_empty_plan(programme, broker):
    person = PersonFactory()
    participant = services.participant_enrol(
        person=person,
        programme=programme,
        reference="JS-1",
        enrolled_on=JAN_4,
        job_broker=broker,
        barriers=["physical", "language"],
        actor=None,
    )
    assert participant.status == Participant.Status.ENROLLED
    assert participant.is_active
    assert participant.development_plan.goals.count() == 0
    assert [b.value for b in participant.barriers] == ["physical", "language"]
    assert audit_events(participant, action="created").exists()


def test_person_enrol_finds_or_creates_the_citizen_and_enrols_in_one_step(programme, broker):
    participant, created = services.person_enrol(
        cpr="150387-4321",
        first_name="Anne",
        last_name="Jensen",
        contact={"phone": "12345678"},
        programme=programme,
        reference="JS-1",
        enrolled_on=JAN_4,
        actor=broker,
        job_broker=broker,
    )
    assert created and participant.person.phone == "12345678"
    assert (participant.reference, participant.job_broker) == ("JS-1", broker)
    other = ProgrammeFactory(slug="andet", starts_on=JAN_4)
    again, created = services.person_enrol(
        cpr="1503874321",
        first_name="Anne",
        last_name="Jensen",
        programme=other,
        reference="A-1",
        enrolled_on=JAN_4,
        actor=broker,
    )
    assert not created and again.person == participant.person


def test_a_refused_person_enrol_leaves_no_person_behind(programme, broker):
    audit_rows = AuditEvent.objects.count()
    with nothing_written(), pytest.raises(DomainError) as error:
        services.person_enrol(
            cpr="150387-4321",
            first_name="Anne",
            last_name="Jensen",
            programme=programme,
            reference="JS-1",
            enrolled_on=programme.starts_on - datetime.timedelta(days=1),
            actor=broker,
        )
    assert error.value.field == "enrolled_on"
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_enrol_tells_the_broker_by_mail_after_commit(
    programme, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ParticipantFactory(programme=programme, job_broker=broker, reference="JS-9")
    assert len(mail.outbox) == 1
    assert "JS-9" in mail.outbox[0].subject
    assert mail.outbox[0].to == [broker.email]


def test_enrol_refuses_a_second_active_case_in_the_same_programme(programme):
    person = PersonFactory()
    ParticipantFactory(person=person, programme=programme)
    with pytest.raises(DomainError) as error:
        ParticipantFactory(person=person, programme=programme)
    assert error.value.field == "cpr"
    assert "allerede" in str(error.value) or "already" in str(error.value)


def test_the_database_also_refuses_two_active_cases(programme):
    first = ParticipantFactory(programme=programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(
            person=first.person, programme=programme, reference="other", enrolled_on=JAN_4
        )


def test_enrol_refuses_a_used_case_number(programme):
    ParticipantFactory(programme=programme, reference="JS-1")
    with pytest.raises(DomainError) as error:
        ParticipantFactory(programme=programme, reference="JS-1")
    assert error.value.field == "reference"


def test_enrol_refuses_dates_outside_the_programme():
    programme = ProgrammeFactory(
        starts_on=datetime.date(2020, 9, 1), ends_on=datetime.date(2023, 3, 31)
    )
    for day in (datetime.date(2020, 8, 31), datetime.date(2023, 4, 1)):
        with pytest.raises(DomainError) as error:
            ParticipantFactory(programme=programme, enrolled_on=day)
        assert error.value.field == "enrolled_on"


def test_enrol_refuses_a_broker_from_another_programme(programme, outsider):
    with pytest.raises(DomainError) as error:
        ParticipantFactory(programme=programme, job_broker=outsider)
    assert error.value.field == "job_broker"


def test_one_person_in_two_programmes_is_one_history(programme, other_programme):
    person = PersonFactory(cpr="010175-1234")
    first = ParticipantFactory(person=person, programme=programme)
    second = ParticipantFactory(person=PersonFactory(cpr="0101751234"), programme=other_programme)
    assert first.person_id == second.person_id
    assert set(person.enrolments.values_list("programme__slug", flat=True)) == {
        "jobsporet",
        "flere-skal-med",
    }


def test_start_training_puts_the_case_in_training(programme):
    participant = ParticipantFactory(programme=programme)
    placement = start_training(participant, planned_end_on=JAN_4 + datetime.timedelta(days=90))
    participant.refresh_from_db()
    assert participant.status == Participant.Status.IN_TRAINING
    assert placement.kind == Placement.Kind.TRAINING


def test_end_training_returns_the_case_to_enrolled(programme):
    participant = ParticipantFactory(programme=programme)
    placement = start_training(participant)
    placement_services.placement_end(
        placement=placement, ended_on=JAN_4 + datetime.timedelta(days=30), actor=None
    )
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
    with nothing_written(), pytest.raises(DomainError) as refused:
        placement_services.placement_end(placement=placement, ended_on=JAN_4, actor=None)
    assert str(refused.value) == "Forløbet sluttede allerede den 03.02.2021."


def test_a_placement_cannot_end_before_it_starts(programme):
    participant = ParticipantFactory(programme=programme)
    starts_on = JAN_4 + datetime.timedelta(days=10)
    placement = start_training(participant, starts_on=starts_on)
    with nothing_written(), pytest.raises(DomainError) as error:
        placement_services.placement_end(
            placement=placement, ended_on=starts_on - datetime.timedelta(days=1), actor=None
        )
    assert error.value.field == "ended_on"
    placement.refresh_from_db()
    participant.refresh_from_db()
    assert placement.ended_on is None
    assert participant.status == Participant.Status.IN_TRAINING
    assert not audit_events(placement, action="status").exists()


def test_training_cannot_start_before_enrolment(programme):
    participant = ParticipantFactory(programme=programme)
    with pytest.raises(DomainError) as error:
        start_training(participant, starts_on=JAN_4 - datetime.timedelta(days=1))
    assert error.value.field == "starts_on"


def test_training_cannot_end_before_it_starts(programme):
    participant = ParticipantFactory(programme=programme)
    with pytest.raises(DomainError) as error:
        start_training(
            participant, starts_on=JAN_4 + datetime.timedelta(days=10), planned_end_on=JAN_4
        )
    assert error.value.field == "planned_end_on"


def test_training_lasts_at_most_eighteen_months(programme):
    participant = ParticipantFactory(programme=programme)
    with pytest.raises(DomainError) as refused:
        start_training(participant, planned_end_on=datetime.date(2022, 7, 5))
    assert refused.value.field == "planned_end_on" and "højst 18 måneder" in str(refused.value)
    start_training(participant, planned_end_on=datetime.date(2022, 7, 4))


def test_training_needs_a_training_agreement(programme):
    participant = ParticipantFactory(programme=programme)
    network_only = AgreementFactory(programme=programme, is_training=False, is_network=True).company
    with nothing_written(), pytest.raises(DomainError) as error:
        placement_services.training_start(
            participant=participant, company=network_only, starts_on=JAN_4, actor=None
        )
    assert error.value.field == "company"


def test_training_is_refused_when_the_places_are_taken(programme):
    agreement = AgreementFactory(programme=programme, training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=agreement.company)
    with pytest.raises(DomainError) as error:
        start_training(ParticipantFactory(programme=programme), company=agreement.company)
    assert "træningsplads" in str(error.value) or "training place" in str(error.value)
    # History may exceed capacity: the importer does not check it.
    start_training(
        ParticipantFactory(programme=programme), company=agreement.company, check_capacity=False
    )


def test_a_participant_trains_at_one_place_at_a_time(programme):
    participant = ParticipantFactory(programme=programme)
    start_training(participant)
    with pytest.raises(DomainError) as refused:
        start_training(participant, starts_on=JAN_4 + datetime.timedelta(days=5))
    assert refused.value.field == "starts_on" and "allerede i træning" in str(refused.value)


def test_hire_creates_the_employment_and_the_exit_in_one_step(programme):
    participant = ParticipantFactory(programme=programme)
    training = start_training(participant)
    company = CompanyFactory()
    hired_on = JAN_4 + datetime.timedelta(days=100)
    employment = hire(participant, company=company, starts_on=hired_on, weekly_hours=Decimal(8))
    participant.refresh_from_db()
    training.refresh_from_db()
    assert participant.status == Participant.Status.EXITED
    assert participant.exit_on == hired_on
    assert participant.exit_outcome == Participant.ExitOutcome.EMPLOYMENT
    assert employment.company == company and employment.weekly_hours == Decimal(8)
    assert training.ended_on == hired_on


def test_hire_is_refused_for_someone_who_already_left(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(participant=participant, exit_on=JAN_4, outcome="dropout", actor=None)
    with pytest.raises(DomainError) as refused:
        hire(participant)
    assert "kan ikke ansættes" in str(refused.value)
    assert not Placement.objects.filter(kind="employment").exists()


def test_hire_before_enrolment_is_refused_and_writes_nothing(programme):
    participant = ParticipantFactory(programme=programme)
    with pytest.raises(DomainError) as error:
        hire(participant, starts_on=JAN_4 - datetime.timedelta(days=1))
    assert error.value.field == "starts_on"
    participant.refresh_from_db()
    assert participant.is_active
    assert not Placement.objects.exists()


def test_drop_out_ends_open_training(programme):
    participant = ParticipantFactory(programme=programme)
    training = start_training(participant)
    stopped = JAN_4 + datetime.timedelta(days=20)
    services.participant_exit(
        participant=participant, exit_on=stopped, outcome="dropout", reason="Flyttet", actor=None
    )
    training.refresh_from_db()
    participant.refresh_from_db()
    assert training.ended_on == stopped
    assert participant.exit_outcome == "dropout"
    assert participant.exit_reason == "Flyttet"


def test_exit_to_education(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=participant, exit_on=JAN_4, outcome="education", actor=None
    )
    participant.refresh_from_db()
    assert participant.exit_outcome == Participant.ExitOutcome.EDUCATION
    assert participant.status == Participant.Status.EXITED
    assert participant.exit_on == JAN_4


def test_an_employment_exit_without_a_hire_is_refused_and_changes_nothing(programme):
    participant = ParticipantFactory(programme=programme)
    training = start_training(participant)
    with nothing_written(), pytest.raises(DomainError) as error:
        services.participant_exit(
            participant=participant, exit_on=JAN_4, outcome="employment", actor=None
        )
    assert error.value.field == "outcome"
    assert "Ansæt" in str(error.value)
    participant.refresh_from_db()
    training.refresh_from_db()
    assert participant.is_active and participant.status == Participant.Status.IN_TRAINING
    assert training.ended_on is None
    assert not audit_events(participant, action="status").exists()


def test_an_employment_exit_is_recorded_for_a_hire(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=participant, exit_on=JAN_4, outcome="employment", actor=None, hired=True
    )
    participant.refresh_from_db()
    assert participant.exit_outcome == Participant.ExitOutcome.EMPLOYMENT


def test_exit_before_enrolment_is_refused(programme):
    participant = ParticipantFactory(programme=programme)
    with nothing_written(), pytest.raises(DomainError) as error:
        services.participant_exit(
            participant=participant,
            exit_on=JAN_4 - datetime.timedelta(days=1),
            outcome="dropout",
            actor=None,
        )
    assert error.value.field == "exit_on"


def test_a_second_exit_is_refused(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(participant=participant, exit_on=JAN_4, outcome="dropout", actor=None)
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.participant_exit(
            participant=participant, exit_on=JAN_4, outcome="education", actor=None
        )
    assert "allerede ophørt i programmet den 04.01.2021" in str(refused.value)


def test_training_after_exit_is_refused(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=participant,
        exit_on=JAN_4 + datetime.timedelta(days=10),
        outcome="dropout",
        actor=None,
    )
    with pytest.raises(DomainError) as error:
        start_training(participant, starts_on=JAN_4 + datetime.timedelta(days=11))
    assert error.value.field == "starts_on"


def test_finished_training_before_exit_can_be_recorded(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=participant,
        exit_on=JAN_4 + datetime.timedelta(days=60),
        outcome="dropout",
        actor=None,
    )
    start_training(participant, ended_on=JAN_4 + datetime.timedelta(days=30))
    participant.refresh_from_db()
    assert participant.status == Participant.Status.EXITED


def test_reopen_makes_the_case_active_again(programme):
    participant = ParticipantFactory(programme=programme)
    services.participant_exit(participant=participant, exit_on=JAN_4, outcome="dropout", actor=None)
    services.participant_reopen(participant=participant, reason="Vil gerne igen", actor=None)
    participant.refresh_from_db()
    assert participant.is_active and participant.status == Participant.Status.ENROLLED
    assert participant.exit_outcome == ""


def test_reopen_is_refused_for_an_active_case_and_without_reason(programme):
    participant = ParticipantFactory(programme=programme)
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.participant_reopen(participant=participant, reason="x", actor=None)
    assert "er ikke ophørt i programmet" in str(refused.value)
    services.participant_exit(participant=participant, exit_on=JAN_4, outcome="dropout", actor=None)
    with nothing_written(), pytest.raises(DomainError) as error:
        services.participant_reopen(participant=participant, reason="  ", actor=None)
    assert error.value.field == "reason"


def test_reopen_is_refused_when_the_person_has_a_newer_active_case(programme):
    old = ParticipantFactory(programme=programme)
    services.participant_exit(participant=old, exit_on=JAN_4, outcome="dropout", actor=None)
    ParticipantFactory(
        programme=programme, person=old.person, enrolled_on=datetime.date(2022, 1, 3)
    )
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.participant_reopen(participant=old, reason="fejl", actor=None)
    assert "har allerede en aktiv sag i dette program" in str(refused.value)


def test_reopen_after_a_hire_is_refused_while_the_job_is_open(programme):
    employment = EmploymentFactory(participant__programme=programme, company__name="Netto")
    participant = employment.participant
    with nothing_written(), pytest.raises(DomainError) as error:
        services.participant_reopen(participant=participant, reason="Fyret", actor=None)
    assert "Netto" in str(error.value) and "Afslut ansættelsen" in str(error.value)
    participant.refresh_from_db()
    assert participant.status == Participant.Status.EXITED
    assert participant.exit_outcome == Participant.ExitOutcome.EMPLOYMENT
    assert not AuditEvent.objects.filter(summary__contains="Fyret").exists()


def test_reopen_after_the_job_ended_and_a_second_hire_leaves_one_open_job(programme):
    first = EmploymentFactory(participant__programme=programme)
    participant = first.participant
    placement_services.placement_end(
        placement=first, ended_on=first.starts_on + datetime.timedelta(days=14), actor=None
    )
    services.participant_reopen(participant=participant, reason="Jobbet stoppede", actor=None)
    participant.refresh_from_db()
    assert participant.is_active and participant.status == Participant.Status.ENROLLED
    second = EmploymentFactory(
        participant=participant, starts_on=first.starts_on + datetime.timedelta(days=60)
    )
    participant.refresh_from_db()
    assert participant.exit_on == second.starts_on
    open_jobs = Placement.objects.filter(participant=participant, kind="employment", ended_on=None)
    assert list(open_jobs) == [second]


def test_hours_grow_on_an_employment_and_not_on_training(programme):
    participant = ParticipantFactory(programme=programme)
    training = start_training(participant)
    employment = hire(participant, starts_on=datetime.date(2021, 3, 1), weekly_hours=Decimal(5))
    change, created = placement_services.hours_change_record(
        placement=employment,
        changed_on=datetime.date(2021, 5, 1),
        weekly_hours=Decimal(12),
        actor=None,
    )
    assert created and change.weekly_hours == Decimal(12)
    again, created = placement_services.hours_change_record(
        placement=employment,
        changed_on=datetime.date(2021, 5, 1),
        weekly_hours=Decimal(12),
        actor=None,
    )
    assert not created and again == change
    with nothing_written(), pytest.raises(DomainError) as refused:
        placement_services.hours_change_record(
            placement=training,
            changed_on=datetime.date(2021, 2, 1),
            weekly_hours=Decimal(12),
            actor=None,
        )
    assert str(refused.value) == "Timer følges på ansættelser, ikke på træning."
    with nothing_written(), pytest.raises(DomainError) as error:
        placement_services.hours_change_record(
            placement=employment,
            changed_on=datetime.date(2021, 2, 1),
            weekly_hours=Decimal(12),
            actor=None,
        )
    assert error.value.field == "changed_on"
    with nothing_written(), pytest.raises(DomainError) as error:
        placement_services.hours_change_record(
            placement=employment,
            changed_on=datetime.date(2021, 6, 1),
            weekly_hours=Decimal(60),
            actor=None,
        )
    assert error.value.field == "weekly_hours"
