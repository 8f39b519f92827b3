"""Small helpers the thin views share."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
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


def paginate_rows(
    request: HttpRequest,
    ordered: QuerySet,
    rows: Callable[[list[int]], Iterable],
    per_page: int = 25,
    cap: int | None = None,
) -> Page:
    """A page of a long list that never computes the rows it skips: the page's ids come from
    the ordered queryset alone (narrow rows, no per-row lookups, the sort on an index where
    there is one), then `rows(ids)` reads those ids' full rows, kept in the page's order. Page
    100 costs what page 1 does, but for skipping ids in the index.

    With a `cap` (a search) only the first `cap` ids are read, with one more to tell whether
    there are more, in one query: no count of every match, and no sort of them all where the
    order's index can be walked. The paginator's `more_than` is then the cap when more matched
    (the page says "over 250", never a count it did not make), else None."""
    ids = ordered.values_list("pk", flat=True)
    more_than = None
    if cap is not None:
        found = list(ids[: cap + 1])
        if len(found) > cap:
            found, more_than = found[:cap], cap
        ids = found
    paginator = Paginator(ids, per_page)
    paginator.more_than = more_than
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    by_id = {row.pk: row for row in rows(ids)}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page
