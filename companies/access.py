"""Access helpers for companies, agreements and mentors: get_X_for(user, pk, permission=...),
404 for what the user may not read, 403 without the permission (see jobsporet.core.access)."""

from __future__ import annotations

from jobsporet.core.access import get_for

from .models import Agreement, Company, Mentor


def get_company_for(user, pk: int, *, permission: str | None = None) -> Company:
    readable = Company.objects.visible_to(user).select_related("consultant")
    return get_for(user, readable, pk, permission=permission)


def get_agreement_for(user, pk: int, *, permission: str | None = None) -> Agreement:
    """An agreement with one of the user's programmes."""
    readable = Agreement.objects.visible_to(user).select_related("company", "programme")
    return get_for(user, readable, pk, permission=permission)


def get_mentor_for(user, pk: int, *, permission: str | None = None) -> Mentor:
    readable = Mentor.objects.visible_to(user).select_related("company")
    return get_for(user, readable, pk, permission=permission)
