"""Company pages: the list, a company's page, and keeping companies, agreements and mentors.
Thin views: an access helper, a form, one service (services.py), a message, a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.roles import Role
from jobsporet.core.formatting import short_date
from jobsporet.core.views_helpers import call_service, paginate
from jobsporet.programmes.models import Programme
from placements import queries as placement_queries

from . import queries, services
from .access import get_agreement_for, get_company_for, get_mentor_for
from .filters import CompanyFilter
from .forms import AgreementForm, CompanyForm, EndAgreementForm, MentorForm
from .models import Agreement, Company


def _form_page(request, form, title: str, company: Company | None = None, confirm: str = ""):
    return render(
        request,
        "companies/form.html",
        {"nav": "companies", "form": form, "title": title, "company": company, "confirm": confirm},
        status=400 if form.errors else 200,
    )


@permission_required("companies.view_company", raise_exception=True)
def company_list(request: HttpRequest) -> HttpResponse:
    programme = request.programme or None
    rows = queries.company_rows(programme)
    filters = CompanyFilter(request.GET, queryset=rows, request=request)
    ordered = filters.qs.order_by(*(filters.qs.query.order_by or ["name"]), "pk")
    return render(
        request,
        "companies/list.html",
        {"nav": "companies", "filter": filters, "page_obj": paginate(request, ordered)},
    )


@permission_required("companies.add_company", raise_exception=True)
def company_create(request: HttpRequest) -> HttpResponse:
    initial = {"consultant": request.user} if request.user.has_role(Role.COMPANY_CONSULTANT) else {}
    form = CompanyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        company = call_service(
            form, lambda: services.company_create(actor=request.user, **form.cleaned_data)
        )
        if company:
            messages.success(request, _("%(name)s is registered.") % {"name": company})
            return redirect("companies:detail", company.pk)
    return _form_page(request, form, _("New company"))


def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for(request.user, pk, permission="companies.change_company")
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.company_update(
                company=company, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The company is saved."))
            return redirect("companies:detail", company.pk)
    return _form_page(request, form, _("Edit company"), company)


def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for(request.user, pk)
    programmes = Programme.objects.visible_to(request.user)
    agreements = list(
        Agreement.objects.filter(company=company, programme__in=programmes)
        .select_related("programme")
        .with_places()
    )
    placements = (
        company.placements.filter(participant__programme__in=programmes)
        .select_related("participant__person", "participant__programme", "mentor")
        .order_by("-starts_on", "-pk")
    )
    outcome = queries.training_outcome(company, request.programme) if request.programme else None
    today = timezone.localdate()
    return render(
        request,
        "companies/detail.html",
        {
            "nav": "companies",
            "company": company,
            "agreements": agreements,
            "mentors": list(company.mentors.all()),
            "page_obj": paginate(request, placements),
            "outcome": outcome,
            "matching": _matching(company, agreements, request.programme, today),
            "today": today,
        },
    )


def _matching(company: Company, agreements: list[Agreement], programme, today) -> dict | None:
    """How many of the current programme's participants fit the company's free training places
    or a hire (counts only: who is waiting is case work; the names are on the job broker's
    matching pages). None when the company has no agreement in force with the programme."""
    agreement = next(
        (
            row
            for row in agreements
            if row.programme_id == getattr(programme, "pk", None)
            and row.signed_on <= today
            and (row.ends_on is None or row.ends_on >= today)
        ),
        None,
    )
    if agreement is None:
        return None
    counts = placement_queries.fit_counts(programme, {company.sector})[company.sector]
    return {"agreement": agreement, "counts": counts}


def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for(request.user, pk, permission="companies.add_agreement")
    form = AgreementForm(
        request.POST or None,
        user=request.user,
        initial={"programme": request.programme, "signed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.agreement_save(
                company=company, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The agreement is saved."))
            return redirect("companies:detail", company.pk)
    return _form_page(request, form, _("New cooperation agreement"), company)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, permission="companies.change_agreement")
    form = AgreementForm(request.POST or None, instance=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.agreement_save(
                agreement=agreement,
                company=agreement.company,
                actor=request.user,
                **form.cleaned_data,
            ),
        ):
            messages.success(request, _("The agreement is saved."))
            return redirect("companies:detail", agreement.company_id)
    return _form_page(request, form, _("Cooperation agreement"), agreement.company)


def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, permission="companies.change_agreement")
    form = EndAgreementForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ends_on = form.cleaned_data["ends_on"]
        if call_service(
            form,
            lambda: services.agreement_end(
                agreement=agreement, ends_on=ends_on, actor=request.user
            ),
        ):
            messages.success(
                request,
                _("The agreement ends %(day)s.") % {"day": short_date(ends_on)},
            )
            return redirect("companies:detail", agreement.company_id)
    return _form_page(
        request,
        form,
        _("End the agreement with %(programme)s") % {"programme": agreement.programme},
        agreement.company,
        confirm=_("End the agreement?"),
    )


def mentor_add(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for(request.user, pk, permission="companies.add_mentor")
    form = MentorForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.mentor_save(company=company, actor=request.user, **form.cleaned_data),
        ):
            messages.success(request, _("The mentor is saved."))
            return redirect("companies:detail", company.pk)
    return _form_page(request, form, _("New mentor"), company)


def mentor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_mentor_for(request.user, pk, permission="companies.change_mentor")
    form = MentorForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.mentor_save(
                mentor=mentor, company=mentor.company, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The mentor is saved."))
            return redirect("companies:detail", mentor.company_id)
    return _form_page(request, form, _("Mentor"), mentor.company)
