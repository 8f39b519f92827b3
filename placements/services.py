"""Starting and ending training, hiring, recording employment history and hours.

The only way a placement is created or ended, and (through participants.services) the only way
a participant enters or leaves training or is hired.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from companies.models import Agreement, Company, Mentor, places_wording
from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bounds import check_dates, check_not_ahead
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.core.oplog import log_event_on_commit
from participants import services as participant_services
from participants.models import Participant
from participants.services import case_audit, lock_case

from .models import MAX_WEEKLY_HOURS, HoursChange, Placement

MAX_TRAINING = relativedelta(months=18)


def _audit(placement: Placement, **kw) -> None:
    """The case's audit row about this placement."""
    case_audit(placement.participant, record=placement, **kw)


def _check_hours(weekly_hours: Decimal | None, *, required: bool) -> None:
    if weekly_hours is None:
        if required:
            raise DomainError(_("Give the weekly hours."), field="weekly_hours")
        return
    if not Decimal(0) < weekly_hours <= MAX_WEEKLY_HOURS:
        raise DomainError(
            _("Weekly hours must be more than 0 and at most %(max)s.") % {"max": MAX_WEEKLY_HOURS},
            field="weekly_hours",
        )


def _check_dates(
    participant: Participant,
    *,
    starts_on: datetime.date,
    planned_end_on: datetime.date | None,
    ended_on: datetime.date | None,
) -> None:
    check_not_ahead(starts_on, field="starts_on")
    check_dates(planned_end_on=planned_end_on, ended_on=ended_on)
    if starts_on < participant.enrolled_on:
        raise DomainError(
            _("The placement cannot start before the enrolment (%(day)s).")
            % {"day": short_date(participant.enrolled_on)},
            field="starts_on",
        )
    if planned_end_on is not None and planned_end_on < starts_on:
        raise DomainError(_("The planned end cannot be before the start."), field="planned_end_on")
    if ended_on is not None and ended_on < starts_on:
        raise DomainError(_("The placement cannot end before it starts."), field="ended_on")


def _check_mentor(mentor: Mentor | None, company: Company) -> None:
    if mentor is not None and mentor.company_id != company.pk:
        raise DomainError(
            _("%(mentor)s is not a mentor at %(company)s.")
            % {"mentor": mentor, "company": company},
            field="mentor",
        )


def _check_training_terms(
    participant: Participant,
    company: Company,
    *,
    starts_on: datetime.date,
    planned_end_on: datetime.date | None,
    ended_on: datetime.date | None,
    mentor: Mentor | None,
    weekly_hours: Decimal | None,
) -> None:
    """What the form's values alone decide: dates in order and after the enrolment, hours,
    the mentor at this company, and at most 18 months."""
    _check_dates(participant, starts_on=starts_on, planned_end_on=planned_end_on, ended_on=ended_on)
    _check_hours(weekly_hours, required=False)
    _check_mentor(mentor, company)
    last_day = ended_on or planned_end_on
    if last_day is not None and last_day > starts_on + MAX_TRAINING:
        raise DomainError(
            _("A training placement lasts at most 18 months."),
            field="ended_on" if ended_on else "planned_end_on",
        )


def _check_before_exit(
    participant: Participant, *, starts_on: datetime.date, ended_on: datetime.date | None
) -> None:
    """A participant who has left trains only before the exit, and the training ended by it."""
    if participant.exit_on is None:
        return
    left = {"name": participant.person, "day": short_date(participant.exit_on)}
    if starts_on > participant.exit_on:
        raise DomainError(
            _("%(name)s left the programme on %(day)s; training cannot start after that.") % left,
            field="starts_on",
        )
    if ended_on is None or ended_on > participant.exit_on:
        raise DomainError(
            _("%(name)s left the programme on %(day)s; the training must end by then.") % left,
            field="ended_on",
        )


def _locked_training_agreement(participant: Participant, company: Company) -> Agreement:
    """The company's training agreement in the participant's programme, locked (so two
    trainings started at once are counted one after the other), or DomainError."""
    agreement = (
        Agreement.objects.select_for_update()
        .filter(company=company, programme_id=participant.programme_id, is_training=True)
        .first()
    )
    if agreement is None:
        raise DomainError(
            _("%(company)s has no training agreement in %(programme)s.")
            % {"company": company, "programme": participant.programme},
            field="company",
        )
    return agreement


