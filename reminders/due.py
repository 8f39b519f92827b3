"""What falls due for job brokers and case workers, for many users at once.

The start page's work lists (reporting/worklist.py) answer one user in one programme; the
digest answers every recipient at once and the calendar feed one user in all their programmes.
Each kind of item is one query for the whole set of users, so the number of queries does not
grow with the number of users: rows are then handed to the users whose cases they are (as job
broker or case worker), in programmes they are members of.

Only what a reminder may carry is read: the citizen's name, the case number, the date and the
record's id. Never a CPR number, a barrier or a note's text.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.roles import Role
from jobsporet.programmes.models import Programme
from participants.models import CaseNote, DevelopmentPlan
from placements.models import FollowUp, Placement

# Who has a caseload, and so gets reminders (the same roles as the start page's work list).
RECIPIENT_ROLES = (Role.JOB_BROKER, Role.CASE_WORKER)


class Kind(models.TextChoices):
    """The kinds of item, labelled as on the start page."""

    FOLLOW_UP = "follow_up", _("Follow-ups this week")
    REVIEW = "review", _("Development plans due for review")
    TRAINING_ENDING = "training_ending", _("Trainings ending within two weeks")
    SIX_MONTH = "six_month", _("Six-month follow-ups due")


@dataclass(frozen=True)
class Window:
    """Items dated from `start` (None: however overdue) up to and including `end`."""

    start: datetime.date | None
    end: datetime.date


@dataclass(frozen=True)
class DueItem:
    kind: Kind
    on: datetime.date
    record_id: int
    participant_id: int
    name: str
    reference: str


_PARTICIPANT_FIELDS = (
    "participant_id",
    "participant__programme_id",
    "participant__job_broker_id",
    "participant__case_worker_id",
    "participant__person__first_name",
    "participant__person__last_name",
    "participant__reference",
)


def _sources(windows: dict[Kind, Window]) -> list[tuple[Kind, QuerySet, str, bool]]:
    """(kind, open records, their date field, whether the case worker gets them too)."""
    sources = {
        # A case note's follow-up, not yet done (closing a case ends them).
        Kind.FOLLOW_UP: (CaseNote.objects.filter(follow_up_done_at__isnull=True), "follow_up_on"),
        # The next review of a plan, on cases still running.
        Kind.REVIEW: (
            DevelopmentPlan.objects.filter(participant__exit_on__isnull=True),
            "next_review_on",
        ),
        Kind.TRAINING_ENDING: (Placement.objects.training().open(), "planned_end_on"),
        # The six-month follow-up is the job broker's call (only they may record it).
        Kind.SIX_MONTH: (FollowUp.objects.scheduled().filter(outcome=""), "due_on"),
    }
    return [(kind, *sources[kind], kind != Kind.SIX_MONTH) for kind in Kind if kind in windows]


def due_for_users(
    user_ids: Collection[int], windows: dict[Kind, Window]
) -> dict[int, dict[Kind, list[DueItem]]]:
    """Each user's items of each kind in its window, by date: one query for the memberships
    and one per kind, however many users."""
    if not user_ids:
        return {}
    user_ids = set(user_ids)
    memberships = set(
        Programme.members.through.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "programme_id"
        )
    )
    found: dict[int, dict[Kind, list[DueItem]]] = defaultdict(lambda: defaultdict(list))
    for kind, records, date_field, case_worker_too in _sources(windows):
        window = windows[kind]
        mine = Q(participant__job_broker_id__in=user_ids)
        if case_worker_too:
            mine |= Q(participant__case_worker_id__in=user_ids)
        records = records.filter(mine, **{f"{date_field}__lte": window.end})
        if window.start is not None:
            records = records.filter(**{f"{date_field}__gte": window.start})
        rows = records.order_by(date_field, "pk").values_list(
            "pk", date_field, *_PARTICIPANT_FIELDS
        )
        for pk, on, participant_id, programme_id, broker_id, worker_id, first, last, ref in rows:
            item = DueItem(
                kind=kind,
                on=on,
                record_id=pk,
                participant_id=participant_id,
                name=f"{first} {last}".strip(),
                reference=ref,
            )
            owners = {broker_id, worker_id} if case_worker_too else {broker_id}
            for user_id in owners & user_ids:
                if (user_id, programme_id) in memberships:
                    found[user_id][kind].append(item)
    return {user_id: dict(kinds) for user_id, kinds in found.items()}
