"""The funding ledger: a programme's grants, budget and expenses, listed with filters and
totals; managers read it, administrators add, correct and delete lines (reporting/funding.py
holds the writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jobsporet.core.errors import DomainError
from jobsporet.programmes import services
from jobsporet.programmes.models import FundingEntry, Programme

from .forms_funding import FundingEntryForm, LedgerFilterForm
from .views import _programme_for


@permission_required("programmes.view_fundingentry", raise_exception=True)
def ledger(request: HttpRequest, key: str) -> HttpResponse:
    """The programme's funding lines matching the filters, with totals by kind."""
    programme = _programme_for(request, key)
    entries = FundingEntry.objects.filter(programme=programme)
    form = LedgerFilterForm(request.GET or None, entries=entries)
    entries = form.filtered(entries)
    kind = FundingEntry.Kind
    totals = entries.aggregate(
        granted=Sum("amount", filter=Q(kind=kind.GRANT)),
        budget=Sum("amount", filter=Q(kind=kind.BUDGET)),
        spent=Sum("amount", filter=Q(kind=kind.EXPENSE)),
        lines=Count("pk"),
    )
    return render(
        request,
        "reporting/funding.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "form": form,
            "entries": entries.order_by("on", "reference"),
            "totals": totals,
            "can_change": request.user.has_perm("programmes.change_fundingentry"),
        },
    )


def _entry_for(request: HttpRequest, key: str, pk: int) -> tuple[Programme, FundingEntry]:
    programme = _programme_for(request, key)
    return programme, get_object_or_404(FundingEntry, programme=programme, pk=pk)


def _values(form: FundingEntryForm) -> dict:
    return {name: form.cleaned_data[name] for name in FundingEntryForm.Meta.fields}


def _save(request, form, write) -> bool:
    """Run the service; a refusal goes beside its field (the form keeps the input)."""
    try:
        write()
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


@permission_required("programmes.add_fundingentry", raise_exception=True)
def entry_add(request: HttpRequest, key: str) -> HttpResponse:
    programme = _programme_for(request, key)
    form = FundingEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save(
            request,
            form,
            lambda: services.funding_entry_create(
                programme=programme, actor=request.user, **_values(form)
            ),
        ):
            messages.success(request, _("The line was added."))
            return redirect("reporting:funding", programme.slug)
    return render(
        request,
        "reporting/funding_form.html",
        {"nav": "outcomes", "programme": programme, "form": form},
    )


@permission_required("programmes.change_fundingentry", raise_exception=True)
def entry_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    programme, entry = _entry_for(request, key, pk)
    form = FundingEntryForm(request.POST or None, instance=FundingEntry.objects.get(pk=entry.pk))
    if request.method == "POST" and form.is_valid():
        if _save(
            request,
            form,
            lambda: services.funding_entry_correct(
                entry=entry, actor=request.user, **_values(form)
            ),
        ):
            messages.success(request, _("The line was corrected."))
            return redirect("reporting:funding", programme.slug)
    history = entry.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "reporting/funding_form.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "form": form,
            "entry": entry,
            "history": history,
        },
    )


@permission_required("programmes.delete_fundingentry", raise_exception=True)
def entry_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Asks first (GET), deletes on the confirming POST."""
    programme, entry = _entry_for(request, key, pk)
    if request.method == "POST":
        services.funding_entry_delete(entry=entry, actor=request.user)
        messages.success(
            request, _("The line %(reference)s was deleted.") % {"reference": entry.reference}
        )
        return redirect("reporting:funding", programme.slug)
    return render(
        request,
        "reporting/funding_delete.html",
        {"nav": "outcomes", "programme": programme, "entry": entry},
    )
