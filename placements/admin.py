"""Admin for placements: read-only, since starting, ending and hiring go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import HoursChange, Placement


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = (
        "participant",
        "company",
        "kind",
        "starts_on",
        "planned_end_on",
        "ended_on",
        "weekly_hours",
    )
    list_filter = ("kind", "employment_type")
    list_select_related = ("participant__person", "company")
    search_fields = ("participant__reference", "company__name")


@admin.register(HoursChange)
class HoursChangeAdmin(ReadOnlyAdmin):
    list_display = ("placement", "changed_on", "weekly_hours")
    list_select_related = ("placement__participant__person", "placement__company")
