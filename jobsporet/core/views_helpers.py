"""Small helpers the thin views share."""

from collections.abc import Callable
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from .errors import DomainError, add_to_form

T = TypeVar("T")


def call_service(form, service: Callable[[], T]) -> T | None:
    """Run a service; on a domain refusal put the message on the form and return None."""
    try:
        return service()
    except DomainError as error:
        add_to_form(form, error)
        return None


def paginate(request: HttpRequest, items, per_page: int = 25) -> Page:
    """The requested page; a page number out of range gives the last page, never an error."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
