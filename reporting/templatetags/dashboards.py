"""`user|sees_dashboard`: whether the menu offers "Outcomes" (reporting/access.py decides)."""

from django import template

from reporting.access import dashboard_face

register = template.Library()


@register.filter
def sees_dashboard(user) -> bool:
    return user.is_authenticated and dashboard_face(user) is not None
