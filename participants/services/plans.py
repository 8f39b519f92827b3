"""The development plan (goals and reviews) and the parallel efforts beside the placement."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_dates
from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent

from ..models import DevelopmentPlan, Goal, ParallelEffort, Participant, Review
from .case import case_audit, lock_case


def _save_with_trail(
    instance: Any, values: dict[str, Any], *, participant: Participant, actor: User | None, summary
) -> Any:
    """Create or change a record of a case under the case's row lock: set the values, save (the
    history keeps the old version, by `actor`) and write the audit row with what changed."""
    with transaction.atomic():
        lock_case(participant.pk)
        created = instance.pk is None
        if not created:
            # Compare with what is stored now, not with what the caller read before the lock.
            instance.refresh_from_db()
        changes = {} if created else audit.diff(instance, values)
        for name, value in values.items():
            setattr(instance, name, value)
        instance._history_user = actor
        instance.save()
        case_audit(
            participant,
            actor=actor,
            action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
            record=instance,
            summary=summary(instance),
            changes=changes,
        )
    return instance


def goal_save(
    *,
    plan: DevelopmentPlan,
    actor: User | None,
    goal: Goal | None = None,
    **values: Any,
) -> Goal:
    """Add a goal to a development plan, or change one (history keeps every version)."""
    if not str(values.get("title", goal.title if goal else "")).strip():
        raise DomainError(_("Describe the goal."), field="title")
    target_on = values.get("target_on")
    check_dates(target_on=target_on)
    if target_on is not None and target_on < plan.participant.enrolled_on:
        raise DomainError(_("The target date cannot be before the enrolment."), field="target_on")
    created = goal is None
    return _save_with_trail(
        goal or Goal(plan=plan),
        values,
        participant=plan.participant,
        actor=actor,
        summary=lambda g: audit.summary(
            gettext_noop("Goal added: %(title)s")
            if created
            else gettext_noop("Goal changed: %(title)s"),
            title=g.title,
        ),
    )


def review_add(
    *,
    plan: DevelopmentPlan,
    reviewer: User,
    reviewed_on: datetime.date,
    progress: str,
    next_review_on: datetime.date | None,
    goal_updates: Sequence[tuple[Goal, str, str]] = (),
) -> Review:
    """Record a review of the plan and schedule the next one; with `goal_updates` ((goal,
    status, progress) for goals of this plan), the reviewed goals' status and progress change
    in the same transaction, each with its history and audit row (goal_save)."""
    if not progress.strip():
        raise DomainError(_("Describe the progress since the last review."), field="progress")
    check_dates(reviewed_on=reviewed_on, next_review_on=next_review_on)
    if reviewed_on > timezone.localdate():
        raise DomainError(_("A review cannot be dated in the future."), field="reviewed_on")
    if reviewed_on < plan.participant.enrolled_on:
        raise DomainError(_("A review cannot be before the enrolment."), field="reviewed_on")
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise DomainError(_("The next review must come after this one."), field="next_review_on")
    for goal, status, _progress in goal_updates:
        if goal.plan_id != plan.pk:
            raise DomainError(_("A review updates only the goals of its own plan."))
        if status not in Goal.Status.values:
            raise DomainError(_("Choose the goal's status."))
    with transaction.atomic():
        lock_case(plan.participant_id)
        for goal, status, goal_progress in goal_updates:
            if (status, goal_progress.strip()) != (goal.status, goal.progress):
                goal_save(
                    plan=plan,
                    actor=reviewer,
                    goal=goal,
                    status=status,
                    progress=goal_progress.strip(),
                )
        review = Review(
            plan=plan,
            reviewer=reviewer,
            reviewed_on=reviewed_on,
            progress=progress.strip(),
            next_review_on=next_review_on,
        )
        review._history_user = reviewer
        review.save()
        latest = plan.reviews.order_by("-reviewed_on", "-pk").first()
        if latest == review:
            plan.next_review_on = next_review_on
            plan._history_user = reviewer
            plan.save(update_fields=["next_review_on", "updated_at"])
        case_audit(
            plan.participant,
            actor=reviewer,
            action=AuditEvent.Action.CREATED,
            record=review,
            summary=audit.summary(gettext_noop("Development plan reviewed")),
        )
    return review


def parallel_effort_save(
    *,
    participant: Participant,
    actor: User | None,
    effort: ParallelEffort | None = None,
    **values: Any,
) -> ParallelEffort:
    """Add or change an intervention beside the placement."""
    starts_on = values.get("starts_on", effort.starts_on if effort else None)
    ends_on = values.get("ends_on", effort.ends_on if effort else None)
    if starts_on is None:
        raise DomainError(_("Give the start date."), field="starts_on")
    check_dates(starts_on=starts_on, ends_on=ends_on)
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end date cannot be before the start."), field="ends_on")
    return _save_with_trail(
        effort or ParallelEffort(participant=participant),
        values,
        participant=participant,
        actor=actor,
        summary=lambda e: audit.summary(
            gettext_noop("Parallel effort: %(kind)s"), kind=audit.choice(e, "kind")
        ),
    )
