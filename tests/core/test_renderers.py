"""The form renderer writes a select's options in Python: the markup must be Django's own,
character for character, for every kind of select the forms use."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from jobsporet.accounts.models import User
from jobsporet.core.renderers import FormRenderer
from participants.models import Participant


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "A & B"), ("b", '"Quoted"'), (3, "Three")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Nordic", [("dk", "Danmark"), ("no", "Norge")]), ("x", "Other")]
    )
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])
    status = forms.TypedChoiceField(
        choices=[("", "---------"), *Participant.Status.choices], required=False
    )
    user = forms.ModelChoiceField(queryset=User.objects.order_by("pk"), required=False)
    flagged = forms.ChoiceField(
        choices=[("y", "Yes")],
        widget=forms.Select(attrs={"class": "form-select", "disabled": True, "data-x": "<&>"}),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "b", "grouped": "no", "many": ["1", "2"], "status": "exited", "flagged": "y"},
        {"plain": "<script>", "grouped": "zz", "many": ["3"]},
    ],
)
def test_every_select_is_written_as_djangos_templates_write_it(data, broker, manager):
    data = {**data, "user": str(manager.pk)} if data else data
    ours, theirs = FormRenderer(), DjangoTemplates()
    form = Choices(data or None, renderer=ours)
    reference = Choices(data or None, renderer=theirs)
    for name in form.fields:
        assert str(form[name]) == str(reference[name]), name
    if data:
        assert f'value="{manager.pk}" selected>' in str(form["user"])


def test_a_radio_select_keeps_its_own_templates():
    class Radios(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    assert str(Radios(renderer=FormRenderer())["pick"]) == str(
        Radios(renderer=DjangoTemplates())["pick"]
    )
