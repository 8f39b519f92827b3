"""Template filters for the companies' pages."""

from django import template

from ..models import places_wording

register = template.Library()


@register.filter
def training_places(row) -> str:
    """A row's training places in the one wording (companies.models.places_wording)."""
    return places_wording(row)
