"""Ordering the reporting app's reports (made in the background, jobsporet/jobs)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.jobs.views import start_job_and_show

from .forms_exports import EsfExportForm, OutcomeReportForm

# The reports of a programme's figures on a date, by the button that orders them.
OUTCOME_REPORTS = ("figures-workbook", "committee-report")


@permission_required("participants.view_participant", raise_exception=True)
def esf_export(request: HttpRequest) -> HttpResponse:
    """The EU Social Fund participant list of the current programme."""
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    form = EsfExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        full_cpr = bool(form.cleaned_data.get("full_cpr"))
        parameters = {
            "programme": programme.pk,
            "format": form.cleaned_data["format"],
            "full_cpr": full_cpr,
            "purpose": form.cleaned_data.get("purpose", "").strip() if full_cpr else "",
        }
        return start_job_and_show(request, kind="esf-participant-list", parameters=parameters)
    return render(
        request,
        "reporting/esf_export.html",
        {"nav": "outcomes", "form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_outcomes", raise_exception=True)
def outcome_reports(request: HttpRequest) -> HttpResponse:
    """The current programme's figures on a date as a workbook or the committee's PDF."""
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    form = OutcomeReportForm(request.POST or None, initial={"as_of": timezone.localdate()})
    if request.method == "POST":
        kind = request.POST.get("report", "")
        if kind not in OUTCOME_REPORTS:
            raise Http404
        if form.is_valid():
            parameters = {
                "programme": programme.pk,
                "as_of": form.cleaned_data["as_of"].isoformat(),
            }
            return start_job_and_show(request, kind=kind, parameters=parameters)
    return render(
        request,
        "reporting/outcome_reports.html",
        {"nav": "outcomes", "form": form, "programme": programme, "reports": OUTCOME_REPORTS},
        status=400 if form.errors else 200,
    )
