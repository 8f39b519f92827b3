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
