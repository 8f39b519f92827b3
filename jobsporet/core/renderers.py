"""The form renderer: Django's, but a select's options are written in Python.

Django renders each option of a select through two template includes (the option and its
attributes); a select of 64 job brokers took 4 ms of a participant list's 30 (the generator's
programme of 100,000 has 640). `select_html` writes the same markup as Django's templates
(`django/forms/widgets/select.html` and `select_option.html`, character for character: a test
holds the two equal), so every select in every form is cheaper and nothing else changes.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attributes_html(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`: `True` as the bare name, `False` left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    return "".join(parts)


def select_html(widget: dict[str, Any]) -> str | None:
    """The select as Django's templates write it, or None for options with a template of
    their own (a widget that changes `option_template_name` keeps its template)."""
    name, attrs = conditional_escape(widget["name"]), attributes_html(widget["attrs"])
    parts = [f'<select name="{name}"{attrs}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{attributes_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with selects written by `select_html`."""

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:
        if template_name == SELECT:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
