"""The data-protection pages: look a citizen up, read and export their access report.

Only holders of privacy.view_access_report (administrators, the data-protection officer) get
here; everyone else is refused (403). A CPR number is posted, looked up by its keyed hash and
never put in a URL: a number that matches no citizen is carried as a short-lived session token.
"""

from __future__ import annotations

import json
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent
from jobsporet.core.views_helpers import paginate
from participants.models import Participant, Person
from participants.search import is_cpr

from . import anonymisation, exports, queries, reports, services, subject_data
from .forms import ExportForm, LookupForm, ReportFilterForm, SubjectExportForm
from .models import AnonymisationRun

REPORT = "privacy.view_access_report"
CPR_SUBJECTS = "privacy.cpr_subjects"
CPR_SUBJECT_LIFETIME = 30 * 60  # seconds
ROWS_PER_PAGE = 50


def _remember_digest(session, digest: str) -> str:
    oldest = time.time() - CPR_SUBJECT_LIFETIME
    kept = {t: s for t, s in session.get(CPR_SUBJECTS, {}).items() if s["at"] > oldest}
    token = secrets.token_urlsafe(12)
    kept[token] = {"digest": digest, "at": time.time()}
    session[CPR_SUBJECTS] = kept
    return token


def _recall_digest(session, token: str) -> str | None:
    subject = session.get(CPR_SUBJECTS, {}).get(token)
    if subject is None or subject["at"] <= time.time() - CPR_SUBJECT_LIFETIME:
        return None
    return subject["digest"]


def _look_up_cpr(request: HttpRequest, raw_cpr: str, form: LookupForm) -> HttpResponse | None:
    digest = queries.digest_of(raw_cpr)
    if digest is None:
        form.add_error("q", _("This is not a valid CPR number."))
        return None
    person = Person.objects.filter(cpr_digest=digest).first()
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.SEARCHED,
        target=person or request.user,
        person_id=person.pk if person else None,
        subject_digest=digest,
        summary=_("Access report: looked up by CPR number")
        if person
        else _("Access report: CPR look-up without a match"),
    )
    if person is not None:
        return redirect("privacy:person", person.pk)
    return redirect("privacy:cpr", _remember_digest(request.session, digest))


