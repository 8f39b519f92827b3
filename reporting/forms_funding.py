"""The funding ledger's filters (and the administrators' form for a line)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jobsporet.programmes.models import FundingEntry

_SELECT = {"class": "form-select form-select-sm"}
_INPUT = {"class": "form-control form-control-sm"}


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *FundingEntry.Kind.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *FundingEntry.Source.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, widget=forms.Select(attrs=_SELECT)
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_INPUT}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date (YYYY-MM-DD).")},
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_INPUT}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date (YYYY-MM-DD).")},
    )

    def __init__(self, data, *, entries: QuerySet[FundingEntry]) -> None:
        super().__init__(data)
        names = entries.order_by().values_list("category", flat=True).distinct()
        categories = sorted({category for category in names if category})
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((c, c) for c in categories),
        ]

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end is before the start."))
        return data

    def filtered(self, entries: QuerySet[FundingEntry]) -> QuerySet[FundingEntry]:
        """The lines matching the valid filters (an invalid one is shown and left out)."""
        if not self.is_bound:
            return entries
        self.is_valid()
        data = self.cleaned_data
        lookups = {
            "kind": data.get("kind"),
            "source": data.get("source"),
            "category": data.get("category"),
            "on__gte": data.get("since"),
            "on__lte": data.get("until"),
        }
        return entries.filter(**{key: value for key, value in lookups.items() if value})


class FundingEntryForm(forms.ModelForm):
    """A line of the ledger, typed by an administrator; the service checks it again."""

    class Meta:
        model = FundingEntry
        fields = ["kind", "reference", "on", "amount", "source", "category", "description"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "reference": forms.TextInput(attrs={"class": "form-control"}),
            "on": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
            "source": forms.Select(attrs={"class": "form-select"}),
            "category": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        }
        error_messages = {
            "on": {"invalid": _("Enter a date (YYYY-MM-DD).")},
        }

    amount = forms.CharField(
        label=_("amount (DKK)"),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["amount"] = formats.number_format(self.instance.amount, 2)

    def clean_amount(self) -> Decimal:
        """Kroner as people type them: 12.500,50 or 12500,50 (or 12500.50)."""
        text = self.cleaned_data["amount"].replace(" ", "").replace("kr.", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in kroner, e.g. 12500,50.")) from None
        if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= 10**12:
            raise forms.ValidationError(_("Enter an amount in kroner, e.g. 12500,50."))
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return amount

    def validate_unique(self) -> None:
        # The service checks the reference within the programme (the form has no programme).
        pass

    def _post_clean(self) -> None:
        # The service validates the whole line (with the programme), so the model is not
        # cleaned here twice.
        pass
