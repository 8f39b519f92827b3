"""Reads for the participant pages: the list rows and the case page, in bounded queries."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.core.access import get_for
from jobsporet.core.models import AuditEvent

from .changes import field_changes
from .models import CaseNote, DevelopmentPlan, Goal, ParallelEffort, Participant, Person, Review

NOTES_ON_CASE_PAGE = 25
EVENTS_ON_CASE_PAGE = 25


def list_rows(queryset: QuerySet[Participant], *, sensitive: bool) -> QuerySet[Participant]:
    """The list's columns in one query: person, broker, the current placement's company (the
    open placement started last) and, for a reader of case notes (`sensitive`), the next open
    follow-up."""
    current = Participant.objects.filter(
        pk=OuterRef("pk"), placements__ended_on__isnull=True
    ).order_by("-placements__starts_on")
    rows = queryset.select_related("person", "job_broker").annotate(
        current_company=Subquery(current.values("placements__company__name")[:1]),
        current_kind=Subquery(current.values("placements__kind")[:1]),
    )
    if sensitive:
        next_follow_up = CaseNote.objects.filter(
            participant=OuterRef("pk"), follow_up_on__isnull=False, follow_up_done_at__isnull=True
        ).order_by("follow_up_on")
        rows = rows.annotate(next_follow_up=Subquery(next_follow_up.values("follow_up_on")[:1]))
    return rows


def neutral_summary(as_written: Expression | None = None) -> Case:
    """A history summary for a reader without the right to sensitive data: what kind of record
    changed, not what it says. Goal titles, a parallel effort's kind ("Health"), a review or a
    reopening's reason can reveal health data; only the summaries of records known to hold none
    (the enrolment and its details, contact details, placements, hours) are shown as written
    (`as_written`: the stored summary, or a marker for the caller to show it itself)."""
    as_written = F("summary") if as_written is None else as_written
    kinds = ContentType.objects.get_for_models(
        CaseNote, DevelopmentPlan, Goal, Review, ParallelEffort, Participant, Person
    )
    placement_kinds = ContentType.objects.filter(app_label="placements")
    neutral = {
        CaseNote: _("Contact log updated"),
        DevelopmentPlan: _("Development plan updated"),
        Goal: _("Development plan updated"),
        Review: _("Development plan updated"),
        ParallelEffort: _("Parallel efforts updated"),
    }
    return Case(
        # participant_reopen's row is the status change that carries the undone exit.
        When(
            target_type=kinds[Participant],
            action=AuditEvent.Action.STATUS,
            changes__has_key="exit",
            then=Value(_("Case reopened")),
        ),
        When(target_type__in=[kinds[Participant], kinds[Person]], then=as_written),
        When(target_type__in=placement_kinds, then=as_written),
        *(When(target_type=kinds[model], then=Value(text)) for model, text in neutral.items()),
        default=Value(_("Case updated")),
        output_field=CharField(),
    )


def history(participant: Participant, *, sensitive: bool) -> list[AuditEvent]:
    """The latest changes to the case, newest first, each with `shown`: its summary, or for a
    reader without the right to sensitive data a neutral one where the summary could reveal it;
    and for a reader with that right, `field_changes`: each field's old and new value.
    Reads (views, searches, CPR shown, exports) are in the access report, not here."""
    events = (
        AuditEvent.objects.filter(person_id=participant.person_id)
        .filter(Q(programme_id=participant.programme_id) | Q(programme__isnull=True))
        .exclude(action__in=AuditEvent.ACCESS_ACTIONS)
        .select_related("actor", "target_type")
    )
    if not sensitive:
        # "" marks a summary this reader sees as written: shown below, in their language.
        events = events.annotate(neutral=neutral_summary(as_written=Value("")))
    rows = list(events[:EVENTS_ON_CASE_PAGE])
    for event in rows:
        event.shown = getattr(event, "neutral", "") or event.summary_shown
        event.field_changes = field_changes(event) if sensitive else []
    return rows


def viewed_by(user, *, since) -> QuerySet[AuditEvent]:
    """The audit rows of the user's views of case pages since `since` (of any person: filter
    by person_id); a look-up by CPR number is another read, about the person."""
    return AuditEvent.objects.filter(
        actor=user,
        action=AuditEvent.Action.VIEWED,
        target_type=ContentType.objects.get_for_model(Participant),
        at__gte=since,
    )


def case_for_page(
    user, pk: int, *, permission: str | None = None, viewed_since=None
) -> Participant:
    """The case as get_participant_for finds it (or 404, or 403 without `permission`), with,
    from the same row, the exit's six-month follow-up (`scheduled_follow_up`, set when there is
    one: at most one is scheduled, a unique constraint) and, with `viewed_since`, whether the
    reader's view of this person's case has been audited since then (`viewed_since_then`)."""
    readable = (
        Participant.objects.visible_to(user)
        .with_person()
        .annotate(
            scheduled_follow_up=FilteredRelation(
                "follow_ups", condition=Q(follow_ups__cancelled_at__isnull=True)
            )
        )
        # the reverse relation: participants does not import placements
        .select_related("scheduled_follow_up", "scheduled_follow_up__employer")
    )
    if viewed_since is not None:
        readable = readable.annotate(
            viewed_since_then=Exists(
                viewed_by(user, since=viewed_since).filter(person_id=OuterRef("person_id"))
            )
        )
    return get_for(user, readable, pk, permission=permission)


def other_enrolments(
    participant: Participant, *, programme_ids: set[int]
) -> tuple[list[Participant], int]:
    """The same person's other enrolments: those in the reader's programmes (`programme_ids`),
    newest first, each with its programme, and how many others there are in programmes the
    reader is not a member of (counted, never named). One query; their placements come with
    the case's own (placements_of)."""
    others = list(
        Participant.objects.filter(person_id=participant.person_id)
        .exclude(pk=participant.pk)
        .select_related("programme")
        .order_by("-enrolled_on", "-pk")
    )
    shown = [other for other in others if other.programme_id in programme_ids]
    return shown, len(others) - len(shown)


