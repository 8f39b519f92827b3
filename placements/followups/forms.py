"""Recording a six-month follow-up, and the list's filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core.bounds import DateField
from jobsporet.programmes.models import Programme

from ..queries import hiring_companies
from .models import FollowUp


class FollowUpForm(forms.Form):
    contacted_on = DateField(label=_("Date of contact"))
    method = forms.ChoiceField(
        label=_("How"), choices=FollowUp.Method.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Status six months after leaving"),
        choices=[("", "---------"), *FollowUp.Outcome.choices],
    )
    employer = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        label=_("Employer from the registry"),
        required=False,
    )
    employer_name = forms.CharField(
        label=_("or the employer's name"),
        max_length=200,
        required=False,
        help_text=_("For an employer that is not in the registry."),
    )
    weekly_hours = forms.DecimalField(
        label=_("Hours a week"),
        max_digits=4,
        decimal_places=1,
        required=False,
        min_value=0.5,
        localize=True,
    )

    def __init__(self, *args, follow_up: FollowUp, **kwargs) -> None:
        if follow_up.is_recorded:
            initial = {
                name: getattr(follow_up, name)
                for name in (
                    "contacted_on",
                    "method",
                    "outcome",
                    "employer",
                    "employer_name",
                    "weekly_hours",
                )
            }
        else:
            initial = {"contacted_on": max(timezone.localdate(), follow_up.due_on)}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = hiring_companies(follow_up.participant.programme)


MONTH = forms.DateInput(attrs={"type": "month"})


class FollowUpFilterForm(forms.Form):
    """The list's filters: which ones (to record, recorded), broker, programme, due month."""

    TO_RECORD, RECORDED = "to_record", "recorded"
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[(TO_RECORD, _("Due, not recorded")), (RECORDED, _("Recorded"))],
        required=False,
    )
    job_broker = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Job broker"), required=False
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label=_("Programme"), required=False
    )
    month = forms.DateField(
        label=_("Due in month"),
        input_formats=["%Y-%m"],
        widget=MONTH,
        required=False,
        error_messages={"invalid": _("Give a month as YYYY-MM.")},
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["job_broker"].queryset = (
            User.objects.filter(programmes__in=programmes, groups__name=Role.JOB_BROKER)
            .distinct()
            .order_by("first_name", "last_name")
        )
