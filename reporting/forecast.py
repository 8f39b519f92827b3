"""The forecast: the employment rate a programme is heading for at its end date.

Part of the KPI engine (it counts with kpis.py's definitions). Assumption, in plain words:
each participant active on D gets a job before the end date as often as earlier participants
did who had been enrolled as long (by whole months of 30 days) and were still active then,
over a window as long as the time left; and enrolment goes on until the end date at the pace of
the last RECENT_DAYS (none if nobody was enrolled then), the newcomers counted among all
enrolled but not expected to find a job before the end. Only what was known on D is used (exits
after D count as not yet happened), so a forecast made on an earlier date can be checked
against what happened (README, "The forecast, and how wrong it was"). One query.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from jobsporet.programmes.models import Programme
from participants.models import Participant

from .kpis import (
    EMPLOYMENT,
    NO_FILTERS,
    Filters,
    ParticipantCounts,
    _ratio,
    participant_counts,
)

MONTH = 30  # days in a tenure month
LONGEST = 24  # tenure months told apart; longer tenures are pooled with the 24th
FEWEST = 5  # a tenure month with fewer comparable participants uses the pooled conversion
Z_90 = 1.645
RECENT_DAYS = 91  # the intake of the last quarter sets the pace of enrolment until the end


@dataclass(frozen=True)
class Forecast:
    as_of: datetime.date
    ends_on: datetime.date
    active: int
    employed_now: int
    enrolled: int
    leavers_now: int
    expected_hires: float
    expected_leavers: float
    low_hires: float
    high_hires: float
    compared_with: int  # comparisons the conversions come from (participant x tenure month)
    expected_new: float = 0.0  # enrolments expected before the end, at the recent pace

    @property
    def too_early(self) -> bool:
        """Too few earlier participants to compare with: no figure is shown."""
        return self.compared_with < FEWEST

    @property
    def enrolled_at_end(self) -> float:
        return self.enrolled + self.expected_new

    @property
    def rate(self) -> float | None:
        return _ratio(self.employed_now + self.expected_hires, self.enrolled_at_end)

    @property
    def low(self) -> float | None:
        return _ratio(self.employed_now + self.low_hires, self.enrolled_at_end)

    @property
    def high(self) -> float | None:
        return _ratio(self.employed_now + self.high_hires, self.enrolled_at_end)

    @property
    def rate_of_leavers(self) -> float | None:
        return _ratio(
            self.employed_now + self.expected_hires, self.leavers_now + self.expected_leavers
        )


def forecast(
    programme: Programme,
    as_of: datetime.date,
    filters: Filters = NO_FILTERS,
    counts: ParticipantCounts | None = None,
) -> Forecast | None:
    """The forecast at the programme's end date from D (None without an end date after D).
    `counts` are participant_counts on D if the caller has them (else one more query)."""
    end = programme.ends_on
    if end is None or end <= as_of:
        return None
    horizon = (end - as_of).days
    to_exit = ExpressionWrapper(F("exit_on") - F("enrolled_on"), output_field=DurationField())
    known_exit = Q(exit_on__isnull=False, exit_on__lte=as_of)
    aggregates = {}
    for month in range(LONGEST + 1):
        tenure = datetime.timedelta(days=MONTH * month)
        window_end = tenure + datetime.timedelta(days=horizon)
        # Earlier participants whose whole window (from this tenure, as long as the time
        # left) ended by D, and who were still active at this tenure.
        observed = Q(enrolled_on__lte=as_of - window_end) & (
            Q(exit_on__isnull=True) | Q(to_exit__gt=tenure)
        )
        in_window = known_exit & Q(to_exit__lte=window_end)
        aggregates[f"risk_{month}"] = Count("pk", filter=observed)
        aggregates[f"hired_{month}"] = Count(
            "pk", filter=observed & in_window & Q(exit_outcome=EMPLOYMENT)
        )
        aggregates[f"left_{month}"] = Count("pk", filter=observed & in_window)
        # Active on D with this tenure (the last month takes every longer tenure).
        newest = as_of - tenure
        active_now = Q(enrolled_on__lte=newest) & ~known_exit
        if month < LONGEST:
            active_now &= Q(enrolled_on__gt=newest - datetime.timedelta(days=MONTH))
        aggregates[f"active_{month}"] = Count("pk", filter=active_now)
    aggregates["recent"] = Count(
        "pk", filter=Q(enrolled_on__gt=as_of - datetime.timedelta(days=RECENT_DAYS))
    )
    figures = (
        Participant.objects.filter(programme=programme, enrolled_on__lte=as_of)
        .filter(filters.participants())
        .annotate(to_exit=to_exit)
        .aggregate(**aggregates)
    )
    counts = counts or participant_counts(programme, as_of, filters)
    months = range(LONGEST + 1)
    risk_all = sum(figures[f"risk_{m}"] for m in months)
    pooled_hire = _ratio(sum(figures[f"hired_{m}"] for m in months), risk_all) or 0.0
    pooled_leave = _ratio(sum(figures[f"left_{m}"] for m in months), risk_all) or 0.0
    hires = leavers = variance = 0.0
    for m in months:
        active, risk = figures[f"active_{m}"], figures[f"risk_{m}"]
        if risk >= FEWEST:
            p_hire, p_leave = figures[f"hired_{m}"] / risk, figures[f"left_{m}"] / risk
            basis = risk
        else:
            p_hire, p_leave, basis = pooled_hire, pooled_leave, max(risk_all, 1)
        hires += active * p_hire
        leavers += active * p_leave
        # Chance (each active participant) and the uncertainty of the conversion itself.
        variance += active * p_hire * (1 - p_hire) + active**2 * p_hire * (1 - p_hire) / basis
    spread = Z_90 * math.sqrt(variance)
    return Forecast(
        as_of=as_of,
        ends_on=end,
        active=counts.active,
        employed_now=counts.employed,
        enrolled=counts.enrolled,
        leavers_now=counts.leavers,
        expected_hires=hires,
        expected_leavers=leavers,
        low_hires=max(0.0, hires - spread),
        high_hires=min(float(counts.active), hires + spread),
        compared_with=risk_all,
        expected_new=figures["recent"] * horizon / RECENT_DAYS,
    )
