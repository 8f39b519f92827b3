"""Reads for the placement pages: training places, the choice of company, and matching a
company with the participants who fit it (both directions share one score, stated in full)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from companies.models import Agreement, Company
from jobsporet.programmes.models import Programme
from participants.models import Participant

from .models import Placement

EMPLOYED = Participant.ExitOutcome.EMPLOYMENT


# The matching score, said in full on the pages (both directions: a company's fitting
# participants, and the training form's companies for a participant):
# - SECTOR_POINTS when the company's sector is one the participant aims for (for a hire also:
#   the participant trains in that sector now);
# - for a hire, TRAINING_POINTS for being in training now (nearer a job than waiting);
# - one point per whole month of waiting since enrolment, or of training so far for one in
#   training, up to MONTH_POINTS_MAX;
# - up to RECORD_POINTS_MAX for the company's record with similar trainees: the share of its
#   ended trainings in the programme (all in its sector) whose trainee left with a job.
SECTOR_POINTS = 3
TRAINING_POINTS = 4
MONTH_POINTS_MAX = 6
RECORD_POINTS_MAX = 3
MONTH = datetime.timedelta(days=30)
SCORE_RULES = {
    "sector": SECTOR_POINTS,
    "training": TRAINING_POINTS,
    "months": MONTH_POINTS_MAX,
    "record": RECORD_POINTS_MAX,
}


@dataclass(frozen=True)
class Record:
    """A company's record with similar trainees: of its ended trainings in the programme, how
    many led to a job (the trainee left the programme employed, here or elsewhere)."""

    ended: int
    employed: int

    @property
    def rate(self) -> float | None:
        return self.employed / self.ended if self.ended else None

    @property
    def points(self) -> int:
        return round(RECORD_POINTS_MAX * self.employed / self.ended) if self.ended else 0


def _ended_trainings(programme: Programme) -> QuerySet[Placement]:
    return Placement.objects.training().filter(
        participant__programme=programme, ended_on__isnull=False
    )


RECORD_COUNTS = {
    "ended": Count("pk"),
    "employed": Count("pk", filter=Q(participant__exit_outcome=EMPLOYED)),
}


def employment_record(company: Company, programme: Programme) -> Record:
    """The company's record with similar trainees (see Record): one aggregate query."""
    counts = _ended_trainings(programme).filter(company=company).aggregate(**RECORD_COUNTS)
    return Record(ended=counts["ended"], employed=counts["employed"])


def employment_records(programme: Programme) -> dict[int, Record]:
    """Every company's record with similar trainees in the programme, by company id: one
    grouped query (a company with no ended training is absent)."""
    rows = _ended_trainings(programme).order_by().values("company").annotate(**RECORD_COUNTS)
    return {row["company"]: Record(ended=row["ended"], employed=row["employed"]) for row in rows}


def training_choices(participant: Participant) -> list[tuple[Company, Agreement]]:
    """Training companies for a participant, with their training places (Agreement.with_places)
    and their record with similar trainees (agreement.record), in two queries: those with free
    places first, among them the sectors the participant aims for first, then the best record;
    then the full ones."""
    sectors = set(participant.target_sectors)
    agreements = list(
        Agreement.objects.filter(programme=participant.programme, is_training=True)
        .select_related("company")
        .with_places()
    )
    records = employment_records(participant.programme)
    for agreement in agreements:
        agreement.record = records.get(agreement.company_id, Record(ended=0, employed=0))
    agreements.sort(
        key=lambda a: (
            not a.has_free_place,
            a.company.sector not in sectors,
            -a.record.points,
            a.company.name.lower(),
        )
    )
    return [(agreement.company, agreement) for agreement in agreements]


def hiring_companies(programme: Programme) -> QuerySet[Company]:
    """Every company, the programme's network companies first."""
    return Company.objects.annotate(
        is_network=Count(
            "agreements", filter=Q(agreements__programme=programme, agreements__is_network=True)
        )
    ).order_by("-is_network", "name")


CANDIDATES_LENGTH = 10


@dataclass(frozen=True)
class Candidate:
    """A participant who may fit a company, with each part of the score."""

    participant: Participant
    sector_points: int
    months: int
    record: Record
    in_training: bool = False
    training_company: str = ""
    training_ends: datetime.date | None = None

    @property
    def stage_points(self) -> int:
        return TRAINING_POINTS if self.in_training else 0

    @property
    def month_points(self) -> int:
        return min(self.months, MONTH_POINTS_MAX)

    @property
    def score(self) -> int:
        return self.sector_points + self.stage_points + self.month_points + self.record.points