def _check_no_overlap(
    participant: Participant, *, starts_on: datetime.date, last_day: datetime.date | None
) -> None:
    """A participant trains at one place at a time."""
    overlapping = (
        Placement.objects.training()
        .filter(participant=participant)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on))
    )
    if last_day is not None:
        overlapping = overlapping.filter(starts_on__lte=last_day)
    clash = overlapping.select_related("company").first()
    if clash is not None:
        raise DomainError(
            _("%(name)s already trains at %(company)s from %(day)s.")
            % {
                "name": participant.person,
                "company": clash.company,
                "day": short_date(clash.starts_on),
            },
            field="starts_on",
        )


def _check_free_place(agreement: Agreement, company: Company) -> None:
    """The training places rule (Agreement.with_places), read after the agreement's lock in a
    statement of its own, so a training started by a colleague who held the lock first counts."""
    places = Agreement.objects.with_places().get(pk=agreement.pk)
    if not places.has_free_place:
        raise DomainError(
            _("%(company)s has no free training place (%(places)s).")
            % {"company": company, "places": places_wording(places)},
            field="company",
        )


def training_start(
    *,
    participant: Participant,
    company: Company,
    starts_on: datetime.date,
    actor: User | None,
    planned_end_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    mentor: Mentor | None = None,
    weekly_hours: Decimal | None = None,
    check_capacity: bool = True,
) -> Placement:
    """Start a participant's training at a training company (or record a finished one).

    Refuses training before enrolment or after the participant left, longer than 18 months,
    overlapping another training, at a company without a training agreement in the programme,
    and (when check_capacity) at a company whose training places are all taken. Capacity is a
    planning figure: the importer records history without checking it.
    """
    _check_training_terms(
        participant,
        company,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        ended_on=ended_on,
        mentor=mentor,
        weekly_hours=weekly_hours,
    )
    with transaction.atomic():
        participant = lock_case(participant.pk)
        _check_before_exit(participant, starts_on=starts_on, ended_on=ended_on)
        agreement = _locked_training_agreement(participant, company)
        _check_no_overlap(participant, starts_on=starts_on, last_day=ended_on or planned_end_on)
        if check_capacity and ended_on is None:
            _check_free_place(agreement, company)
        placement = Placement(
            participant=participant,
            company=company,
            kind=Placement.Kind.TRAINING,
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            ended_on=ended_on,
            mentor=mentor,
            weekly_hours=weekly_hours,
            created_by=actor,
        )
        placement._history_user = actor
        placement.save()
        if ended_on is None:
            participant_services.participant_set_in_training(
                participant=participant, in_training=True, actor=actor
            )
        _audit(
            placement,
            actor=actor,
            action=AuditEvent.Action.CREATED,
            summary=audit.summary(
                gettext_noop("Training at %(company)s from %(day)s"), company=company, day=starts_on
            ),
        )
    return placement


def training_update(
    *,
    placement: Placement,
    actor: User | None,
    planned_end_on: datetime.date | None,
    mentor: Mentor | None,
    weekly_hours: Decimal | None,
) -> Placement:
    """Extend or shorten a training, change its mentor or hours."""
    if placement.kind != Placement.Kind.TRAINING:
        raise DomainError(_("Only a training placement can be changed here."))
    _check_dates(
        placement.participant,
        starts_on=placement.starts_on,
        planned_end_on=planned_end_on,
        ended_on=placement.ended_on,
    )
    if planned_end_on is not None and planned_end_on > placement.starts_on + MAX_TRAINING:
        raise DomainError(
            _("A training placement lasts at most 18 months."), field="planned_end_on"
        )
    _check_hours(weekly_hours, required=False)
    _check_mentor(mentor, placement.company)
    values = {"planned_end_on": planned_end_on, "mentor": mentor, "weekly_hours": weekly_hours}
    with transaction.atomic():
        # Lock the case as the other placement services do, and compare with what is stored
        # now, so a colleague's change made meanwhile is neither lost nor misreported.
        lock_case(placement.participant_id)
        placement = (
            Placement.objects.select_for_update()
            .select_related("participant__person", "company")
            .get(pk=placement.pk)
        )
        changes = audit.diff(placement, values)
        if not changes:
            return placement
        for name, value in values.items():
            setattr(placement, name, value)
        placement._history_user = actor
        placement.save()
        _audit(
            placement,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=audit.summary(
                gettext_noop("Training at %(company)s changed"), company=placement.company
            ),
            changes=changes,
        )
    return placement


