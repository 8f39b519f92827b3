"""The forecast: conversions of earlier participants by tenure, applied to those active now,
from what was known on the day (exits after it count as not yet happened)."""

import datetime

import pytest

from reporting.forecast import forecast
from tests.factories import ParticipantFactory, ProgrammeFactory, hire

pytestmark = pytest.mark.django_db

D = datetime.date(2021, 7, 1)  # 547 days after the first enrolments; 183 days left


def _hired(participant, days: int) -> None:
    hire(participant, starts_on=participant.enrolled_on + datetime.timedelta(days=days))


@pytest.fixture
def programme():
    p = ProgrammeFactory(starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 12, 31))
    first = datetime.date(2020, 1, 1)
    earlier = [ParticipantFactory(programme=p, enrolled_on=first) for _ in range(11)]
    for participant in earlier[:4]:
        _hired(participant, 100)
    _hired(earlier[4], 578)  # hired after D: not known on D
    for _ in range(5):
        ParticipantFactory(programme=p, enrolled_on=datetime.date(2021, 6, 20))
    return p


def test_the_active_convert_as_earlier_participants_of_the_same_tenure_did(programme):
    result = forecast(programme, D)
    # Tenure months 0-3: 11 were active then, 4 hired within 183 days. Months 4-12: 7 still
    # active, none hired within the window. So the 5 new ones (month 0) convert at 4/11; the
    # 7 active since January 2020 (month 18, nobody to compare with) at the pooled 16/107.
    assert result.expected_hires == pytest.approx(5 * 4 / 11 + 7 * 16 / 107)
    assert (result.enrolled, result.employed_now, result.active) == (16, 4, 12)
    # The 5 enrolled in the last 91 days set the pace for the 183 days left: about 10 more
    # enrolled by the end, counted among all enrolled, none of them hired by then.
    assert result.expected_new == pytest.approx(5 * 183 / 91)
    assert result.rate == pytest.approx((4 + result.expected_hires) / (16 + 5 * 183 / 91))
    assert result.rate_of_leavers == pytest.approx(
        (4 + result.expected_hires) / (4 + result.expected_leavers)
    )
    assert result.low < result.rate < result.high
    assert not result.too_early


def test_without_enrolments_in_the_last_quarter_nobody_new_is_expected(programme):
    later = datetime.date(2021, 10, 1)  # 103 days after the last enrolment, 91 days left
    result = forecast(programme, later)
    assert result.expected_new == 0
    assert result.rate == pytest.approx(
        (result.employed_now + result.expected_hires) / result.enrolled
    )


def test_no_forecast_after_the_end_or_without_one(programme):
    assert forecast(programme, datetime.date(2021, 12, 31)) is None
    programme.ends_on = None
    assert forecast(programme, D) is None


def test_too_early_when_nobody_has_been_followed_as_long_as_the_time_left(programme):
    assert forecast(programme, datetime.date(2020, 3, 1)).too_early


def test_the_forecast_is_one_query_given_the_counts(programme, django_assert_num_queries):
    from reporting.kpis import participant_counts

    counts = participant_counts(programme, D)
    with django_assert_num_queries(1):
        forecast(programme, D, counts=counts)


def _figures_by_conditions(programme, as_of: datetime.date, horizon: int) -> dict[str, int]:
    """The forecast's figures as the definition states them: one conditional count per tenure
    month (what the forecast ran before it counted tenure buckets)."""
    from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

    from participants.models import Participant
    from reporting.forecast import LONGEST, MONTH, RECENT_DAYS

    to_exit = ExpressionWrapper(F("exit_on") - F("enrolled_on"), output_field=DurationField())
    known_exit = Q(exit_on__isnull=False, exit_on__lte=as_of)
    aggregates = {}
    for month in range(LONGEST + 1):
        tenure = datetime.timedelta(days=MONTH * month)
        window_end = tenure + datetime.timedelta(days=horizon)
        observed = Q(enrolled_on__lte=as_of - window_end) & (
            Q(exit_on__isnull=True) | Q(to_exit__gt=tenure)
        )
        in_window = known_exit & Q(to_exit__lte=window_end)
        aggregates[f"risk_{month}"] = Count("pk", filter=observed)
        aggregates[f"hired_{month}"] = Count(
            "pk", filter=observed & in_window & Q(exit_outcome="employment")
        )
        aggregates[f"left_{month}"] = Count("pk", filter=observed & in_window)
        newest = as_of - tenure
        active_now = Q(enrolled_on__lte=newest) & ~known_exit
        if month < LONGEST:
            active_now &= Q(enrolled_on__gt=newest - datetime.timedelta(days=MONTH))
        aggregates[f"active_{month}"] = Count("pk", filter=active_now)
    aggregates["recent"] = Count(
        "pk", filter=Q(enrolled_on__gt=as_of - datetime.timedelta(days=RECENT_DAYS))
    )
    return (
        Participant.objects.filter(programme=programme, enrolled_on__lte=as_of)
        .annotate(to_exit=to_exit)
        .aggregate(**aggregates)
    )


def test_the_tenure_buckets_count_as_the_conditions_of_each_tenure_month():
    """The forecast counts each participant once, in the tenure months their enrolment and
    exit put them in; every figure equals the per-month condition it stands for, on days and
    horizons that put enrolments and exits on and beside the month boundaries."""
    from companies.models import Company
    from reporting.forecast import _tenure_figures
    from reporting.kpis import NO_FILTERS
    from tests.factories import CompanyFactory, leave

    programme = ProgrammeFactory(
        starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2022, 12, 31)
    )
    company: Company = CompanyFactory()
    first = datetime.date(2019, 1, 1)
    stays = [0, 1, 29, 30, 31, 59, 60, 61, 90, 120, 183, 184, 213, 365, 400, 700, 800]
    for index in range(60):
        enrolled_on = first + datetime.timedelta(days=index * 17)
        participant = ParticipantFactory(programme=programme, enrolled_on=enrolled_on)
        if index % 5 == 4:
            continue  # still active
        exit_on = enrolled_on + datetime.timedelta(days=stays[index % len(stays)])
        if index % 3 == 0:
            hire(participant, company=company, starts_on=exit_on)
        else:
            leave(participant, exit_on, "education" if index % 3 == 1 else "dropout")
    for as_of in (
        datetime.date(2020, 6, 30),
        datetime.date(2020, 12, 31),
        datetime.date(2021, 3, 2),
    ):
        for horizon in (1, 30, 60, 183, 184, 365):
            expected = _figures_by_conditions(programme, as_of, horizon)
            assert _tenure_figures(programme, as_of, horizon, NO_FILTERS) == expected, (
                as_of,
                horizon,
            )
