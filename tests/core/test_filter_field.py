"""`|filter_field` writes a list filter's field as crispy-forms' bootstrap5 field does (the
label, the widget with Bootstrap's classes, the errors), whitespace aside."""

import re

import pytest
from django import forms
from django.template import Context, Template

from jobsporet.core.templatetags.jobsporet import filter_field


class Filters(forms.Form):
    status = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B")], required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)


def crispy(field) -> str:
    template = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    return template.render(Context({"field": field}))


def tidy(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))).strip()


@pytest.mark.parametrize(
    "data", [None, {"status": "a", "day": "2024-02-01"}, {"status": "zz", "day": "31-31"}]
)
def test_a_select_and_a_date_are_written_as_crispy_writes_them(data):
    form = Filters(data)
    form.is_valid()
    for name in ("status", "day"):
        assert tidy(filter_field(form[name])) == tidy(crispy(form[name])), name
    if data and data["status"] == "zz":
        assert "is-invalid" in filter_field(form["status"])
        assert 'aria-describedby="id_day_error"' in filter_field(form["day"])


def test_other_widgets_are_left_to_crispy():
    with pytest.raises(TypeError):
        filter_field(Filters()["flag"])
