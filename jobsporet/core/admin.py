"""The audit trail in the admin: read-only, and discreet about what a record says.

An event about a citizen can name health matters in its summary ("Parallel effort: Health") or
its changes (a goal's text). Readers without the right to sensitive case data (administrators,
who account for who did what) see the kind of record and the action, not the summary or the
changes, and cannot search the summaries (a search for a word would reveal which rows hold it).
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# The permission string, not an import: the core knows nothing of the participants app.
SENSITIVE_PERMISSION = "participants.view_sensitive"


def _may_read_summaries(request: HttpRequest) -> bool:
    return request.user.has_perm(SENSITIVE_PERMISSION)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "summary", "programme")
    list_filter = ("action", "programme")
    search_fields = ("summary",)
    list_select_related = ("actor", "programme", "target_type")

    def get_list_display(self, request: HttpRequest):
        if _may_read_summaries(request):
            return self.list_display
        return ("at", "actor", "action", "discreet_summary", "programme")

    def get_search_fields(self, request: HttpRequest):
        return self.search_fields if _may_read_summaries(request) else ()

    def get_fields(self, request: HttpRequest, obj: AuditEvent | None = None):
        fields = [field.name for field in AuditEvent._meta.fields if field.name != "id"]
        if obj is not None and obj.person_id is not None and not _may_read_summaries(request):
            fields = [name for name in fields if name not in ("summary", "changes")]
            fields.append("discreet_summary")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEvent | None = None):
        return self.get_fields(request, obj)

    @admin.display(description=_("summary"))
    def discreet_summary(self, event: AuditEvent) -> str:
        """The summary of an event that concerns no citizen (a company, an import); for one
        about a citizen, only what kind of record it was."""
        if event.person_id is None:
            return event.summary
        return _("%(record)s (details only for those with access to sensitive case data)") % {
            "record": event.target_type.name
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
