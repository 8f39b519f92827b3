"""The KPI engine against small hand-built histories, at several as-of dates.

The story (programme P, target 40 % of all enrolled):
  A enrolled 4 Jan, trains at T1 from 11 Jan, hired at N1 on 1 Mar with 10 h; 15 h from
    1 May, 20 h from 1 Sep.
  B enrolled 1 Feb, trains at T1 from 8 Feb, drops out 15 Apr.
  C enrolled 1 Mar, trains at T2 from 8 Mar, still training.
  D enrolled 1 Apr, never placed.
  E enrolled 3 May, trains at T1 from 10 May, leaves for education 1 Aug.
  F enrolled 1 Jun, trains at T2 from 7 Jun, hired by T2 on 2 Aug with 8 h.
  G enrolled 15 Oct.
"""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements import services as placement_services
from placements.models import Placement
from reporting.kpis import jobs_needed, median_days_to_employment, programme_kpis, to_json_dict
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ParticipantFactory,
    ProgrammeFactory,
    hire,
)
from tests.reporting.conftest import d

pytestmark = pytest.mark.django_db


def test_end_of_march(story):
    k = programme_kpis(story, d(3, 31))
    assert (k.participants.enrolled, k.participants.active, k.participants.in_training) == (3, 2, 2)
    assert (k.participants.employed, k.participants.education, k.participants.dropout) == (1, 0, 0)
    assert k.employment_rate == pytest.approx(1 / 3)
    assert k.employment_rate_of_leavers == 1.0
    assert k.target_met is False
    assert (k.companies.with_agreement, k.companies.training, k.companies.network) == (2, 2, 1)
    assert k.median_days_to_employment == 56
    assert (
        k.hours.employed_with_hours,
        k.hours.avg_start,
        k.hours.avg_latest,
        k.hours.increased,
    ) == (1, 10, 10, 0)
    assert k.funding.spent == 100_000
    assert k.funding.spent_share == 0.05
    assert k.funding.cost_per_participant == Decimal("33333.33")
    assert k.funding.cost_per_employed == Decimal("100000.00")
    by_name = {c.name: c for c in k.training_companies}
    assert (by_name["T1"].trained, by_name["T1"].employed, by_name["T1"].employment_rate) == (
        2,
        1,
        0.5,
    )
    assert (by_name["T2"].trained, by_name["T2"].employed) == (1, 0)


def test_mid_june(story):
    k = programme_kpis(story, d(6, 15))
    assert (k.participants.enrolled, k.participants.active, k.participants.in_training) == (6, 4, 3)
    assert (k.participants.employed, k.participants.dropout, k.participants.education) == (1, 1, 0)
    assert k.employment_rate_of_leavers == 0.5
    assert (k.hours.avg_start, k.hours.avg_latest, k.hours.increased) == (10, 15, 1)
    assert k.companies.with_agreement == 3
    # Expenses 100,000 (1 Feb) + 200,000 (1 Jun); 6 enrolled, 1 employed.
    assert (k.funding.granted, k.funding.budget, k.funding.spent) == (1_000_000, 2_000_000, 300_000)
    assert k.funding.spent_share == 0.15
    assert k.funding.cost_per_participant == Decimal("50000.00")
    assert k.funding.cost_per_employed == Decimal("300000.00")
    assert k.median_days_to_employment == 56  # A only: 4 Jan to 1 Mar
    # T1 trained A, B and E (A hired); T2 trained C and F (F is hired only in August).
    assert [(c.name, c.trained, c.employed) for c in k.training_companies] == [
        ("T1", 3, 1),
        ("T2", 2, 0),
    ]
    assert k.training_companies[0].employment_rate == pytest.approx(1 / 3)
    assert k.training_companies[1].employment_rate == 0


# On the date of an event the event counts; the day before it does not. Every figure below is
# worked out by hand from the story in the module docstring.


def counts(story, day: datetime.date) -> tuple[int, ...]:
    p = programme_kpis(story, day).participants
    return (p.enrolled, p.active, p.in_training, p.employed, p.education, p.dropout)


