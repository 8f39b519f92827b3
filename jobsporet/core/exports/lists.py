"""What the list exports share: the format asked for, the filters carried from the list's URL
into the job, a stand-in request for the list's FilterSet, progress while the rows are read,
and the file in the format asked for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.text import slugify

from jobsporet.jobs.registry import JobFile, ProgressReporter

from .tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, Table, csv_bytes, xlsx_bytes

FORMATS = ("csv", "xlsx")
# Parameters of a list's URL that are not filters: the page, and a CPR search's session token
# (its person is resolved by the view, a job has no session).
NOT_FILTERS = ("page", "cpr")

T = TypeVar("T")


def posted_format(request: HttpRequest) -> str:
    """The file format of an export form's button: csv or xlsx (anything else is not found)."""
    file_format = request.POST.get("format", "")
    if file_format not in FORMATS:
        raise Http404
    return file_format


def filters_of(request: HttpRequest) -> dict[str, list[str]]:
    """The list's filters as the URL holds them, for the job's parameters."""
    return {
        key: request.GET.getlist(key)
        for key in sorted(request.GET)
        if key not in NOT_FILTERS and any(request.GET.getlist(key))
    }


def as_query(filters: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in filters.items():
        query.setlist(key, values)
    return query


@dataclass
class StandInRequest:
    """What a list's FilterSet reads of a request (the user; an empty session), for a job."""

    user: Any
    session: dict


def stand_in_request(user: Any) -> StandInRequest:
    return StandInRequest(user=user, session={})


def with_progress(rows: Iterable[T], total: int, report_progress: ProgressReporter) -> Iterator[T]:
    """The rows, reporting progress as they are read (the reporter writes when it moves)."""
    report_progress(0, total)
    for done, row in enumerate(rows, start=1):
        yield row
        report_progress(done, total)


def table_file(table: Table, *, file_format: str, name: str, on_saved=None) -> JobFile:
    """The table as CSV or XLSX, named `name-YYYY-MM-DD.ext`."""
    filename = f"{slugify(name)}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        return JobFile(csv_bytes(table), filename, CSV_CONTENT_TYPE, on_saved)
    return JobFile(xlsx_bytes([table]), filename, XLSX_CONTENT_TYPE, on_saved)
