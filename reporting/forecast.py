"""The forecast: the employment rate a programme is heading for at its end date.

Part of the KPI engine (it counts with kpis.py's definitions). Assumption, in plain words:
each participant active on D gets a job before the end date as often as earlier participants
did who had been enrolled as long (by whole months of 30 days) and were still active then,
over a window as long as the time left; and enrolment goes on until the end date at the pace of
the last RECENT_DAYS (none if nobody was enrolled then), the newcomers counted among all
enrolled but not expected to find a job before the end. Only what was known on D is used (exits
after D count as not yet happened), so a forecast made on an earlier date can be checked
against what happened (README, "The forecast, and how wrong it was"). One query: each
participant falls in a bucket of tenure months (_tenure_figures), so the query's cost does not
grow with the number of tenure months told apart.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Least

from jobsporet.programmes.models import Programme
from participants.models import Participant

from .kpis import (
    EMPLOYMENT,
    NO_FILTERS,
    DaysBetween,
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
    figures = _tenure_figures(programme, as_of, horizon, filters)
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


def _tenure_figures(
    programme: Programme, as_of: datetime.date, horizon: int, filters: Filters
) -> dict[str, int]:
    """For each tenure month m (0 to LONGEST; days of MONTH) with T = m * MONTH and the window
    W = T + horizon, over the participants enrolled by D:

    - risk_m: enrolled at least W days before D (their whole window is over) and not gone by
      tenure T: no exit known on D, or one more than T days after the enrolment;
    - hired_m, left_m: of those, the ones whose exit (known on D) came within W days of the
      enrolment, for a job and at all;
    - active_m: no exit known on D, enrolled T to T + MONTH days before D (the last month
      takes every longer tenure);

    and recent, those enrolled in the last RECENT_DAYS. Each participant counts in a range of
    tenure months: at risk in months 0 to `observed` (the last month whose window is over and
    that they reached; -1 for none), hired or left in months `left_from` to `observed` (from the
    first month whose window takes in the exit). One grouped query counts the participants by
    those bounds (with their outcome, or their tenure month now if still active), and the
    months are summed here, so the query is the same whatever LONGEST is. Exits after D count
    as not yet happened: such a participant is at risk in every month whose window is over,
    since the exit lies beyond it."""
    known_exit = Q(exit_on__isnull=False, exit_on__lte=as_of)
    age = DaysBetween("enrolled_on", Value(as_of))  # days enrolled on D
    stay = DaysBetween("enrolled_on", "exit_on")  # days to the exit, read only when known
    longest = Value(LONGEST)
    after_window = Value(LONGEST + 1)
    rows = (
        Participant.objects.filter(programme=programme, enrolled_on__lte=as_of)
        .filter(filters.participants())
        .annotate(age=age, stay=stay)
        .annotate(
            # Window over: age >= m * MONTH + horizon. Not gone by tenure T: stay > T, i.e.
            # m <= (stay - 1) // MONTH (integer division of non-negative numbers is the floor
            # on both databases, hence the cases).
            observed=Case(
                When(age__lt=horizon, then=Value(-1)),
                When(known_exit & Q(stay=0), then=Value(-1)),
                When(
                    known_exit,
                    then=Least((F("age") - horizon) / MONTH, (F("stay") - 1) / MONTH, longest),
                ),
                default=Least((F("age") - horizon) / MONTH, longest),
                output_field=IntegerField(),
            ),
            # The exit is within the window when stay <= m * MONTH + horizon, i.e. from the
            # month ceil((stay - horizon) / MONTH) on.
            left_from=Case(
                When(
                    known_exit & Q(stay__gt=horizon),
                    then=Least((F("stay") - horizon + MONTH - 1) / MONTH, after_window),
                ),
                When(known_exit, then=Value(0)),
                default=Value(None),
                output_field=IntegerField(),
            ),
            outcome=Case(When(known_exit, then=F("exit_outcome")), default=Value("")),
            tenure_now=Case(
                When(known_exit, then=Value(None)),
                default=Least(F("age") / MONTH, longest),
                output_field=IntegerField(),
            ),
        )
        .values("observed", "left_from", "outcome", "tenure_now")
        .annotate(
            count=Count("pk"),
            recent=Count(
                "pk", filter=Q(enrolled_on__gt=as_of - datetime.timedelta(days=RECENT_DAYS))
            ),
        )
        .order_by()
    )
    months = range(LONGEST + 1)
    figures = {f"{kind}_{m}": 0 for kind in ("risk", "hired", "left", "active") for m in months}
    figures["recent"] = 0
    for row in rows:
        count, observed = row["count"], row["observed"]
        figures["recent"] += row["recent"]
        for m in range(observed + 1):
            figures[f"risk_{m}"] += count
        if row["outcome"]:
            for m in range(row["left_from"], observed + 1):
                figures[f"left_{m}"] += count
                if row["outcome"] == EMPLOYMENT:
                    figures[f"hired_{m}"] += count
        if row["tenure_now"] is not None:
            figures[f"active_{row['tenure_now']}"] += count
    return figures
