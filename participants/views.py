"""Participant pages: thin views over access helpers, forms, services and queries."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from jobsporet.accounts.roles import Role
from jobsporet.core import audit
from jobsporet.core.errors import DomainError, add_to_form
from jobsporet.core.models import AuditEvent
from jobsporet.core.views_helpers import call_service, paginate, paginate_rows
from jobsporet.programmes.middleware import visible_programmes

from . import queries, services
from .access import get_effort_for, get_goal_for, get_note_for, get_participant_for
from .filters import ParticipantFilter
from .forms import (
    CaseDetailsForm,
    CaseNoteForm,
    EnrolForm,
    GoalForm,
    ParallelEffortForm,
    PersonForm,
    ReviewForm,
)
from .models import Barrier, Participant
from .search import (
    TOO_MANY_LOOKUPS,
    audit_refused_cpr_lookup,
    caseload_urls,
    cpr_lookup_allowed,
    cpr_lookups_used_up,
    list_url,
    posted_filters,
    record_listing,
    refuse_cpr_in_url,
    too_many_cpr_lookups,
)

VIEW_AUDIT_INTERVAL = datetime.timedelta(hours=1)
PAGE_SIZE = 25
SEARCH_CAP = 250  # the matches a name search shows (10 pages) before asking for a closer one


def _programme_or_404(request: HttpRequest):
    if not request.programme:
        raise Http404(_("You are not a member of any programme."))
    return request.programme


def _back_to(participant: Participant, anchor: str = "") -> HttpResponse:
    return redirect(reverse("participants:detail", args=[participant.pk]) + anchor)


@sensitive_post_parameters("q")
def participant_list(request: HttpRequest) -> HttpResponse:
    """The programme's participants, filtered and sorted; a broker starts on their caseload.

    The filters are posted and redirected to a GET (so the list can be bookmarked and paged),
    a CPR number replaced by an opaque token (see filters.py)."""
    if not request.user.has_perm("participants.view_participant"):
        raise PermissionDenied
    programme = _programme_or_404(request)
    if request.method == "POST":
        return redirect(list_url(posted_filters(request, programme)))
    if refused := refuse_cpr_in_url(request):
        return refused
    base = Participant.objects.visible_to(request.user).filter(programme=programme)
    filters = ParticipantFilter(request.GET, queryset=base, request=request, programme=programme)
    sensitive = request.user.has_perm("participants.view_sensitive")
    ordered = filters.qs.order_by(
        *(filters.qs.query.order_by or ["person__last_name", "person__first_name"]), "pk"
    )
    searching = bool(filters.form.data.get("q", "").strip())
    page = paginate_rows(
        request,
        ordered,
        lambda ids: queries.list_rows(Participant.objects.filter(pk__in=ids), sensitive=sensitive),
        per_page=PAGE_SIZE,
        # A search shows its first matches in name order and says when there are more than
        # that, rather than counting every match in a large programme ("Hansen": thousands).
        cap=SEARCH_CAP if searching else None,
    )
    record_listing(request, programme, page)
    return render(
        request,
        "participants/list.html",
        {
            "nav": "participants",
            "filter": filters,
            "page_obj": page,
            "caseload": filters.form.data.get("caseload"),
            "caseload_urls": caseload_urls(request),
        },
    )


@sensitive_post_parameters("cpr")
@permission_required("participants.add_participant", raise_exception=True)
def participant_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol a citizen: find or create the person by CPR, then open the case, in one step."""
    programme = _programme_or_404(request)
    initial = {
        "enrolled_on": timezone.localdate(),
        "reference": queries.next_reference(programme),
    }
    if request.user.has_role(Role.JOB_BROKER):
        initial["job_broker"] = request.user
    form = EnrolForm(
        request.POST or None,
        initial=initial,
        programme=programme,
        sensitive=request.user.has_perm("participants.view_sensitive"),
    )
    if request.method == "POST" and form.is_valid():
        enrolled = _enrol(request, form, programme)
        if enrolled:
            participant, created = enrolled
            person = participant.person
            if created:
                messages.success(request, _("%(name)s is enrolled.") % {"name": person})
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s was already known in Jobsporet; the new case is added to "
                        "their history (their details are kept)."
                    )
                    % {"name": person},
                )
            return redirect("participants:detail", participant.pk)
    return render(
        request,
        "participants/enrol.html",
        {"nav": "participants", "form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


def _enrol(request: HttpRequest, form: EnrolForm, programme) -> tuple[Participant, bool] | None:
    """person_enrol with the form's values. Enrolling a known CPR number under another name is a
    look-up by CPR number too (is the number known?): it counts against the user's hourly
    look-ups, and once they are used up no CPR number is checked until the next hour."""
    if cpr_lookups_used_up(request.user):
        # Audited before add_error, which takes the number out of cleaned_data.
        audit_refused_cpr_lookup(
            request.user, programme, TOO_MANY_LOOKUPS, form.cleaned_data["cpr"]
        )
        form.add_error("cpr", too_many_cpr_lookups())
        return None
    data = form.cleaned_data
    try:
        return services.person_enrol(
            cpr=data["cpr"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            contact={k: data[k] for k in ("phone", "email", "address", "postal_code", "city")},
            programme=programme,
            enrolled_on=data["enrolled_on"],
            barriers=data["barriers"],
            actor=request.user,
            **form.case_values(),
        )
    except services.NameMismatch as refused:
        cpr_lookup_allowed(request.user)
        add_to_form(form, refused)
    except DomainError as error:
        add_to_form(form, error)
    return None


def _record_view(
    request: HttpRequest, participant: Participant, *, seen: bool | None = None
) -> None:
    """A case page read is audited, at most once an hour per reader, to keep the trail legible
    (`seen`: whether it was within the hour, when the case's query has told already)."""
    if seen is None:
        since = timezone.now() - VIEW_AUDIT_INTERVAL
        viewed = queries.viewed_by(request.user, since=since)
        seen = viewed.filter(person_id=participant.person_id).exists()
    if not seen:
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.VIEWED,
            target=participant,
            person_id=participant.person_id,
            programme_id=participant.programme_id,
            summary=_("Case page viewed"),
        )


def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    since = timezone.now() - VIEW_AUDIT_INTERVAL
    participant = queries.case_for_page(request.user, pk, viewed_since=since)
    _record_view(request, participant, seen=participant.viewed_since_then)
    sensitive = request.user.has_perm("participants.view_sensitive")
    context = {
        "nav": "participants",
        "participant": participant,
        "sensitive": sensitive,
        "barrier_choices": Barrier,
        **queries.case_page(
            participant,
            sensitive=sensitive,
            # read once per request for the navbar's programme switcher
            programme_ids={programme.pk for programme in visible_programmes(request)},
        ),
    }
    if request.user.has_perm("participants.add_casenote"):
        context["note_form"] = CaseNoteForm()
    return render(request, "participants/detail.html", context)


@require_POST
def reveal_cpr(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full CPR number to a user allowed to see it; every showing is audited."""
    participant = get_participant_for(request.user, pk, permission="participants.reveal_cpr")
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.CPR_REVEALED,
        target=participant.person,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        summary=_("Full CPR number shown"),
        purpose=request.POST.get("purpose", ""),
    )
    return render(request, "participants/_cpr.html", {"cpr": participant.person.cpr})


def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(
        request.user, pk, permission="participants.change_participant"
    )
    form = CaseDetailsForm(
        request.POST or None,
        participant=participant,
        sensitive=request.user.has_perm("participants.view_sensitive"),
    )
    if request.method == "POST" and form.is_valid():
        values = form.case_values()
        chosen = set(form.cleaned_data["barriers"])
        values.update({f"barrier_{code}": code in chosen for code in Barrier.values})
        if call_service(
            form,
            lambda: services.participant_update(
                participant=participant, actor=request.user, **values
            ),
        ):
            messages.success(request, _("The case details are saved."))
            return _back_to(participant)
    return render(
        request,
        "participants/form.html",
        {
            "nav": "participants",
            "participant": participant,
            "form": form,
            "title": _("Case details"),
        },
        status=400 if form.errors else 200,
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission="participants.change_person")
    person = participant.person
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        person.refresh_from_db()  # the form wrote the values on the instance; compare fresh
        services.person_update(person=person, actor=request.user, **values)
        messages.success(request, _("The contact details are saved."))
        return _back_to(participant)
    return render(
        request,
        "participants/form.html",
        {
            "nav": "participants",
            "participant": participant,
            "form": form,
            "title": _("Contact details"),
        },
        status=400 if form.errors else 200,
    )


def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a contact. With htmx the notes section is swapped in place; without, a redirect."""
    participant = queries.case_for_page(request.user, pk, permission="participants.add_casenote")
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = call_service(
            form,
            lambda: services.case_note_add(
                participant=participant,
                author=request.user,
                kind=data["kind"],
                text=data["text"],
                occurred_at=data["occurred_at"],
                follow_up_on=data["follow_up_on"],
            ),
        )
        if note is not None:
            if not request.htmx:
                messages.success(request, _("The note is saved."))
                return _back_to(participant, "#notes")
            form = CaseNoteForm()
    if request.htmx:
        context = {
            "participant": participant,
            "note_form": form,
            **queries.case_page(participant, sensitive=True),
        }
        return render(request, "participants/_notes_section.html", context)
    return render(
        request,
        "participants/form.html",
        {"nav": "participants", "participant": participant, "form": form, "title": _("New note")},
        status=400 if form.errors else 200,
    )


def notes_all(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission="participants.view_sensitive")
    _record_view(request, participant)
    notes = participant.notes.select_related("author").order_by("-occurred_at", "-pk")
    return render(
        request,
        "participants/notes.html",
        {
            "nav": "participants",
            "participant": participant,
            "page_obj": paginate(request, notes, per_page=50),
        },
    )


@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_note_for(request.user, pk, permission="participants.change_casenote")
    try:
        note = services.case_note_follow_up_done(note=note, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    if request.htmx:
        return render(request, "participants/_note.html", {"note": note})
    next_url = request.POST.get("next")
    if next_url == "home":
        return redirect("reporting:home")
    return _back_to(note.participant, "#notes")


def _plan_form_page(request, participant, form, title: str, extra: dict | None = None):
    return render(
        request,
        "participants/form.html",
        {
            "nav": "participants",
            "participant": participant,
            "form": form,
            "title": title,
            **(extra or {}),
        },
        status=400 if form.errors else 200,
    )


def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission="participants.add_goal")
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = participant.development_plan
        if call_service(
            form, lambda: services.goal_save(plan=plan, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("The goal is added to the plan."))
            return _back_to(participant, "#plan")
    return _plan_form_page(request, participant, form, _("New goal"))


def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, permission="participants.change_goal")
    participant = get_participant_for(request.user, goal.plan.participant_id)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if call_service(
            form,
            lambda: services.goal_save(plan=goal.plan, goal=goal, actor=request.user, **values),
        ):
            messages.success(request, _("The goal is saved."))
            return _back_to(participant, "#plan")
    history = goal.history.select_related("history_user").order_by("-history_date")[:20]
    return _plan_form_page(request, participant, form, _("Goal"), {"goal_history": history})


def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission="participants.add_review")
    plan = participant.development_plan
    # Every goal of the plan, each with its status and progress to set in the review.
    goals = plan.goals.order_by("area", "target_on", "pk")
    form = ReviewForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.review_add(
                plan=plan,
                reviewer=request.user,
                goal_updates=form.goal_updates(),
                **form.review_values(),
            ),
        ):
            messages.success(request, _("The review is saved."))
            return _back_to(participant, "#plan")
    return _plan_form_page(request, participant, form, _("Review of the development plan"))


def effort_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(
        request.user, pk, permission="participants.add_paralleleffort"
    )
    form = ParallelEffortForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.parallel_effort_save(
                participant=participant, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The parallel effort is saved."))
            return _back_to(participant, "#efforts")
    return _plan_form_page(request, participant, form, _("New parallel effort"))


def effort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    effort = get_effort_for(request.user, pk, permission="participants.change_paralleleffort")
    participant = get_participant_for(request.user, effort.participant_id)
    form = ParallelEffortForm(request.POST or None, instance=effort)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if call_service(
            form,
            lambda: services.parallel_effort_save(
                participant=participant, effort=effort, actor=request.user, **values
            ),
        ):
            messages.success(request, _("The parallel effort is saved."))
            return _back_to(participant, "#efforts")
    return _plan_form_page(request, participant, form, _("Parallel effort"))
