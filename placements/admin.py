"""Admin for placements: read-only, since starting, ending and hiring go through the services;
who trained or works where is a citizen's data, so every read is audited."""

from django.contrib import admin

from jobsporet.accounts.readonly_admin import CitizenDataAdmin

from .models import FollowUp, HoursChange, Placement


@admin.register(Placement)
class PlacementAdmin(CitizenDataAdmin):
    person_path = "participant__person_id"
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
class HoursChangeAdmin(CitizenDataAdmin):
    person_path = "placement__participant__person_id"
    list_display = ("placement", "changed_on", "weekly_hours")
    list_select_related = ("placement__participant__person", "placement__company")


@admin.register(FollowUp)
class FollowUpAdmin(CitizenDataAdmin):
    person_path = "participant__person_id"
    list_display = ("participant", "exit_on", "due_on", "outcome", "contacted_on", "cancelled_at")
    list_filter = ("outcome", "method")
    list_select_related = ("participant__person",)
    search_fields = ("participant__reference",)