def test_participants_count_from_the_day_of_their_enrolment_and_exit(story):
    #        enrolled, active, in training, employed, education, dropout
    assert counts(story, d(1, 31)) == (1, 1, 1, 0, 0, 0)  # A, training at T1
    assert counts(story, d(2, 1)) == (2, 2, 1, 0, 0, 0)  # B enrolled; trains from 8 Feb
    assert counts(story, d(2, 28)) == (2, 2, 2, 0, 0, 0)  # the day before A's hire
    assert counts(story, d(3, 1)) == (3, 2, 1, 1, 0, 0)  # A hired (exit), C enrolled
    assert counts(story, d(4, 14)) == (4, 3, 2, 1, 0, 0)  # the day before B stops
    assert counts(story, d(4, 15)) == (4, 2, 1, 1, 0, 1)  # B stopped
    assert counts(story, d(8, 1)) == (6, 3, 2, 1, 1, 1)  # E left for education; F trains
    assert counts(story, d(8, 2)) == (6, 2, 1, 2, 1, 1)  # F hired
    assert counts(story, d(10, 14)) == (6, 2, 1, 2, 1, 1)
    assert counts(story, d(10, 15)) == (7, 3, 1, 2, 1, 1)  # G enrolled


def test_a_training_counts_on_its_last_day_and_not_the_day_after(story):
    training = Placement.objects.get(participant__reference="C", kind="training")
    placement_services.placement_end(placement=training, ended_on=d(6, 30), actor=None)
    assert counts(story, d(6, 30)) == (6, 4, 3, 1, 0, 1)  # C, E and F in training
    assert counts(story, d(7, 1)) == (6, 4, 2, 1, 0, 1)  # E and F


def test_an_agreement_counts_from_the_day_it_is_signed(story):
    def companies(day):
        c = programme_kpis(story, day).companies
        return (c.with_agreement, c.training, c.network)

    assert companies(d(1, 1)) == (1, 1, 0)  # T1 trains
    assert companies(d(2, 28)) == (1, 1, 0)
    assert companies(d(3, 1)) == (2, 2, 1)  # T2 trains and hires
    assert companies(d(5, 31)) == (2, 2, 1)
    assert companies(d(6, 1)) == (3, 2, 2)  # N1 hires


def test_hours_count_from_the_day_of_the_hire_and_of_each_change(story):
    def ladder(day):
        h = programme_kpis(story, day).hours
        return (h.employed_with_hours, h.avg_start, h.avg_latest, h.increased)

    assert ladder(d(2, 28)) == (0, None, None, 0)
    assert ladder(d(3, 1)) == (1, 10, 10, 0)  # A hired with 10 h
    assert ladder(d(4, 30)) == (1, 10, 10, 0)
    assert ladder(d(5, 1)) == (1, 10, 15, 1)  # A up to 15 h
    assert ladder(d(8, 2)) == (2, 9, 11.5, 1)  # F hired with 8 h: (10 + 8) / 2, (15 + 8) / 2
    assert ladder(d(8, 31)) == (2, 9, 11.5, 1)
    assert ladder(d(9, 1)) == (2, 9, 14, 1)  # A up to 20 h: (20 + 8) / 2


def test_a_funding_row_counts_from_its_date(story):
    def money(day):
        f = programme_kpis(story, day).funding
        return (f.spent, f.spent_share, f.cost_per_participant, f.cost_per_employed)

    assert money(d(1, 31)) == (0, 0.0, Decimal("0.00"), None)  # 1 enrolled, none employed
    assert money(d(2, 1)) == (100_000, 0.05, Decimal("50000.00"), None)  # 2 enrolled
    assert money(d(5, 31)) == (100_000, 0.05, Decimal("20000.00"), Decimal("100000.00"))
    assert money(d(6, 1)) == (300_000, 0.15, Decimal("50000.00"), Decimal("300000.00"))
    assert money(d(9, 29)) == (300_000, 0.15, Decimal("50000.00"), Decimal("150000.00"))
    assert money(d(9, 30)) == (350_000, 0.175, Decimal("58333.33"), Decimal("175000.00"))


