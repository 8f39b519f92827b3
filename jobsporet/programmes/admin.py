"""Admin for programmes (with their members) and funding entries.

Funding entries are read-only here (the ledger's pages change them through the services).
Membership decides whose cases a user sees, so the separation of duties applies (see
accounts/duties.py): nobody adds or removes themselves; the model layer refuses it too.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jobsporet.accounts.duties import OWN_ACCESS_MESSAGE
from jobsporet.accounts.readonly_admin import ReadOnlyAdmin
from jobsporet.core import bounds

from .models import FundingEntry, Programme

BOUNDED_DATES = {models.DateField: {"form_class": bounds.DateField}}


def _members_form(base: type[forms.ModelForm], actor_id: int) -> type[forms.ModelForm]:
    class MembersForm(base):
        def clean_members(self):
            members = self.cleaned_data["members"]
            before = (
                set(self.instance.members.values_list("pk", flat=True))
                if self.instance.pk
                else set()
            )
            if actor_id in before ^ {member.pk for member in members}:
                raise forms.ValidationError(OWN_ACCESS_MESSAGE)
            return members

    return MembersForm


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "starts_on", "ends_on", "target_participants")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)
    formfield_overrides = BOUNDED_DATES

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        if "members" not in form.base_fields:
            return form
        return _members_form(form, request.user.pk)


@admin.register(FundingEntry)
class FundingEntryAdmin(ReadOnlyAdmin):
    """Read-only: lines are added, corrected and deleted on the funding ledger's pages, through
    the services that validate them and write the audit row (which also tells the KPI
    snapshots that the programme's figures changed)."""

    list_display = ("reference", "programme", "kind", "source", "on", "amount")
    list_filter = ("programme", "kind")
    search_fields = ("reference", "source", "description")
    formfield_overrides = BOUNDED_DATES