def placement_end(
    *, placement: Placement, ended_on: datetime.date, actor: User | None
) -> Placement:
    """End a training (the participant stays enrolled) or an employment."""
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update()
            .select_related("participant__person", "company")
            .get(pk=placement.pk)
        )
        if placement.ended_on is not None:
            raise DomainError(
                _("This placement already ended on %(day)s.")
                % {"day": short_date(placement.ended_on)}
            )
        check_dates(ended_on=ended_on)
        if ended_on < placement.starts_on:
            raise DomainError(_("The placement cannot end before it starts."), field="ended_on")
        participant = placement.participant
        _end(placement, ended_on=ended_on, actor=actor)
        if placement.kind == Placement.Kind.TRAINING:
            still_training = participant.placements.training().open().exists()
            participant_services.participant_set_in_training(
                participant=participant, in_training=still_training, actor=actor
            )
    return placement


def _end(placement: Placement, *, ended_on: datetime.date, actor: User | None) -> None:
    """Save the end of a locked placement and write its audit row."""
    placement.ended_on = ended_on
    placement._history_user = actor
    placement.save(update_fields=["ended_on", "updated_at"])
    _audit(
        placement,
        actor=actor,
        action=AuditEvent.Action.STATUS,
        summary=audit.summary(
            gettext_noop("%(kind)s at %(company)s ended %(day)s"),
            kind=audit.choice(placement, "kind"),
            company=placement.company,
            day=ended_on,
        ),
        changes={"ended_on": ["", ended_on.isoformat()]},
    )


def trainings_end_on_exit(
    *, participant: Participant, exit_on: datetime.date, actor: User | None
) -> None:
    """End a leaving participant's open trainings on the exit date, each with its audit row.

    Called inside participant_exit's transaction (through the participant_exiting signal);
    refuses an exit before an open training starts, which rolls the exit back.
    """
    trainings = (
        Placement.objects.training()
        .open()
        .filter(participant_id=participant.pk)
        .select_for_update()
        .select_related("participant", "company")
    )
    for placement in trainings:
        if placement.starts_on > exit_on:
            raise DomainError(
                _("The training at %(company)s starts on %(day)s, after the exit date.")
                % {"company": placement.company, "day": short_date(placement.starts_on)},
                field="exit_on",
            )
        _end(placement, ended_on=exit_on, actor=actor)


def _create_employment(
    *,
    participant: Participant,
    company: Company,
    starts_on: datetime.date,
    employment_type: str,
    weekly_hours: Decimal | None,
    actor: User | None,
    ended_on: datetime.date | None = None,
    mentor: Mentor | None = None,
) -> Placement:
    _check_dates(participant, starts_on=starts_on, planned_end_on=None, ended_on=ended_on)
    _check_hours(weekly_hours, required=True)
    _check_mentor(mentor, company)
    if employment_type not in Placement.EmploymentType.values:
        raise DomainError(_("Choose the type of employment."), field="employment_type")
    if Placement.objects.filter(
        participant=participant,
        company=company,
        kind=Placement.Kind.EMPLOYMENT,
        starts_on=starts_on,
    ).exists():
        raise DomainError(_("This employment is already recorded."), field="starts_on")
    placement = Placement(
        participant=participant,
        company=company,
        kind=Placement.Kind.EMPLOYMENT,
        employment_type=employment_type,
        starts_on=starts_on,
        ended_on=ended_on,
        mentor=mentor,
        weekly_hours=weekly_hours,
        created_by=actor,
    )
    placement._history_user = actor
    placement.save()
    _audit(
        placement,
        actor=actor,
        action=AuditEvent.Action.CREATED,
        summary=audit.summary(
            gettext_noop("Employed at %(company)s from %(day)s, %(hours)s hours a week"),
            company=company,
            day=starts_on,
            hours=weekly_hours,
        ),
    )
    return placement