def test_the_median_and_the_training_companies_from_the_day_of_each_hire(story):
    def outcome(day):
        k = programme_kpis(story, day)
        trained = [(c.name, c.trained, c.employed) for c in k.training_companies]
        return k.median_days_to_employment, trained

    assert outcome(d(2, 28)) == (None, [("T1", 2, 0)])
    assert outcome(d(3, 1)) == (56, [("T1", 2, 1)])  # A: 4 Jan to 1 Mar; C trains from 8 Mar
    assert outcome(d(3, 8)) == (56, [("T1", 2, 1), ("T2", 1, 0)])
    assert outcome(d(8, 1)) == (56, [("T1", 3, 1), ("T2", 2, 0)])
    assert outcome(d(8, 2)) == (59, [("T2", 2, 1), ("T1", 3, 1)])  # F: 1 Jun to 2 Aug, 62 days


def test_end_of_september(story):
    k = programme_kpis(story, d(9, 30))
    assert (k.participants.enrolled, k.participants.active, k.participants.in_training) == (6, 2, 1)
    assert (k.participants.employed, k.participants.education, k.participants.dropout) == (2, 1, 1)
    assert k.employment_rate == pytest.approx(2 / 6)
    assert k.employment_rate_of_leavers == 0.5
    assert k.median_days_to_employment == 59  # A 56 days, F 62 days
    assert (
        k.hours.employed_with_hours,
        k.hours.avg_start,
        k.hours.avg_latest,
        k.hours.increased,
    ) == (2, 9, 14, 1)
    assert (k.companies.with_agreement, k.companies.training, k.companies.network) == (3, 2, 2)
    assert k.funding.spent == 350_000
    assert k.funding.spent_share == 0.175
    assert k.funding.cost_per_participant == Decimal("58333.33")
    assert k.funding.cost_per_employed == Decimal("175000.00")
    assert [(c.name, c.trained, c.employed) for c in k.training_companies] == [
        ("T2", 2, 1),
        ("T1", 3, 1),
    ]


def test_the_target_is_met_when_the_rate_reaches_it(story):
    story.target_employment_rate = Decimal("0.333")
    story.save()
    assert programme_kpis(story, d(9, 30)).target_met is True


def test_a_target_on_leavers_uses_the_leavers_rate(story):
    story.employment_rate_basis = "leavers"
    story.target_employment_rate = Decimal("0.5")
    story.save()
    assert programme_kpis(story, d(9, 30)).target_met is True
    assert programme_kpis(story, d(6, 15)).target_met is True
    story.target_employment_rate = Decimal("0.6")
    story.save()
    assert programme_kpis(story, d(6, 15)).target_met is False


def test_on_a_leavers_programme_the_engine_judges_rate_jobs_and_companies_on_leavers(story):
    # On 30 Sep: 6 enrolled, 4 left (A and F hired, B stopped, E to education): 2 of 6 =
    # 33.3 % of all enrolled, 2 of 4 = 50 % of those who left. T1 trained A, B and E (all
    # left, A hired): 1 of 3. T2 trained C (still training) and F (hired): 1 of 2 trained,
    # 1 of 1 who left.
    story.employment_rate_basis = "leavers"
    story.target_employment_rate = Decimal("0.6")
    story.save()
    k = programme_kpis(story, d(9, 30))
    assert (k.target_basis, k.target_rate, k.target_met) == ("leavers", 0.5, False)
    assert (k.target_rate_label, k.other_rate_label) == ("af de ophørte", "af alle tilmeldte")
    assert k.other_rate == pytest.approx(1 / 3)
    # One more hire gives 3 of 5 = 60 %; of all enrolled it would take 2 (4 of 6 = 66.7 %).
    assert k.jobs_needed_for_target == 1
    by_name = {c.name: c for c in k.training_companies}
    t1, t2 = by_name["T1"], by_name["T2"]
    assert (t1.left, t1.target_rate, t1.target_met) == (3, pytest.approx(1 / 3), False)
    assert (t2.left, t2.employment_rate, t2.target_rate, t2.target_met) == (1, 0.5, 1.0, True)
    assert k.company_rate_label == "Andel, af de ophørte"


