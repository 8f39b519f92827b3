"""Reads for the company pages, each a bounded number of queries."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from jobsporet.programmes.models import Programme

from .models import Agreement, Company, places_in_use, with_place_flags


def _count_placements(programme: Programme, **conditions) -> Subquery:
    """How many of the programme's placements at the company match (through the reverse
    relation, so companies need not import placements)."""
    condition = Q(placements__participant__programme=programme) & Q(
        **{f"placements__{key}": value for key, value in conditions.items()}
    )
    return Subquery(
        Company.objects.filter(pk=OuterRef("pk"))
        .annotate(n=Count("placements", filter=condition))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def company_rows(programme: Programme | None) -> QuerySet[Company]:
    """Every company with its role, training places (the rule of models.with_place_flags) and
    hires in the programme."""
    queryset = Company.objects.select_related("consultant")
    if programme is None:
        return with_place_flags(
            queryset.annotate(
                is_training=Value(False),
                is_network=Value(False),
                training_capacity=Value(None, output_field=IntegerField()),
                places_in_use=Value(0),
                hires=Value(0),
            )
        )
    agreement = Agreement.objects.filter(company=OuterRef("pk"), programme=programme)
    # The agreement's flags as scalar subqueries (there is at most one agreement per company
    # and programme): PostgreSQL reads them for the page's 25 rows only, where an EXISTS was
    # planned as a hashed scan of every agreement of the programme, before the LIMIT.
    return with_place_flags(
        queryset.annotate(
            is_training=Coalesce(Subquery(agreement.values("is_training")[:1]), False),
            is_network=Coalesce(Subquery(agreement.values("is_network")[:1]), False),
            training_capacity=Subquery(agreement.values("training_capacity")[:1]),
            places_in_use=places_in_use(company=OuterRef("pk"), programme=programme),
            hires=Coalesce(_count_placements(programme, kind="employment"), 0),
        )
    )


def training_outcome(company: Company, programme: Programme) -> dict:
    """Of the people trained at the company in the programme, how many got a job anywhere
    (the SuperBrugsen measure). One query."""
    return company.placements.filter(kind="training", participant__programme=programme).aggregate(
        trained=Count("participant", distinct=True),
        employed=Count(
            "participant",
            distinct=True,
            filter=Q(participant__exit_outcome="employment", participant__exit_on__isnull=False),
        ),
    )
