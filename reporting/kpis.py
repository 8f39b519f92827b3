"""The KPI engine: a programme's outcome figures on a date, from database aggregates.

One engine, several faces: the `kpis` command, the outcomes page and (later) exports and
snapshots all call programme_kpis(). Every figure is computed for the state of the world on the
as-of date D. The whole computation is a fixed handful of queries, whatever the data size.
Definitions are in the README ("Outcome figures"); each function below says which it computes.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext as _

from companies.models import Agreement, Company
from jobsporet.core.side_by_side import Done, side_by_side
from jobsporet.programmes.models import FundingEntry, Programme
from participants.models import Participant
from placements.models import HoursChange, Placement

from .followup import FollowUpFigures, followup_figures, followup_json

EMPLOYMENT = Participant.ExitOutcome.EMPLOYMENT
EDUCATION = Participant.ExitOutcome.EDUCATION
DROPOUT = Participant.ExitOutcome.DROPOUT
ENROLLED_BASIS = Programme.RateBasis.ENROLLED
LEAVERS_BASIS = Programme.RateBasis.LEAVERS


class DaysBetween(Func):
    """Whole days from the first date to the second, as an integer (NULL when either is NULL),
    on PostgreSQL (the difference of two dates) and SQLite (of their Julian day numbers)."""

    arity = 2
    output_field = IntegerField()

    def _difference(self, compiler: SQLCompiler, template: str) -> tuple[str, tuple]:
        (start, start_params), (end, end_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return template.format(end=end, start=start), (*end_params, *start_params)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: object
    ) -> tuple[str, tuple]:
        return self._difference(compiler, "({end} - {start})")

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: object
    ) -> tuple[str, tuple]:
        return self._difference(compiler, "CAST(julianday({end}) - julianday({start}) AS INTEGER)")


@dataclass(frozen=True)
class Filters:
    """Which participants the figures count: everyone (the default), or those of one job broker
    (the broker on the case now), those trained at a company in one sector (any training
    placement in the programme), those enrolled in one quarter (the cohort). Agreements and
    funding belong to the programme and are never filtered."""

    job_broker_id: int | None = None
    sector: str = ""
    cohort: tuple[int, int] | None = None  # (year, quarter 1-4)

    @property
    def any(self) -> bool:
        return self.job_broker_id is not None or bool(self.sector) or self.cohort is not None

    def cohort_bounds(self) -> tuple[datetime.date, datetime.date] | None:
        if self.cohort is None:
            return None
        year, quarter = self.cohort
        first = datetime.date(year, 3 * quarter - 2, 1)
        after = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        return first, after - datetime.timedelta(days=1)

    def participants(self, prefix: str = "") -> Q:
        """The condition on Participant (through `prefix`, e.g. "participant__")."""
        condition = Q()
        if self.job_broker_id is not None:
            condition &= Q(**{f"{prefix}job_broker_id": self.job_broker_id})
        if self.sector:
            trained_in_sector = Placement.objects.filter(
                kind=Placement.Kind.TRAINING, company__sector=self.sector
            ).values("participant_id")
            condition &= Q(**{f"{prefix}pk__in": trained_in_sector})
        bounds = self.cohort_bounds()
        if bounds:
            condition &= Q(
                **{f"{prefix}enrolled_on__gte": bounds[0], f"{prefix}enrolled_on__lte": bounds[1]}
            )
        return condition


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Targets:
    participants: int | None
    employment_rate: float | None


@dataclass(frozen=True)
class ParticipantCounts:
    enrolled: int
    active: int
    in_training: int
    employed: int
    education: int
    dropout: int

    @property
    def leavers(self) -> int:
        return self.employed + self.education + self.dropout


@dataclass(frozen=True)
class CompanyCounts:
    with_agreement: int
    training: int
    network: int


@dataclass(frozen=True)
class HoursLadder:
    employed_with_hours: int
    avg_start: float | None
    avg_latest: float | None
    increased: int


@dataclass(frozen=True)
class Funding:
    granted: Decimal
    budget: Decimal
    spent: Decimal
    spent_share: float | None
    cost_per_participant: Decimal | None
    cost_per_employed: Decimal | None


@dataclass(frozen=True)
class TrainingCompany:
    """employment_rate is of all trained there; target_rate is the rate the programme's
    target is judged on (of those trained there who have left, for a leavers programme), and
    target_met the company's verdict on it."""

    cvr: str
    name: str
    trained: int
    employed: int
    employment_rate: float | None
    left: int
    target_rate: float | None
    target_met: bool | None


