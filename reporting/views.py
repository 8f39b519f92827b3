"""The start page ("today") and the outcome pages."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.roles import Role
from jobsporet.core.replica import reading_from_replica

from .figures import hours_latest_label
from .kpis import headline, programme_kpis
from .worklist import company_worklist_for, worklist_for


def home(request: HttpRequest) -> HttpResponse:
    """Who needs me today: each role's work list in the current programme."""
    user, programme, today = request.user, request.programme, timezone.localdate()
    context: dict = {"nav": "home", "today": today}
    if programme:
        if user.has_role(Role.JOB_BROKER) or user.has_role(Role.CASE_WORKER):
            context["worklist"] = worklist_for(user, programme, today)
        if user.has_role(Role.COMPANY_CONSULTANT):
            context["company_worklist"] = company_worklist_for(user, programme, today)
        if user.has_perm("programmes.view_outcomes"):
            # The start page shows four figures: the counts and the target's rate, one query.
            with reading_from_replica():
                context["kpis"] = headline(programme, today)
    return render(request, "reporting/home.html", context)


@permission_required("programmes.view_outcomes", raise_exception=True)
def outcomes(request: HttpRequest) -> HttpResponse:
    """The current programme's outcome figures on a date (default today): the KPI engine."""
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    as_of = timezone.localdate()
    if request.GET.get("as_of"):
        try:
            as_of = datetime.date.fromisoformat(request.GET["as_of"])
        except ValueError:
            messages.error(request, _("That is not a date; showing today's figures."))
    with reading_from_replica():
        kpis = programme_kpis(programme, as_of)
    target = kpis.targets.employment_rate
    return render(
        request,
        "reporting/outcomes.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "kpis": kpis,
            "as_of": as_of,
            "hours_latest_label": hours_latest_label(as_of),
            "rate_width": min(100, round((kpis.target_rate or 0) * 100)),
            "target_width": round(target * 100) if target is not None else None,
        },
    )
