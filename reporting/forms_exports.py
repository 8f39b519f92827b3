"""What a user chooses when ordering a report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FORMAT_CHOICES = [("xlsx", _("Spreadsheet (XLSX)")), ("csv", _("CSV (semicolons, for Excel)"))]


class EsfExportForm(forms.Form):
    """The file format, and, for a user who may see full CPR numbers, whether the file holds
    them: then a purpose is required (it goes in the audit trail)."""

    format = forms.ChoiceField(label=_("File"), choices=FORMAT_CHOICES, initial="xlsx")
    full_cpr = forms.BooleanField(label=_("With full CPR numbers"), required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        required=False,
        help_text=_("Why the file needs full CPR numbers (recorded in the audit trail)."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not user.has_perm("participants.reveal_cpr"):
            del self.fields["full_cpr"]
            del self.fields["purpose"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("full_cpr") and not cleaned.get("purpose", "").strip():
            self.add_error("purpose", _("Give the purpose when the file holds full CPR numbers."))
        return cleaned


class OutcomeReportForm(forms.Form):
    """The date a programme's figures are reported on (default today)."""

    as_of = forms.DateField(
        label=_("Status on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
