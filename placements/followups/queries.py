"""The list of six-month follow-ups: due and not recorded (or recorded), filtered."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .forms import FollowUpFilterForm
from .models import FollowUp


def follow_up_rows(
    user, *, today: datetime.date, filters: dict | None = None
) -> QuerySet[FollowUp]:
    """The follow-ups the user may read that have fallen due, oldest first: to record (the
    default) or recorded; by job broker, programme and the month they fall due."""
    filters = filters or {}
    rows = FollowUp.objects.visible_to(user).scheduled().filter(due_on__lte=today)
    if filters.get("state") == FollowUpFilterForm.RECORDED:
        rows = rows.exclude(outcome="")
    else:
        rows = rows.filter(outcome="")
    if filters.get("job_broker"):
        rows = rows.filter(participant__job_broker=filters["job_broker"])
    if filters.get("programme"):
        rows = rows.filter(participant__programme=filters["programme"])
    if filters.get("month"):
        month = filters["month"]
        rows = rows.filter(due_on__year=month.year, due_on__month=month.month)
    return rows.select_related(
        "participant__person", "participant__programme", "participant__job_broker", "employer"
    ).order_by("due_on", "pk")
