"""Responses with citizens' data are never stored by a browser or a proxy cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every response the app renders says `Cache-Control: no-store` (with Django's other
    never-cache headers): case pages, notes, a CPR number shown, lists, exports, htmx fragments,
    the admin and error pages alike, so the back button on a shared computer or a proxy's cache
    never shows them again. Static files are served before this (by WhiteNoise) and keep their
    long-lived caching; they hold no personal data. A response that already says no-store
    (an export) keeps its own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


class ProbeMiddleware:
    """The container's health checks (/healthz, /readyz) answered before anything reads the
    Host header. Docker's healthcheck, a load balancer or an orchestrator asks the container by
    its own address (http://127.0.0.1:8000/healthz), which production's ALLOWED_HOSTS rightly
    does not list, so Django refused it (400) and the container was reported unhealthy. The
    probes name no host, user or data, so they need neither the host check nor a session.
    First in MIDDLEWARE; every other request goes through the rest as before."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from . import views

        self.get_response = get_response
        self.probes = {"/healthz": views.health, "/readyz": views.readiness}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
