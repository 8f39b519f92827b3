"""The start page ("today") and the outcome pages."""

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from companies.models import Company
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core.models import AuditEvent
from jobsporet.core.replica import reading_from_replica
from jobsporet.programmes.middleware import SESSION_KEY, visible_programmes
from jobsporet.programmes.models import Programme
from participants.models import Participant

from .access import DashboardFace, dashboard_face_or_403
from .dashboard import Dashboard, companies_chart, dashboard_for
from .figures import hours_latest_label
from .forms import ComparisonForm, DashboardForm
from .kpis import Filters, Headline, headline, training_companies
from .snapshots import CHANGE_ACTIONS, kpis_for
from .worklist import company_worklist_for, worklist_for

# How long the start page's figures and the dashboards are kept at most, even if the
# programme's latest change has not moved: a change whose transaction was still open when they
# were counted (an import runs in one) has an audit row numbered before the latest one seen, and
# is shown after this long.
HEADLINE_SECONDS = 5 * 60

T = TypeVar("T")


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
            context["kpis"] = start_page_headline(programme, today)
    return render(request, "reporting/home.html", context)


def programme_version(programme: Programme, today: datetime.date) -> str:
    """What a cached figure of the programme depends on, as a short digest: the programme's
    latest change in the audit trail (every service, bulk variant and importer writes one with
    the programme; one step into an index), the day and the programme's own row (its targets and
    basis). A change, a new day or new targets give a new digest, so figures cached under the
    old one are never read again; HEADLINE_SECONDS bounds what a change committed out of order
    could leave unseen."""
    latest = (
        AuditEvent.objects.filter(programme=programme, action__in=CHANGE_ACTIONS)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    row = repr([getattr(programme, field.attname) for field in Programme._meta.concrete_fields])
    return hashlib.sha256(f"{latest}:{today}:{row}".encode()).hexdigest()[:32]


def kept_until_changed(
    name: str, programme: Programme, parts: tuple, compute: Callable[[], T]
) -> T:
    """compute(), kept in the cache under the programme's version (programme_version) and
    `parts`, everything else the figures depend on, for at most HEADLINE_SECONDS."""
    version = programme_version(programme, timezone.localdate())
    digest = hashlib.sha256(repr((version, *parts)).encode()).hexdigest()[:32]
    key = f"{name}:{programme.pk}:{digest}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, HEADLINE_SECONDS)
    return figures


def start_page_headline(programme: Programme, today: datetime.date) -> Headline:
    """The start page's four figures (the counts and the target's rate): headline(), one query
    over every case of the programme, kept in the cache until the programme changes
    (programme_version)."""
    with reading_from_replica():
        return kept_until_changed(
            "start-page-headline", programme, (today,), lambda: headline(programme, today)
        )


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


def outcomes(request: HttpRequest) -> HttpResponse:
    """The navbar's "Outcomes": the current programme's dashboard."""
    dashboard_face_or_403(request.user)
    programme = request.programme
    if not programme:
        raise Http404(_("You are not a member of any programme."))
    return redirect("reporting:dashboard", programme.slug)


def dashboard(request: HttpRequest, key: str) -> HttpResponse:
    """One programme's outcome dashboard on a date, for the participants the filters select;
    date and filters are in the URL, so the page can be bookmarked and mailed. Managers and
    administrators see all of it, job brokers all but the per-broker chart, company consultants
    the per-company chart for their companies (reporting/access.py)."""
    face = dashboard_face_or_403(request.user)
    programme = _programme_for(request, key)
    if face is DashboardFace.COMPANIES:
        return _companies_dashboard(request, programme)
    user = request.user
    with reading_from_replica():
        if face is DashboardFace.FULL:
            # The users with a case in the programme: a look-up per user (an index on the
            # broker), not a join of every case made distinct.
            has_cases = Participant.objects.filter(programme=programme, job_broker=OuterRef("pk"))
            brokers = [
                (broker.pk, broker.get_full_name() or broker.username)
                for broker in User.objects.filter(Exists(has_cases)).order_by(
                    "first_name", "last_name", "pk"
                )
            ]
        else:  # a job broker may narrow the figures to their own caseload, no one else's
            brokers = [(user.pk, user.get_full_name() or user.username)]
        form = DashboardForm(
            request.GET,
            programme=programme,
            brokers=brokers,
            default_day=default_day(programme, timezone.localdate()),
        )
        board = cached_dashboard(programme, form.day, form.filters, face=face)
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


def cached_dashboard(
    programme: Programme, day: datetime.date, filters: Filters, *, face: DashboardFace
) -> Dashboard:
    """dashboard_for(), kept in the cache until the programme changes (programme_version): a
    manager's second look, a colleague opening the mailed link or the date switched back costs
    one index step instead of the engine. The key holds the date, the filters, the face (a job
    broker's has no per-broker chart) and the language the charts' words are in."""
    return kept_until_changed(
        "dashboard",
        programme,
        (day, filters, face.name, get_language()),
        lambda: dashboard_for(programme, day, filters, with_brokers=face is DashboardFace.FULL),
    )


def _companies_dashboard(request: HttpRequest, programme: Programme) -> HttpResponse:
    """A company consultant's face of the dashboard: the employment rate by training company,
    for the companies they are the consultant of, on a date."""
    form = ComparisonForm(request.GET)
    day = form.cleaned_data.get("as_of") if form.is_valid() else None
    day = day or default_day(programme, timezone.localdate())
    target = programme.target_employment_rate
    target = None if target is None else float(target)
    with reading_from_replica():
        own = set(Company.objects.filter(consultant=request.user).values_list("cvr", flat=True))
        companies = [
            company
            for company in training_companies(programme, day, target=target)
            if company.cvr in own
        ]
    chart = companies_chart(companies, target=target, basis=programme.employment_rate_basis)
    return render(
        request,
        "reporting/dashboard_companies.html",
        {"nav": "outcomes", "programme": programme, "form": form, "as_of": day, "chart": chart},
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
