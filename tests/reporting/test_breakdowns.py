"""The engine's breakdowns (trend by month, filters, sectors, brokers, hours, funding) against
the hand-built story of test_kpis.py: each must agree with programme_kpis on the same day."""

import datetime
from decimal import Decimal

import pytest

from companies.models import Company
from participants.models import Participant
from placements import services as placement_services
from reporting import breakdowns
from reporting.dashboard import dashboard_for
from reporting.kpis import (
    Filters,
    participant_counts_by_month,
    participant_counts_on,
    programme_kpis,
)
from tests.factories import CompanyFactory, ParticipantFactory, UserFactory, start_training
from tests.reporting.conftest import d

pytestmark = pytest.mark.django_db


def test_the_month_ends_run_from_the_start_to_the_day_itself():
    assert breakdowns.month_ends(d(1, 15), d(3, 10)) == [d(1, 31), d(2, 28), d(3, 10)]
    assert breakdowns.month_ends(d(1, 1), d(1, 31)) == [d(1, 31)]


def test_every_point_of_the_trend_equals_programme_kpis_on_that_day(story):
    points = breakdowns.trend(story, d(12, 31))
    assert [p.day for p in points] == breakdowns.month_ends(d(1, 1), d(12, 31))
    for point in points:
        kpis = programme_kpis(story, point.day)
        assert point.counts == kpis.participants, point.day
        assert point.employment_rate == kpis.employment_rate
        assert point.employment_rate_of_leavers == kpis.employment_rate_of_leavers


def test_the_trend_is_two_queries_for_any_number_of_months(story, django_assert_num_queries):
    with django_assert_num_queries(2):
        breakdowns.trend(story, d(12, 31))
    with django_assert_num_queries(2):
        breakdowns.trend(story, d(1, 31))


def test_month_buckets_equal_the_conditions_of_each_day(story):
    """The trend's month buckets and participant_counts_on (each day's conditional counts, what
    programme_kpis runs) agree on every month end, for the whole story and for each filter,
    also when the series starts after some enrolments (they count from the first month)."""
    for start in (d(1, 1), d(5, 1)):
        days = breakdowns.month_ends(start, d(12, 20))
        for filters in (Filters(), Filters(cohort=(2021, 1)), Filters(sector="retail")):
            by_month = participant_counts_by_month(story, days, filters)
            assert by_month == participant_counts_on(story, days, filters), (start, filters)


def test_month_buckets_take_only_month_ends(story):
    with pytest.raises(ValueError):
        participant_counts_by_month(story, [d(3, 15), d(4, 30)])
    with pytest.raises(ValueError):
        participant_counts_by_month(story, [d(4, 30), d(3, 31)])


def test_a_cohort_counts_only_those_enrolled_in_the_quarter(story):
    # A, B and C enrolled in the first quarter: A hired, B stopped, C still training.
    k = programme_kpis(story, d(12, 31), Filters(cohort=(2021, 1)))
    p = k.participants
    assert (p.enrolled, p.active, p.in_training, p.employed, p.dropout) == (3, 1, 1, 1, 1)
    assert [c.name for c in k.training_companies] == ["T1", "T2"]
    assert k.hours.employed_with_hours == 1
    # The money is the whole programme's; a cost per head of a filtered group would mislead.
    assert k.funding.spent == 350_000 and k.funding.cost_per_participant is None


def test_a_sector_counts_those_trained_at_a_company_in_it(story):
    Company.objects.filter(name="T2").update(sector="cleaning")
    # T1 (retail) trained A (hired), B (stopped) and E (education).
    p = programme_kpis(story, d(12, 31), Filters(sector="retail")).participants
    assert (p.enrolled, p.employed, p.education, p.dropout, p.active) == (3, 1, 1, 1, 0)
    rates = {s.key: s for s in breakdowns.sector_rates(story, d(12, 31), target=0.4)}
    assert (rates["retail"].trained, rates["retail"].employed) == (3, 1)
    assert (rates["cleaning"].trained, rates["cleaning"].employed) == (2, 1)
    assert rates["cleaning"].too_few and not rates["retail"].too_few
    assert rates["cleaning"].target_met is True and rates["retail"].target_met is False


