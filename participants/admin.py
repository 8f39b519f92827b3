"""Admin for participants: for looking things up, never for changing them.

Status, exits, contact details, plans and notes change only through the application's pages
(the services), which check the rules and write the audit trail; every screen here is
read-only and CPR numbers appear only masked.
"""

from django.contrib import admin

from jobsporet.accounts.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CaseNote, DevelopmentPlan, Goal, ParallelEffort, Participant, Person, Review


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
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


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
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
    # Barriers (health data) are left out: administrators read cases like a manager.
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


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ("area", "title", "status", "target_on")


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ("reviewed_on", "reviewer", "next_review_on")


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ReadOnlyAdmin):
    list_display = ("participant", "next_review_on")
    list_select_related = ("participant__person",)
    search_fields = ("participant__reference",)
    inlines = [GoalInline, ReviewInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("plan", "reviewed_on", "reviewer", "next_review_on")
    list_select_related = ("plan__participant__person", "reviewer")
    search_fields = ("plan__participant__reference",)
    date_hierarchy = "reviewed_on"


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    list_display = ("participant", "kind", "occurred_at", "author", "follow_up_on")
    list_filter = ("kind",)
    list_select_related = ("participant__person", "author")
    search_fields = ("participant__reference",)


@admin.register(ParallelEffort)
class ParallelEffortAdmin(ReadOnlyAdmin):
    list_display = ("participant", "kind", "starts_on", "ends_on")
    list_select_related = ("participant__person",)
    search_fields = ("participant__reference",)