@dataclass(frozen=True)
class Kpis:
    program: str
    as_of: datetime.date
    targets: Targets
    participants: ParticipantCounts
    employment_rate: float | None
    employment_rate_of_leavers: float | None
    target_basis: str
    target_rate: float | None
    target_met: bool | None
    companies: CompanyCounts
    median_days_to_employment: float | None
    hours: HoursLadder
    funding: Funding
    training_companies: list[TrainingCompany]
    followup: FollowUpFigures

    @property
    def target_rate_label(self) -> str:
        """What target_rate is a share of: "of all enrolled" or "of those who left"."""
        return Programme.RateBasis(self.target_basis).label

    @property
    def other_rate(self) -> float | None:
        """The employment rate on the basis the target is not judged on (shown beside it)."""
        if self.target_basis == Programme.RateBasis.ENROLLED:
            return self.employment_rate_of_leavers
        return self.employment_rate

    @property
    def other_rate_label(self) -> str:
        other = {ENROLLED_BASIS: LEAVERS_BASIS, LEAVERS_BASIS: ENROLLED_BASIS}[self.target_basis]
        return Programme.RateBasis(other).label

    @property
    def company_rate_label(self) -> str:
        """The heading of a training company's target_rate."""
        return company_rate_label(self.target_basis)

    @property
    def jobs_needed_for_target(self) -> int | None:
        """How many more hires the target needs, on its basis (the article's "10 more": 40 %
        of 121 enrolled is 49 jobs, 39 were hired)."""
        p = self.participants
        return jobs_needed(
            target=self.targets.employment_rate,
            basis=self.target_basis,
            employed=p.employed,
            enrolled=p.enrolled,
            leavers=p.leavers,
        )


@dataclass(frozen=True)
class Headline:
    """The start page's few figures: the counts and the rate the target is judged on. One
    query, where programme_kpis runs the whole engine."""

    participants: ParticipantCounts
    targets: Targets
    target_basis: str
    target_rate: float | None

    @property
    def target_rate_label(self) -> str:
        return Programme.RateBasis(self.target_basis).label


def company_rate_label(basis: str) -> str:
    """The heading of a training company's target_rate on the programme's basis."""
    if basis == ENROLLED_BASIS:
        return str(_("Rate"))
    return str(_("Rate, of those who left"))


def on_basis(basis: str, *, of_enrolled: float | None, of_leavers: float | None) -> float | None:
    """The rate a programme's target is judged on: of all enrolled or of those who left."""
    return of_enrolled if basis == ENROLLED_BASIS else of_leavers


def _verdict(rate: float | None, target: float | None) -> bool | None:
    return None if rate is None or target is None else rate >= target


def jobs_needed(
    *, target: float | None, basis: str, employed: int, enrolled: int, leavers: int
) -> int | None:
    """The fewest further hires that bring the rate on `basis` up to `target` (0 when it is
    there; None without a target, or when no number of hires can reach it)."""
    if target is None:
        return None
    if basis == ENROLLED_BASIS:
        return max(math.ceil(round(target * enrolled, 6)) - employed, 0)
    # A hire is a leaver too: k more hires give a rate of (employed + k) / (leavers + k).
    if target >= 1:
        return None if employed < leavers else (0 if leavers else 1)
    needed = math.ceil(round((target * leavers - employed) / (1 - target), 6))
    return max(needed, 0 if leavers else 1)


def _ratio(numerator: float | Decimal, denominator: float | Decimal) -> float | None:
    return None if not denominator else float(numerator) / float(denominator)


