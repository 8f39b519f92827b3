"""Clearing a login lockout (django-axes) before its 15 minutes are up, audited.

A user who mistyped their password five times waits 15 minutes; an administrator who has
checked who they are on the phone can let them in at once from the admin ("Login lockouts").
The action is the only way to remove an attempt there, and each removal is an audit event on
the account (or on the attempt, for a username no account has), by whom and from where.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

from .models import User

# Who may clear a lockout: whoever manages accounts (administrators, superusers).
MANAGES_ACCOUNTS = "accounts.change_user"


def lockouts_clear(*, actor: Any, attempts: QuerySet[AccessAttempt]) -> int:
    """Remove these failed-login records, so their username and address may log in again at
    once; one audit event each. Returns how many were removed."""
    with transaction.atomic():
        attempts = list(attempts.select_for_update())
        accounts = {
            user.username: user
            for user in User.objects.filter(username__in=[a.username for a in attempts])
        }
        for attempt in attempts:
            audit.record(
                actor=actor,
                action=AuditEvent.Action.DELETED,
                target=accounts.get(attempt.username, attempt),
                summary=_("Login lockout cleared for %(user)s from %(ip)s")
                % {"user": attempt.username, "ip": attempt.ip_address},
            )
            attempt.delete()
    return len(attempts)


class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' list of failed logins, read-only but for the audited clearing."""

    actions = ["clear_lockouts"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MANAGES_ACCOUNTS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(MANAGES_ACCOUNTS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only through the action, which audits; not the plain delete page.
        return False

    @admin.action(description=gettext_lazy("Clear the lockout (the user may log in at once)"))
    def clear_lockouts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        if not request.user.has_perm(MANAGES_ACCOUNTS):
            return
        cleared = lockouts_clear(actor=request.user, attempts=queryset)
        self.message_user(
            request,
            ngettext("%(count)d lockout cleared.", "%(count)d lockouts cleared.", cleared)
            % {"count": cleared},
            messages.SUCCESS,
        )


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
