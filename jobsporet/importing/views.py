"""The administrators' import page: upload, see the check, confirm or cancel.

A file of up to IMPORT_BACKGROUND_ROWS rows is checked and imported in the request; a larger one
(up to IMPORT_MAX_ROWS) by a background job whose progress the page polls (background.py).
Either way nothing is written before the confirmation, and meanwhile the file waits encrypted,
owned by the uploader, never in the session (core/imports/uploads.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jobsporet.core import audit
from jobsporet.core.imports.errors import ImportRefused, RowError
from jobsporet.core.imports.registry import importer_for, kinds
from jobsporet.core.imports.uploads import PendingUpload, upload_discard, upload_for, upload_store
from jobsporet.core.models import AuditEvent
from jobsporet.jobs.models import Job
from jobsporet.jobs.services import job_start

from . import background
from .forms import ImportForm

# Where an earlier version kept the previewed file; emptied from any session that still has it.
_OLD_SESSION_KEY = "pending_import"
TEMPLATE = "importing/import.html"


@permission_required("programmes.import_data", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file, see a dry run with every error or what would change, then confirm."""
    request.session.pop(_OLD_SESSION_KEY, None)
    context: dict = {
        "nav": "import",
        "max_rows": settings.IMPORT_MAX_ROWS,
        "background_rows": settings.IMPORT_BACKGROUND_ROWS,
    }
    if request.method == "GET" and request.GET.get("koersel"):
        context.update(_job_context(_own_import_job(request, request.GET["koersel"])))
    if request.method == "POST" and "cancel" in request.POST:
        upload_discard(request.user, request.POST.get("upload"))
        messages.info(request, _("The import was cancelled; the file is deleted."))
        return redirect("importing:import")
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        if background.needs_background(data):
            pending = upload_store(owner=request.user, kind=kind, name=upload.name, data=data)
            return _start_in_background(request, background.CHECK, pending)
        context.update(form=form, kind_label=kinds()[kind].label, file_name=upload.name)
        try:
            result = importer_for(kind, actor=request.user).run(data, dry_run=True)
        except ImportRefused as refused:
            upload_discard(request.user)
            context.update(errors=refused.errors, error_total=len(refused.errors))
            return render(request, TEMPLATE, context, status=400)
        pending = upload_store(owner=request.user, kind=kind, name=upload.name, data=data)
        context.update(preview=result, upload_id=pending.pk)
        return render(request, TEMPLATE, context)
    context["form"] = form
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


def _import_confirm(request: HttpRequest, context: dict) -> HttpResponse:
    """Import the user's own checked file (in the background when it is large), then delete
    it."""
    found = upload_for(request.user, request.POST.get("upload"))
    if found is None:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("importing:import")
    pending, name, data = found
    if background.needs_background(data):
        return _start_in_background(request, background.RUN, pending)
    try:
        result = importer_for(pending.kind, actor=request.user).run(data)
    except ImportRefused as refused:
        # The data changed since the preview (someone else imported): show why.
        pending.delete()
        context.update(
            form=ImportForm(initial={"kind": pending.kind}),
            errors=refused.errors,
            error_total=len(refused.errors),
        )
        return render(request, TEMPLATE, context, status=400)
    pending.delete()
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.IMPORTED,
        target=request.user,
        summary=_("Imported %(file)s: %(summary)s") % {"file": name, "summary": result.summary()},
    )
    messages.success(
        request, _("Imported %(file)s. %(summary)s.") % {"file": name, "summary": result.summary()}
    )
    return redirect("importing:import")


def _start_in_background(request: HttpRequest, kind: str, pending: PendingUpload) -> HttpResponse:
    """Start the check or the import of a large file and show its progress; when the queue
    does not take the job, say so in Danish and delete the file (nothing was done)."""
    job = job_start(owner=request.user, kind=kind, parameters={"upload": str(pending.pk)})
    job.refresh_from_db(fields=["status", "started_at"])
    if job.status == Job.Status.FAILED and job.started_at is None:
        pending.delete()
        messages.error(
            request,
            _(
                "The file could not be checked or imported: the background queue is not "
                "answering. Nothing was imported. Upload the file again in a few minutes, or "
                "tell the operators."
            ),
        )
        return redirect("importing:import")
    return redirect(f"{reverse('importing:import')}?koersel={job.pk}")


def _own_import_job(request: HttpRequest, pk: object) -> Job:
    """The user's own import job (404 for anyone else's, a report, or a malformed id)."""
    try:
        job = (
            Job.objects.owned_by(request.user)
            .filter(kind__in=background.KINDS, pk=int(str(pk)))
            .first()
        )
    except ValueError:
        job = None
    if job is None:
        raise Http404
    return job


@permission_required("programmes.import_data", raise_exception=True)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The background check or import's state, for the page to poll (htmx, every second)."""
    job = _own_import_job(request, pk)
    return render(request, "importing/_job.html", _job_context(job))


def _job_context(job: Job) -> dict:
    """What the job partial shows: progress while it runs, then the check's preview or
    errors, or the import's result."""
    context: dict = {"job": job}
    if not job.is_finished:
        done, total = background.progress_of(job)
        context.update(done=done, total=total, percent=done * 100 // total if total else 0)
        return context
    outcome = background.outcome_of(job)
    if outcome is None:
        return context
    context.update(file_name=outcome["file"], kind_label=kinds()[outcome["kind"]].label)
    if "errors" in outcome:
        context["errors"] = [RowError(*error) for error in outcome["errors"]]
        context["error_total"] = outcome["error_count"]
    elif job.kind == background.CHECK:
        context.update(preview=outcome, upload_id=outcome["upload"])
    else:
        context["imported"] = outcome
    return context
