"""`|bootstrap_field` writes a list filter's field as crispy-forms' bootstrap5 field does (the
label, the widget with Bootstrap's classes, the errors), whitespace aside."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template

from jobsporet.core.templatetags.jobsporet import bootstrap_field
from participants.forms import CaseNoteForm


class Filters(forms.Form):
    status = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B")], required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="<b>Kort</b>")
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select(attrs={"class": "wide"}))


def crispy(field) -> str:
    template = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    return template.render(Context({"field": field}))


class Canonical(HTMLParser):
    """The markup with whitespace between tags dropped and each tag's attributes sorted."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag) -> None:
        self.parts.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        if data.strip():
            self.parts.append(re.sub(r"\s+", " ", data.strip()))


def tidy(html: str) -> list[str]:
    parser = Canonical()
    parser.feed(str(html))
    return parser.parts


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"status": "a", "day": "2024-02-01", "text": "x", "at": "2024-02-01T10:00", "kind": "a"},
        {"status": "zz", "day": "31-31", "kind": "b"},
    ],
)
def test_selects_inputs_and_text_areas_are_written_as_crispy_writes_them(data):
    form = Filters(data)
    form.is_valid()
    for name in ("status", "day", "text", "at", "kind"):
        assert tidy(bootstrap_field(form[name])) == tidy(crispy(form[name])), name
    if data and data["status"] == "zz":
        assert "is-invalid" in bootstrap_field(form["status"])
        assert 'aria-describedby="id_day_error"' in bootstrap_field(form["day"])


def test_other_widgets_are_left_to_crispy():
    with pytest.raises(TypeError):
        bootstrap_field(Filters()["flag"])


@pytest.mark.parametrize("data", [None, {"kind": "nope", "follow_up": "date", "text": ""}])
def test_the_case_notes_form_is_written_as_crispy_writes_it(data):
    form = CaseNoteForm(data)
    form.is_valid()
    for name in ("kind", "occurred_at", "text", "follow_up", "follow_up_on"):
        assert tidy(bootstrap_field(form[name])) == tidy(crispy(form[name])), name
