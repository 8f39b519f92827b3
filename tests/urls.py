"""The application's URLs, and the test OpenID provider's under /idp/ (tests/settings.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path
from oidc_provider import urls as provider_urls

from jobsporet.urls import urlpatterns as application


def _public(pattern: URLPattern) -> URLPattern:
    # The provider's token, keys and userinfo endpoints are called by the application's
    # server, with no login. Its authorize endpoint needs its user logged in (two factors and
    # all), like any page of this site.
    if pattern.name != "authorize":
        pattern.callback = login_not_required(pattern.callback)
    return pattern


provider_urls.urlpatterns = [_public(pattern) for pattern in provider_urls.urlpatterns]

urlpatterns = [*application, path("idp/", include(provider_urls, namespace="oidc_provider"))]
