"""Template filters for Danish-formatted figures and small shared pieces of markup."""

import datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

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
def bootstrap_field(field) -> str:
    """A form's select, input or text area with its label, help and errors: the markup
    crispy-forms' bootstrap5 field writes (`|as_crispy_field`), written here in Python. The list
    filters and the case page's note form render half a dozen on every request, and crispy's
    template took a tenth of those pages' time. Checkboxes and radios keep `|as_crispy_field`
    (a TypeError here)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        raise TypeError(f"bootstrap_field does not write {type(widget).__name__}")
    if not isinstance(widget, forms.Select | forms.widgets.Input | forms.Textarea):
        raise TypeError(f"bootstrap_field does not write {type(widget).__name__}")
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = [widget.attrs.get("class", ""), type(widget).__name__.lower(), bootstrap]
    auto_id = field.auto_id
    attrs = {"class": " ".join(name for name in classes if name)}
    help_text = errors = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            auto_id,
            mark_safe(field.help_text),  # as crispy writes it: `help_text|safe`
        )
    if field.errors:
        described_by = f"{auto_id}_helptext {auto_id}_error" if help_text else f"{auto_id}_error"
        attrs.update(
            {
                "class": f"{attrs['class']} is-invalid",
                "aria-invalid": "true",
                "aria-describedby": described_by,
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
    required = field.field.required
    widget_html = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:  # as str(field) does
        widget_html += field.as_hidden(only_initial=True)
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="{}">{}{}</label>{}{}{}</div>',
        auto_id,
        auto_id,
        "form-label requiredField" if required else "form-label",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        widget_html,
        errors,
        help_text,
    )


BADGE_BY_OUTCOME = {"employment": "text-bg-success", "education": "text-bg-info"}


@register.filter
def status_badge(participant) -> str:
    """A participant's status as a badge: the outcome once they have left (green for a job,
    blue for education, grey otherwise), else their status. `includes/status_badge.html` is
    this filter; the participant list calls it on each of its 25 rows without the include."""
    if participant.status == "exited":
        css = BADGE_BY_OUTCOME.get(participant.exit_outcome, "text-bg-secondary")
        label = participant.get_exit_outcome_display()
    else:
        css = "text-bg-primary" if participant.status == "in_training" else "text-bg-warning"
        label = participant.get_status_display()
    return format_html('<span class="badge {}">{}</span>', css, label)
