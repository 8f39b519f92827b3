"""Forms for companies, agreements and mentors (single-model writes: validated here)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.programmes.models import Programme

from .cvr import normalise
from .models import Agreement, Company, Mentor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompanyForm(forms.ModelForm):
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=14,
        help_text=_("8 digits; spaces and a DK prefix are fine."),
    )

    class Meta:
        model = Company
        fields = [
            "cvr",
            "name",
            "sector",
            "address",
            "postal_code",
            "city",
            "contact_name",
            "contact_phone",
            "contact_email",
            "consultant",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = User.objects.filter(
            groups__name=Role.COMPANY_CONSULTANT, is_active=True
        ).distinct()

    def clean_cvr(self) -> str:
        try:
            cvr = normalise(self.cleaned_data["cvr"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        existing = Company.objects.filter(cvr=cvr).exclude(pk=self.instance.pk).first()
        if existing:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("A company with this CVR number is already registered:"),
                    reverse("companies:detail", args=[existing.pk]),
                    existing.name,
                )
            )
        return cvr


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "programme",
            "is_training",
            "is_network",
            "training_capacity",
            "signed_on",
            "ends_on",
        ]
        widgets = {"signed_on": DATE, "ends_on": DATE}

    def __init__(self, *args, company: Company, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("is_training") and not data.get("is_network"):
            raise ValidationError(
                _("Choose at least one role: training company, network company or both.")
            )
        if data.get("training_capacity") and not data.get("is_training"):
            self.add_error("training_capacity", _("Only a training company has training places."))
        if data.get("ends_on") and data.get("signed_on") and data["ends_on"] < data["signed_on"]:
            self.add_error("ends_on", _("The agreement cannot end before it is signed."))
        programme = data.get("programme")
        if (
            programme
            and Agreement.objects.filter(company=self.company, programme=programme)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "programme", _("The company already has an agreement in this programme.")
            )
        return data

    def save(self, commit: bool = True) -> Agreement:
        self.instance.company = self.company
        return super().save(commit)


class EndAgreementForm(forms.Form):
    ends_on = forms.DateField(label=_("The agreement ends"), widget=DATE)


class MentorForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "title", "phone", "email", "is_active"]
