"""Placement actions: start and end training, hire, exit, reopen, hours. Thin views: an
access helper, a form, one service, a message, a redirect to the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.access import get_company_for
from companies.models import Agreement, Mentor
from jobsporet.core.digits import parse_id
from jobsporet.core.formatting import short_date
from jobsporet.core.views_helpers import call_service
from participants import services as participant_services
from participants.access import get_participant_for
from participants.models import Participant

from . import queries, services
from .access import get_placement_for
from .forms import (
    EditTrainingForm,
    EndPlacementForm,
    ExitForm,
    HireForm,
    HoursForm,
    ReopenForm,
    StartTrainingForm,
)

# Starting training, hiring, closing and reopening a case are the job broker's decisions
# (docs/roles.md); the permission that carries them all is add_placement.
BROKER_DECISIONS = "placements.add_placement"
CHANGE = "placements.change_placement"


def _done(request: HttpRequest, participant: Participant, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("participants:detail", participant.pk)


def _page(request, participant, form, title: str, *, confirm: str = "", extra: dict | None = None):
    return render(
        request,
        "placements/form.html",
        {
            "nav": "participants",
            "participant": participant,
            "form": form,
            "title": title,
            "confirm": confirm,
            **(extra or {}),
        },
        status=400 if form.errors else 200,
    )


def start_training(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission=BROKER_DECISIONS)
    form = StartTrainingForm(request.POST or None, participant=participant)
    # One click from a company's fitting participants: the company comes chosen, if it may be.
    chosen = parse_id(request.GET.get("company"))  # "²" passes isdigit() and fails int()
    if request.method == "GET" and chosen and chosen not in form.full:
        if any(str(value) == str(chosen) for value, _label in form.fields["company"].choices):
            form.initial["company"] = chosen
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placement = call_service(
            form,
            lambda: services.training_start(participant=participant, actor=request.user, **data),
        )
        if placement:
            return _done(
                request,
                participant,
                _("%(name)s starts training at %(company)s.")
                % {"name": participant.person, "company": placement.company},
            )
    return _page(request, participant, form, _("Start training"))


def _matching_page(request: HttpRequest, pk: int, *, hire: bool) -> HttpResponse:
    """A company's fitting participants in the current programme, ranked by the score stated in
    full on the page, each one click from starting the training (or the hire) there. For those
    who start trainings and hire (job brokers): the list names citizens waiting for a place.
    A company without an agreement with the programme is not the programme's to match: 404."""
    company = get_company_for(request.user, pk, permission=BROKER_DECISIONS)
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    today = timezone.localdate()
    agreement = (
        Agreement.objects.filter(company=company, programme=programme)
        .in_force_on(today)
        .with_places()
        .first()
    )
    if agreement is None:
        raise Http404(_("The company has no agreement with this programme."))
    record = queries.employment_record(company, programme)
    if hire:
        open_for_matching = agreement.is_network
        find = queries.hire_candidates
    else:
        open_for_matching = agreement.has_free_place
        find = queries.training_candidates
    candidates = find(company, programme, today=today, record=record) if open_for_matching else []
    return render(
        request,
        "placements/candidates.html",
        {
            "nav": "companies",
            "company": company,
            "programme": programme,
            "agreement": agreement,
            "hire": hire,
            "candidates": candidates,
            "record": record,
            "score": queries.SCORE_RULES,
        },
    )


def company_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Participants who fit the company's free training places."""
    return _matching_page(request, pk, hire=False)


def company_hire_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Participants who fit a hire at a network company."""
    return _matching_page(request, pk, hire=True)


@permission_required("companies.view_company", raise_exception=True)
def mentor_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of a company's mentors, for the htmx-driven mentor select.

    Mentors are people at the companies: only staff who read companies and work in a
    programme (request.programme is None for a user who is a member of none) may list them.
    """
    if not request.programme:
        raise PermissionDenied
    company_id = parse_id(request.GET.get("company"))
    mentors = (
        Mentor.objects.filter(is_active=True, company_id=company_id)
        if company_id
        else Mentor.objects.none()
    )
    return render(request, "placements/_mentor_options.html", {"mentors": mentors})


