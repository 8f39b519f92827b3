"""The start page ("today") and the outcome pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jobsporet.accounts.roles import Role

from .worklist import company_worklist_for, worklist_for


def home(request: HttpRequest) -> HttpResponse:
    """Who needs me today: each role's work list in the current programme."""
    user, programme, today = request.user, request.programme, timezone.localdate()
    context: dict = {"nav": "home", "today": today}
    if programme:
        if user.has_role(Role.JOB_BROKER) or user.has_role(Role.CASE_WORKER):
            context["worklist"] = worklist_for(user, programme, today)
        if user.has_role(Role.COMPANY_CONSULTANT):
            context["company_worklist"] = company_worklist_for(user, programme, today)
    return render(request, "reporting/home.html", context)