def participant_hire(
    *,
    participant: Participant,
    company: Company,
    starts_on: datetime.date,
    employment_type: str,
    weekly_hours: Decimal,
    actor: User | None,
    mentor: Mentor | None = None,
) -> Placement:
    """Hire a participant: the employment is created, any open training ends on the hire date
    and the participant leaves the programme with outcome employment, all in one step."""
    with transaction.atomic():
        participant = lock_case(participant.pk)
        if participant.exit_on is not None:
            raise DomainError(
                _("%(name)s already left the programme on %(day)s and cannot be hired through it.")
                % {"name": participant.person, "day": short_date(participant.exit_on)}
            )
        placement = _create_employment(
            participant=participant,
            company=company,
            starts_on=starts_on,
            employment_type=employment_type,
            weekly_hours=weekly_hours,
            mentor=mentor,
            actor=actor,
        )
        participant_services.participant_exit(
            participant=participant,
            exit_on=starts_on,
            outcome=Participant.ExitOutcome.EMPLOYMENT,
            reason=str(_("Hired at %(company)s")) % {"company": company},
            actor=actor,
            hired=True,
        )
        log_event_on_commit(
            "participant.hired",
            participant_id=participant.pk,
            programme_id=participant.programme_id,
            placement_id=placement.pk,
            company_id=company.pk,
            employment_type=employment_type,
            weekly_hours=str(weekly_hours),
            actor_id=getattr(actor, "pk", None),
        )
    return placement


def employment_record(
    *,
    participant: Participant,
    company: Company,
    starts_on: datetime.date,
    employment_type: str,
    weekly_hours: Decimal | None,
    actor: User | None,
    ended_on: datetime.date | None = None,
) -> Placement:
    """Record an employment from the history (the importer): no change of status.

    A live hire goes through participant_hire, which also records the exit.
    """
    with transaction.atomic():
        return _create_employment(
            participant=participant,
            company=company,
            starts_on=starts_on,
            employment_type=employment_type,
            weekly_hours=weekly_hours,
            ended_on=ended_on,
            actor=actor,
        )


def hours_change_record(
    *,
    placement: Placement,
    changed_on: datetime.date,
    weekly_hours: Decimal,
    actor: User | None,
    note: str = "",
) -> tuple[HoursChange, bool]:
    """Record new weekly hours on an employment from a date (one change per day; a second
    change on the same day corrects the first). Returns (change, created)."""
    if placement.kind != Placement.Kind.EMPLOYMENT:
        raise DomainError(_("Hours are followed on employments, not on training."))
    _check_hours(weekly_hours, required=True)
    check_not_ahead(changed_on, field="changed_on")
    if changed_on < placement.starts_on:
        raise DomainError(
            _("The change cannot be before the employment started (%(day)s).")
            % {"day": short_date(placement.starts_on)},
            field="changed_on",
        )
    if placement.ended_on is not None and changed_on > placement.ended_on:
        raise DomainError(
            _("The employment ended on %(day)s.") % {"day": short_date(placement.ended_on)},
            field="changed_on",
        )
    with transaction.atomic():
        change, created = HoursChange.objects.select_for_update().get_or_create(
            placement=placement,
            changed_on=changed_on,
            defaults={"weekly_hours": weekly_hours, "note": note, "recorded_by": actor},
        )
        if not created:
            if change.weekly_hours == weekly_hours and change.note == (note or change.note):
                return change, False
            change.weekly_hours = weekly_hours
            change.note = note or change.note
            change.recorded_by = actor
            change._history_user = actor
            change.save()
        _audit(
            placement,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=audit.summary(
                gettext_noop("Hours at %(company)s: %(hours)s a week from %(day)s"),
                company=placement.company,
                hours=weekly_hours,
                day=changed_on,
            ),
        )
    return change, created
