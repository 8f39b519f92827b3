"""Bulk variants of the placement services, for writing many rows at once (the demo seeder at
scale), with the same contract as participants.bulk: every row is checked by its single
counterpart's rules in placements.services against what is stored and the other rows, a refused
row raises BulkRefused and writes nothing, then rows, history and audit rows go in in bulk,
under the call's actor or each row's own (`actors`, one per row in the rows' order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from companies.models import Agreement
from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_not_ahead
from jobsporet.core.bulk import actors_of, history_many, insert_with_trail, update_many
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from participants.bulk import (
    Exit,
    locked_cases,
    participants_exit_many,
    participants_set_in_training_many,
    refuse_if,
)
from participants.models import Participant

from .models import HoursChange, Placement
from .services import (
    _check_before_exit,
    _check_dates,
    _check_hours,
    _check_mentor,
    _check_training_terms,
)


def _event(
    placement: Placement, case: Participant, action: str, summary: audit.Summary, changes=None
):
    return audit.Event(
        action=action,
        target=placement,
        person_id=case.person_id,
        programme_id=case.programme_id,
        summary=summary,
        changes=changes,
    )


def _check_training(placement: Placement, case: Participant) -> None:
    """training_start's checks of the row itself and of the stored case."""
    _check_training_terms(
        case,
        placement.company,
        starts_on=placement.starts_on,
        planned_end_on=placement.planned_end_on,
        ended_on=placement.ended_on,
        mentor=placement.mentor,
        weekly_hours=placement.weekly_hours,
    )
    _check_before_exit(case, starts_on=placement.starts_on, ended_on=placement.ended_on)


def _overlaps(a: Placement, b: Placement) -> bool:
    """Whether training b clashes with training a, as training_start finds a clash."""
    b_last = b.ended_on or b.planned_end_on
    return (a.ended_on is None or a.ended_on >= b.starts_on) and (
        b_last is None or a.starts_on <= b_last
    )


def trainings_start_many(
    *,
    placements: Sequence[Placement],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
    check_capacity: bool = True,
) -> list[Placement]:
    """training_start for many trainings (unsaved placements with participant, company,
    starts_on and the optional fields set): the trainings are created, the cases with an open
    one are in training."""
    errors: dict[int, DomainError] = {}
    with transaction.atomic():
        cases = locked_cases(p.participant.pk for p in placements)
        programme_ids = {case.programme_id for case in cases.values()}
        company_ids = {p.company.pk for p in placements}
        # The places in use come from the rule's home (Agreement.objects.with_places); the
        # batch's own open trainings are added as they are checked.
        agreements = {
            (a.company_id, a.programme_id): a
            for a in Agreement.objects.select_for_update(of=("self",))
            .filter(programme_id__in=programme_ids, company_id__in=company_ids, is_training=True)
            .with_places()
        }
        in_use = {key: agreement.places_in_use for key, agreement in agreements.items()}
        trainings: dict[int, list[Placement]] = defaultdict(list)
        for stored in (
            Placement.objects.training()
            .filter(participant_id__in=list(cases))
            .select_related("company")
        ):
            trainings[stored.participant_id].append(stored)
        for index, placement in enumerate(placements):
            case = cases[placement.participant.pk]
            key = (placement.company.pk, case.programme_id)
            try:
                _check_training(placement, case)
                agreement = agreements.get(key)
                if agreement is None:
                    raise DomainError(
                        _("%(company)s has no training agreement in %(programme)s.")
                        % {
                            "company": placement.company,
                            "programme": placement.participant.programme,
                        },
                        field="company",
                    )
                clash = next((t for t in trainings[case.pk] if _overlaps(t, placement)), None)
                if clash is not None:
                    raise DomainError(
                        _("%(name)s already trains at %(company)s from %(day)s.")
                        % {
                            "name": case.person,
                            "company": clash.company,
                            "day": short_date(clash.starts_on),
                        },
                        field="starts_on",
                    )
                if (
                    check_capacity
                    and placement.ended_on is None
                    and agreement.training_capacity is not None
                    and in_use.get(key, 0) >= agreement.training_capacity
                ):
                    raise DomainError(
                        _("%(company)s has no free training place (%(capacity)s in use).")
                        % {"company": placement.company, "capacity": agreement.training_capacity},
                        field="company",
                    )
            except DomainError as error:
                errors[index] = error
                continue
            trainings[case.pk].append(placement)
            if placement.ended_on is None:
                in_use[key] = in_use.get(key, 0) + 1
        refuse_if(errors)
        by = actors_of(placements, actor, actors)
        # The case goes into training under the first open training's actor, as one by one.
        actor_by_case: dict[int, User | None] = {}
        for placement, placement_actor in zip(placements, by, strict=True):
            placement.kind = Placement.Kind.TRAINING
            placement.created_by = placement_actor
            if placement.ended_on is None:
                actor_by_case.setdefault(placement.participant.pk, placement_actor)
        insert_with_trail(
            Placement,
            list(placements),
            actor=actor,
            actors=actors,
            events=[
                _event(
                    p,
                    cases[p.participant.pk],
                    AuditEvent.Action.CREATED,
                    audit.summary(
                        gettext_noop("Training at %(company)s from %(day)s"),
                        company=p.company,
                        day=p.starts_on,
                    ),
                )
                for p in placements
            ],
        )
        participants_set_in_training_many(
            participant_ids=set(actor_by_case),
            actor=actor,
            actor_by_case=None if actors is None else actor_by_case,
        )
    return list(placements)


