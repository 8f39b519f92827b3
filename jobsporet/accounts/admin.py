"""Admin for users: administrators open and close accounts and give roles (groups); programme
memberships are kept on the programme's admin page.

An administrator is not a superuser and must not be able to become one: a superuser sees full
CPR numbers and health data. So only a superuser may set the superuser flag or single
permissions, and a superuser's own account (password included) is read-only to everyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from .models import User
from .roles import Role

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


def _guards_a_superuser(request: HttpRequest, obj: Any) -> bool:
    return obj is not None and obj.is_superuser and not request.user.is_superuser


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        return fields

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Whoever could change a superuser's password could log in as them.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _guards_a_superuser(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _guards_a_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)
