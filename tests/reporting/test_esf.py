"""The EU Social Fund indicators on a hand-made set where every figure and gender split is
worked out by hand, with the boundaries: exactly 25 and 54 at entry, unemployed exactly 12
months (and 6 under 25), a follow-up recorded exactly six months after the exit, one falling
due the day after the report."""

import datetime

import pytest

from participants import services
from reporting.esf import BY_KEY, esf_report, participants_counted
from tests.factories import (
    ParticipantFactory,
    PersonFactory,
    hire,
    leave,
    make_cpr,
    record_follow_up,
)

pytestmark = pytest.mark.django_db
d = datetime.date
START, END, TODAY = d(2021, 1, 1), d(2021, 12, 31), d(2022, 6, 29)
NO = {f"disadvantaged_{g}": False for g in ("migrant", "disability", "other", "homeless", "rural")}


def enrol(programme, born, *, man, on, **values):
    person = PersonFactory(cpr=make_cpr(born, serial=1 if man else 2))
    return ParticipantFactory(programme=programme, person=person, enrolled_on=on, **values)


def update(case, **values):
    return services.participant_update(participant=case, actor=None, **values)


@pytest.fixture
def cases(programme):
    c = {}
    # Exactly 25 at entry (not below 25), unemployed exactly 12 months: long-term.
    c["A"] = enrol(
        programme, d(1996, 3, 1), man=False, on=d(2021, 3, 1),
        labour_market_status="unemployed", unemployed_since=d(2020, 3, 1),
        education_level="isced_0_2", **{**NO, "disadvantaged_migrant": True},
    )  # fmt: skip
    # 24 (the birthday is tomorrow): below 25; unemployed exactly 6 months: long-term under 25.
    c["B"] = enrol(
        programme, d(1996, 3, 2), man=True, on=d(2021, 3, 1),
        labour_market_status="unemployed", unemployed_since=d(2020, 9, 1), **NO,
    )  # fmt: skip
    # Exactly 55: above 54; inactive, not in education.
    c["C"] = enrol(
        programme, d(1966, 6, 15), man=False, on=d(2021, 6, 15),
        labour_market_status="inactive_not_in_education", education_level="isced_3_4",
        **{**NO, "disadvantaged_disability": True},
    )  # fmt: skip
    # 54 (the birthday is tomorrow): not above 54; unemployed 11 months: not long-term.
    c["D"] = enrol(
        programme, d(1966, 6, 16), man=True, on=d(2021, 6, 15),
        labour_market_status="unemployed", unemployed_since=d(2020, 6, 16),
        education_level="isced_5_8", **NO,
    )  # fmt: skip
    # Employed at entry; education and disadvantaged groups not stated.
    c["E"] = enrol(
        programme, d(1980, 1, 1), man=True, on=d(2021, 4, 1), labour_market_status="employed"
    )
    # Entered before the period, inactive; leaves in it.
    c["F"] = enrol(
        programme, d(1990, 1, 1), man=False, on=d(2020, 12, 31), labour_market_status="inactive"
    )
    # Gender and labour-market status not stated.
    c["G"] = update(enrol(programme, d(1970, 5, 5), man=True, on=d(2021, 2, 1)), gender="")
    # Unemployed, the date it began not stated.
    c["I"] = enrol(
        programme, d(1985, 1, 1), man=False, on=d(2021, 10, 1),
        labour_market_status="unemployed", education_level="isced_3_4",
    )  # fmt: skip

    c["C"] = leave(c["C"], d(2021, 9, 30), "education")
    update(c["C"], qualification_at_exit=True)
    record_follow_up(c["C"], outcome="part_time", contacted_on=d(2022, 3, 30))  # exactly 6 months
    hire(c["E"], starts_on=d(2021, 8, 1))
    record_follow_up(c["E"], outcome="ordinary_job", contacted_on=d(2022, 2, 3))
    c["F"] = leave(c["F"], d(2021, 5, 31))
    update(c["F"], job_searching_at_exit=True)
    record_follow_up(c["F"], outcome="not_reached", contacted_on=d(2021, 12, 1))
    leave(c["B"], d(2021, 12, 31))  # due 2022-06-30, the day after TODAY
    leave(c["A"], d(2021, 7, 1), "education")  # due 2022-01-01, never recorded
    leave(c["D"], d(2022, 1, 15))  # after the period
    return c


