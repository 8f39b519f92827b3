"""The user account. Roles are groups (see roles.py); programme membership lives on Programme."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if role.value in self.role_names]
