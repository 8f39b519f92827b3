"""Django's ModelBackend, with an account's roles and permissions read together.

Every page shows the reader's roles (the navbar) and checks their permissions, which Django
reads in two queries (direct and through groups) and the roles in a third. Here one query
(`User.read_roles_and_permissions`) fills all three, cached on the user object for the
request exactly as Django caches permissions, so nothing outlives the request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class RolesAndPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """As ModelBackend, but an active non-superuser's permissions and roles in one query."""
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and obj is None
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj.read_roles_and_permissions()
        return super().get_all_permissions(user_obj, obj)
