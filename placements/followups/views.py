"""The follow-up list and the recording form. Thin views: access, form, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.core.access import get_for
from jobsporet.core.formatting import short_date
from jobsporet.core.views_helpers import call_service, paginate
from jobsporet.programmes.models import Programme

from . import services
from .forms import FollowUpFilterForm, FollowUpForm
from .models import FollowUp
from .queries import follow_up_rows


@permission_required("placements.view_followup", raise_exception=True)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """Every six-month follow-up that has fallen due in the user's programmes."""
    form = FollowUpFilterForm(
        request.GET or None, programmes=Programme.objects.visible_to(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    rows = follow_up_rows(request.user, today=timezone.localdate(), filters=filters)
    return render(
        request,
        "placements/follow_ups.html",
        {"nav": "follow-ups", "form": form, "page_obj": paginate(request, rows)},
    )


def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or correct) one follow-up: the job broker's form."""
    readable = FollowUp.objects.visible_to(request.user).select_related(
        "participant__person", "participant__programme", "employer"
    )
    follow_up = get_for(request.user, readable, pk, permission="placements.change_followup")
    participant = follow_up.participant
    form = FollowUpForm(request.POST or None, follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.followup_record(
                follow_up=follow_up, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(
                request,
                _("The six-month follow-up of %(name)s is recorded.")
                % {"name": participant.person},
            )
            return redirect("participants:detail", participant.pk)
    return render(
        request,
        "placements/form.html",
        {
            "nav": "participants",
            "participant": participant,
            "form": form,
            "title": _("Six-month follow-up (due %(day)s)") % {"day": short_date(follow_up.due_on)},
        },
        status=400 if form.errors else 200,
    )