def test_a_job_broker_filter_and_the_broker_rows_count_their_cases(story):
    broker = UserFactory(first_name="Bo", last_name="Broker")
    story.participants.filter(reference__in=["A", "B", "D"]).update(job_broker=broker)
    story.participants.exclude(reference__in=["A", "B", "D"]).update(job_broker=None)
    p = programme_kpis(story, d(12, 31), Filters(job_broker_id=broker.pk)).participants
    assert (p.enrolled, p.employed, p.dropout, p.active) == (3, 1, 1, 1)
    rows = {row.name: row for row in breakdowns.broker_rows(story, d(12, 31))}
    bo = rows["Bo Broker"]
    assert (bo.enrolled, bo.caseload, bo.employed, bo.dropout) == (3, 1, 1, 1)
    assert bo.employment_rate == pytest.approx(1 / 3)
    total = programme_kpis(story, d(12, 31)).participants
    assert sum(row.enrolled for row in rows.values()) == total.enrolled
    assert sum(row.caseload for row in rows.values()) == total.active


def test_hours_by_band_at_hire_and_now(story):
    # A: 10 h at hire, 20 h from September; F: 8 h.
    hours = breakdowns.hours_distribution(story, d(12, 31))
    assert [(b.lower, b.at_hire, b.now) for b in hours.bands] == [
        (0, 1, 1),
        (10, 1, 0),
        (20, 0, 1),
        (30, 0, 0),
        (37, 0, 0),
    ]
    assert (hours.employed_with_hours, hours.increased) == (2, 1)
    ladder = programme_kpis(story, d(12, 31)).hours
    assert (ladder.employed_with_hours, ladder.increased) == (2, 1)
    # The dashboard hands the distribution's ladder to the engine instead of reading it again.
    assert hours.ladder == ladder


def test_the_funding_breakdown_adds_up_to_the_engines_funding(story):
    money = breakdowns.funding_breakdown(story, d(12, 31))
    assert [(m.month, m.spent, m.cumulative) for m in money.months] == [
        (d(2, 1), Decimal(100_000), Decimal(100_000)),
        (d(6, 1), Decimal(200_000), Decimal(300_000)),
        (d(9, 1), Decimal(50_000), Decimal(350_000)),
    ]
    funding = programme_kpis(story, d(12, 31)).funding
    assert (money.granted, money.budget, money.spent) == (
        funding.granted,
        funding.budget,
        funding.spent,
    )
    assert breakdowns.funding_breakdown(story, d(5, 31)).spent == Decimal(100_000)


def test_other_programmes_do_not_count_in_the_breakdowns(story, other_programme):
    ParticipantFactory(programme=other_programme, enrolled_on=d(2, 2))
    assert breakdowns.trend(story, d(2, 28))[-1].counts.enrolled == 2
    assert sum(r.enrolled for r in breakdowns.broker_rows(story, d(2, 28))) == 2


def test_a_participant_trained_twice_at_a_company_or_in_a_sector_counts_once(story):
    # D trains at T1 twice and then at T3, a second company in T1's sector; T2 is cleaning.
    Company.objects.filter(name="T2").update(sector="cleaning")
    t1 = Company.objects.get(name="T1")
    t3 = CompanyFactory(name="T3", sector=t1.sector)
    dee = Participant.objects.get(programme=story, reference="D")
    for company, starts_on, ended_on in (
        (t1, d(4, 5), d(4, 30)),
        (t1, d(5, 3), d(5, 31)),
        (t3, d(6, 7), None),
    ):
        training = start_training(dee, company=company, starts_on=starts_on)
        if ended_on:
            placement_services.placement_end(placement=training, ended_on=ended_on, actor=None)
    kpis = programme_kpis(story, d(12, 31))
    assert {c.name: c.trained for c in kpis.training_companies} == {"T1": 4, "T2": 2, "T3": 1}
    sectors = breakdowns.sector_rates(story, d(12, 31), target=0.4)
    assert {s.key: s.trained for s in sectors} == {t1.sector: 4, "cleaning": 2}
    board = dashboard_for(story, d(12, 31))
    assert board.kpis.training_companies == kpis.training_companies
    assert board.sectors == sectors


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(cohort=(2021, 1)), Filters(sector="retail")], ids=repr
)
def test_the_dashboards_figures_are_programme_kpis_though_read_with_the_breakdowns(story, filters):
    # Its participant counts are the trend's last point, its hours ladder and training
    # companies come with the hours distribution and the sectors; mid-month, on a month end,
    # and before the programme starts (no trend: the engine counts for itself).
    for day in (d(6, 15), d(9, 30), d(12, 31), datetime.date(2020, 12, 31)):
        assert dashboard_for(story, day, filters).kpis == programme_kpis(story, day, filters)