def trainings_end_on_exit_many(
    *,
    exits: Sequence[Exit],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> None:
    """trainings_end_on_exit for many leaving cases (through the participants_exiting_many
    signal): their open trainings end on the exit date, under the exit's actor; one starting
    after it refuses that exit (BulkRefused names it by its index)."""
    by = actors_of(exits, actor, actors)
    index_of = {row.participant.pk: index for index, row in enumerate(exits)}
    exit_on = {row.participant.pk: row.exit_on for row in exits}
    open_trainings = list(
        Placement.objects.training()
        .open()
        .filter(participant_id__in=list(index_of))
        .select_for_update()
        .select_related("company")
    )
    errors: dict[int, DomainError] = {}
    events = []
    for placement in open_trainings:
        day = exit_on[placement.participant_id]
        if placement.starts_on > day:
            errors[index_of[placement.participant_id]] = DomainError(
                _("The training at %(company)s starts on %(day)s, after the exit date.")
                % {"company": placement.company, "day": short_date(placement.starts_on)},
                field="exit_on",
            )
            continue
        placement.ended_on = day
        placement.updated_at = timezone.now()
        events.append(
            _event(
                placement,
                exits[index_of[placement.participant_id]].participant,
                AuditEvent.Action.STATUS,
                audit.summary(
                    gettext_noop("%(kind)s at %(company)s ended %(day)s"),
                    kind=audit.choice(placement, "kind"),
                    company=placement.company,
                    day=day,
                ),
                {"ended_on": ["", day.isoformat()]},
            )
        )
    refuse_if(errors)
    ended_by = None if actors is None else [by[index_of[p.participant_id]] for p in open_trainings]
    update_many(Placement, open_trainings, ["ended_on", "updated_at"])
    history_many(Placement, open_trainings, actor=actor, actors=ended_by, update=True)
    audit.record_many(actor=actor, actors=ended_by, events=events)


def participants_hire_many(
    *,
    employments: Sequence[Placement],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[Placement]:
    """participant_hire for many cases (unsaved employments with participant, company,
    starts_on, employment_type, weekly_hours and optionally mentor): each employment is
    created, open trainings end on the hire date and the case leaves with outcome employment."""
    with transaction.atomic():
        cases = locked_cases(p.participant.pk for p in employments)
        for placement in employments:
            placement.ended_on = None
        _insert_employments(employments, cases, actor=actor, actors=actors, hired=True)
        participants_exit_many(
            exits=[
                Exit(
                    participant=p.participant,
                    exit_on=p.starts_on,
                    outcome=Participant.ExitOutcome.EMPLOYMENT,
                    reason=str(_("Hired at %(company)s")) % {"company": p.company},
                )
                for p in employments
            ],
            actor=actor,
            actors=actors,
            hired=True,
        )
    return list(employments)


def hours_changes_record_many(
    *,
    changes: Sequence[HoursChange],
    actor: User | None = None,
    actors: Sequence[User | None] | None = None,
) -> list[HoursChange]:
    """hours_change_record for many new changes (unsaved, with placement, changed_on,
    weekly_hours and note). A day already recorded on the employment is refused: a correction
    goes through hours_change_record."""
    errors: dict[int, DomainError] = {}
    with transaction.atomic():
        stored = Placement.objects.select_related("company", "participant").in_bulk(
            list({change.placement.pk for change in changes})
        )
        recorded = set(
            HoursChange.objects.filter(placement_id__in=list(stored)).values_list(
                "placement_id", "changed_on"
            )
        )
        for index, change in enumerate(changes):
            placement = stored[change.placement.pk]
            key = (placement.pk, change.changed_on)
            try:
                if placement.kind != Placement.Kind.EMPLOYMENT:
                    raise DomainError(_("Hours are followed on employments, not on training."))
                _check_hours(change.weekly_hours, required=True)
                check_not_ahead(change.changed_on, field="changed_on")
                if change.changed_on < placement.starts_on:
                    raise DomainError(
                        _("The change cannot be before the employment started (%(day)s).")
                        % {"day": short_date(placement.starts_on)},
                        field="changed_on",
                    )
                if placement.ended_on is not None and change.changed_on > placement.ended_on:
                    raise DomainError(
                        _("The employment ended on %(day)s.")
                        % {"day": short_date(placement.ended_on)},
                        field="changed_on",
                    )
                if key in recorded:
                    raise DomainError(
                        _("The hours from %(day)s are already recorded on this employment.")
                        % {"day": short_date(change.changed_on)},
                        field="changed_on",
                    )
            except DomainError as error:
                errors[index] = error
                continue
            recorded.add(key)
        refuse_if(errors)
        for change, change_actor in zip(changes, actors_of(changes, actor, actors), strict=True):
            change.recorded_by = change_actor
        insert_with_trail(
            HoursChange,
            list(changes),
            actor=actor,
            actors=actors,
            events=[
                _event(
                    stored[c.placement.pk],
                    stored[c.placement.pk].participant,
                    AuditEvent.Action.CHANGED,
                    audit.summary(
                        gettext_noop("Hours at %(company)s: %(hours)s a week from %(day)s"),
                        company=stored[c.placement.pk].company,
                        hours=c.weekly_hours,
                        day=c.changed_on,
                    ),
                )
                for c in changes
            ],
        )
    return list(changes)


def employments_record_many(
    *, employments: Sequence[Placement], actor: User | None
) -> list[Placement]:
    """employment_record for many employments from the history (the importer): unsaved
    employments with participant, company, starts_on, employment_type, weekly_hours and
    optionally ended_on and mentor, checked by _create_employment's rules against the stored
    case and the other rows; no change of status (a live hire is participants_hire_many)."""
    with transaction.atomic():
        cases = locked_cases(p.participant.pk for p in employments)
        _insert_employments(employments, cases, actor=actor, hired=False)
    return list(employments)


def _insert_employments(
    employments: Sequence[Placement],
    cases: dict,
    *,
    actor: User | None,
    actors: Sequence[User | None] | None = None,
    hired: bool,
) -> None:
    """Check the employments against their locked cases, the stored employments and each
    other (every refusal at once), then insert them with history and audit rows. `hired`: a
    live hire, refused for a case that already left (a record from the history is not)."""
    errors: dict[int, DomainError] = {}
    recorded = set(
        Placement.objects.employment()
        .filter(participant_id__in=list(cases))
        .values_list("participant_id", "company_id", "starts_on")
    )
    for index, placement in enumerate(employments):
        case = cases[placement.participant.pk]
        key = (case.pk, placement.company.pk, placement.starts_on)
        try:
            if hired and case.exit_on is not None:
                raise DomainError(
                    _(
                        "%(name)s already left the programme on %(day)s and cannot be "
                        "hired through it."
                    )
                    % {"name": case.person, "day": short_date(case.exit_on)}
                )
            _check_dates(
                case,
                starts_on=placement.starts_on,
                planned_end_on=None,
                ended_on=placement.ended_on,
            )
            _check_hours(placement.weekly_hours, required=True)
            _check_mentor(placement.mentor, placement.company)
            if placement.employment_type not in Placement.EmploymentType.values:
                raise DomainError(_("Choose the type of employment."), field="employment_type")
            if key in recorded:
                raise DomainError(_("This employment is already recorded."), field="starts_on")
        except DomainError as error:
            errors[index] = error
            continue
        recorded.add(key)
    refuse_if(errors)
    for placement, placement_actor in zip(
        employments, actors_of(employments, actor, actors), strict=True
    ):
        placement.kind = Placement.Kind.EMPLOYMENT
        placement.created_by = placement_actor
    insert_with_trail(
        Placement,
        list(employments),
        actor=actor,
        actors=actors,
        events=[
            _event(
                p,
                cases[p.participant.pk],
                AuditEvent.Action.CREATED,
                audit.summary(
                    gettext_noop("Employed at %(company)s from %(day)s, %(hours)s hours a week"),
                    company=p.company,
                    day=p.starts_on,
                    hours=p.weekly_hours,
                ),
            )
            for p in employments
        ],
    )
