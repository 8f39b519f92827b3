"""Reads for the participant pages: the list rows and the case page, in bounded queries."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    F,
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


def neutral_summary() -> Case:
    """A history summary for a reader without the right to sensitive data: what kind of record
    changed, not what it says. Goal titles, a parallel effort's kind ("Health"), a review or a
    reopening's reason can reveal health data; only the summaries of records known to hold none
    (the enrolment and its details, contact details, placements, hours) are shown as written."""
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
        When(target_type__in=[kinds[Participant], kinds[Person]], then=F("summary")),
        When(target_type__in=placement_kinds, then=F("summary")),
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
    shown = F("summary") if sensitive else neutral_summary()
    rows = list(events.annotate(shown=shown)[:EVENTS_ON_CASE_PAGE])
    for event in rows:
        event.field_changes = field_changes(event) if sensitive else []
    return rows


def other_enrolments(
    participant: Participant, *, programme_ids: set[int]
) -> tuple[list[Participant], int]:
    """The same person's other enrolments: those in the reader's programmes (`programme_ids`),
    newest first, each with its programme and placements (with their companies), and how many
    others there are in programmes the reader is not a member of (counted, never named).
    One query, and one more for the placements when there is an enrolment to show."""
    others = list(
        Participant.objects.filter(person_id=participant.person_id)
        .exclude(pk=participant.pk)
        .select_related("programme")
        .order_by("-enrolled_on", "-pk")
    )
    shown = [other for other in others if other.programme_id in programme_ids]
    placements = participant.placements.model.objects.select_related("company")
    prefetch_related_objects(
        shown, Prefetch("placements", queryset=placements.order_by("starts_on", "pk"))
    )
    return shown, len(others) - len(shown)


def case_page(
    participant: Participant, *, sensitive: bool, programme_ids: set[int] | None = None
) -> dict:
    """Everything the case page shows, each list in one query. Barriers, notes, plan and
    parallel efforts only when the reader may see them (`sensitive`); the person's other
    enrolments in the reader's programmes (`programme_ids`, None for a part of the page that
    does not show them), the rest only counted."""
    placements = list(
        participant.placements.select_related("company", "mentor")
        .prefetch_related("hours_changes")
        .order_by("-starts_on", "-pk")
    )
    # today: an hours change dated later is shown as planned, not as the hours now
    context: dict = {"placements": placements, "today": timezone.localdate()}
    if programme_ids is not None:
        context["other_enrolments"], context["hidden_enrolments"] = other_enrolments(
            participant, programme_ids=programme_ids
        )
    if participant.exit_on is not None:
        # The exit's six-month follow-up (placements schedules it; the reverse relation keeps
        # participants from importing placements). An active case has none to show.
        context["follow_ups"] = list(
            participant.follow_ups.filter(cancelled_at__isnull=True).select_related("employer")
        )
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
