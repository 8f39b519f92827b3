"""The EU Social Fund indicator report and the list of participants behind each figure: for
managers and administrators (programmes.view_outcomes, docs/roles.md)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core import audit
from jobsporet.core.exports.tables import XLSX_CONTENT_TYPE, Column, Kind, Table, xlsx_bytes
from jobsporet.core.views_helpers import paginate
from participants.forms import DATE

from .esf import GENDERS, EsfReport, Figure, definition_for, esf_report, participants_counted

VIEW_OUTCOMES = "programmes.view_outcomes"


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), widget=DATE)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


def _period(request: HttpRequest, programme) -> tuple[PeriodForm, datetime.date, datetime.date]:
    """The period asked for, or the programme's whole run up to today."""
    today = timezone.localdate()
    default_end = min(programme.ends_on or today, today)
    form = PeriodForm(request.GET or {"start": programme.starts_on, "end": default_end})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, programme.starts_on, default_end


def _programme(request: HttpRequest):
    if not request.programme:
        raise Http404(_("You are not a member of any programme."))
    return request.programme


def _links(request: HttpRequest, report: EsfReport, figure: Figure) -> dict[str, str]:
    """The list behind each of a figure's cells, for a reader who may see those participants
    (a sensitive indicator only for view_sensitive)."""
    user = request.user
    if not user.has_perm("participants.view_participant"):
        return {}
    if figure.definition.sensitive and not user.has_perm("participants.view_sensitive"):
        return {}
    base = reverse("reporting:esf-participants")
    period = {"start": report.start.isoformat(), "end": report.end.isoformat()}
    links = {
        gender: f"{base}?{urlencode({'key': figure.definition.key, 'gender': gender, **period})}"
        for gender in GENDERS
    }
    if figure.missing:
        links["missing"] = (
            f"{base}?{urlencode({'key': figure.definition.key, 'missing': 1, **period})}"
        )
    return links


def _sections(report: EsfReport) -> list[tuple[str, list[Figure]]]:
    return [
        (
            _("Output indicators: participants who entered in the period"),
            [report.entered, *report.output],
        ),
        (
            _("Immediate result indicators: participants who left in the period"),
            [report.left, *report.immediate],
        ),
        (
            _("Longer-term result indicators: participants who left in the period, six months on"),
            [*report.longer, *report.follow_ups],
        ),
    ]


@permission_required(VIEW_OUTCOMES, raise_exception=True)
def esf_page(request: HttpRequest) -> HttpResponse:
    """The programme's ESF indicators for a period, each figure linked to its participants."""
    programme = _programme(request)
    form, start, end = _period(request, programme)
    report = esf_report(programme, start=start, end=end, today=timezone.localdate())
    sections = _sections(report)
    return render(
        request,
        "reporting/esf.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "form": form,
            "report": report,
            "sections": [
                (title, [(figure, _links(request, report, figure)) for figure in figures])
                for title, figures in sections
            ],
        },
    )


@permission_required(VIEW_OUTCOMES, raise_exception=True)
def esf_participants(request: HttpRequest) -> HttpResponse:
    """The participants one figure counts (or whose data it misses), to check and correct them
    before reporting. Audited like a filtered participant list."""
    programme = _programme(request)
    if not request.user.has_perm("participants.view_participant"):
        raise PermissionDenied
    today = timezone.localdate()
    definition = definition_for(request.GET.get("key", ""), today)
    gender = request.GET.get("gender", "total")
    if definition is None or gender not in GENDERS:
        raise Http404(_("No such figure."))
    if definition.sensitive and not request.user.has_perm("participants.view_sensitive"):
        raise PermissionDenied
    _form, start, end = _period(request, programme)
    missing = request.GET.get("missing") == "1"
    rows = (
        participants_counted(
            programme, definition, start=start, end=end, gender=gender, missing=missing
        )
        .select_related("person", "job_broker")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    page = paginate(request, rows)
    audit.record_listing(
        actor=request.user,
        target=programme,
        programme_id=programme.pk,
        summary=_("EU Social Fund indicator's participants listed"),
        criteria={
            "key": definition.key,
            "gender": gender,
            "missing": missing,
            "start": str(start),
            "end": str(end),
        },
        person_ids=[row.person_id for row in page],
    )
    return render(
        request,
        "reporting/esf_participants.html",
        {
            "nav": "outcomes",
            "programme": programme,
            "definition": definition,
            "gender": gender,
            "missing": missing,
            "start": start,
            "end": end,
            "page_obj": page,
        },
    )


@permission_required(VIEW_OUTCOMES, raise_exception=True)
def esf_xlsx(request: HttpRequest) -> HttpResponse:
    """The same figures as a workbook (one sheet per section, real numbers): aggregates only,
    three queries, so it is made while the request waits."""
    programme = _programme(request)
    _form, start, end = _period(request, programme)
    report = esf_report(programme, start=start, end=end, today=timezone.localdate())
    columns = [
        Column(_("Indicator")),
        *(Column(header, Kind.INTEGER) for header in (_("Women"), _("Men"), _("Total"))),
        Column(_("Missing data"), Kind.INTEGER),
    ]
    period = _("Period %(start)s–%(end)s") % {
        "start": start.strftime("%d.%m.%Y"),
        "end": end.strftime("%d.%m.%Y"),
    }
    tables = [
        Table(
            title=title.split(":")[0],
            columns=columns,
            rows=[[str(f.definition.label), f.women, f.men, f.total, f.missing] for f in figures],
            notes=[f"{programme.name} · {period}", title],
        )
        for title, figures in _sections(report)
    ]
    response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_CONTENT_TYPE)
    name = f"esf-indikatorer-{programme.slug}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
