"""Settings for the test run: the application's own, plus a real OpenID provider.

django-oidc-provider is installed here only, never in production: it plays the municipality's
identity provider in tests/accounts/test_sso.py, served by pytest-django's live_server, and the
application (the relying party) talks to it over HTTP as it would to Entra ID or AD FS.
"""

from jobsporet.settings import *  # noqa: F403
from jobsporet.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "oidc_provider"]
ROOT_URLCONF = "tests.urls"
OIDC_USERINFO = "tests.accounts.provider.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "tests.accounts.provider.GroupsScope"
OIDC_IDTOKEN_EXPIRE = 10 * 60
