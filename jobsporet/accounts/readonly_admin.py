"""The admin reads what the services own; it never writes it.

Every change to a case, a placement or a company goes through a service that checks the rules
and writes an audit row. The Django admin would bypass both, so the admin screens of those
models are read-only for everyone, superusers included. This lives beside the roles because it
is part of "who may change what": the admin is for users, programmes and looking things up.

django-simple-history's "Revert" form is the sharpest edge: its POST saves an old version of
the row (status, exit and all) after checking only the *view* permission. The setting
SIMPLE_HISTORY_REVERT_DISABLED hides the button; `history_form_view` below refuses the POST.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
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