@sensitive_post_parameters("q")
@permission_required(REPORT, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    """Find the citizen: by CPR number (exact), or by name or case number (a list to choose
    from; the search is audited with what was typed and whom it showed)."""
    form = LookupForm(request.POST or None)
    persons = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["q"].strip()
        if is_cpr(text):
            if found := _look_up_cpr(request, text, form):
                return found
        else:
            persons = list(queries.find_persons(text)[: queries.SUBJECTS_SHOWN + 1])
            audit.record_listing(
                actor=request.user,
                target=request.user,
                summary=_("Access report: citizens searched by name or case number"),
                criteria={"q": text},
                person_ids=[person.pk for person in persons[: queries.SUBJECTS_SHOWN]],
            )
    return render(
        request,
        "privacy/index.html",
        {
            "nav": "privacy",
            "form": form,
            "persons": persons[: queries.SUBJECTS_SHOWN] if persons is not None else None,
            "more_persons": persons is not None and len(persons) > queries.SUBJECTS_SHOWN,
        },
        status=400 if form.errors else 200,
    )


@permission_required(REPORT, raise_exception=True)
def person_report(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    return _report(request, queries.subject_for_person(person))


@permission_required(REPORT, raise_exception=True)
def cpr_report(request: HttpRequest, token: str) -> HttpResponse:
    digest = _recall_digest(request.session, token)
    if digest is None:
        messages.info(request, _("The look-up by CPR number has expired; look it up again."))
        return redirect("privacy:index")
    return _report(request, queries.Subject(person=None, digest=digest))


def _report(request: HttpRequest, subject: queries.Subject) -> HttpResponse:
    """The report page (GET, filtered and paginated) or its export (POST: CSV or PDF)."""
    events = queries.events_about(subject)
    data = request.POST if request.method == "POST" else request.GET
    filters = ReportFilterForm(
        data if any(data.get(k) for k in ("actor", "since", "until")) else None,
        actors=queries.actors_in(events),
    )
    if filters.is_bound and not filters.is_valid():
        rows = events.none()
    else:
        rows = queries.report_rows(events, **filters.filters())
    may_see_criteria = request.user.has_perm("privacy.export_subject_data")
    if request.method == "POST":
        return _export(request, subject, rows, filters, may_see_criteria)
    _record_report_view(request, subject)
    page = paginate(request, rows, per_page=ROWS_PER_PAGE)
    return render(
        request,
        "privacy/report.html",
        {
            "nav": "privacy",
            "subject": subject,
            "cases": _cases(subject),
            "filters": filters,
            "export_form": ExportForm(),
            "page_obj": page,
            "rows": reports.describe(page, may_see_criteria=may_see_criteria),
        },
        status=400 if filters.errors else 200,
    )


def _export(request, subject, rows, filters, may_see_criteria: bool) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose CSV or PDF."), status=400, content_type="text/plain")
    file_format = form.cleaned_data["format"]
    described = reports.describe(rows, may_see_criteria=may_see_criteria)
    services.access_report_exported(
        actor=request.user,
        subject=subject,
        file_format=file_format,
        purpose=form.cleaned_data["purpose"],
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        return reports.csv_download(described, filename=f"adgangsrapport-{stamp}.csv")
    return reports.pdf_download(
        described,
        subject=subject,
        cases=_cases(subject),
        filters=filters,
        purpose=form.cleaned_data["purpose"],
        filename=f"adgangsrapport-{stamp}.pdf",
    )


def _cases(subject: queries.Subject) -> list[Participant]:
    if subject.person is None:
        return []
    return list(subject.person.enrolments.select_related("programme").order_by("enrolled_on"))


def _record_report_view(request: HttpRequest, subject: queries.Subject) -> None:
    """Reading a citizen's access report is itself a read of their data (once an hour per
    reader and subject, like a case page, so paging does not flood the trail)."""
    since = timezone.now() - queries.REPORT_VIEW_INTERVAL
    recent = AuditEvent.objects.filter(
        actor=request.user,
        action=AuditEvent.Action.VIEWED,
        subject_digest=subject.digest,
        summary=_("Access report viewed"),
        at__gte=since,
    )
    if not recent.exists():
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.VIEWED,
            target=subject.person or request.user,
            person_id=subject.person.pk if subject.person else None,
            subject_digest=subject.digest,
            summary=_("Access report viewed"),
        )


# --- Data-subject export (the data-protection officer) ---------------------------------------


@permission_required("privacy.export_subject_data", raise_exception=True)
def subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about one person, as JSON or a Danish PDF, for their access request.
    The purpose is required: an export of a whole file is always accounted for."""
    person = get_object_or_404(Person, pk=pk)
    form = SubjectExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = subject_data.collect(person)
        file_format = form.cleaned_data["format"]
        services.subject_exported(
            actor=request.user,
            person=person,
            file_format=file_format,
            purpose=form.cleaned_data["purpose"],
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if file_format == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
            return exports.download(
                content.encode(),
                filename=f"oplysninger-{person.pk}-{stamp}.json",
                content_type="application/json; charset=utf-8",
            )
        content = exports.pdf_bytes(
            "privacy/subject_export_pdf.html",
            {"data": data, "purpose": form.cleaned_data["purpose"]},
        )
        return exports.download(
            content, filename=f"oplysninger-{person.pk}-{stamp}.pdf", content_type="application/pdf"
        )
    return render(
        request,
        "privacy/subject_export.html",
        {"nav": "privacy", "person": person, "form": form},
        status=400 if form.errors else 200,
    )


# --- Anonymisation (administrators and the data-protection officer) ------------------------


@permission_required("privacy.approve_anonymisation", raise_exception=True)
def anonymise(request: HttpRequest) -> HttpResponse:
    """What anonymising the participants who left long ago would do (counts, case numbers,
    programmes and exit dates, no names), and its approval: the approved list is exactly the
    one shown (checked by fingerprint) and is anonymised by a background job."""
    the_plan = anonymisation.plan(anonymisation.default_cutoff())
    if request.method == "POST":
        if request.POST.get("fingerprint") != the_plan.fingerprint:
            messages.error(request, _("The list has changed since you saw it; check it again."))
            return redirect("privacy:anonymise")
        if not the_plan.person_ids:
            messages.info(request, _("Nobody is due for anonymisation."))
            return redirect("privacy:anonymise")
        run = services.anonymisation_approve(actor=request.user, plan=the_plan)
        messages.success(
            request,
            ngettext(
                "Approved: %(count)s person will be anonymised.",
                "Approved: %(count)s persons will be anonymised.",
                len(run.person_ids),
            )
            % {"count": len(run.person_ids)},
        )
        return redirect("privacy:anonymise")
    return render(
        request,
        "privacy/anonymise.html",
        {
            "nav": "privacy",
            "plan": the_plan,
            "page_obj": paginate(request, the_plan.cases, per_page=100),
            "runs": AnonymisationRun.objects.select_related("approved_by")[:10],
            "years": settings.ANONYMISE_AFTER_YEARS,
        },
    )
