"""Admin for users: administrators open and close accounts and give roles (groups); programme
memberships are kept on the programme's admin page.

An administrator is not a superuser and must not be able to become one: a superuser sees full
CPR numbers and health data. So only a superuser may set the superuser flag or single
permissions, and a superuser's own account (password included) is read-only to everyone else.

The separation of duties (duties.py) is enforced by the model layer; the forms here check the
same rules first, so a refusal is shown next to the field instead of failing the page. Nobody
edits their own roles or permissions here (the fields are read-only on one's own account), and
accounts are closed, never deleted: the audit trail refers to them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .duties import SeparationOfDutiesError, check_direct_permissions, check_roles
from .models import User
from .readonly_admin import ReadOnly
from .roles import Role
from .twofactor import two_factor_reset

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
OWN_ACCESS_FIELDS = ("groups", "user_permissions", "is_superuser")


def _guards_a_superuser(request: HttpRequest, obj: Any) -> bool:
    return obj is not None and obj.is_superuser and not request.user.is_superuser


class DutiesCheckedForm(forms.ModelForm):
    """The user form refuses roles and single permissions one account may not hold together."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        groups = cleaned.get("groups", self.instance.groups.all() if self.instance.pk else [])
        roles = [group.name for group in groups]
        permissions = cleaned.get("user_permissions")
        if permissions is None:
            permissions = self.instance.user_permissions.all() if self.instance.pk else []
        try:
            check_roles(roles)
            check_direct_permissions(
                roles,
                [
                    f"{permission.content_type.app_label}.{permission.codename}"
                    for permission in permissions
                ],
            )
        except SeparationOfDutiesError as error:
            self.add_error("groups" if "groups" in self.fields else None, error.message)
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff")
    actions = ["reset_two_factor"]

    @admin.action(
        description=gettext_lazy("Reset two-factor login (a lost phone)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset) -> None:
        """The chosen accounts set up a new authenticator at their next login. Never one's own
        (that would let a stolen password alone in), never a superuser's but by a superuser."""
        for user in queryset:
            if user.pk == request.user.pk or _guards_a_superuser(request, user):
                messages.error(
                    request,
                    _("%(user)s: you cannot reset this account's two-factor login.")
                    % {"user": user.username},
                )
                continue
            two_factor_reset(actor=request.user, user=user)
            messages.success(
                request, _("%(user)s sets up two-factor login again.") % {"user": user.username}
            )

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        return type("UserChangeForm", (DutiesCheckedForm, form), {})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        if obj is not None and obj.pk == request.user.pk:
            fields += [name for name in OWN_ACCESS_FIELDS if name not in fields]
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
        # Close an account (untick "active") instead: its audit trail refers to it.
        return False


admin.site.unregister(Group)

# An authenticator's secret key (with its QR code) and the recovery codes are the second factor
# itself: whoever reads them logs in as that user. django-otp's screens show both, so they are
# not in the admin, for superusers neither; a lost phone is reset with "Nulstil tofaktorlogin"
# on the user list (audited), and the user sets up a new authenticator at the next login.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(Group)
class RoleAdmin(ReadOnly, BaseGroupAdmin):
    """The roles and their rights are code (roles.py, applied by migrations): shown, never
    edited here, so nobody widens a role behind the table that documents it."""


# Failed logins and their lockouts (django-axes), cleared only through an audited action.
from . import lockouts  # noqa: E402,F401
