"""The user account. Roles are groups (see roles.py); programme membership lives on Programme.

Opening, closing and reopening an account and setting its password are audited here, on the
model, so the admin, the single sign-on and the management commands cannot skip it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction
from django.db.models import CharField, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def from_db(cls, db, field_names, values) -> User:
        user = super().from_db(db, field_names, values)
        # What was stored, so save() can tell an account being closed or reopened.
        user._stored_is_active = user.__dict__.get("is_active")
        return user

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jobsporet.core.models import AuditEvent

        adding = self._state.adding
        # set_password() leaves the new password here until save(); a hash upgrade at login
        # does not (Django clears it first), so only a real new password is recorded.
        new_password = self._password is not None
        stored_is_active = getattr(self, "_stored_is_active", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            events = []
            if adding:
                events.append((AuditEvent.Action.CREATED, gettext("Account %(user)s created")))
            else:
                if stored_is_active is not None and stored_is_active != self.is_active:
                    events.append(
                        (
                            AuditEvent.Action.STATUS,
                            gettext("Account %(user)s reopened")
                            if self.is_active
                            else gettext("Account %(user)s closed"),
                        )
                    )
                if new_password:
                    events.append(
                        (AuditEvent.Action.CHANGED, gettext("New password set for %(user)s"))
                    )
            if events:
                self._record_account_events(events)
        self._stored_is_active = self.is_active

    def _record_account_events(self, events: list[tuple[str, str]]) -> None:
        from jobsporet.core import audit

        from .duties import current_actor

        audit.record_many(
            actor=current_actor(),
            events=[
                audit.Event(action=action, target=self, summary=summary % {"user": self.username})
                for action, summary in events
            ],
        )

    @cached_property
    def role_names(self) -> frozenset[str]:
        return self.read_roles_and_permissions()

    def read_roles_and_permissions(self) -> frozenset[str]:
        """The account's role names, read in one query with every permission it holds directly
        or through a role; the permissions are left where Django's ModelBackend caches them
        (for an active account that is no superuser, whose permissions are all of them), so
        the page's permission checks and its navbar share the query (backends.py)."""
        direct = Permission.objects.filter(user=self).values_list(
            Value(None, output_field=CharField()), "content_type__app_label", "codename"
        )
        through_roles = Group.objects.filter(user=self).values_list(
            "name", "permissions__content_type__app_label", "permissions__codename"
        )
        roles: set[str] = set()
        own: set[str] = set()
        granted: set[str] = set()
        for role, app_label, codename in direct.order_by().union(
            through_roles.order_by(), all=True
        ):
            if role is None:
                own.add(f"{app_label}.{codename}")
                continue
            roles.add(role)
            if codename is not None:  # a role without permissions
                granted.add(f"{app_label}.{codename}")
        names = frozenset(roles)
        self.__dict__["role_names"] = names
        if self.is_active and not self.is_superuser:
            self._user_perm_cache = own
            self._group_perm_cache = granted
            self._perm_cache = own | granted
        return names

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if role.value in self.role_names]
