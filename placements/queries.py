"""Reads for the placement pages: training places and the choice of company."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from companies.models import Agreement, Company
from jobsporet.programmes.models import Programme
from participants.models import Participant


def training_choices(participant: Participant) -> list[tuple[Company, Agreement]]:
    """Training companies for a participant, with their training places (Agreement.with_places),
    in one query: those with free places first, and among them the sectors the participant
    aims for first; then the full ones."""
    sectors = set(participant.target_sectors)
    agreements = list(
        Agreement.objects.filter(programme=participant.programme, is_training=True)
        .select_related("company")
        .with_places()
    )
    agreements.sort(
        key=lambda a: (
            not a.has_free_place,
            a.company.sector not in sectors,
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


# The matching score, said in full on the page: a fitting sector counts SECTOR_POINTS, and each
# whole month of waiting since enrolment one point, up to WAITING_POINTS_MAX.
SECTOR_POINTS = 3
WAITING_POINTS_MAX = 6
CANDIDATES_READ = 50


@dataclass(frozen=True)
class Candidate:
    participant: Participant
    sector_points: int
    waiting_months: int

    @property
    def waiting_points(self) -> int:
        return min(self.waiting_months, WAITING_POINTS_MAX)

    @property
    def score(self) -> int:
        return self.sector_points + self.waiting_points


def training_candidates(
    company: Company, programme: Programme, *, today: datetime.date, limit: int = 10
) -> list[Candidate]:
    """The programme's participants waiting for a training place (active, not in training),
    best fit for the company first: the company's sector among the sectors they aim for, then
    the longest wait (the score above). One query: the database orders by sector and waiting
    time and reads CANDIDATES_READ rows, which the score then ranks."""
    # target_sectors is a JSON list of codes; the quoted code matches one whole element.
    sector_match = Case(
        When(target_sectors__icontains=f'"{company.sector}"', then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        Participant.objects.filter(
            programme=programme, exit_on__isnull=True, status=Participant.Status.ENROLLED
        )
        .annotate(sector_match=sector_match)
        .select_related("person")
        .order_by("-sector_match", "enrolled_on", "pk")[:CANDIDATES_READ]
    )
    candidates = [
        Candidate(
            participant=row,
            sector_points=SECTOR_POINTS * row.sector_match,
            waiting_months=max(0, (today - row.enrolled_on).days // 30),
        )
        for row in rows
    ]
    candidates.sort(key=lambda c: (-c.score, c.participant.enrolled_on, c.participant.pk))
    return candidates[:limit]