def aims_for(sector: str) -> Q:
    """The participant aims for the sector: target_sectors is a JSON list of codes, and the
    quoted code matches one whole element."""
    return Q(target_sectors__icontains=f'"{sector}"')


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _month_points(since: str, today: datetime.date) -> Case:
    """Whole months (of 30 days) since the date in the field, capped, worked out by the
    database so that it can rank on the whole score."""
    return Case(
        *(
            When(**{f"{since}__lte": today - months * MONTH}, then=Value(months))
            for months in range(MONTH_POINTS_MAX, 0, -1)
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def _open_training() -> QuerySet[Placement]:
    return Placement.objects.training().open().filter(participant=OuterRef("pk"))


def _ranked(
    rows: QuerySet[Participant], *, today: datetime.date, record: Record, limit: int
) -> list[Candidate]:
    """Participants annotated with sector_match, in_training (1 or 0) and since (the day their
    months count from), ranked by the database on the whole score (the company's record is the
    same for all), the first `limit` as Candidates."""
    rows = (
        rows.annotate(month_points=_month_points("since", today))
        .annotate(
            score=F("sector_match") * SECTOR_POINTS
            + F("in_training") * TRAINING_POINTS
            + F("month_points")
        )
        .select_related("person")
        .order_by("-score", "since", "pk")[:limit]
    )
    return [
        Candidate(
            participant=row,
            sector_points=SECTOR_POINTS * row.sector_match,
            months=max(0, (today - row.since).days // MONTH.days),
            record=record,
            in_training=bool(row.in_training),
            training_company=getattr(row, "training_company", None) or "",
            training_ends=getattr(row, "training_ends", None),
        )
        for row in rows
    ]


def training_candidates(
    company: Company,
    programme: Programme,
    *,
    today: datetime.date,
    record: Record,
    limit: int = CANDIDATES_LENGTH,
) -> list[Candidate]:
    """The programme's participants waiting for a training place (active, not in training),
    best fit for the company first (the score above). One query."""
    waiting = Participant.objects.filter(
        programme=programme, exit_on__isnull=True, status=Participant.Status.ENROLLED
    ).annotate(
        sector_match=_flag(aims_for(company.sector)),
        in_training=Value(0, output_field=IntegerField()),
        since=F("enrolled_on"),
    )
    return _ranked(waiting, today=today, record=record, limit=limit)


def hire_candidates(
    company: Company,
    programme: Programme,
    *,
    today: datetime.date,
    record: Record,
    limit: int = CANDIDATES_LENGTH,
) -> list[Candidate]:
    """The programme's active participants who fit a hire at the company: those who train in
    its sector now or aim for it. Those in training come first (the longest in training, i.e.
    nearest the end, first), then those waiting. One query."""
    training = _open_training().order_by("-starts_on", "-pk")
    active = (
        Participant.objects.filter(
            programme=programme,
            exit_on__isnull=True,
            status__in=[Participant.Status.ENROLLED, Participant.Status.IN_TRAINING],
        )
        .annotate(
            training_company=Subquery(training.values("company__name")[:1]),
            training_sector=Subquery(training.values("company__sector")[:1]),
            training_started=Subquery(training.values("starts_on")[:1]),
            training_ends=Subquery(training.values("planned_end_on")[:1]),
        )
        .annotate(
            in_training=_flag(Q(training_started__isnull=False)),
            sector_match=_flag(aims_for(company.sector) | Q(training_sector=company.sector)),
            since=Coalesce("training_started", "enrolled_on"),
        )
        .filter(sector_match=1)
    )
    return _ranked(active, today=today, record=record, limit=limit)


@dataclass(frozen=True)
class FitCounts:
    """How many of the programme's participants fit a company in a sector, without names: those
    waiting who aim for it (a training place), and those active who aim for it or train in it
    (a hire)."""

    waiting: int = 0
    hire: int = 0


def fit_counts(programme: Programme, sectors: set[str]) -> dict[str, FitCounts]:
    """FitCounts for each sector, in one aggregate query whatever the number of companies
    (each participant's open training's sector is looked up once, not once per sector)."""
    if not sectors:
        return {}
    active = Participant.objects.filter(programme=programme, exit_on__isnull=True).annotate(
        training_sector=Subquery(_open_training().values("company__sector")[:1])
    )
    ordered = sorted(sectors)
    counts = {}
    for index, sector in enumerate(ordered):
        counts[f"waiting_{index}"] = Count(
            "pk", filter=Q(status=Participant.Status.ENROLLED) & aims_for(sector)
        )
        counts[f"hire_{index}"] = Count("pk", filter=aims_for(sector) | Q(training_sector=sector))
    totals = active.aggregate(**counts)
    return {
        sector: FitCounts(waiting=totals[f"waiting_{index}"], hire=totals[f"hire_{index}"])
        for index, sector in enumerate(ordered)
    }
