"""Reads for the placement pages: training places and the choice of company."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