HOURS_CHANGE_FIELDS = ("id", "changed_on", "weekly_hours", "note", "recorded_by_id", "created_at")


def placements_of(participant: Participant, others: list[Participant]) -> list:
    """The case's placements, newest first, each with its company, mentor and
    `hours_shown` (its changes of hours, in date order); and each of `others` (enrolments of the
    same person) given `placements_shown`, oldest first. One query for all of it: a
    placement's row repeats once for each change of its hours (a handful), read back here."""
    model = participant.placements.model
    hours_change = model._meta.get_field("hours_changes").related_model
    rows = (
        model.objects.filter(participant_id__in=[participant.pk, *(o.pk for o in others)])
        .select_related("company", "mentor")
        .annotate(**{f"change_{name}": F(f"hours_changes__{name}") for name in HOURS_CHANGE_FIELDS})
        .order_by("-starts_on", "-pk", "change_changed_on", "change_id")
    )
    placements: dict = {}
    for row in rows:
        placement = placements.setdefault(row.pk, row)
        if placement is row:
            placement.hours_shown = []
        if row.change_id is not None:
            placement.hours_shown.append(
                hours_change(
                    placement_id=row.pk,
                    **{name: getattr(row, f"change_{name}") for name in HOURS_CHANGE_FIELDS},
                )
            )
    by_case: dict[int, list] = {}
    for placement in placements.values():
        by_case.setdefault(placement.participant_id, []).append(placement)
    for other in others:
        other.placements_shown = by_case.get(other.pk, [])[::-1]
    return by_case.get(participant.pk, [])


def case_page(
    participant: Participant, *, sensitive: bool, programme_ids: set[int] | None = None
) -> dict:
    """Everything the case page shows, each list in one query, for a case read by
    case_for_page. Barriers, notes, plan and parallel efforts only when the reader may see
    them (`sensitive`); the person's other enrolments in the reader's programmes
    (`programme_ids`, None for a part of the page that does not show them), the rest only
    counted."""
    others: list[Participant] = []
    # today: an hours change dated later is shown as planned, not as the hours now
    context: dict = {"today": timezone.localdate()}
    if programme_ids is not None:
        others, context["hidden_enrolments"] = other_enrolments(
            participant, programme_ids=programme_ids
        )
        context["other_enrolments"] = others
    context["placements"] = placements_of(participant, others)
    # The exit's six-month follow-up came with the case; an active case has none to show.
    follow_up = getattr(participant, "scheduled_follow_up", None)
    if participant.exit_on is not None:
        context["follow_ups"] = [follow_up] if follow_up is not None else []
    if sensitive:
        # The plan came with the case (with_person); its goals and reviews, one query each.
        plan = getattr(participant, "development_plan", None)
        prefetch_related_objects(
            [plan] if plan else [],
            Prefetch("goals", queryset=Goal.objects.order_by("area", "target_on", "pk")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
        context.update(
            plan=plan,
            notes=list(
                participant.notes.select_related("author").order_by("-occurred_at", "-pk")[
                    : NOTES_ON_CASE_PAGE + 1
                ]
            ),
            efforts=list(participant.parallel_efforts.order_by("-starts_on", "-pk")),
        )
        context["more_notes"] = len(context["notes"]) > NOTES_ON_CASE_PAGE
        context["notes"] = context["notes"][:NOTES_ON_CASE_PAGE]
    context["history"] = history(participant, sensitive=sensitive)
    return context


def next_reference(programme) -> str:
    """A suggestion for the next case number: the latest case's prefix with the next number
    (JS-0122 after JS-0121), or the programme's initials for its first case."""
    latest = Participant.objects.filter(programme=programme).order_by("-created_at", "-pk").first()
    if latest is None or not re.match(r"^(.*?)([0-9]+)$", latest.reference):
        initials = "".join(part[0] for part in programme.slug.split("-") if part).upper()
        return f"{initials or 'P'}-0001"
    prefix, digits = re.match(r"^(.*?)([0-9]+)$", latest.reference).groups()
    same_prefix = Participant.objects.filter(
        programme=programme, reference__regex=rf"^{re.escape(prefix)}[0-9]+$"
    ).values_list("reference", flat=True)
    highest = max(int(reference[len(prefix) :]) for reference in same_prefix)
    return f"{prefix}{highest + 1:0{len(digits)}d}"
