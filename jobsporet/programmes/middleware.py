"""Which programme the user is working in: kept in the session, switched from the navbar."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import Programme

SESSION_KEY = "current_programme_id"


def visible_programmes(request: HttpRequest) -> list[Programme]:
    """The programmes the user may work in, read once per request: the navbar's switcher and
    the current programme both come from this list."""
    if not hasattr(request, "_visible_programmes"):
        request._visible_programmes = list(Programme.objects.visible_to(request.user))
    return request._visible_programmes


def current_programme(request: HttpRequest) -> Programme | None:
    """The programme chosen in this session if the user may still see it, else their first."""
    visible = visible_programmes(request)
    chosen_id = request.session.get(SESSION_KEY)
    chosen = next((programme for programme in visible if programme.pk == chosen_id), None)
    if chosen is not None:
        return chosen
    # The list is in Programme's order: the latest to start first, then by name.
    return visible[0] if visible else None


class CurrentProgrammeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazy: pages that do not need the programme do not pay a query for it.
        request.programme = SimpleLazyObject(lambda: current_programme(request))
        return self.get_response(request)
