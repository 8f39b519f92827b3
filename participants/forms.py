"""Forms for the participant pages. They validate input; the services validate the domain."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core import bounds
from jobsporet.core.bounds import DateField
from jobsporet.core.choices import Sector
from jobsporet.core.concurrency import EditConflictMixin
from jobsporet.programmes.models import Programme

from . import cpr
from .esf_forms import EsfFieldsMixin, esf_initial
from .models import Barrier, CaseNote, Goal, ParallelEffort, Participant, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def members_with_role(programme: Programme, role: Role):
    return User.objects.filter(programmes=programme, groups__name=role, is_active=True).distinct()


CONSENT_COVERS = _(
    "The consent covers: recording the citizen's details, barriers (also health) and "
    "development plan in Jobsporet; sharing what the work needs with the training and network "
    "companies and their mentors; and counting the citizen, without name, in the reports to the "
    "programme's funders."
)


class CaseDetailsMixin(EsfFieldsMixin, forms.Form):
    """The fields of a case's details, shared by enrolment and editing."""

    reference = forms.CharField(label=_("Case number"), max_length=30)
    job_broker = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Job broker"), required=False
    )
    case_worker = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Case worker"), required=False
    )
    benefit_type = forms.ChoiceField(
        label=_("Benefit"), choices=[("", "—"), *Participant.BenefitType.choices], required=False
    )
    barriers = forms.MultipleChoiceField(
        label=_("Barriers the citizen experiences"),
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    barrier_notes = forms.CharField(
        label=_("About the barriers"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    target_sectors = forms.MultipleChoiceField(
        label=_("Sectors the citizen aims for"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_on = DateField(label=_("Consent given"), widget=DATE, required=False)

    def limit_staff(self, programme: Programme) -> None:
        self.fields["job_broker"].queryset = members_with_role(programme, Role.JOB_BROKER)
        self.fields["case_worker"].queryset = members_with_role(programme, Role.CASE_WORKER)

    def case_values(self) -> dict:
        data = self.cleaned_data
        return {
            "reference": data["reference"],
            "job_broker": data["job_broker"],
            "case_worker": data["case_worker"],
            "benefit_type": data["benefit_type"],
            "barrier_notes": data["barrier_notes"],
            "target_sectors": data["target_sectors"],
            "consent_on": data["consent_on"],
            **self.esf_values(),
        }


class EnrolForm(CaseDetailsMixin, forms.Form):
    cpr = forms.CharField(label=_("CPR number"), max_length=20, help_text=_("DDMMYY-SSSS"))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    enrolled_on = DateField(label=_("Enrolled"), widget=DATE)
    # Consent is recorded only when someone says it was given: no default (issue 11).
    consent = forms.ChoiceField(
        label=_("Has the citizen given consent?"),
        choices=[("given", _("Yes, on the date below")), ("not_given", _("Not yet"))],
        widget=forms.RadioSelect,
        help_text=CONSENT_COVERS,
        error_messages={"required": _("Say whether the citizen has given consent.")},
    )

    field_order = [
        "cpr",
        "first_name",
        "last_name",
        "phone",
        "email",
        "address",
        "postal_code",
        "city",
        "reference",
        "enrolled_on",
        "job_broker",
        "case_worker",
        "benefit_type",
        "barriers",
        "barrier_notes",
        "target_sectors",
        "consent",
        "consent_on",
    ]

    def __init__(self, *args, programme: Programme, sensitive: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limit_staff(programme)
        self.limit_esf(sensitive=sensitive, left=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("consent") == "given" and not data.get("consent_on"):
            self.add_error("consent_on", _("Give the date the consent was given."))
        if data.get("consent") == "not_given" and data.get("consent_on"):
            self.add_error(
                "consent_on", _("Leave the date empty, or say that consent has been given.")
            )
        return data

    def clean_cpr(self) -> str:
        try:
            return cpr.normalise(self.cleaned_data["cpr"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class CaseDetailsForm(EditConflictMixin, CaseDetailsMixin, forms.Form):
    def __init__(self, *args, participant: Participant, sensitive: bool = False, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "reference": participant.reference,
                "job_broker": participant.job_broker,
                "case_worker": participant.case_worker,
                "benefit_type": participant.benefit_type,
                "barriers": [barrier.value for barrier in participant.barriers],
                "barrier_notes": participant.barrier_notes,
                "target_sectors": participant.target_sectors,
                "consent_on": participant.consent_on,
                **esf_initial(participant),
            },
        )
        super().__init__(*args, **kwargs)
        self.limit_staff(participant.programme)
        self.limit_esf(sensitive=sensitive, left=participant.exit_on is not None)


class PersonForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "phone", "email", "address", "postal_code", "city"]


FOLLOW_UP_CHOICES = [
    ("", _("No follow-up")),
    ("2", _("In 2 days")),
    ("7", _("In a week")),
    ("14", _("In two weeks")),
    ("30", _("In a month")),
    ("date", _("On a date")),
]


class CaseNoteForm(forms.ModelForm):
    follow_up = forms.ChoiceField(label=_("Follow up"), choices=FOLLOW_UP_CHOICES, required=False)

    class Meta:
        formfield_callback = bounds.formfield
        model = CaseNote
        fields = ["kind", "occurred_at", "text", "follow_up", "follow_up_on"]
        widgets = {
            "occurred_at": DATETIME,
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": DATE,
        }
        labels = {"follow_up_on": _("Follow-up date")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["kind"].initial = CaseNote.Kind.PHONE

    def clean(self) -> dict:
        data = super().clean()
        choice = data.get("follow_up")
        if choice and choice != "date":
            start = (
                timezone.localdate(data["occurred_at"])
                if data.get("occurred_at")
                else timezone.localdate()
            )
            data["follow_up_on"] = max(start, timezone.localdate()) + datetime.timedelta(
                days=int(choice)
            )
        elif choice == "date" and not data.get("follow_up_on"):
            self.add_error("follow_up_on", _("Choose the follow-up date."))
        elif not choice and not data.get("follow_up_on"):
            data["follow_up_on"] = None
        return data


class GoalForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        formfield_callback = bounds.formfield
        model = Goal
        fields = ["area", "title", "barrier", "actions", "status", "target_on"]
        widgets = {"actions": forms.Textarea(attrs={"rows": 3}), "target_on": DATE}


class ReviewForm(forms.Form):
    reviewed_on = DateField(label=_("Review date"), widget=DATE)
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    next_review_on = DateField(label=_("Next review"), widget=DATE, required=False)

    def __init__(self, *args, goals: Sequence[Goal] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["reviewed_on"].initial = today
        self.fields["next_review_on"].initial = today + datetime.timedelta(days=30)
        # Each goal's status and progress, set in the review that looks at them.
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}_status"] = forms.ChoiceField(
                label=_("%(goal)s: status") % {"goal": goal.title},
                choices=Goal.Status.choices,
                initial=goal.status,
            )
            self.fields[f"goal_{goal.pk}_progress"] = forms.CharField(
                label=_("%(goal)s: progress") % {"goal": goal.title},
                max_length=300,
                required=False,
                initial=goal.progress,
            )

    def goal_updates(self) -> list[tuple[Goal, str, str]]:
        """(goal, status, progress) for every goal in the form, for services.review_add."""
        data = self.cleaned_data
        return [
            (goal, data[f"goal_{goal.pk}_status"], data[f"goal_{goal.pk}_progress"])
            for goal in self.goals
        ]

    def review_values(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("reviewed_on", "progress", "next_review_on")
        }


class ParallelEffortForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        formfield_callback = bounds.formfield
        model = ParallelEffort
        fields = ["kind", "description", "provider", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The effort cannot end before it starts."))
        return cleaned
