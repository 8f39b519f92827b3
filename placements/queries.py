"""Reads for the placement pages: training places and the choice of company."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from companies.models import Agreement, Company
from jobsporet.programmes.models import Programme
from participants.models import Participant

from .models import Placement


def training_agreements(programme: Programme) -> QuerySet[Agreement]:
    """The programme's training agreements with how many places are in use now (open
    training placements of the programme's participants), in one query."""
    return (
        Agreement.objects.filter(programme=programme, is_training=True)
        .select_related("company")
        .annotate(
            in_use=Count(
                "company__placements",
                filter=Q(
                    company__placements__kind=Placement.Kind.TRAINING,
                    company__placements__ended_on__isnull=True,
                    company__placements__participant__programme=programme,
                ),
            )
        )
    )


def training_choices(participant: Participant) -> list[tuple[Company, Agreement]]:
    """Training companies for a participant: those with free places first, and among them the
    sectors the participant aims for first; then the full ones."""
    sectors = set(participant.target_sectors)
    agreements = list(training_agreements(participant.programme))

    def free(agreement: Agreement) -> bool:
        capacity = agreement.training_capacity
        return capacity is None or agreement.in_use < capacity

    agreements.sort(
        key=lambda a: (not free(a), a.company.sector not in sectors, a.company.name.lower())
    )
    return [(agreement.company, agreement) for agreement in agreements]


def hiring_companies(programme: Programme) -> QuerySet[Company]:
    """Every company, the programme's network companies first."""
    return Company.objects.annotate(
        is_network=Count(
            "agreements", filter=Q(agreements__programme=programme, agreements__is_network=True)
        )
    ).order_by("-is_network", "name")