def _money_ratio(numerator: Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


def _exited_by(day: datetime.date, outcome: str | None = None, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}exit_on__isnull": False, f"{prefix}exit_on__lte": day})
    if outcome:
        condition &= Q(**{f"{prefix}exit_outcome": outcome})
    return condition


def participant_counts(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> ParticipantCounts:
    """enrolled: enrolled on or before D. Exits count only if dated on or before D, by outcome.
    active = enrolled minus those exits. in_training = active with a training placement that
    started by D and has no end or ends on or after D. One query (see participant_counts_on)."""
    return participant_counts_on(programme, [as_of], filters)[0]


def participant_counts_on(
    programme: Programme, days: list[datetime.date], filters: Filters = NO_FILTERS
) -> list[ParticipantCounts]:
    """participant_counts on each of `days` (the month ends of a trend), in one query: every
    figure of every day is a conditional count over the programme's participants, so a series
    and a single date use the very same definitions. The trainings covering a day are read
    once per day (a hashed set), not looked up again for every participant."""
    if not days:
        return []
    # The outer query holds the programme (and the filters): the trainings need not join the
    # participants again to find it.
    trainings = Placement.objects.filter(kind=Placement.Kind.TRAINING)
    aggregates = {}
    for index, day in enumerate(days):
        training_on_day = (
            trainings.filter(starts_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .values("participant_id")
        )
        # An exit is never before its enrolment (a constraint), so an exit by D is enrolled by D.
        exited = _exited_by(day)
        aggregates |= {
            f"enrolled_{index}": Count("pk", filter=Q(enrolled_on__lte=day)),
            f"exited_{index}": Count("pk", filter=exited),
            f"employed_{index}": Count("pk", filter=_exited_by(day, EMPLOYMENT)),
            f"education_{index}": Count("pk", filter=_exited_by(day, EDUCATION)),
            f"dropout_{index}": Count("pk", filter=_exited_by(day, DROPOUT)),
            f"in_training_{index}": Count(
                "pk", filter=Q(enrolled_on__lte=day) & ~exited & Q(pk__in=training_on_day)
            ),
        }
    figures = (
        Participant.objects.filter(programme=programme, enrolled_on__lte=max(days))
        .filter(filters.participants())
        .aggregate(**aggregates)
    )
    return [
        ParticipantCounts(
            enrolled=figures[f"enrolled_{index}"],
            active=figures[f"enrolled_{index}"] - figures[f"exited_{index}"],
            in_training=figures[f"in_training_{index}"],
            employed=figures[f"employed_{index}"],
            education=figures[f"education_{index}"],
            dropout=figures[f"dropout_{index}"],
        )
        for index in range(len(days))
    ]


def _month(value: datetime.date | datetime.datetime) -> datetime.date:
    """TruncMonth's value as a date (a backend may return a datetime)."""
    return value.date() if isinstance(value, datetime.datetime) else value


# participant_counts' "in training" on one day, over the rows of _in_training_on.
_IN_TRAINING_ON = (
    "COUNT(DISTINCT person) FILTER (WHERE enrolled <= %s AND starts <= %s"
    " AND (ended IS NULL OR ended >= %s) AND (exited IS NULL OR exited > %s))"
)


def _in_training_on(trainings: QuerySet, days: list[datetime.date]) -> tuple[int, ...]:
    """For each of `days`, the participants in training on that day (participant_counts'
    condition: enrolled by the day, not left by it, a training started by it and not ended
    before it), counted over `trainings`' rows (the participant as `person`, `enrolled`,
    the training's `starts` and `ended`, the exit as `exited`). One statement of a
    conditional distinct count per day, written around the ORM's SQL for the rows: the ORM
    would resolve the same five conditions again for every day (at 31 month ends, the
    largest part of the dashboard's own time)."""
    connection = connections[trainings.db]
    sql, params = trainings.query.sql_with_params()
    counts, day_params = [], []
    for day in days:
        counts.append(_IN_TRAINING_ON)
        day_params += [connection.ops.adapt_datefield_value(day)] * 4
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)} FROM ({sql}) trainings", (*day_params, *params))
        return cursor.fetchone()


def participant_counts_by_month(
    programme: Programme, days: list[datetime.date], filters: Filters = NO_FILTERS
) -> list[ParticipantCounts]:
    """participant_counts on each of `days`, the month ends of a trend (the last may be any day
    of its month), in two queries whatever the number of months or participants.

    Enrolments and exits are flows: the database counts them per month (enrolments by month of
    enrolment, exits by month and outcome, one grouped query), and a month end's figure is the
    sum of the months up to it, so `enrolled`, `employed`, `education`, `dropout` and `active`
    are participant_counts' own conditions, added up. "In training" is a state (a participant
    may hold two trainings that overlap), so it is counted per month end as distinct
    participants over the programme's trainings: one conditional count per month end in one
    query (_in_training_on), with participant_counts' condition (enrolled, not left, a
    training covering the day)."""
    if not days:
        return []
    months = [day.replace(day=1) for day in days]
    if months != sorted(set(months)) or any(
        (day + datetime.timedelta(days=1)).day != 1 for day in days[:-1]
    ):
        raise ValueError("days must be month ends in order, one a month (the last any day).")
    last = days[-1]
    participants = Participant.objects.filter(programme=programme).filter(filters.participants())
    enrolments = (
        participants.filter(enrolled_on__lte=last)
        .annotate(month=TruncMonth("enrolled_on"), kind=Value("enrolled"))
        .values("month", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    exits = (
        participants.filter(_exited_by(last))
        .annotate(month=TruncMonth("exit_on"), kind=F("exit_outcome"))
        .values("month", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    flows: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for row in enrolments.union(exits, all=True):
        # Everything before the first month counts from the first month end on.
        index = bisect.bisect_left(months, _month(row["month"]))
        flows[row["kind"]][index] += row["count"]
        if row["kind"] != "enrolled":
            flows["exited"][index] += row["count"]
    trainings = (
        Placement.objects.filter(
            participant__programme=programme, kind=Placement.Kind.TRAINING, starts_on__lte=last
        )
        .filter(filters.participants("participant__"))
        .values(
            person=F("participant_id"),
            enrolled=F("participant__enrolled_on"),
            starts=F("starts_on"),
            ended=F("ended_on"),
            exited=F("participant__exit_on"),
        )
        .order_by()
    )
    in_training = _in_training_on(trainings, days)
    totals = {kind: list(itertools.accumulate(counts)) for kind, counts in flows.items()}
    zeros = [0] * len(days)

    def total(kind: str, index: int) -> int:
        return totals.get(kind, zeros)[index]

    return [
        ParticipantCounts(
            enrolled=total("enrolled", index),
            active=total("enrolled", index) - total("exited", index),
            in_training=in_training[index],
            employed=total(EMPLOYMENT, index),
            education=total(EDUCATION, index),
            dropout=total(DROPOUT, index),
        )
        for index in range(len(days))
    ]


def company_counts(programme: Programme, as_of: datetime.date) -> CompanyCounts:
    """Agreements with the programme signed on or before D; training and network count the
    roles (a company with both counts in both). One query."""
    figures = Agreement.objects.filter(programme=programme, signed_on__lte=as_of).aggregate(
        with_agreement=Count("pk"),
        training=Count("pk", filter=Q(is_training=True)),
        network=Count("pk", filter=Q(is_network=True)),
    )
    return CompanyCounts(**figures)


def median_days_to_employment(
    programme: Programme, as_of: datetime.date, employed: int, filters: Filters = NO_FILTERS
) -> float | None:
    """Median of days from enrolment to exit over those who left for employment by D.

    `employed` is how many they are (participant_counts counts the same rows), so the database
    orders them by the time to job and returns only the middle one or two: one query, whatever
    the number of hires. The difference of two dates is a duration on SQLite and PostgreSQL
    alike.
    """
    if not employed:
        return None
    middle = (
        Participant.objects.filter(
            _exited_by(as_of, EMPLOYMENT), programme=programme, enrolled_on__lte=as_of
        )
        .filter(filters.participants())
        .annotate(
            to_job=ExpressionWrapper(F("exit_on") - F("enrolled_on"), output_field=DurationField())
        )
        .order_by("to_job")
        .values_list("to_job", flat=True)
    )
    first = (employed - 1) // 2
    values = list(middle[first : first + 2 - employed % 2])
    return sum(value.days for value in values) / len(values)


def first_jobs_with_hours(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> QuerySet[Placement]:
    """Each hire's first employment (by D) annotated with `latest`: the latest weekly hours on
    or before D (the start hours when unchanged). Aggregate it with the condition
    weekly_hours__isnull=False: a condition beside the rank would be applied before the
    ranking. The hours ladder and the hours distribution read it."""
    latest_change = (
        HoursChange.objects.filter(placement=OuterRef("pk"), changed_on__lte=as_of)
        # One change a day (a unique constraint), so the day alone orders them, and the
        # database reads the latest straight from that constraint's index, without a sort.
        .order_by("-changed_on")
        .values("weekly_hours")[:1]
    )
    return (
        Placement.objects.filter(
            _exited_by(as_of, EMPLOYMENT, prefix="participant__"),
            participant__programme=programme,
            participant__enrolled_on__lte=as_of,
            kind=Placement.Kind.EMPLOYMENT,
            starts_on__lte=as_of,
        )
        .filter(filters.participants("participant__"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("participant_id"),
                order_by=[F("starts_on").asc(), F("pk").asc()],
            ),
            latest=Coalesce(Subquery(latest_change), F("weekly_hours")),
        )
        .filter(rank=1)
    )


def hours_ladder_aggregates() -> dict[str, Aggregate]:
    """The hours ladder's figures as aggregates over first_jobs_with_hours() (hours_ladder, and
    the dashboard's hours distribution, which reads the ladder in the same query)."""
    # Only a first employment with hours counts (a condition beside the rank would be applied
    # before the ranking, so it is in the aggregates instead).
    with_hours = Q(weekly_hours__isnull=False)
    return {
        "employed_with_hours": Count("pk", filter=with_hours),
        "avg_start": Avg("weekly_hours", filter=with_hours),
        "avg_latest": Avg("latest", filter=with_hours),
        "increased": Count("pk", filter=with_hours & Q(latest__gt=F("weekly_hours"))),
    }


def ladder_from(figures: dict) -> HoursLadder:
    """The HoursLadder from hours_ladder_aggregates()' figures."""
    return HoursLadder(
        employed_with_hours=figures["employed_with_hours"],
        avg_start=None if figures["avg_start"] is None else float(figures["avg_start"]),
        avg_latest=None if figures["avg_latest"] is None else float(figures["avg_latest"]),
        increased=figures["increased"],
    )


def hours_ladder(
    programme: Programme, as_of: datetime.date, filters: Filters = NO_FILTERS
) -> HoursLadder:
    """Over the employed (exit employment by D) whose first employment started by D and has
    hours: avg_start = mean weekly hours at the start of that employment; avg_latest = mean of
    the latest hours on or before D (the start hours when there is no change); increased = how
    many have latest > start. One query in one pass: each hire's employments are ranked by
    start (a window), and the latest hours are looked up once per first employment; the
    figures are aggregated over that (Django wraps the ranked rows in a subquery)."""
    figures = first_jobs_with_hours(programme, as_of, filters).aggregate(
        **hours_ladder_aggregates()
    )
    return ladder_from(figures)


def funding(
    programme: Programme,
    as_of: datetime.date,
    counts: ParticipantCounts,
    *,
    per_head: bool = True,
) -> Funding:
    """Sums of grant, budget and expense rows dated on or before D, and the ratios:
    spent_share = spent / budget, cost per participant (enrolled) and per employed. Without
    `per_head` (figures for a filtered group of participants, while the money is the whole
    programme's) there is no cost per head. One query."""
    kind = FundingEntry.Kind
    zero = Decimal(0)
    figures = FundingEntry.objects.filter(programme=programme, on__lte=as_of).aggregate(
        granted=Coalesce(Sum("amount", filter=Q(kind=kind.GRANT)), zero),
        budget=Coalesce(Sum("amount", filter=Q(kind=kind.BUDGET)), zero),
        spent=Coalesce(Sum("amount", filter=Q(kind=kind.EXPENSE)), zero),
    )
    granted, budget, spent = (Decimal(figures[key]) for key in ("granted", "budget", "spent"))
    return Funding(
        granted=granted,
        budget=budget,
        spent=spent,
        spent_share=_ratio(spent, budget),
        cost_per_participant=_money_ratio(spent, counts.enrolled) if per_head else None,
        cost_per_employed=_money_ratio(spent, counts.employed) if per_head else None,
    )


def trained_pairs(programme: Programme, as_of: datetime.date, filters: Filters) -> QuerySet:
    """Each participant trained at each company (a training placement in the programme started
    by D), once however often: `trained_at` (the company's id), `person` (the participant's),
    `is_employed` (1 if the participant's exit by D is employment, wherever hired, else 0) and
    `has_left` (1 if they left by D). The training companies and sectors count over these
    rows (training_company_rows), so no distinct count has to sort them."""
    return (
        Placement.objects.filter(
            kind=Placement.Kind.TRAINING,
            participant__programme=programme,
            participant__enrolled_on__lte=as_of,
            starts_on__lte=as_of,
        )
        .filter(filters.participants("participant__"))
        .values(
            trained_at=F("company_id"),
            person=F("participant_id"),
            is_employed=Case(
                When(_exited_by(as_of, EMPLOYMENT, prefix="participant__"), then=Value(1)),
                default=Value(0),
            ),
            has_left=Case(
                When(_exited_by(as_of, prefix="participant__"), then=Value(1)), default=Value(0)
            ),
        )
        .distinct()
        .order_by()
    )


# Per company: its CVR number and name, trained, employed, left (trained_pairs counted).
_COMPANY_ROWS = """
    SELECT company.cvr, company.name, counted.trained, counted.employed, counted.gone
    FROM (
        SELECT trained_at, COUNT(*) AS trained, SUM(is_employed) AS employed,
               SUM(has_left) AS gone
        FROM pairs GROUP BY trained_at
    ) counted
    INNER JOIN {companies} company ON company.id = counted.trained_at
"""
# Per sector of the training company: None, the sector, trained, employed, left.
_SECTOR_ROWS = """
    SELECT NULL, sector, COUNT(*), SUM(is_employed), SUM(has_left)
    FROM (
        SELECT DISTINCT company.sector, pairs.person, pairs.is_employed, pairs.has_left
        FROM pairs INNER JOIN {companies} company ON company.id = pairs.trained_at
    ) by_sector
    GROUP BY sector
"""


def training_company_rows(
    programme: Programme, as_of: datetime.date, filters: Filters, *, sectors: bool = False
) -> list[tuple]:
    """(cvr, name, trained, employed, left) per training company (training_companies'
    definitions), and with `sectors` also (None, sector, trained, employed, left) per sector
    of the training company (a participant trained at two companies of a sector counts once
    in it). One query: the pairs of trained_pairs() are grouped by company, and by sector
    (the same pairs, read once), by a statement written around the ORM's (Django groups
    no query by another query's rows)."""
    pairs = trained_pairs(programme, as_of, filters)
    statement = _COMPANY_ROWS + (" UNION ALL " + _SECTOR_ROWS if sectors else "")
    connection = connections[pairs.db]
    sql, params = pairs.query.sql_with_params()
    companies = connection.ops.quote_name(Company._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH pairs AS ({sql}) " + statement.format(companies=companies), params)
        return cursor.fetchall()


def training_companies(
    programme: Programme,
    as_of: datetime.date,
    *,
    target: float | None,
    filters: Filters = NO_FILTERS,
    rows: list[tuple] | None = None,
) -> list[TrainingCompany]:
    """Each company where a training placement in the programme started by D: trained =
    distinct participants trained there; employed = those of them whose exit by D is
    employment, wherever they were hired; left = those of them who left by D. The company's
    target_rate and verdict are on the programme's basis. Sorted by employment rate, then
    trained. One query (training_company_rows; `rows` if the caller has read them)."""
    basis = programme.employment_rate_basis
    if rows is None:
        rows = training_company_rows(programme, as_of, filters)
    companies = []
    for cvr, name, trained, employed, left in rows:
        rate = _ratio(employed, trained)
        target_rate = on_basis(basis, of_enrolled=rate, of_leavers=_ratio(employed, left))
        companies.append(
            TrainingCompany(
                cvr=cvr,
                name=name,
                trained=trained,
                employed=employed,
                employment_rate=rate,
                left=left,
                target_rate=target_rate,
                target_met=_verdict(target_rate, target),
            )
        )
    companies.sort(key=lambda c: (-(c.employment_rate or 0), -c.trained, c.name))
    return companies


def _targets(programme: Programme) -> Targets:
    rate = programme.target_employment_rate
    return Targets(
        participants=programme.target_participants,
        employment_rate=None if rate is None else float(rate),
    )


def headline(programme: Programme, as_of: datetime.date) -> Headline:
    """The participant counts and the target's rate on its basis (see Headline)."""
    counts = participant_counts(programme, as_of)
    basis = programme.employment_rate_basis
    return Headline(
        participants=counts,
        targets=_targets(programme),
        target_basis=basis,
        target_rate=on_basis(
            basis,
            of_enrolled=_ratio(counts.employed, counts.enrolled),
            of_leavers=_ratio(counts.employed, counts.leavers),
        ),
    )


def programme_kpis(
    programme: Programme,
    as_of: datetime.date,
    filters: Filters = NO_FILTERS,
    *,
    counts: ParticipantCounts | None = None,
    hours: HoursLadder | None = None,
    training: list[TrainingCompany] | None = None,
) -> Kpis:
    """Every outcome figure of one programme on one date (see the module docstring), for the
    participants `filters` selects (all by default). The dashboard reads the participant
    counts (its trend's last point), the hours ladder and the training companies with its
    breakdowns (the same definitions, in the breakdowns' queries) and passes them as `counts`,
    `hours` and `training`, so they are not read twice. Otherwise the training companies, the
    slowest figure, are read on a second connection meanwhile (core/side_by_side.py: on
    PostgreSQL outside a transaction; in line elsewhere)."""
    targets = _targets(programme)
    target = targets.employment_rate
    pending = (
        Done(training)
        if training is not None
        else side_by_side(
            Participant, training_companies, programme, as_of, target=target, filters=filters
        )
    )
    if counts is None:
        counts = participant_counts(programme, as_of, filters)
    rate = _ratio(counts.employed, counts.enrolled)
    rate_of_leavers = _ratio(counts.employed, counts.leavers)
    basis = programme.employment_rate_basis
    measured = on_basis(basis, of_enrolled=rate, of_leavers=rate_of_leavers)
    return Kpis(
        program=programme.slug,
        as_of=as_of,
        targets=targets,
        participants=counts,
        employment_rate=rate,
        employment_rate_of_leavers=rate_of_leavers,
        target_basis=basis,
        target_rate=measured,
        target_met=_verdict(measured, target),
        companies=company_counts(programme, as_of),
        median_days_to_employment=median_days_to_employment(
            programme, as_of, counts.employed, filters
        ),
        hours=hours if hours is not None else hours_ladder(programme, as_of, filters),
        funding=funding(programme, as_of, counts, per_head=not filters.any),
        followup=followup_figures(programme, as_of),
        training_companies=pending.result(),
    )


def _number(value: Decimal | float | int | None, places: int) -> float | int | None:
    """A JSON number: whole values as integers, others rounded."""
    if value is None:
        return None
    rounded = round(float(value), places)
    return int(rounded) if rounded == int(rounded) and isinstance(value, Decimal) else rounded


def to_json_dict(kpis: Kpis) -> dict:
    """The documented JSON shape: rates as fractions (4 decimals), money in kroner, dates ISO,
    null where a denominator is zero."""
    data = asdict(kpis)
    money = data["funding"]
    return {
        "program": kpis.program,
        "as_of": kpis.as_of.isoformat(),
        "targets": data["targets"],
        "participants": data["participants"],
        "employment_rate": _number(kpis.employment_rate, 4),
        "employment_rate_of_leavers": _number(kpis.employment_rate_of_leavers, 4),
        "target_met": kpis.target_met,
        "companies": data["companies"],
        "median_days_to_employment": _number(kpis.median_days_to_employment, 1),
        "hours": {
            "employed_with_hours": kpis.hours.employed_with_hours,
            "avg_start": _number(kpis.hours.avg_start, 2),
            "avg_latest": _number(kpis.hours.avg_latest, 2),
            "increased": kpis.hours.increased,
        },
        "funding": {
            "granted": _number(money["granted"], 2),
            "budget": _number(money["budget"], 2),
            "spent": _number(money["spent"], 2),
            "spent_share": _number(money["spent_share"], 4),
            "cost_per_participant": _number(money["cost_per_participant"], 2),
            "cost_per_employed": _number(money["cost_per_employed"], 2),
        },
        "training_companies": [
            {
                "cvr": company.cvr,
                "name": company.name,
                "trained": company.trained,
                "employed": company.employed,
                "employment_rate": _number(company.employment_rate, 4),
            }
            for company in kpis.training_companies
        ],
        "followup": followup_json(kpis.followup),
    }
