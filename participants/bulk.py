"""Bulk variants of the case services, for writing many rows at once (the demo seeder at scale).

Each applies the rules of its single counterpart in participants.services to every row, against
what is stored and against the other rows, before it writes anything; a refused row raises
BulkRefused with every row's error, and nothing is written. Then the rows, their history and
their audit rows go in with a few bulk inserts per thousand rows, in one transaction, with the
cases locked as the single services lock them. The caller passes unsaved model instances; the
actor (author, reviewer, ...) is the caller's, one for the whole call, or one per row (`actors`,
`authors`, `reviewers`, in the rows' order: the demo seeder writes a chunk of many brokers' cases
in one call), and each row's own fields, history and audit rows name its actor.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import actors_of, history_many, insert_with_trail, update_many
from jobsporet.core.errors import BulkRefused, DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.core.rows import insert_rows

from .models import CaseNote, DevelopmentPlan, Goal, ParallelEffort, Participant, Review
from .services.status import check_exit
from .signals import participants_exiting_many

LOCK_CHUNK = 5000


def locked_cases(participant_ids: Iterable[int]) -> dict[int, Participant]:
    """Lock the cases (a few queries per ten thousand) and return them as stored: the rules
    read the stored enrolment and exit, not what the caller holds."""
    ids = sorted(set(participant_ids))
    cases: dict[int, Participant] = {}
    for start in range(0, len(ids), LOCK_CHUNK):
        cases.update(
            Participant.objects.select_for_update()
            .select_related("person")
            .in_bulk(ids[start : start + LOCK_CHUNK])
        )
    return cases


def refuse_if(errors: dict[int, DomainError]) -> None:
    if errors:
        raise BulkRefused(errors)


def _event(participant: Participant, record, action: str, summary: audit.Summary, changes=None):
    return audit.Event(
        action=action,
        target=record,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        summary=summary,
        changes=changes,
    )


# --- Contact log, plans and parallel efforts --------------------------------------------------


def case_notes_add_many(
    *,
    notes: Sequence[CaseNote],
    author: User | None = None,
    authors: Sequence[User | None] | None = None,
) -> list[CaseNote]:
    """case_note_add for many notes by one author (or each by its own, `authors`), under the
    cases' locks."""
    errors: dict[int, DomainError] = {}
    now = timezone.now()
    for index, (note, note_author) in enumerate(
        zip(notes, actors_of(notes, author, authors), strict=True)
    ):
        note.text = note.text.strip()
        note.occurred_at = note.occurred_at or now
        note.author = note_author
        if not note.text:
            errors[index] = DomainError(_("Write what the note is about."), field="text")
        elif note.occurred_at > now + datetime.timedelta(minutes=5):
            errors[index] = DomainError(
                _("A note records something that has happened."), field="occurred_at"
            )
        elif note.follow_up_on is not None and note.follow_up_on < timezone.localdate(
            note.occurred_at
        ):
            errors[index] = DomainError(
                _("The follow-up cannot be before the note."), field="follow_up_on"
            )
    refuse_if(errors)
    with transaction.atomic():
        locked_cases(note.participant.pk for note in notes)
        return insert_with_trail(
            CaseNote,
            list(notes),
            actor=author,
            actors=authors,
            events=[
                _event(
                    note.participant,
                    note,
                    AuditEvent.Action.CREATED,
                    audit.summary(
                        gettext_noop("Case note: %(kind)s"), kind=audit.choice(note, "kind")
                    ),
                )
                for note in notes
            ],
        )


