"""Forms for companies, agreements and mentors: input checks; the writes are in services.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core import bounds
from jobsporet.core.bounds import DateField
from jobsporet.core.concurrency import EditConflictMixin
from jobsporet.core.errors import DomainError, add_to_form
from jobsporet.programmes.models import Programme

from . import services
from .cvr import normalise
from .models import Agreement, Company, Mentor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompanyForm(EditConflictMixin, forms.ModelForm):
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=14,
        help_text=_("8 digits; spaces and a DK prefix are fine."),
    )

    class Meta:
        model = Company
        fields = ["cvr", *services.COMPANY_DETAIL_FIELDS]
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


class AgreementForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        formfield_callback = bounds.formfield
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

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self) -> dict:
        """Ask the service's rules early, so a broken rule is explained next to its field
        (rather than as the database constraint's name); the service checks them again."""
        data = super().clean()
        try:
            services.check_agreement_terms(
                is_training=data.get("is_training", False),
                is_network=data.get("is_network", False),
                training_capacity=data.get("training_capacity"),
                signed_on=data.get("signed_on"),
                ends_on=data.get("ends_on"),
            )
        except DomainError as error:
            add_to_form(self, error)
        return data


class EndAgreementForm(forms.Form):
    ends_on = DateField(label=_("The agreement ends"), widget=DATE)


class MentorForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "title", "phone", "email", "is_active"]