def test_on_an_enrolled_programme_the_target_rate_is_of_all_enrolled(story):
    story.target_employment_rate = Decimal("0.5")
    story.save()
    k = programme_kpis(story, d(9, 30))
    assert (k.target_basis, k.target_rate, k.target_met) == (
        "enrolled",
        pytest.approx(1 / 3),
        False,
    )
    assert k.target_rate_label == "af alle tilmeldte"
    assert k.jobs_needed_for_target == 1  # 3 of 6 = 50 %
    by_name = {c.name: c for c in k.training_companies}
    assert (by_name["T2"].target_rate, by_name["T2"].target_met) == (0.5, True)
    assert (by_name["T1"].target_rate, by_name["T1"].target_met) == (pytest.approx(1 / 3), False)


@pytest.mark.parametrize(
    ("target", "employed", "leavers", "needed"),
    [
        (0.4, 39, 70, 0),  # Jobsporet on leavers: 55.7 % is already above 40 %
        (0.6, 39, 70, 8),  # 47 of 78 = 60.3 %, 46 of 77 = 59.7 %
        (0.5, 0, 0, 1),  # nobody has left: the first hire makes it 100 %
        (1.0, 3, 3, 0),
        (1.0, 3, 4, None),  # one left without a job: 100 % can no longer be reached
    ],
)
def test_jobs_needed_on_leavers_counts_each_hire_as_a_leaver_too(target, employed, leavers, needed):
    assert (
        jobs_needed(
            target=target, basis="leavers", employed=employed, enrolled=121, leavers=leavers
        )
        == needed
    )


def test_jobs_needed_on_all_enrolled_is_the_articles_ten_more():
    assert jobs_needed(target=0.4, basis="enrolled", employed=39, enrolled=121, leavers=70) == 10
    assert jobs_needed(target=None, basis="enrolled", employed=39, enrolled=121, leavers=70) is None


def test_before_anyone_is_enrolled_the_ratios_are_null(story):
    k = programme_kpis(story, d(1, 2))
    assert k.participants.enrolled == 0
    data = to_json_dict(k)
    assert data["employment_rate"] is None
    assert data["employment_rate_of_leavers"] is None
    assert data["target_met"] is None
    assert data["median_days_to_employment"] is None
    assert data["hours"]["avg_start"] is None
    assert data["funding"]["cost_per_participant"] is None
    assert data["funding"]["cost_per_employed"] is None
    assert data["funding"]["spent_share"] == 0
    assert data["training_companies"] == []


def test_a_programme_without_budget_has_no_spent_share():
    empty = ProgrammeFactory(slug="empty")
    k = programme_kpis(empty, d(6, 1))
    assert k.funding.spent_share is None
    assert k.funding.granted == 0


def test_other_programmes_do_not_count(story, other_programme):
    ParticipantFactory(programme=other_programme, enrolled_on=d(2, 1))
    assert programme_kpis(story, d(9, 30)).participants.enrolled == 6


def test_the_json_has_exactly_the_documented_keys(story):
    data = to_json_dict(programme_kpis(story, d(9, 30)))
    assert list(data) == [
        "program",
        "as_of",
        "targets",
        "participants",
        "employment_rate",
        "employment_rate_of_leavers",
        "target_met",
        "companies",
        "median_days_to_employment",
        "hours",
        "funding",
        "training_companies",
        "followup",
    ]
    assert set(data["targets"]) == {"participants", "employment_rate"}
    assert set(data["participants"]) == {
        "enrolled",
        "active",
        "in_training",
        "employed",
        "education",
        "dropout",
    }
    assert set(data["companies"]) == {"with_agreement", "training", "network"}
    assert set(data["hours"]) == {"employed_with_hours", "avg_start", "avg_latest", "increased"}
    assert set(data["funding"]) == {
        "granted",
        "budget",
        "spent",
        "spent_share",
        "cost_per_participant",
        "cost_per_employed",
    }
    assert set(data["training_companies"][0]) == {
        "cvr",
        "name",
        "trained",
        "employed",
        "employment_rate",
    }
    assert data["as_of"] == "2021-09-30"
    assert data["employment_rate"] == 0.3333
    assert data["funding"]["granted"] == 1_000_000
    json.dumps(data)  # serialisable as it is


