"""The user's reports: the list ("Mine rapporter"), one report's progress and its download.

A job is only ever seen by the user who asked for it: anyone else gets a 404, as for a record
outside their programmes. The status page polls itself with htmx until the file is ready.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jobsporet.core import audit
from jobsporet.core.crypto import unseal
from jobsporet.core.exports import download
from jobsporet.core.models import AuditEvent

from .models import Job
from .services import job_start

LIST_LENGTH = 50


def start_job_and_show(
    request: HttpRequest, *, kind: str, parameters: dict[str, Any] | None = None
) -> HttpResponse:
    """For the views that offer a report: start it and show its page (with the reason when the
    queue did not take it). The caller has checked that the user may have this report."""
    job = job_start(owner=request.user, kind=kind, parameters=parameters)
    job.refresh_from_db(fields=["status", "error"])
    if job.status == Job.Status.FAILED:
        messages.error(request, job.error)
    return redirect("jobs:detail", pk=job.pk)


def job_list(request: HttpRequest) -> HttpResponse:
    """The user's reports of the last 24 hours, newest first."""
    jobs = list(Job.objects.owned_by(request.user).without_file()[:LIST_LENGTH])
    return render(request, "jobs/list.html", {"nav": "jobs", "jobs": jobs})


def _own_job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(Job.objects.owned_by(request.user).without_file(), pk=pk)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: progress while it is made (htmx asks again every second), then the file."""
    job = _own_job(request, pk)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"nav": "jobs", "job": job})


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, to its owner only; audited when it holds data about citizens."""
    job = get_object_or_404(
        Job.objects.owned_by(request.user).filter(status=Job.Status.DONE), pk=pk
    )
    if not job.sealed_content:
        raise Http404
    if job.personal_data:
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.EXPORTED,
            target=job,
            summary=_("Downloaded report: %(label)s (%(file)s)")
            % {"label": job.label, "file": job.filename},
        )
    return download(
        unseal(job.sealed_content), filename=job.filename, content_type=job.content_type
    )
