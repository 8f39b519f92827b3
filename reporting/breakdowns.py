"""The KPI engine's breakdowns for the dashboard: trends by month, sectors, job brokers, the
distribution of weekly hours and the funding ledger's sums.

Part of the one engine (reporting/kpis.py holds the definitions): each function here reuses
those definitions and conditions, and each is one query whatever the size of the programme.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from jobsporet.accounts.models import User
from jobsporet.core.choices import Sector
from jobsporet.programmes.models import FundingEntry, Programme
from participants.models import Participant

from .kpis import (
    EMPLOYMENT,
    NO_FILTERS,
    Filters,
    HoursLadder,
    ParticipantCounts,
    TrainingCompany,
    _exited_by,
    _ratio,
    _verdict,
    first_jobs_with_hours,
    hours_ladder_aggregates,
    ladder_from,
    on_basis,
    participant_counts_by_month,
    training_companies,
    training_company_rows,
)

# Companies (or sectors) that trained fewer than this are too few to judge by their rate.
FEWEST_TO_JUDGE = 3


def month_ends(start: datetime.date, as_of: datetime.date) -> list[datetime.date]:
    """The last day of every month from start's month to as_of's; the last point is as_of
    itself (a month end or not), so the series ends on the dashboard's date."""
    days: list[datetime.date] = []
    month = start.replace(day=1)
    while month <= as_of:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        days.append(min(following - datetime.timedelta(days=1), as_of))
        month = following
    return days


@dataclass(frozen=True)
class TrendPoint:
    day: datetime.date
    counts: ParticipantCounts

    @property
    def employment_rate(self) -> float | None:
        return _ratio(self.counts.employed, self.counts.enrolled)

    @property
    def employment_rate_of_leavers(self) -> float | None:
        return _ratio(self.counts.employed, self.counts.leavers)


