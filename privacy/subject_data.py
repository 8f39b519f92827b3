"""Everything Jobsporet stores about one person, for their data-subject access request.

One dict (JSON-ready, values in words where the app shows words) read in a fixed number of
queries whatever the size of the file: the person, every enrolment with its development plan,
goals, reviews, contact log, parallel efforts, placements and hours and six-month follow-ups,
and the change history with old and new values. The same dict fills the JSON file and the
Danish PDF.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.core.models import AuditEvent
from participants.changes import field_changes
from participants.esf import DISADVANTAGED
from participants.models import (
    Barrier,
    CaseNote,
    Goal,
    ParallelEffort,
    Participant,
    Person,
    Review,
)
from placements.models import FollowUp, HoursChange, Placement

CHANGE_ACTIONS = [
    AuditEvent.Action.CREATED,
    AuditEvent.Action.CHANGED,
    AuditEvent.Action.STATUS,
    AuditEvent.Action.DELETED,
]


def _user(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _when(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def _day(day) -> str:
    return day.isoformat() if day else ""


def _person(person: Person) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "cpr": "" if person.is_anonymised else person.cpr,
        "birth_date": _day(person.birth_date),
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "postal_code": person.postal_code,
        "city": person.city,
        "registered": _when(person.created_at),
    }


def _placement(placement: Placement) -> dict[str, Any]:
    return {
        "kind": placement.get_kind_display(),
        "employment_type": placement.get_employment_type_display(),
        "company": placement.company.name,
        "starts_on": _day(placement.starts_on),
        "planned_end_on": _day(placement.planned_end_on),
        "ended_on": _day(placement.ended_on),
        "mentor": placement.mentor.name if placement.mentor else "",
        "weekly_hours": str(placement.weekly_hours or ""),
        "hours_changes": [
            {"from": _day(c.changed_on), "weekly_hours": str(c.weekly_hours), "note": c.note}
            for c in placement.hours_changes.all()
        ],
    }


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("Yes") if value else _("No"))


def _enrolment(case: Participant) -> dict[str, Any]:
    plan = getattr(case, "development_plan", None)
    return {
        "programme": case.programme.name,
        "reference": case.reference,
        "enrolled_on": _day(case.enrolled_on),
        "job_broker": _user(case.job_broker),
        "case_worker": _user(case.case_worker),
        "benefit": case.get_benefit_type_display(),
        "barriers": [
            str(Barrier(code).label) for code in Barrier.values if getattr(case, f"barrier_{code}")
        ],
        "barrier_notes": case.barrier_notes,
        "target_sectors": case.target_sector_labels,
        "consent_on": _day(case.consent_on),
        "status": case.get_status_display(),
        "exit_on": _day(case.exit_on),
        "exit_outcome": case.get_exit_outcome_display(),
        "exit_reason": case.exit_reason,
        "eu_social_fund": {
            "gender": case.get_gender_display(),
            "labour_market_status": case.get_labour_market_status_display(),
            "unemployed_since": _day(case.unemployed_since),
            "education": case.get_education_level_display(),
            **{str(label): _yes_no(getattr(case, field)) for field, label in DISADVANTAGED.items()},
            "job_searching_on_leaving": _yes_no(case.job_searching_at_exit),
            "qualification_on_leaving": _yes_no(case.qualification_at_exit),
        },
        "development_plan": {
            "summary": plan.summary if plan else "",
            "next_review_on": _day(plan.next_review_on) if plan else "",
            "goals": [
                {
                    "area": goal.get_area_display(),
                    "goal": goal.title,
                    "barrier": goal.get_barrier_display(),
                    "actions": goal.actions,
                    "status": goal.get_status_display(),
                    "target_on": _day(goal.target_on),
                }
                for goal in (plan.goals.all() if plan else [])
            ],
            "reviews": [
                {
                    "reviewed_on": _day(review.reviewed_on),
                    "progress": review.progress,
                    "next_review_on": _day(review.next_review_on),
                    "reviewer": _user(review.reviewer),
                }
                for review in (plan.reviews.all() if plan else [])
            ],
        },
        "contact_log": [
            {
                "when": _when(note.occurred_at),
                "kind": note.get_kind_display(),
                "written_by": _user(note.author),
                "note": note.text,
                "follow_up_on": _day(note.follow_up_on),
                "followed_up": _when(note.follow_up_done_at),
            }
            for note in case.notes.all()
        ],
        "parallel_efforts": [
            {
                "kind": effort.get_kind_display(),
                "description": effort.description,
                "provider": effort.provider,
                "starts_on": _day(effort.starts_on),
                "ends_on": _day(effort.ends_on),
            }
            for effort in case.parallel_efforts.all()
        ],
        "placements": [_placement(placement) for placement in case.placements.all()],
        "six_month_follow_ups": [_follow_up(follow_up) for follow_up in case.follow_ups.all()],
    }


def _follow_up(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "left": _day(follow_up.exit_on),
        "due": _day(follow_up.due_on),
        "contacted_on": _day(follow_up.contacted_on),
        "how": follow_up.get_method_display(),
        "status": follow_up.get_outcome_display(),
        "employer": follow_up.employer.name if follow_up.employer else follow_up.employer_name,
        "weekly_hours": str(follow_up.weekly_hours or ""),
        "cancelled": _when(follow_up.cancelled_at),
    }


def _history(person: Person) -> list[dict[str, Any]]:
    events = (
        AuditEvent.objects.filter(person_id=person.pk, action__in=CHANGE_ACTIONS)
        .select_related("actor", "target_type", "programme")
        .order_by("at", "pk")
    )
    return [
        {
            "when": _when(event.at),
            "by": _user(event.actor),
            "programme": event.programme.name if event.programme else "",
            "record": str(event.target_type.name),
            "what": event.summary,
            "changes": [
                {"field": c.label, "old": c.old, "new": c.new} for c in field_changes(event)
            ],
        }
        for event in events
    ]


def collect(person: Person) -> dict[str, Any]:
    """Everything about the person (eleven queries, however many cases, notes or hours)."""
    cases = (
        person.enrolments.select_related(
            "programme", "job_broker", "case_worker", "development_plan"
        )
        .prefetch_related(
            Prefetch("development_plan__goals", queryset=Goal.objects.order_by("target_on", "pk")),
            Prefetch(
                "development_plan__reviews",
                queryset=Review.objects.select_related("reviewer").order_by("reviewed_on", "pk"),
            ),
            Prefetch(
                "notes",
                queryset=CaseNote.objects.select_related("author").order_by("occurred_at", "pk"),
            ),
            Prefetch("parallel_efforts", queryset=ParallelEffort.objects.order_by("starts_on")),
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("company", "mentor").order_by(
                    "starts_on", "pk"
                ),
            ),
            Prefetch(
                "placements__hours_changes", queryset=HoursChange.objects.order_by("changed_on")
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("employer").order_by("due_on", "pk"),
            ),
        )
        .order_by("enrolled_on", "pk")
    )
    return {
        "made": _when(timezone.now()),
        "person": _person(person),
        "enrolments": [_enrolment(case) for case in cases],
        "history": _history(person),
    }
