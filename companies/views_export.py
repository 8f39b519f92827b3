"""Ordering the company list as a file (made in the background, jobsporet/jobs)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from jobsporet.core.exports.lists import filters_of, posted_format
from jobsporet.jobs.views import start_job_and_show


@require_POST
@permission_required("companies.view_company", raise_exception=True)
def company_list_export(request: HttpRequest) -> HttpResponse:
    """The list with the filters of its URL (the query string of the form's action)."""
    parameters = {
        "programme": request.programme.pk if request.programme else None,
        "filters": filters_of(request),
        "format": posted_format(request),
    }
    return start_job_and_show(request, kind="company-list", parameters=parameters)
