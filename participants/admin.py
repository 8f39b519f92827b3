"""Admin for participants: for looking things up and fixing details. Status, exits and CPR
numbers change only through the application (the services), never here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseNote, DevelopmentPlan, Goal, ParallelEffort, Participant, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "masked_cpr", "city")
    search_fields = ("first_name", "last_name")
    fields = (
        "masked_cpr",
        "first_name",
        "last_name",
        "phone",
        "email",
        "address",
        "postal_code",
        "city",
    )
    readonly_fields = ("masked_cpr",)

    def has_add_permission(self, request) -> bool:
        return False  # a person comes in through an enrolment or an import

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = (
        "reference",
        "person",
        "programme",
        "status",
        "exit_outcome",
        "enrolled_on",
        "job_broker",
    )
    list_filter = ("programme", "status", "exit_outcome")
    search_fields = ("reference", "person__first_name", "person__last_name")
    list_select_related = ("person", "programme", "job_broker")
    readonly_fields = (
        "person",
        "programme",
        "status",
        "exit_on",
        "exit_outcome",
        "exit_reason",
        "enrolled_on",
    )
    fields = (
        "person",
        "programme",
        "reference",
        "enrolled_on",
        "status",
        "exit_on",
        "exit_outcome",
        "exit_reason",
        "job_broker",
        "case_worker",
        "benefit_type",
        "consent_on",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(SimpleHistoryAdmin):
    list_display = ("participant", "next_review_on")
    list_select_related = ("participant__person",)
    search_fields = ("participant__reference",)
    readonly_fields = ("participant",)
    inlines = [GoalInline]


@admin.register(CaseNote)
class CaseNoteAdmin(SimpleHistoryAdmin):
    list_display = ("participant", "kind", "occurred_at", "author", "follow_up_on")
    list_filter = ("kind",)
    list_select_related = ("participant__person", "author")
    readonly_fields = ("participant", "author")


@admin.register(ParallelEffort)
class ParallelEffortAdmin(SimpleHistoryAdmin):
    list_display = ("participant", "kind", "starts_on", "ends_on")
    list_select_related = ("participant__person",)
    readonly_fields = ("participant",)
