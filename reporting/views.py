"""The start page ("today") and the outcome pages."""

import datetime

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core.replica import reading_from_replica
from jobsporet.programmes.middleware import SESSION_KEY, visible_programmes
from jobsporet.programmes.models import Programme

from .dashboard import dashboard_for
from .figures import hours_latest_label
from .forms import ComparisonForm, DashboardForm
from .kpis import headline
from .snapshots import kpis_for
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


def _programme_for(request: HttpRequest, key: str) -> Programme:
    """The programme named by slug (or id) among those the user may see, else 404. It becomes
    the current programme, so the menu's switcher shows the programme the page is about."""
    for programme in visible_programmes(request):
        if programme.slug == key or str(programme.pk) == key:
            current = request.programme
            if current is None or current.pk != programme.pk:
                request.session[SESSION_KEY] = programme.pk
                request.programme = programme
            return programme
    raise Http404(_("No such programme among yours."))


def default_day(programme: Programme, today: datetime.date) -> datetime.date:
    """Today, or the programme's end date once it has ended."""
    return programme.ends_on if programme.ends_on and programme.ends_on < today else today


@permission_required("programmes.view_outcomes", raise_exception=True)
def outcomes(request: HttpRequest) -> HttpResponse:
    """The navbar's "Outcomes": the current programme's dashboard."""
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    return redirect("reporting:dashboard", programme.slug)


@permission_required("programmes.view_outcomes", raise_exception=True)
def dashboard(request: HttpRequest, key: str) -> HttpResponse:
    """One programme's outcome dashboard on a date, for the participants the filters select;
    date and filters are in the URL, so the page can be bookmarked and mailed."""
    programme = _programme_for(request, key)
    with reading_from_replica():
        brokers = [
            (user.pk, user.get_full_name() or user.username)
            for user in User.objects.filter(caseload__programme=programme)
            .distinct()
            .order_by("first_name", "last_name", "pk")
        ]
        form = DashboardForm(
            request.GET,
            programme=programme,
            brokers=brokers,
            default_day=default_day(programme, timezone.localdate()),
        )
        board = dashboard_for(programme, form.day, form.filters)
    kpis = board.kpis
    target = kpis.targets.employment_rate
    return render(
        request,
        "reporting/dashboard.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "form": form,
            "board": board,
            "kpis": kpis,
            "as_of": board.as_of,
            "hours_latest_label": hours_latest_label(board.as_of),
            "rate_width": min(100, round((kpis.target_rate or 0) * 100)),
            "target_width": round(target * 100) if target is not None else None,
            "form_query_end": form.query(as_of=programme.ends_on) if programme.ends_on else "",
            "extra_tiles": ["reporting/_followup_tile.html"],
        },
    )


@permission_required("programmes.view_outcomes", raise_exception=True)
def comparison(request: HttpRequest) -> HttpResponse:
    """Every programme the user may see, side by side: each on one date (the date asked for,
    else its own end date or today). A trusted KPI snapshot of that date is read where there is
    one (reporting/snapshots.py), else the engine runs for the programme."""
    form = ComparisonForm(request.GET)
    day = form.cleaned_data.get("as_of") if form.is_valid() else None
    today = timezone.localdate()
    programmes = list(visible_programmes(request))
    with reading_from_replica():
        rows = kpis_for(
            [(programme, day or default_day(programme, today)) for programme in programmes]
        )
    return render(
        request,
        "reporting/comparison.html",
        {"nav": "outcomes", "form": form, "rows": list(zip(programmes, rows, strict=True))},
    )
