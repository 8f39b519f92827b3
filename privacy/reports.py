"""The access report's rows in words, and as CSV and PDF files for the citizen."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core.models import AuditEvent
from participants.changes import field_changes

from . import exports

CHANGE_ACTIONS = {
    AuditEvent.Action.CREATED,
    AuditEvent.Action.CHANGED,
    AuditEvent.Action.STATUS,
    AuditEvent.Action.DELETED,
}


def _criteria_labels() -> dict[str, str]:
    return {
        "q": _("search text"),
        "cpr": _("CPR number"),
        "status": _("status"),
        "exit_outcome": _("outcome"),
        "job_broker": _("job broker"),
        "barrier": _("barrier"),
        "enrolled_from": _("enrolled from"),
        "enrolled_to": _("enrolled to"),
        "caseload": _("caseload"),
        "page": _("page"),
    }


@dataclass(frozen=True)
class Row:
    at: datetime.datetime
    category: str
    user: str
    username: str
    record: str
    what: str
    detail: str
    ip_address: str
    purpose: str
    programme: str


def _detail(event: AuditEvent, *, may_see_criteria: bool) -> str:
    """Which fields a change touched (never their values), or a search's criteria. A filter on
    a barrier is health data: its value only for the data-protection officer."""
    criteria = (event.changes or {}).get("criteria")
    if event.action == AuditEvent.Action.SEARCHED and isinstance(criteria, dict):
        labels = _criteria_labels()
        parts = []
        for name, value in criteria.items():
            if name == "barrier" and not may_see_criteria:
                value = "…"
            parts.append(f"{labels.get(name, name)}: {value}")
        return _("Criteria: %(criteria)s") % {"criteria": "; ".join(parts)}
    if event.action in CHANGE_ACTIONS and event.changes:
        fields = ", ".join(change.label for change in field_changes(event))
        return _("Fields: %(fields)s") % {"fields": fields} if fields else ""
    return ""


def describe(events: Iterable[AuditEvent], *, may_see_criteria: bool) -> list[Row]:
    """Rows from events annotated by queries.report_rows (no query per row)."""
    return [
        Row(
            at=timezone.localtime(event.at),
            category=event.category,
            user=(event.actor.get_full_name() or event.actor.username)
            if event.actor
            else _("system"),
            username=event.actor.username if event.actor else "",
            record=str(event.target_type.name) if event.target_type_id else "",
            what=event.shown,
            detail=_detail(event, may_see_criteria=may_see_criteria),
            ip_address=event.ip_address or "",
            purpose=event.purpose,
            programme=event.programme.name if event.programme else "",
        )
        for event in events
    ]


def csv_download(rows: list[Row], *, filename: str) -> HttpResponse:
    header = [
        _("Time"),
        _("Kind"),
        _("User"),
        _("Username"),
        _("Record"),
        _("What"),
        _("Details"),
        _("IP address"),
        _("Purpose"),
        _("Programme"),
    ]
    content = exports.csv_bytes(
        header,
        (
            [
                row.at.strftime("%Y-%m-%d %H:%M:%S"),
                row.category,
                row.user,
                row.username,
                row.record,
                row.what,
                row.detail,
                row.ip_address,
                row.purpose,
                row.programme,
            ]
            for row in rows
        ),
    )
    return exports.download(content, filename=filename, content_type="text/csv; charset=utf-8")


def pdf_download(rows: list[Row], *, filename: str, **context) -> HttpResponse:
    content = exports.pdf_bytes(
        "privacy/access_report_pdf.html",
        {"rows": rows, "made_at": date_format(timezone.localtime(), "DATETIME_FORMAT"), **context},
    )
    return exports.download(content, filename=filename, content_type="application/pdf")