def figures(report, section):
    return {
        f.definition.key: (f.women, f.men, f.total, f.missing) for f in getattr(report, section)
    }


def test_the_output_indicators_by_gender(programme, cases):
    report = esf_report(programme, start=START, end=END, today=TODAY)
    entered = report.entered
    assert (entered.women, entered.men, entered.total, entered.missing) == (3, 3, 7, 1)
    assert figures(report, "output") == {
        "unemployed": (2, 2, 4, 1),
        "long_term_unemployed": (1, 1, 2, 2),
        "inactive": (1, 0, 1, 1),
        "inactive_not_in_education": (1, 0, 1, 1),
        "employed": (0, 1, 1, 1),
        "below_25": (0, 1, 1, None),
        "above_54": (1, 0, 1, None),
        "above_54_without_work": (1, 0, 1, 0),
        "isced_1_2": (1, 0, 1, 3),
        "isced_3_4": (2, 0, 2, 3),
        "isced_5_8": (0, 1, 1, 3),
        "migrant": (1, 0, 1, 3),
        "disability": (1, 0, 1, 3),
        "other": (0, 0, 0, 3),
        "homeless": (0, 0, 0, 3),
        "rural": (0, 0, 0, 3),
    }


def test_the_result_indicators_on_leaving(programme, cases):
    report = esf_report(programme, start=START, end=END, today=TODAY)
    left = report.left
    assert (left.women, left.men, left.total) == (3, 2, 5)
    assert figures(report, "immediate") == {
        "inactive_job_searching": (1, 0, 1, 1),
        "education_on_leaving": (2, 0, 2, None),
        "qualification_on_leaving": (1, 0, 1, 4),
        "employed_on_leaving": (0, 1, 1, None),
        "disadvantaged_result": (2, 0, 2, 2),
    }


def test_the_longer_term_results_and_the_follow_ups_progress(programme, cases):
    report = esf_report(programme, start=START, end=END, today=TODAY)
    assert figures(report, "longer") == {
        "employed_6_months": (1, 1, 2, 3),
        "improved_6_months": (0, 1, 1, 3),
        "above_54_employed_6_months": (1, 0, 1, 0),
        "disadvantaged_employed_6_months": (1, 0, 1, 3),
    }
    assert figures(report, "follow_ups") == {
        "follow_up_not_due": (0, 1, 1, None),
        "follow_up_not_recorded": (1, 0, 1, None),
        "follow_up_not_reached": (1, 0, 1, None),
    }
    next_day = esf_report(programme, start=START, end=END, today=TODAY + datetime.timedelta(1))
    assert figures(next_day, "follow_ups")["follow_up_not_recorded"] == (1, 1, 2, None)


def test_each_figure_lists_exactly_the_participants_it_counts(programme, cases):
    def listed(key, **kw):
        rows = participants_counted(programme, BY_KEY[key], start=START, end=END, **kw)
        return {c.reference for c in rows}

    ref = {name: case.reference for name, case in cases.items()}
    assert listed("long_term_unemployed") == {ref["A"], ref["B"]}
    assert listed("long_term_unemployed", missing=True) == {ref["G"], ref["I"]}
    assert listed("above_54", gender="women") == {ref["C"]}
    assert listed("above_54", gender="men") == set()
    assert listed("employed_6_months") == {ref["C"], ref["E"]}


def test_a_reopened_case_is_no_leaver(programme, cases):
    services.participant_reopen(participant=cases["F"], actor=None, reason="Tilbage")
    report = esf_report(programme, start=START, end=END, today=TODAY)
    assert report.left.total == 4
    assert figures(report, "follow_ups")["follow_up_not_reached"] == (0, 0, 0, None)


def test_the_report_is_three_queries(programme, cases, django_assert_num_queries):
    with django_assert_num_queries(3):
        esf_report(programme, start=START, end=END, today=TODAY)
