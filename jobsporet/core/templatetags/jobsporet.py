"""Template filters for Danish-formatted figures and small shared pieces of markup."""

import datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from jobsporet.core import formatting

register = template.Library()


@register.filter
def kr(value) -> str:
    """Whole kroner with thousands separators: 6.651.787 kr."""
    return formatting.kroner(value)


@register.filter
def pct(value, places: int = 1) -> str:
    """A fraction as a percentage with a decimal comma: 0.3223 -> 32,2 %."""
    return formatting.percent(value, int(places))


@register.filter
def hours(value) -> str:
    """Weekly hours without a needless ',0': 7,5 or 12."""
    return formatting.hours(value)


@register.filter
def num(value, places: int = 0) -> str:
    """A number with thousands separators: 10.000."""
    return formatting.number(value, int(places))


@register.filter
def overdue(day: datetime.date | None) -> bool:
    """Whether a follow-up, a planned end or a review date has passed (it is before today)."""
    return day is not None and day < timezone.localdate()


@register.filter
def overdue_class(day: datetime.date | None) -> str:
    """How an overdue date is shown (in red), or '' for one that is not; with `default` for
    the other case: class="{{ day|overdue_class|default:'text-body-secondary' }}"."""
    return "text-danger fw-semibold" if overdue(day) else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.simple_tag
def page_range(page) -> list:
    """Page numbers around the current one, with ellipses: 1 2 … 7 8 9 … 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def filter_field(field) -> str:
    """A list filter's select or input with its label and errors, the markup crispy-forms'
    bootstrap5 field writes (`|as_crispy_field`), written here in Python: the list pages render
    half a dozen on every request, and crispy's template took a tenth of a list's time.
    Checkboxes and other widgets keep `|as_crispy_field`."""
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        css = "select form-select"
    elif isinstance(widget, forms.DateInput):
        css = "dateinput form-control"
    else:
        raise TypeError(f"filter_field writes selects and date inputs, not {type(widget)}")
    auto_id = field.auto_id
    attrs = {"class": css}
    errors = ""
    if field.errors:
        attrs.update(
            {
                "class": f"{css} is-invalid",
                "aria-invalid": "true",
                "aria-describedby": f"{auto_id}_error",
            }
        )
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((index, auto_id, error) for index, error in enumerate(field.errors, 1)),
            ),
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        auto_id,
        auto_id,
        field.label,
        field.as_widget(attrs=attrs),
        errors,
    )
