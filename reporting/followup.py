"""The six-month follow-up figures on a date (the `followup` keys of the KPI engine).

One query. Definitions (README, "Outcome figures"): due = scheduled follow-ups of the
programme's leavers whose due date (exit + 6 months) is on or before D; recorded = those of them
recorded with a date of contact on or before D; not_reached = recorded as not reached;
in_employment = recorded in a job, self-employed included; in_education; employment_rate =
in_employment / recorded (the denominator: every recorded follow-up, the not reached included).
A follow-up cancelled by a reopening counts nowhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from jobsporet.programmes.models import Programme
from placements.models import FollowUp


@dataclass(frozen=True)
class FollowUpFigures:
    due: int
    recorded: int
    not_reached: int
    in_employment: int
    in_education: int

    @property
    def not_recorded(self) -> int:
        return self.due - self.recorded

    @property
    def employment_rate(self) -> float | None:
        """In employment six months on, of the recorded follow-ups."""
        return self.in_employment / self.recorded if self.recorded else None


def followup_figures(programme: Programme, as_of: datetime.date) -> FollowUpFigures:
    """See the module docstring. One query."""
    recorded = Q(contacted_on__lte=as_of) & ~Q(outcome="")
    figures = (
        FollowUp.objects.scheduled()
        .filter(participant__programme=programme, due_on__lte=as_of)
        .aggregate(
            due=Count("pk"),
            recorded=Count("pk", filter=recorded),
            not_reached=Count("pk", filter=recorded & Q(outcome=FollowUp.Outcome.NOT_REACHED)),
            in_employment=Count("pk", filter=recorded & Q(outcome__in=FollowUp.EMPLOYED)),
            in_education=Count("pk", filter=recorded & Q(outcome=FollowUp.Outcome.EDUCATION)),
        )
    )
    return FollowUpFigures(**figures)


def followup_json(figures: FollowUpFigures) -> dict:
    """The `followup` object of the kpis JSON (rates as fractions, 4 decimals)."""
    rate = figures.employment_rate
    return {
        "due": figures.due,
        "recorded": figures.recorded,
        "not_recorded": figures.not_recorded,
        "not_reached": figures.not_reached,
        "in_employment": figures.in_employment,
        "in_education": figures.in_education,
        "employment_rate": None if rate is None else round(rate, 4),
        "employment_rate_denominator": "recorded",
    }
