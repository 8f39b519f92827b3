"""Participant pages: thin views over access helpers, forms, services and queries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import get_participant_for


def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.user, pk)
    return render(
        request,
        "participants/detail.html",
        {"participant": participant, "nav": "participants"},
    )
