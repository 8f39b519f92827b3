from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Programme


def programmes(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_programme": getattr(request, "programme", None),
        "my_programmes": SimpleLazyObject(
            lambda: list(Programme.objects.visible_to(request.user).only("pk", "name", "slug"))
        ),
    }
