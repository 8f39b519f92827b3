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
