"""Admin for participants: for looking cases up, never for changing them.

Status, exits, contact details, plans and notes change only through the application's pages
(the services), which check the rules and write the audit trail; every screen here is
read-only, CPR numbers appear only masked, and every read is audited (CitizenDataAdmin).

What an administrator may not read stays out of the admin altogether: health barriers are on
no screen or history page, and case notes, development plans (goals, reviews) and parallel
efforts have no admin at all. Those who work with them read them on the case page.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.readonly_admin import CitizenDataAdmin

from .models import Participant, Person


@admin.register(Person)
class PersonAdmin(CitizenDataAdmin):
    person_path = "pk"
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

    @admin.display(description=_("CPR number"))
    def masked_cpr(self, person: Person) -> str:
        # Shown masked (DDMMYY-xxxx), as everywhere outside the case page's audited reveal.
        return person.masked_cpr


@admin.register(Participant)
class ParticipantAdmin(CitizenDataAdmin):
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
    # Barriers (health data), the reason for leaving (often health too) and the EU Social Fund's
    # disadvantaged groups (sensitive) are left out: administrators read cases like a manager.
    fields = (
        "person",
        "programme",
        "reference",
        "enrolled_on",
        "status",
        "exit_on",
        "exit_outcome",
        "job_broker",
        "case_worker",
        "benefit_type",
        "consent_on",
        "gender",
        "labour_market_status",
        "unemployed_since",
        "education_level",
        "job_searching_at_exit",
        "qualification_at_exit",
    )
