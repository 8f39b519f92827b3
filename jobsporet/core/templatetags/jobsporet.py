"""Template filters for Danish-formatted figures and small shared pieces of markup."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.http import urlencode

register = template.Library()


@register.filter
def kr(value) -> str:
    """Whole kroner with thousands separators: 6.651.787 kr."""
    if value is None or value == "":
        return "–"
    return f"{intcomma(round(Decimal(value)))} kr."


@register.filter
def pct(value, digits: int = 1) -> str:
    """A fraction as a percentage with a decimal comma: 0.3223 -> 32,2 %."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value) * 100, decimal_pos=int(digits))} %"


@register.filter
def hours(value) -> str:
    """Weekly hours without a needless ',0': 7,5 or 12."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    return number_format(value, decimal_pos=0 if value == value.to_integral() else 1)


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