def hire(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission=BROKER_DECISIONS)
    form = HireForm(
        request.POST or None,
        participant=participant,
        chosen_company=parse_id(request.GET.get("company")),
    )
    if request.method == "POST" and form.is_valid():
        placement = call_service(
            form,
            lambda: services.participant_hire(
                participant=participant, actor=request.user, **form.cleaned_data
            ),
        )
        if placement:
            return _done(
                request,
                participant,
                _("%(name)s is hired at %(company)s. Follow the hours as they grow.")
                % {"name": participant.person, "company": placement.company},
            )
    return _page(
        request,
        participant,
        form,
        _("Hire"),
        confirm=_("Record the hire? The participant leaves the programme with a job."),
    )


def participant_exit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission=BROKER_DECISIONS)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(
            form,
            lambda: participant_services.participant_exit(
                participant=participant,
                exit_on=data["exit_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                job_searching=data["job_searching"],
                qualification=data["qualification"],
                actor=request.user,
            ),
        ):
            return _done(
                request,
                participant,
                _("%(name)s has left the programme.") % {"name": participant.person},
            )
    return _page(
        request,
        participant,
        form,
        _("Leave the programme"),
        confirm=_("Close the case? Open training ends on the exit date, and open follow-ups end."),
    )


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk, permission=BROKER_DECISIONS)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: participant_services.participant_reopen(
                participant=participant, reason=form.cleaned_data["reason"], actor=request.user
            ),
        ):
            return _done(request, participant, _("The case is open again."))
    return _page(
        request,
        participant,
        form,
        _("Reopen the case"),
        confirm=_("Reopen the case? Its exit is removed from the outcome figures."),
    )


def end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for(request.user, pk, permission=CHANGE)
    participant = placement.participant
    form = EndPlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.placement_end(
                placement=placement, ended_on=form.cleaned_data["ended_on"], actor=request.user
            ),
        ):
            return _done(
                request,
                participant,
                _("%(kind)s at %(company)s ended.")
                % {"kind": placement.get_kind_display(), "company": placement.company},
            )
    return _page(
        request,
        participant,
        form,
        _("End %(kind)s at %(company)s")
        % {"kind": placement.get_kind_display().lower(), "company": placement.company},
        confirm=_("End the placement?"),
    )


def edit_training(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for(request.user, pk, permission=CHANGE)
    participant = placement.participant
    form = EditTrainingForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.training_update(
                placement=placement, actor=request.user, **form.cleaned_data
            ),
        ):
            return _done(request, participant, _("The training is updated."))
    return _page(
        request,
        participant,
        form,
        _("Training at %(company)s") % {"company": placement.company},
    )


def hours(request: HttpRequest, pk: int) -> HttpResponse:
    """Record new weekly hours on an employment, and show its ladder so far."""
    placement = get_placement_for(request.user, pk)
    # A case page (name, masked CPR, exit reason): only for those who may read the case, which
    # company consultants may not, although they see the placement itself.
    participant = get_participant_for(request.user, placement.participant_id)
    may_change = request.user.has_perm(CHANGE)
    form = HoursForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            if call_service(
                form,
                lambda: services.hours_change_record(
                    placement=placement, actor=request.user, **form.cleaned_data
                ),
            ):
                return _done(
                    request,
                    participant,
                    _("%(hours)s hours a week from %(day)s are recorded.")
                    % {
                        "hours": form.cleaned_data["weekly_hours"],
                        "day": short_date(form.cleaned_data["changed_on"]),
                    },
                )
    ladder = list(placement.hours_changes.order_by("changed_on"))
    return render(
        request,
        "placements/hours.html",
        {
            "nav": "participants",
            "participant": participant,
            "placement": placement,
            "ladder": ladder,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )
