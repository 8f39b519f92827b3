"""The start page ("today") and the outcome pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/home.html", {"nav": "home"})
