"""Forms of the data-protection pages: look a citizen up, filter and export their report."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.forms import DATE

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("CPR number, name or case number"),
        max_length=100,
        help_text=_("A CPR number is looked up exactly (keyed hash) and never kept in a link."),
    )


class ReportFilterForm(forms.Form):
    """The report's filters: by user and period (the GET of the page, or the export's POST)."""

    actor = forms.ModelChoiceField(queryset=None, label=_("User"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, actors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["actor"].empty_label = _("All")

    def clean(self) -> dict:
        data = super().clean()
        for name in ("since", "until"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The period cannot end before it starts."))
        return data

    def filters(self) -> dict:
        """The valid filters as report_rows() takes them ({} while invalid or unbound)."""
        if not self.is_bound or not self.is_valid():
            return {}
        actor = self.cleaned_data["actor"]
        return {
            "actor_id": actor.pk if actor else None,
            "since": self.cleaned_data["since"],
            "until": self.cleaned_data["until"],
        }


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("pdf", "PDF")])
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        required=False,
        help_text=_("For example the access request's reference; kept in the audit trail."),
    )


class SubjectExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("pdf", "PDF"), ("json", "JSON")])
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("The access request's reference or why the file is made; kept in the log."),
    )
