from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .middleware import visible_programmes


def programmes(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_programme": getattr(request, "programme", None),
        # The same list the current programme was chosen from: one query for both.
        "my_programmes": SimpleLazyObject(lambda: visible_programmes(request)),
    }
