"""What the test identity provider says about its users (see tests/settings.py).

The provider's users are accounts in the same database as the application's (one Django
project plays both parts), so the provider names them differently: "idp-anne" at the provider
is "anne@kommune.example" to the application, which creates its own account for her.
"""

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims

# The groups each provider user is in, set by the tests.
GROUPS: dict[str, list[str]] = {}


def username_at_the_municipality(user) -> str:
    return f"{user.username.removeprefix('idp-')}@kommune.example"


def userinfo(claims: dict, user) -> dict:
    claims["preferred_username"] = username_at_the_municipality(user)
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = username_at_the_municipality(user)
    return claims


class GroupsScope(ScopeClaims):
    info_groups = (_("Groups"), _("The groups you are in."))

    def scope_groups(self) -> dict:
        return {"groups": GROUPS.get(self.user.username, [])}
