"""Single sign-on through the municipality's identity provider (OpenID Connect).

mozilla-django-oidc runs the protocol (authorisation code flow, signed ID token checked against
the provider's keys, nonce and state); this module decides who the person is here. The
provider's groups decide everything about access, at every login:

- roles from OIDC_ROLE_GROUPS ("job broker=Jobsporet-Jobformidlere,..."), programme memberships
  from OIDC_PROGRAMME_GROUPS ("jobsporet=Jobsporet-Team,..."); a role or membership the provider
  no longer gives is taken away. The changes go through the model layer, so the separation of
  duties holds (an administrator group together with a case-work group refuses the login) and
  each change is on the account log, made by "the system".
- someone with no role here is not let in; an account that was closed here stays closed.
- a local account (one with a password) is never taken over by a provider identity of the
  same name: single sign-on accounts have no password here.

The provider checked the second factor, so TwoFactorMiddleware does not ask again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from jobsporet.programmes.models import Programme

from .duties import SeparationOfDutiesError, acting_as
from .roles import Role
from .twofactor import VERIFIED_BY_SSO

logger = logging.getLogger(__name__)
BACKEND = "jobsporet.accounts.sso.MunicipalityBackend"


def group_map(setting: str) -> dict[str, set[str]]:
    """ "name=Provider group,other=Group two" as {name: {provider groups}}."""
    mapping: dict[str, set[str]] = {}
    for pair in filter(None, (part.strip() for part in setting.split(","))):
        name, _sep, group = pair.partition("=")
        if name.strip() and group.strip():
            mapping.setdefault(name.strip(), set()).add(group.strip())
    return mapping


def granted(claims: dict[str, Any], setting: str) -> set[str]:
    """The names (roles or programme slugs) whose provider groups the claims include."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    held = {groups} if isinstance(groups, str) else set(groups)
    return {name for name, wanted in group_map(setting).items() if wanted & held}


class MunicipalityBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get(settings.OIDC_USERNAME_CLAIM):
            return False
        if not granted(claims, settings.OIDC_ROLE_GROUPS) & set(Role.values):
            self._refuse(_("Your account has no role in Jobsporet. Ask your manager."))
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]):
        return self.UserModel.objects.filter(username=claims[settings.OIDC_USERNAME_CLAIM])

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        try:
            with transaction.atomic(), acting_as(None):
                return super().get_or_create_user(access_token, id_token, payload)
        except SeparationOfDutiesError as refused:
            logger.warning("Single sign-on refused by the separation of duties")
            self._refuse(refused.message)
            return None

    def create_user(self, claims: dict[str, Any]):
        user = self.UserModel(username=claims[settings.OIDC_USERNAME_CLAIM])
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user: Any, claims: dict[str, Any]):
        if user.pk is not None and user.has_usable_password():
            # A local account of the same name: not this identity's to take over.
            self._refuse(_("A local account has this name; ask an administrator."))
            raise SuspiciousOperation("a local account has this username")
        roles = granted(claims, settings.OIDC_ROLE_GROUPS) & set(Role.values)
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        user.email = claims.get("email") or user.email
        user.is_staff = Role.ADMINISTRATOR in roles
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        slugs = granted(claims, settings.OIDC_PROGRAMME_GROUPS)
        user.programmes.set(Programme.objects.filter(slug__in=slugs))
        return user

    def get_user(self, user_id: int):
        """Only an open account: closing it ends its single sign-on sessions too."""
        return self.UserModel.objects.filter(pk=user_id, is_active=True).first()

    def _refuse(self, message: str) -> None:
        request = getattr(self, "request", None)
        if request is not None:
            messages.error(request, message)


@receiver(user_logged_in, dispatch_uid="accounts_sso_verified")
def _verified_by_the_provider(sender: Any, request: HttpRequest | None, user: Any, **kwargs):
    if request is not None and getattr(user, "backend", "") == BACKEND:
        request.session[VERIFIED_BY_SSO] = True


def _configured() -> None:
    if not settings.OIDC_RP_CLIENT_ID:
        raise Http404(_("Single sign-on is not set up."))


def sso_start(request: HttpRequest) -> HttpResponse:
    """Off to the identity provider (404 when single sign-on is not set up)."""
    _configured()
    return OIDCAuthenticationRequestView.as_view()(request)


def sso_callback(request: HttpRequest) -> HttpResponse:
    _configured()
    return OIDCAuthenticationCallbackView.as_view()(request)
