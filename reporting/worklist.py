"""The start page's work lists: "who needs me today", per role, one query per list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from companies.models import Agreement
from jobsporet.accounts.models import User
from jobsporet.programmes.models import Programme
from participants.models import CaseNote, DevelopmentPlan, Participant
from placements.models import FollowUp, HoursChange, Placement
from placements.queries import fit_counts

LIST_LENGTH = 10
THIS_WEEK = datetime.timedelta(days=7)
SOON = datetime.timedelta(days=14)


@dataclass
class Worklist:
    """What a job broker or case worker should look at today, in their caseload."""

    today: datetime.date
    follow_ups: list[CaseNote] = field(default_factory=list)
    trainings_ending: list[Placement] = field(default_factory=list)
    reviews_due: list[DevelopmentPlan] = field(default_factory=list)
    waiting_for_training: list[Participant] = field(default_factory=list)
    hours_to_follow: list[Placement] = field(default_factory=list)
    six_month_follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.follow_ups,
                self.trainings_ending,
                self.reviews_due,
                self.waiting_for_training,
                self.hours_to_follow,
                self.six_month_follow_ups,
            )
        )


def caseload(user: User, programme: Programme) -> QuerySet[Participant]:
    """The user's own cases in the programme: as job broker, or as case worker."""
    return Participant.objects.filter(programme=programme).filter(
        Q(job_broker=user) | Q(case_worker=user)
    )


def worklist_for(user: User, programme: Programme, today: datetime.date) -> Worklist:
    """Follow-ups due this week, trainings ending within two weeks, plans due for review,
    cases waiting for a training place, hires whose hours to follow and, for the job broker,
    six-month follow-ups that have fallen due: six bounded queries."""
    mine = caseload(user, programme)
    follow_ups = (
        CaseNote.objects.follow_ups_due(today + THIS_WEEK)
        .filter(participant__in=mine)
        .select_related("participant__person", "author")
        .order_by("follow_up_on", "pk")[:LIST_LENGTH]
    )
    trainings_ending = (
        Placement.objects.training()
        .open()
        .filter(participant__in=mine, planned_end_on__lte=today + SOON)
        .select_related("participant__person", "company")
        .order_by("planned_end_on", "pk")[:LIST_LENGTH]
    )
    reviews_due = (
        DevelopmentPlan.objects.filter(
            participant__in=mine.filter(exit_on__isnull=True), next_review_on__lte=today + THIS_WEEK
        )
        .select_related("participant__person")
        .order_by("next_review_on", "pk")[:LIST_LENGTH]
    )
    waiting = (
        mine.filter(status=Participant.Status.ENROLLED)
        .select_related("person")
        .order_by("enrolled_on", "pk")[:LIST_LENGTH]
    )
    # The hours now are the latest change that has taken effect; a change dated later is
    # planned, shown with its date (the KPIs leave it out the same way).
    latest_change = HoursChange.objects.filter(
        placement=OuterRef("pk"), changed_on__lte=today
    ).order_by("-changed_on")
    planned_change = HoursChange.objects.filter(
        placement=OuterRef("pk"), changed_on__gt=today
    ).order_by("changed_on")
    # Joined to the caseload (not `participant__in`), so the database starts from the user's
    # cases and their placements instead of every open employment in every programme.
    hours_to_follow = (
        Placement.objects.employment()
        .open()
        .filter(
            Q(participant__job_broker=user) | Q(participant__case_worker=user),
            participant__programme=programme,
            starts_on__gte=today - datetime.timedelta(days=365),
        )
        .select_related("participant__person", "company")
        .annotate(
            latest_hours=Subquery(latest_change.values("weekly_hours")[:1]),
            latest_change_on=Subquery(latest_change.values("changed_on")[:1]),
            planned_hours=Subquery(planned_change.values("weekly_hours")[:1]),
            planned_change_on=Subquery(planned_change.values("changed_on")[:1]),
        )
        .order_by("starts_on", "pk")[:LIST_LENGTH]
    )
    # The six-month follow-up is the job broker's call (only they may record it).
    six_month = (
        FollowUp.objects.due_by(today)
        .filter(participant__job_broker=user, participant__programme=programme)
        .select_related("participant__person")
        .order_by("due_on", "pk")[:LIST_LENGTH]
    )
    return Worklist(
        today=today,
        follow_ups=list(follow_ups),
        trainings_ending=list(trainings_ending),
        reviews_due=list(reviews_due),
        waiting_for_training=list(waiting),
        hours_to_follow=list(hours_to_follow),
        six_month_follow_ups=list(six_month),
    )


@dataclass
class CompanyWorklist:
    """What a company consultant should look at: agreements ending, trainings ending, and their
    companies with free training places or wanting to hire (with how many fit, never who)."""

    today: datetime.date
    agreements_ending: list[Agreement] = field(default_factory=list)
    trainings_ending: list[Placement] = field(default_factory=list)
    open_places: list[Agreement] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.agreements_ending or self.trainings_ending or self.open_places)


def open_places_for(user: User, programme: Programme, today: datetime.date) -> list[Agreement]:
    """The consultant's companies whose agreement in force with the programme has a free
    training place or says the company hires (a network company), each with `fit` (FitCounts:
    how many of the programme's participants fit, counts only: who is waiting is case work, see
    docs/roles.md). Two queries whatever the number of companies: the agreements with their
    places, and the counts per sector."""
    agreements = list(
        Agreement.objects.filter(programme=programme, company__consultant=user)
        .in_force_on(today)
        .with_places()
        .filter(Q(has_free_place=True) | Q(is_network=True))
        .select_related("company")
        .order_by("company__name", "pk")[:LIST_LENGTH]
    )
    counts = fit_counts(programme, {agreement.company.sector for agreement in agreements})
    for agreement in agreements:
        agreement.fit = counts[agreement.company.sector]
    return agreements


def company_worklist_for(user: User, programme: Programme, today: datetime.date) -> CompanyWorklist:
    """Agreements of the consultant's companies that end within 60 days, trainings at their
    companies that end within two weeks (names and dates only), and their companies with open
    places (open_places_for)."""
    agreements = (
        Agreement.objects.filter(
            programme=programme,
            company__consultant=user,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=60),
        )
        .select_related("company")
        .order_by("ends_on", "pk")[:LIST_LENGTH]
    )
    trainings = (
        Placement.objects.training()
        .open()
        .filter(
            participant__programme=programme,
            company__consultant=user,
            planned_end_on__lte=today + SOON,
        )
        .select_related("participant__person", "company")
        .order_by("planned_end_on", "pk")[:LIST_LENGTH]
    )
    return CompanyWorklist(
        today=today,
        agreements_ending=list(agreements),
        trainings_ending=list(trainings),
        open_places=open_places_for(user, programme, today),
    )
