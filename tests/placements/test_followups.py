"""The six-month follow-up: scheduled by every exit, cancelled by a reopening, recorded once
with the form's rules, and counted by the engine around the six-month boundary."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from jobsporet.core.errors import BulkRefused, DomainError
from jobsporet.core.models import AuditEvent
from participants import services as participant_services
from participants.bulk import Exit, participants_exit_many
from placements.followups import services
from placements.followups.bulk import followups_record_many
from placements.models import FollowUp
from reporting.followup import followup_figures
from reporting.kpis import programme_kpis, to_json_dict
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    audit_events,
    hire,
    leave,
    record_follow_up,
    start_training,
)

pytestmark = pytest.mark.django_db
d = datetime.date


def scheduled(participant) -> FollowUp:
    return FollowUp.objects.scheduled().get(participant=participant)


def test_an_exit_schedules_the_follow_up_six_calendar_months_later(programme):
    case = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
    leave(case, d(2022, 8, 31), outcome="education")
    follow_up = scheduled(case)
    assert (follow_up.exit_on, follow_up.due_on) == (d(2022, 8, 31), d(2023, 2, 28))
    assert not follow_up.is_recorded


def test_a_hire_schedules_it_from_the_hire_date(programme):
    case = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
    hire(case, starts_on=d(2022, 3, 15))
    assert scheduled(case).due_on == d(2022, 9, 15)


def test_a_bulk_exit_schedules_one_for_every_case(programme, broker):
    cases = [ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3)) for _ in range(3)]
    participants_exit_many(
        exits=[Exit(case, d(2022, 5, 31), "dropout") for case in cases], actor=broker
    )
    assert sorted(FollowUp.objects.values_list("due_on", flat=True)) == [d(2022, 11, 30)] * 3
    assert FollowUp.history.count() == 3


def test_a_refused_exit_schedules_nothing(programme):
    case = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
    start_training(case, starts_on=d(2022, 6, 1))
    with pytest.raises(DomainError):
        leave(case, d(2022, 5, 1))
    assert not FollowUp.objects.exists()


def test_reopening_cancels_it_and_the_next_exit_schedules_a_new_one(programme, broker):
    case = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
    leave(case, d(2022, 4, 1))
    first = scheduled(case)
    participant_services.participant_reopen(participant=case, actor=broker, reason="Kom tilbage")
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert not FollowUp.objects.scheduled().filter(participant=case).exists()
    leave(case, d(2022, 6, 10))
    assert scheduled(case).due_on == d(2022, 12, 10)
    with pytest.raises(DomainError, match="annulleret"):
        services.followup_record(
            follow_up=first,
            contacted_on=d(2022, 10, 1),
            method="phone",
            outcome="unemployed",
            actor=broker,
        )


def test_bulk_recording_writes_each_row_under_its_own_broker_and_refuses_as_one(
    programme, broker, colleague
):
    cases = [ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3)) for _ in range(3)]
    participants_exit_many(
        exits=[Exit(case, d(2022, 3, 31), "dropout") for case in cases], actor=broker
    )
    records = [
        (scheduled(case), {"contacted_on": d(2022, 10, 3), "method": "phone", "outcome": outcome})
        for case, outcome in zip(cases, ["unemployed", "education", "retired"], strict=True)
    ]
    with pytest.raises(BulkRefused) as refused:
        followups_record_many(records=records, actors=[broker, colleague, broker])
    assert {i: e.field for i, e in refused.value.errors.items()} == {2: "outcome"}
    assert not FollowUp.objects.filter(outcome__gt="").exists()
    recorded = followups_record_many(records=records[:2], actors=[colleague, broker])
    assert [f.recorded_by for f in recorded] == [colleague, broker]
    assert [f.history.filter(history_type="~").get().history_user for f in recorded] == [
        colleague,
        broker,
    ]
    assert [audit_events(f).get().actor for f in recorded] == [colleague, broker]


@pytest.fixture
def left(programme):
    case = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
    leave(case, d(2022, 3, 31))
    return case


def record(case, **values):
    values = {"contacted_on": d(2022, 10, 3), "method": "phone", "actor": None, **values}
    return services.followup_record(follow_up=scheduled(case), **values)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"contacted_on": d(2022, 9, 29), "outcome": "unemployed"}, "contacted_on", "30.09.2022"),
        ({"contacted_on": d(2999, 1, 1), "outcome": "unemployed"}, "contacted_on", "fremtiden"),
        ({"outcome": "ordinary_job"}, "employer", "arbejdsgiveren"),
        ({"outcome": "unemployed", "employer_name": "Netto"}, "employer", "Kun et job"),
        ({"outcome": "education", "weekly_hours": Decimal(10)}, "weekly_hours", "Kun et job"),
        (
            {"outcome": "part_time", "employer_name": "Netto", "weekly_hours": Decimal(60)},
            "weekly_hours",
            "højst 48",
        ),
        ({"outcome": "retired"}, "outcome", "status"),
        ({"outcome": "unemployed", "method": "pigeon"}, "method", "hvordan"),
    ],
)
def test_recording_refuses_what_does_not_add_up(left, values, field, message):
    with pytest.raises(DomainError) as refused:
        record(left, **values)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not scheduled(left).is_recorded


def test_a_company_and_a_name_together_are_refused(left):
    with pytest.raises(DomainError, match="ikke begge"):
        record(left, outcome="ordinary_job", employer=CompanyFactory(), employer_name="Netto")


def test_exactly_on_the_due_date_it_is_recorded_and_audited(left, broker):
    company = CompanyFactory(name="Brande Maskinstation")
    follow_up = record(
        left,
        contacted_on=d(2022, 9, 30),
        outcome="flex_job",
        employer=company,
        weekly_hours=Decimal("12.5"),
        actor=broker,
    )
    assert (follow_up.outcome, follow_up.employer, follow_up.recorded_by) == (
        "flex_job",
        company,
        broker,
    )
    event = audit_events(follow_up).get()
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == broker and event.person_id == left.person_id
    assert event.summary == (
        "Opfølgning efter 6 mdr. registreret: fleksjob hos Brande Maskinstation"
    )


def test_a_correction_is_audited_as_a_change(left):
    record(left, outcome="not_reached")
    follow_up = record(left, outcome="self_employed", method="register")
    assert follow_up.outcome == "self_employed"
    assert list(audit_events(follow_up).values_list("action", flat=True)) == [
        AuditEvent.Action.CREATED,
        AuditEvent.Action.CHANGED,
    ]


# --- The engine's figures around the six-month boundary ---------------------------------------


@pytest.fixture
def story(programme):
    """Hand-made leavers; the expected figures are worked out in each test."""

    def case(exit_on, outcome="dropout"):
        participant = ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))
        leave(participant, exit_on, outcome)
        return participant

    on_the_day = case(d(2022, 9, 30))  # due 2023-03-30
    record_follow_up(on_the_day, outcome="part_time", contacted_on=d(2023, 3, 30))
    day_after = case(d(2022, 10, 1), "education")  # due 2023-04-01
    record_follow_up(day_after, outcome="education", contacted_on=d(2023, 4, 3))
    not_reached = case(d(2022, 6, 15))  # due 2022-12-15
    record_follow_up(not_reached, outcome="not_reached", contacted_on=d(2023, 1, 5))
    in_school = case(d(2022, 7, 1))  # due 2023-01-01
    record_follow_up(in_school, outcome="education", contacted_on=d(2023, 4, 2))  # after D
    case(d(2022, 8, 1))  # due 2023-02-01, never recorded
    reopened = case(d(2022, 5, 1))
    participant_services.participant_reopen(participant=reopened, actor=None, reason="Tilbage")
    ParticipantFactory(programme=programme, enrolled_on=d(2022, 1, 3))  # still active
    return programme


def test_the_figures_on_the_day_a_follow_up_falls_due(story):
    figures = followup_figures(story, d(2023, 3, 30))
    # Due: on_the_day, not_reached, in_school, never recorded (not day_after, not reopened).
    assert figures.due == 4
    # Recorded by D: on_the_day and not_reached (in_school was contacted after D).
    assert (figures.recorded, figures.not_recorded) == (2, 2)
    assert (figures.in_employment, figures.in_education, figures.not_reached) == (1, 0, 1)
    assert figures.employment_rate == 0.5


def test_the_day_before_it_falls_due_it_is_not_counted(story):
    figures = followup_figures(story, d(2023, 3, 29))
    assert (figures.due, figures.recorded, figures.in_employment) == (3, 1, 0)
    assert figures.employment_rate == 0.0


def test_later_every_recorded_one_counts(story):
    figures = followup_figures(story, d(2023, 4, 30))
    assert (figures.due, figures.recorded, figures.not_recorded) == (5, 4, 1)
    assert (figures.in_employment, figures.in_education, figures.not_reached) == (1, 2, 1)


def test_nothing_due_gives_no_rate(story):
    figures = followup_figures(story, d(2022, 12, 14))
    assert (figures.due, figures.recorded) == (0, 0)
    assert figures.employment_rate is None


def test_the_kpis_json_carries_the_followup_keys(story):
    data = to_json_dict(programme_kpis(story, d(2023, 3, 30)))
    assert data["followup"] == {
        "due": 4,
        "recorded": 2,
        "not_recorded": 2,
        "not_reached": 1,
        "in_employment": 1,
        "in_education": 0,
        "employment_rate": 0.5,
        "employment_rate_denominator": "recorded",
    }


def test_the_figures_are_one_query(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        followup_figures(story, d(2023, 3, 30))


def test_the_text_table_of_kpis_carries_the_followup_section(story):
    out = StringIO()
    call_command(
        "kpis", "--program", story.slug, "--as-of", "2023-04-30", "--format", "text", stdout=out
    )
    section = out.getvalue().split("Seks måneder efter ophør\n")[1].split("\n\n")[0]
    rows = dict(
        re.split(r"\s{3,}", line.strip()) for line in section.splitlines() if line.startswith("  ")
    )
    assert rows == {
        "Opfølgninger forfaldne": "5",
        "Opfølgninger registreret": "4",
        "I arbejde seks måneder efter ophør": "1",
        "I uddannelse seks måneder efter ophør": "2",
        "Ikke truffet": "1",
        "Andel i arbejde seks måneder efter ophør": "25,0 %",
    }