def trend(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> list[TrendPoint]:
    """participant_counts at every month end from the programme's start to D, from month
    buckets (participant_counts_by_month). Two queries."""
    days = month_ends(programme.starts_on, as_of)
    counts = participant_counts_by_month(programme, days, filters)
    return [TrendPoint(day, figures) for day, figures in zip(days, counts, strict=True)]


@dataclass(frozen=True)
class GroupRate:
    """A group's trained (or enrolled), employed and left, with the rate the target is judged
    on and the verdict; too_few when fewer than FEWEST_TO_JUDGE were trained."""

    key: str
    label: str
    trained: int
    employed: int
    left: int
    employment_rate: float | None
    target_rate: float | None
    target_met: bool | None

    @property
    def too_few(self) -> bool:
        return self.trained < FEWEST_TO_JUDGE


def _group_rate(
    programme: Programme,
    key: str,
    label: str,
    trained: int,
    employed: int,
    left: int,
    target: float | None,
) -> GroupRate:
    rate = _ratio(employed, trained)
    target_rate = on_basis(
        programme.employment_rate_basis, of_enrolled=rate, of_leavers=_ratio(employed, left)
    )
    return GroupRate(
        key=key,
        label=label,
        trained=trained,
        employed=employed,
        left=left,
        employment_rate=rate,
        target_rate=target_rate,
        target_met=_verdict(target_rate, target),
    )


def _sectors(programme: Programme, rows: list[tuple], target: float | None) -> list[GroupRate]:
    labels = dict(Sector.choices)
    sectors = [
        _group_rate(programme, sector, str(labels.get(sector, sector)), *counts, target)
        for _cvr, sector, *counts in rows
    ]
    sectors.sort(key=lambda s: (-(s.employment_rate or 0), -s.trained, s.label))
    return sectors


def sector_rates(
    programme: Programme,
    as_of: datetime.date,
    *,
    target: float | None,
    filters: Filters = NO_FILTERS,
) -> list[GroupRate]:
    """training_companies by the training company's sector: distinct participants trained in
    the sector by D, of them employed by D (wherever hired) and left by D. A participant who
    trained in two sectors counts in both. One query (training_and_sectors reads the same
    figures with the training companies)."""
    return training_and_sectors(programme, as_of, target=target, filters=filters)[1]


def training_and_sectors(
    programme: Programme,
    as_of: datetime.date,
    *,
    target: float | None,
    filters: Filters = NO_FILTERS,
) -> tuple[list[TrainingCompany], list[GroupRate]]:
    """kpis.training_companies and sector_rates in one query: both count the same pairs of
    participant and training company (kpis.training_company_rows)."""
    rows = training_company_rows(programme, as_of, filters, sectors=True)
    # A company's row has its CVR number, a sector's has none.
    companies = [row for row in rows if row[0] is not None]
    sectors = [row for row in rows if row[0] is None]
    return (
        training_companies(programme, as_of, target=target, filters=filters, rows=companies),
        _sectors(programme, sectors, target),
    )


@dataclass(frozen=True)
class BrokerRow:
    job_broker_id: int | None
    name: str
    enrolled: int
    caseload: int
    employed: int
    dropout: int
    leavers: int

    @property
    def employment_rate(self) -> float | None:
        return _ratio(self.employed, self.enrolled)

    @property
    def employment_rate_of_leavers(self) -> float | None:
        return _ratio(self.employed, self.leavers)


def broker_rows(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> list[BrokerRow]:
    """Per job broker (the broker on the case now): enrolled by D, caseload (active on D),
    hires and dropouts by D, with participant_counts' definitions. One query: the participants
    are counted by broker id alone (from the index that holds enrolment, exit and broker), and
    only the brokers' few rows are joined to their names, by a statement written around the
    ORM's (grouping by the names as well made PostgreSQL sort every participant)."""
    counted = (
        Participant.objects.filter(programme=programme, enrolled_on__lte=as_of)
        .filter(filters.participants())
        .values("job_broker_id")
        .annotate(
            enrolled=Count("pk"),
            exited=Count("pk", filter=_exited_by(as_of)),
            employed=Count("pk", filter=_exited_by(as_of, EMPLOYMENT)),
            dropout=Count("pk", filter=_exited_by(as_of, Participant.ExitOutcome.DROPOUT)),
        )
        .order_by()
    )
    connection = connections[counted.db]
    sql, params = counted.query.sql_with_params()
    users = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_BROKER_ROWS.format(counted=sql, users=users), params)
        rows = cursor.fetchall()
    brokers = []
    for broker_id, enrolled, exited, employed, dropout, first, last, username in rows:
        name = " ".join(part for part in (first, last) if part)
        brokers.append(
            BrokerRow(
                job_broker_id=broker_id,
                name=name or username or "",
                enrolled=enrolled,
                caseload=enrolled - exited,
                employed=employed,
                dropout=dropout,
                leavers=exited,
            )
        )
    return brokers


# broker_rows' counts per broker id, with the broker's name; participants without a broker
# (none in practice) have no name. In order of name, as the page lists them.
_BROKER_ROWS = """
    SELECT counted.job_broker_id, counted.enrolled, counted.exited, counted.employed,
           counted.dropout, broker.first_name, broker.last_name, broker.username
    FROM ({counted}) counted
    LEFT OUTER JOIN {users} broker ON broker.id = counted.job_broker_id
    ORDER BY broker.first_name, broker.last_name, counted.job_broker_id
"""


# Weekly hours in bands: [lower, upper) with None for no upper bound.
HOURS_BANDS: list[tuple[int, int | None]] = [(0, 10), (10, 20), (20, 30), (30, 37), (37, None)]


@dataclass(frozen=True)
class HoursBand:
    lower: int
    upper: int | None
    at_hire: int
    now: int


@dataclass(frozen=True)
class HoursDistribution:
    bands: list[HoursBand]
    employed_with_hours: int
    increased: int
    ladder: HoursLadder  # the engine's hours ladder, read in the same query

    @property
    def increased_share(self) -> float | None:
        return _ratio(self.increased, self.employed_with_hours)


def hours_distribution(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> HoursDistribution:
    """The hours ladder's first employments with hours, counted by band of weekly hours at
    hire and of the latest hours on or before D; how many grew; and the hours ladder itself
    (kpis.hours_ladder's aggregates over the same rows). One query."""

    def band(field: str, lower: int, upper: int | None) -> Q:
        condition = Q(**{f"{field}__gte": lower})
        if upper is not None:
            condition &= Q(**{f"{field}__lt": upper})
        return condition

    with_hours = Q(weekly_hours__isnull=False)
    aggregates = hours_ladder_aggregates()
    for index, (lower, upper) in enumerate(HOURS_BANDS):
        aggregates[f"hire_{index}"] = Count(
            "pk", filter=with_hours & band("weekly_hours", lower, upper)
        )
        aggregates[f"now_{index}"] = Count("pk", filter=with_hours & band("latest", lower, upper))
    figures = first_jobs_with_hours(programme, as_of, filters).aggregate(**aggregates)
    return HoursDistribution(
        bands=[
            HoursBand(lower, upper, figures[f"hire_{index}"], figures[f"now_{index}"])
            for index, (lower, upper) in enumerate(HOURS_BANDS)
        ],
        employed_with_hours=figures["employed_with_hours"],
        increased=figures["increased"],
        ladder=ladder_from(figures),
    )


@dataclass(frozen=True)
class MonthSpend:
    month: datetime.date
    spent: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class FundingBreakdown:
    grants_by_source: list[tuple[str, Decimal]]
    budget: Decimal
    expenses_by_category: list[tuple[str, Decimal]]
    months: list[MonthSpend]

    @property
    def granted(self) -> Decimal:
        return sum((amount for _source, amount in self.grants_by_source), Decimal(0))

    @property
    def spent(self) -> Decimal:
        return self.months[-1].cumulative if self.months else Decimal(0)


def funding_breakdown(programme: Programme, as_of: datetime.date) -> FundingBreakdown:
    """The funding figure's rows dated on or before D, summed by kind, source, category and
    month in the database (one query): grants by source, the budget, expenses by category and
    by month with the running total. The sums equal kpis.funding()'s."""
    rows = (
        FundingEntry.objects.filter(programme=programme, on__lte=as_of)
        .annotate(month=TruncMonth("on"))
        .values("kind", "source", "category", "month")
        .annotate(amount=Sum("amount"))
        .order_by("month")
    )
    kind = FundingEntry.Kind
    grants: dict[str, Decimal] = defaultdict(Decimal)
    categories: dict[str, Decimal] = defaultdict(Decimal)
    by_month: dict[datetime.date, Decimal] = defaultdict(Decimal)
    budget = Decimal(0)
    for row in rows:
        amount = Decimal(row["amount"])
        if row["kind"] == kind.GRANT:
            grants[row["source"]] += amount
        elif row["kind"] == kind.BUDGET:
            budget += amount
        else:
            categories[row["category"]] += amount
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            by_month[month] += amount
    months, running = [], Decimal(0)
    for month in sorted(by_month):
        running += by_month[month]
        months.append(MonthSpend(month, by_month[month], running))
    return FundingBreakdown(
        grants_by_source=sorted(grants.items(), key=lambda item: -item[1]),
        budget=budget,
        expenses_by_category=sorted(categories.items(), key=lambda item: -item[1]),
        months=months,
    )