def test_the_median_comes_from_the_database_as_the_middle_one_or_two_values():
    programme = ProgrammeFactory(slug="m", starts_on=d(1, 1))
    as_of = datetime.date(2024, 12, 31)

    def hired_after(days: int) -> None:
        index = programme.participants.count()
        who = ParticipantFactory(programme=programme, reference=f"M{index}", enrolled_on=d(1, 4))
        hire(who, starts_on=d(1, 4) + datetime.timedelta(days=days))

    for days in (10, 1000, 30, 20, 40):
        hired_after(days)
    assert programme_kpis(programme, as_of).median_days_to_employment == 30  # 10 20 [30] 40 1000
    hired_after(50)
    assert programme_kpis(programme, as_of).median_days_to_employment == 35  # 20 [30 40] 50
    with CaptureQueriesContext(connection) as queries:
        median_days_to_employment(programme, as_of, 6)
    assert len(queries) == 1
    assert "LIMIT 2 OFFSET 2" in queries[0]["sql"], "only the middle two rows are fetched"


def test_the_engine_runs_a_fixed_number_of_queries(story, django_assert_num_queries):
    # Six figures and the six-month follow-up's one.
    with django_assert_num_queries(7) as small:
        programme_kpis(story, d(9, 30))
    company = CompanyFactory()
    AgreementFactory(programme=story, company=company, training_capacity=None, signed_on=d(1, 1))
    for index in range(25):
        person = ParticipantFactory(programme=story, reference=f"X{index}", enrolled_on=d(2, 1))
        placement_services.training_start(
            participant=person, company=company, starts_on=d(2, 2), actor=None
        )
        placement_services.participant_hire(
            participant=person,
            company=company,
            starts_on=d(4, 1),
            employment_type="ordinary",
            weekly_hours=Decimal(5),
            actor=None,
        )
    with django_assert_num_queries(len(small.captured_queries)):
        programme_kpis(story, d(9, 30))


def test_the_command_prints_json(story):
    out = StringIO()
    call_command("kpis", "--program", "p", "--as-of", "2021-09-30", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["participants"]["employed"] == 2
    assert data["program"] == "p"


def test_the_command_prints_a_danish_table(story):
    out = StringIO()
    call_command("kpis", "--program", "p", "--as-of", "2021-09-30", "--format", "text", stdout=out)
    text = out.getvalue()
    assert "Tilmeldt" in text
    assert "33,3 %" in text
    assert "50,0 %" in text
    assert "350.000 kr." in text
    assert "30. september 2021" in text


def test_the_danish_table_lines_up_even_the_target_row(story):
    out = StringIO()
    call_command("kpis", "--program", "p", "--as-of", "2021-09-30", "--format", "text", stdout=out)
    title = "Træningsvirksomheder: hvor mange af de trænede fik job"
    figures, companies = out.getvalue().split(title)
    rows = [line for line in figures.splitlines() if line.startswith("  ")]
    assert "  Mål, af alle tilmeldte " in figures and "40,0 % (mål ikke nået)" in figures
    assert len(rows) == 31  # six sections, the six-month follow-up among them
    assert {len(row) for row in rows} == {len(rows[0])}, "every figure ends in the same column"
    table = [line for line in companies.splitlines() if line.startswith("  ")]
    assert len(table) == 3  # the headings and T2, T1
    assert {len(line) for line in table} == {len(table[0])}
    cvr_column = table[0].index("CVR")
    assert all(line[cvr_column - 3 : cvr_column] == "   " for line in table), "names end before"
    assert table[1][cvr_column:].startswith(story.agreements.get(company__name="T2").company.cvr)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--program", "nope"], "No programme 'nope'"),
        (["--program", "p", "--as-of", "31-09-2021"], "YYYY-MM-DD"),
        (["--program", "p", "--as-of", "2021-02-30"], "YYYY-MM-DD"),
    ],
)
def test_the_command_refuses_bad_arguments_clearly(story, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("kpis", *arguments, stdout=StringIO())
    assert message in str(error.value)
