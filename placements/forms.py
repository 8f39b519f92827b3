"""Forms for starting and ending training, hiring, leaving and hours."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Mentor, places_wording
from jobsporet.core.bounds import DateField
from jobsporet.core.concurrency import EditConflictMixin
from jobsporet.core.digits import parse_id
from participants.esf_forms import yes_no_field
from participants.forms import DATE
from participants.models import Participant

from . import queries
from .models import Placement


class SelectWithDisabled(forms.Select):
    """A select whose options in `disabled` are shown but cannot be chosen."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.disabled: set[str] = set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class CompanyChoiceField(forms.ModelChoiceField):
    """Shows a company with its free training places, when the form knows them."""

    widget = SelectWithDisabled

    def __init__(self, *args, places: dict[int, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places = places or {}

    def label_from_instance(self, company: Company) -> str:
        label = f"{company.name} ({company.get_sector_display().lower()})"
        places = self.places.get(company.pk)
        return f"{label} – {places}" if places else label


# Django's own message prints the limit with a decimal point ("større end eller lig 0.5").
HOURS_ERRORS = {
    "min_value": _("Give at least half an hour a week."),
    "invalid": _("Give the hours as a number, e.g. 7,5."),
}


def _hours_field(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=4,
        decimal_places=1,
        required=required,
        min_value=0.5,
        error_messages=HOURS_ERRORS,
    )


def _mentor_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Mentor.objects.filter(is_active=True).select_related("company"),
        label=_("Mentor"),
        required=required,
    )


class StartTrainingForm(forms.Form):
    company = CompanyChoiceField(queryset=Company.objects.none(), label=_("Training company"))
    starts_on = DateField(label=_("Starts"), widget=DATE)
    planned_end_on = DateField(
        label=_("Planned end"), widget=DATE, help_text=_("Usually 1 to 6 months; at most 18.")
    )
    mentor = _mentor_field()
    weekly_hours = _hours_field(_("Hours a week"), required=False)

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"starts_on": today, "planned_end_on": today + relativedelta(months=3)}
        )
        super().__init__(*args, **kwargs)
        choices = queries.training_choices(participant)
        # A full company is shown, with why, but cannot be chosen (the service refuses it too).
        self.full = {company.pk: agreement for company, agreement in choices}
        self.full = {pk: a for pk, a in self.full.items() if not a.has_free_place}
        places = {}
        for company, agreement in choices:
            places[company.pk] = places_wording(agreement)
            if agreement.record.ended:  # the matching score's record, said on the option too
                places[company.pk] += " · " + str(
                    _("%(employed)s of %(ended)s trainees here got a job")
                    % {"employed": agreement.record.employed, "ended": agreement.record.ended}
                )
            if company.pk in self.full:
                places[company.pk] += " – " + str(_("full: no place can be chosen"))
        field = self.fields["company"]
        field.places = places
        field.widget.disabled = {str(pk) for pk in self.full}
        order = [company.pk for company, _agreement in choices]
        field.queryset = Company.objects.filter(pk__in=order)
        # Keep the order the query worked out (free places and the participant's sectors first).
        field.choices = [("", "---------")] + [
            (company.pk, field.label_from_instance(company)) for company, _agreement in choices
        ]
        # The raw choice decides which mentors are offered; "abc" offers all (the company field
        # itself then says the choice is not valid).
        company_id = parse_id(self.data.get("company") or self.initial.get("company"))
        mentors = Mentor.objects.filter(is_active=True, company_id__in=order)
        if company_id:
            mentors = mentors.filter(company_id=company_id)
        self.fields["mentor"].queryset = mentors
        self.fields["company"].widget.attrs.update(
            {
                "hx-get": reverse("placements:mentor-options"),
                "hx-target": "#id_mentor",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def clean_company(self) -> Company:
        company = self.cleaned_data["company"]
        if company.pk in self.full:
            raise forms.ValidationError(
                _("%(company)s has no free training place (%(places)s).")
                % {"company": company.name, "places": places_wording(self.full[company.pk])}
            )
        return company


class HireForm(forms.Form):
    company = CompanyChoiceField(queryset=Company.objects.none(), label=_("Hiring company"))
    starts_on = DateField(label=_("Employed from"), widget=DATE)
    employment_type = forms.ChoiceField(
        label=_("Type of employment"), choices=Placement.EmploymentType.choices
    )
    weekly_hours = _hours_field(_("Hours a week at the start"))
    mentor = _mentor_field()

    def __init__(
        self, *args, participant: Participant, chosen_company: int | None = None, **kwargs
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "starts_on": timezone.localdate(),
                "employment_type": Placement.EmploymentType.PART_TIME,
            },
        )
        super().__init__(*args, **kwargs)
        companies = queries.hiring_companies(participant.programme)
        field = self.fields["company"]
        field.queryset = companies
        field.places = {
            company.pk: str(_("network company")) for company in companies if company.is_network
        }
        # One click from a network company's fitting participants: the company comes chosen,
        # if it is one of the choices (a bad id in the link is ignored).
        if not self.is_bound and chosen_company in {company.pk for company in companies}:
            self.initial["company"] = chosen_company
        company_id = parse_id(self.data.get("company")) or self.initial.get("company")
        self.fields["mentor"].queryset = (
            Mentor.objects.filter(is_active=True, company_id=company_id)
            if company_id
            else Mentor.objects.none()
        )
        field.widget.attrs.update(
            {
                "hx-get": reverse("placements:mentor-options"),
                "hx-target": "#id_mentor",
                "hx-trigger": "change",
            }
        )


class ExitForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Leaves for"),
        choices=[
            (Participant.ExitOutcome.EDUCATION, _("Education")),
            (Participant.ExitOutcome.DROPOUT, _("Stopped without a job")),
        ],
        widget=forms.RadioSelect,
        help_text=_("A hire is recorded with Hire, which also creates the employment."),
    )
    exit_on = DateField(label=_("Exit date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    # The EU Social Fund's results on leaving (participants/esf.py).
    job_searching = yes_no_field(_("Inactive at entry: job searching on leaving"))
    qualification = yes_no_field(_("Gained a qualification on leaving"))

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"exit_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EndPlacementForm(forms.Form):
    ended_on = DateField(label=_("Ended"), widget=DATE)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EditTrainingForm(EditConflictMixin, forms.Form):
    planned_end_on = DateField(label=_("Planned end"), widget=DATE, required=False)
    mentor = _mentor_field()
    weekly_hours = _hours_field(_("Hours a week"), required=False)

    def __init__(self, *args, placement: Placement, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "planned_end_on": placement.planned_end_on,
                "mentor": placement.mentor,
                "weekly_hours": placement.weekly_hours,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Mentor.objects.filter(company=placement.company)


class HoursForm(forms.Form):
    changed_on = DateField(label=_("From"), widget=DATE)
    weekly_hours = _hours_field(_("Hours a week"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"changed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
