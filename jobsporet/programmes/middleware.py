"""Which programme the user is working in: kept in the session, switched from the navbar."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import Programme

SESSION_KEY = "current_programme_id"


def current_programme(request: HttpRequest) -> Programme | None:
    """The programme chosen in this session if the user may still see it, else their first."""
    visible = Programme.objects.visible_to(request.user)
    chosen_id = request.session.get(SESSION_KEY)
    if chosen_id is not None:
        chosen = visible.filter(pk=chosen_id).first()
        if chosen is not None:
            return chosen
    return visible.order_by("-starts_on", "name").first()


class CurrentProgrammeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazy: pages that do not need the programme do not pay a query for it.
        request.programme = SimpleLazyObject(lambda: current_programme(request))
        return self.get_response(request)
