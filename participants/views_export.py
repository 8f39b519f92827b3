"""Ordering the participant list as a file (made in the background, jobsporet/jobs)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobsporet.core.exports.lists import filters_of, posted_format
from jobsporet.jobs.views import start_job_and_show

from .search import recall_cpr_search


@require_POST
@permission_required("participants.view_participant", raise_exception=True)
def participant_list_export(request: HttpRequest) -> HttpResponse:
    """The list with the filters of its URL (the query string of the form's action), as CSV or
    XLSX. A CPR search's token means something only in this session, so its person is looked
    up here and passed on as an id (0: the search found no one)."""
    if not request.programme:
        raise Http404(_("You are not a member of any programme."))
    parameters: dict = {
        "programme": request.programme.pk,
        "filters": filters_of(request),
        "format": posted_format(request),
    }
    if token := request.GET.get("cpr"):
        search = recall_cpr_search(request.session, token) or {}
        parameters["person"] = search.get("person") or 0
    return start_job_and_show(request, kind="participant-list", parameters=parameters)
