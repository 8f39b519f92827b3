"""The admin reads what the services own; it never writes it.

Every change to a case, a placement or a company goes through a service that checks the rules
and writes an audit row. The Django admin would bypass both, so the admin screens of those
models are read-only for everyone, superusers included. This lives beside the roles because it
is part of "who may change what": the admin is for users, programmes and looking things up.

django-simple-history's "Revert" form is the sharpest edge: its POST saves an old version of
the row (status, exit and all) after checking only the *view* permission. The setting
SIMPLE_HISTORY_REVERT_DISABLED hides the button; `history_form_view` below refuses the POST.

Reading a citizen's data in the admin is a read like any other: CitizenDataAdmin audits every
list, record and history page it shows, naming each citizen shown.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper


class _ShownFieldsOnly(HistoricalRecordContextHelper):
    """Lists a version's changes only for the fields the admin screen shows, so the history
    page cannot reveal what the screen hides (barriers, notes)."""

    def __init__(self, model: Any, record: Any, *, shown: frozenset[str]) -> None:
        super().__init__(model, record)
        self.shown = shown

    def context_for_delta_changes(self, delta: ModelDelta) -> list[dict[str, Any]]:
        kept = [change for change in delta.changes if change.field in self.shown]
        return super().context_for_delta_changes(
            dataclasses.replace(delta, changes=kept, changed_fields=[c.field for c in kept])
        )


class ReadOnly:
    """Mixed into a ModelAdmin or an inline: it may show records, never add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    """Look up records and their history; add, change, delete and revert are refused."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every shown field is read-only, also on the history page, which builds its own form.
        shown = self.fields or [
            field.name
            for field in self.model._meta.get_fields()
            if field.concrete and field.editable and not field.auto_created
        ]
        return [
            *self.readonly_fields,
            *(name for name in shown if name not in self.readonly_fields),
        ]

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> HistoricalRecordContextHelper:
        shown = frozenset(self.get_fields(request))
        return _ShownFieldsOnly(self.model, historical_record, shown=shown)


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    """Related rows shown on a read-only screen, never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True


class CitizenDataAdmin(ReadOnlyAdmin):
    """Read-only screens of citizens' data whose every read is audited, as in the application.

    `person_path` leads from a record to its citizen's id (`"pk"` for a person,
    `"participant__person_id"` for a placement); the list's select_related must cover it.
    """

    person_path = "person_id"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            summary = _("Listed in the admin: %(records)s") % {
                "records": self.model._meta.verbose_name_plural
            }
            self._record_reads(request, list(changelist.result_list), summary)
        return response

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        response = super().change_view(request, object_id, *args, **kwargs)
        summary = _("%(record)s read in the admin")
        return self._record_read_of(request, object_id, response, summary)

    def history_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        response = super().history_view(request, object_id, *args, **kwargs)
        summary = _("History of %(record)s read in the admin")
        return self._record_read_of(request, object_id, response, summary)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, *args: Any, **kwargs: Any
    ):
        response = super().history_form_view(request, object_id, version_id, *args, **kwargs)
        summary = _("An old version of %(record)s read in the admin")
        return self._record_read_of(request, object_id, response, summary)

    def _record_read_of(
        self, request: HttpRequest, object_id: str, response: HttpResponse, summary: str
    ) -> HttpResponse:
        if response.status_code == 200:
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if record is not None:
                name = {"record": self.model._meta.verbose_name}
                self._record_reads(request, [record], capfirst(summary % name))
        return response

    def _record_reads(self, request: HttpRequest, records: list[Any], summary: str) -> None:
        from jobsporet.core import audit
        from jobsporet.core.models import AuditEvent

        audit.record_many(
            actor=request.user,
            events=[
                audit.Event(
                    action=AuditEvent.Action.ADMIN_VIEWED,
                    target=record,
                    summary=summary,
                    person_id=_follow(record, self.person_path),
                )
                for record in records
            ],
        )


def _follow(record: Any, path: str) -> Any:
    for name in path.split("__"):
        record = getattr(record, name)
    return record
