"""The audit trail in the admin: read-only, and discreet about what a record says.

An event about a citizen can name health matters in its summary ("Parallel effort: Health") or
its changes (a goal's text). The admin shows who did what to which kind of record and when, for
everyone (superusers included): what an event about a citizen says is read where the case is
(the case page's history, for those allowed) or in the data-protection officer's access report.
There is no search and no filter over summaries or changes: a search for a word would reveal
which rows hold it.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# Never shown for an event about a citizen.
CITIZEN_DETAILS = ("summary", "summary_message", "changes")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "discreet_summary", "programme")
    list_filter = ("action", "programme")
    list_select_related = ("actor", "programme", "target_type")

    def get_fields(self, request: HttpRequest, obj: AuditEvent | None = None):
        fields = [field.name for field in AuditEvent._meta.fields if field.name != "id"]
        if obj is not None and obj.person_id is not None:
            fields = [name for name in fields if name not in CITIZEN_DETAILS]
            fields.append("discreet_summary")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEvent | None = None):
        return self.get_fields(request, obj)

    @admin.display(description=_("summary"))
    def discreet_summary(self, event: AuditEvent) -> str:
        """The summary of an event that concerns no citizen (a company, an account, an import);
        for one about a citizen, only what kind of record it was."""
        if event.person_id is None:
            return event.summary
        return _("%(record)s (details only on the case page, for those with access)") % {
            "record": event.target_type.name
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