def goals_add_many(
    *,
    goals: Sequence[Goal],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[Goal]:
    """goal_save (adding) for many goals; each goal's plan is set."""
    errors: dict[int, DomainError] = {}
    with transaction.atomic():
        cases = locked_cases(goal.plan.participant_id for goal in goals)
        for index, goal in enumerate(goals):
            case = cases[goal.plan.participant_id]
            if not str(goal.title).strip():
                errors[index] = DomainError(_("Describe the goal."), field="title")
            elif goal.target_on is not None and goal.target_on < case.enrolled_on:
                errors[index] = DomainError(
                    _("The target date cannot be before the enrolment."), field="target_on"
                )
        refuse_if(errors)
        insert_with_trail(
            Goal,
            list(goals),
            actor=actor,
            actors=actors,
            events=[
                _event(
                    cases[goal.plan.participant_id],
                    goal,
                    AuditEvent.Action.CREATED,
                    audit.summary(gettext_noop("Goal added: %(title)s"), title=goal.title),
                )
                for goal in goals
            ],
        )
    return list(goals)


def goals_set_status_many(
    *,
    goals: Sequence[Goal],
    status: str,
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> int:
    """goal_save (changing the status) for many goals: the stored goals whose status differs
    change, each with a history row and an audit row saying what changed. Returns how many."""
    by = actors_of(goals, actor, actors)
    actor_of = {goal.pk: goal_actor for goal, goal_actor in zip(goals, by, strict=True)}
    with transaction.atomic():
        cases = locked_cases(goal.plan.participant_id for goal in goals)
        stored = Goal.objects.select_related("plan").in_bulk([goal.pk for goal in goals])
        changed = [goal for goal in stored.values() if goal.status != status]
        changed_actors = None if actors is None else [actor_of[goal.pk] for goal in changed]
        events = []
        for goal in changed:
            events.append(
                _event(
                    cases[goal.plan.participant_id],
                    goal,
                    AuditEvent.Action.CHANGED,
                    audit.summary(gettext_noop("Goal changed: %(title)s"), title=goal.title),
                    {"status": [goal.status, status]},
                )
            )
            goal.status = status
            goal.updated_at = timezone.now()
        update_many(Goal, changed, ["status", "updated_at"])
        history_many(Goal, changed, actor=actor, actors=changed_actors, update=True)
        audit.record_many(actor=actor, actors=changed_actors, events=events)
    return len(changed)


def reviews_add_many(
    *,
    reviews: Sequence[Review],
    reviewer: User | None = None,
    reviewers: Sequence[User | None] | None = None,
) -> list[Review]:
    """review_add for many reviews by one reviewer (or each by its own, `reviewers`); each
    plan's next review date follows its latest review, as it would after adding them one by
    one, and the plan's history row names that review's reviewer."""
    errors: dict[int, DomainError] = {}
    today = timezone.localdate()
    by = actors_of(reviews, reviewer, reviewers)
    with transaction.atomic():
        cases = locked_cases(review.plan.participant_id for review in reviews)
        for index, review in enumerate(reviews):
            review.progress = review.progress.strip()
            review.reviewer = by[index]
            case = cases[review.plan.participant_id]
            if not review.progress:
                errors[index] = DomainError(
                    _("Describe the progress since the last review."), field="progress"
                )
            elif review.reviewed_on > today:
                errors[index] = DomainError(
                    _("A review cannot be dated in the future."), field="reviewed_on"
                )
            elif review.reviewed_on < case.enrolled_on:
                errors[index] = DomainError(
                    _("A review cannot be before the enrolment."), field="reviewed_on"
                )
            elif review.next_review_on is not None and review.next_review_on <= review.reviewed_on:
                errors[index] = DomainError(
                    _("The next review must come after this one."), field="next_review_on"
                )
        refuse_if(errors)
        plan_ids = {review.plan.pk for review in reviews}
        latest_stored = dict(
            Review.objects.filter(plan_id__in=plan_ids)
            .values("plan_id")
            .annotate(latest=Max("reviewed_on"))
            .values_list("plan_id", "latest")
        )
        insert_rows(Review, list(reviews))
        history_many(Review, list(reviews), actor=reviewer, actors=reviewers)
        # Later rows were added later: on the same day the later one is the latest (as -pk).
        latest: dict[int, int] = {}  # plan id: index of its latest review
        for index, review in enumerate(reviews):
            current = latest.get(review.plan.pk)
            if current is None or review.reviewed_on >= reviews[current].reviewed_on:
                latest[review.plan.pk] = index
        plans, plan_reviewers = [], []
        for plan_id, index in latest.items():
            review = reviews[index]
            stored = latest_stored.get(plan_id)
            if stored is None or review.reviewed_on >= stored:
                plan = review.plan
                plan.next_review_on = review.next_review_on
                plan.updated_at = timezone.now()
                plans.append(plan)
                plan_reviewers.append(by[index])
        update_many(DevelopmentPlan, plans, ["next_review_on", "updated_at"])
        history_many(
            DevelopmentPlan,
            plans,
            actor=reviewer,
            actors=None if reviewers is None else plan_reviewers,
            update=True,
        )
        audit.record_many(
            actor=reviewer,
            actors=reviewers,
            events=[
                _event(
                    cases[review.plan.participant_id],
                    review,
                    AuditEvent.Action.CREATED,
                    audit.summary(gettext_noop("Development plan reviewed")),
                )
                for review in reviews
            ],
        )
    return list(reviews)


def parallel_efforts_add_many(
    *,
    efforts: Sequence[ParallelEffort],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[ParallelEffort]:
    """parallel_effort_save (adding) for many efforts."""
    errors: dict[int, DomainError] = {}
    with transaction.atomic():
        cases = locked_cases(effort.participant_id for effort in efforts)
        for index, effort in enumerate(efforts):
            if effort.starts_on is None:
                errors[index] = DomainError(_("Give the start date."), field="starts_on")
            elif effort.ends_on is not None and effort.ends_on < effort.starts_on:
                errors[index] = DomainError(
                    _("The end date cannot be before the start."), field="ends_on"
                )
        refuse_if(errors)
        insert_with_trail(
            ParallelEffort,
            list(efforts),
            actor=actor,
            actors=actors,
            events=[
                _event(
                    cases[effort.participant_id],
                    effort,
                    AuditEvent.Action.CREATED,
                    audit.summary(
                        gettext_noop("Parallel effort: %(kind)s"), kind=audit.choice(effort, "kind")
                    ),
                )
                for effort in efforts
            ],
        )
    return list(efforts)


# --- Status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exit:
    """One row of participants_exit_many."""

    participant: Participant
    exit_on: datetime.date
    outcome: str
    reason: str = ""
    # The EU Social Fund's results on leaving (participants/esf.py): yes, no or not stated.
    job_searching: bool | None = None
    qualification: bool | None = None


def participants_set_in_training_many(
    *,
    participant_ids: Iterable[int],
    actor: User | None = None,
    actor_by_case: Mapping[int, User | None] | None = None,
) -> None:
    """participant_set_in_training(in_training=True) for many cases (the placements' bulk
    service calls it): active cases not yet in training change, with a history row each, under
    the call's actor or each case's own (`actor_by_case`, by case id)."""
    cases = Participant.objects.filter(pk__in=list(participant_ids), exit_on__isnull=True).exclude(
        status=Participant.Status.IN_TRAINING
    )
    changed = []
    for case in cases:
        case.status = Participant.Status.IN_TRAINING
        case.updated_at = timezone.now()
        changed.append(case)
    update_many(Participant, changed, ["status", "updated_at"])
    history_many(
        Participant,
        changed,
        actor=actor,
        actors=None if actor_by_case is None else [actor_by_case[case.pk] for case in changed],
        update=True,
    )


def participants_exit_many(
    *,
    exits: Sequence[Exit],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
    hired: bool = False,
) -> list[Participant]:
    """participant_exit for many cases. Open trainings end on the exit date (the placements app
    does that through the participants_exiting_many signal)."""
    errors: dict[int, DomainError] = {}
    with transaction.atomic():
        cases = locked_cases(row.participant.pk for row in exits)
        seen: set[int] = set()
        for index, row in enumerate(exits):
            case = cases[row.participant.pk]
            try:
                if row.outcome not in Participant.ExitOutcome.values:
                    raise DomainError(_("Choose how the participant left."), field="outcome")
                if row.outcome == Participant.ExitOutcome.EMPLOYMENT and not hired:
                    raise DomainError(
                        _("A hire is recorded with Hire, which also creates the employment."),
                        field="outcome",
                    )
                if case.exit_on is not None or case.pk in seen:
                    raise DomainError(
                        _("%(name)s already left the programme on %(day)s (%(outcome)s).")
                        % {
                            "name": case.person,
                            "day": short_date(case.exit_on or row.exit_on),
                            "outcome": (
                                case.get_exit_outcome_display()
                                or Participant.ExitOutcome(row.outcome).label
                            ).lower(),
                        }
                    )
                check_exit(case.enrolled_on, row.exit_on, row.outcome)
            except DomainError as error:
                errors[index] = error
            seen.add(case.pk)
        refuse_if(errors)
        located = [dataclasses.replace(row, participant=cases[row.participant.pk]) for row in exits]
        participants_exiting_many.send(
            sender=Participant, exits=located, actor=actor, actors=actors
        )
        events = []
        for row in located:
            case = row.participant
            case.exit_on = row.exit_on
            case.exit_outcome = row.outcome
            case.exit_reason = row.reason.strip()
            case.job_searching_at_exit = row.job_searching
            case.qualification_at_exit = row.qualification
            case.status = Participant.Status.EXITED
            case.updated_at = timezone.now()
            events.append(
                _event(
                    case,
                    case,
                    AuditEvent.Action.STATUS,
                    audit.summary(
                        gettext_noop("Left on %(day)s: %(outcome)s"),
                        day=row.exit_on,
                        outcome=audit.lowered(audit.choice(case, "exit_outcome")),
                    ),
                    {"status": ["", "exited"], "exit_outcome": ["", row.outcome]},
                )
            )
        fields = [
            "exit_on",
            "exit_outcome",
            "exit_reason",
            "job_searching_at_exit",
            "qualification_at_exit",
            "status",
            "updated_at",
        ]
        cases_out = [row.participant for row in located]
        update_many(Participant, cases_out, fields)
        history_many(Participant, cases_out, actor=actor, actors=actors, update=True)
        audit.record_many(actor=actor, actors=actors, events=events)
    return cases_out
