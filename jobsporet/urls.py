"""Root URLs. Every page requires login (LoginRequiredMiddleware) unless marked otherwise."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from jobsporet.accounts import sessions, sso, twofactor
from jobsporet.accounts.views import LoginView
from jobsporet.core import views as core_views
from jobsporet.programmes import views as programme_views

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("login/kode/", twofactor.two_factor_verify, name="two-factor-verify"),
    path("login/sso/", login_not_required(sso.sso_start), name="oidc_authentication_init"),
    path(
        "login/sso/svar/",
        login_not_required(sso.sso_callback),
        name="oidc_authentication_callback",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/tofaktor/", twofactor.two_factor_enrol, name="two-factor-enrol"),
    path("konto/forny/", sessions.session_renew, name="session-renew"),
    path("konto/udloebet/", login_not_required(sessions.session_expired), name="session-expired"),
    path("programme/", programme_views.switch_programme, name="switch-programme"),
    path("healthz", core_views.health, name="health"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", login_not_required(core_views.favicon), name="favicon"),
    path("readyz", core_views.readiness, name="readiness"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konti/", include("jobsporet.accounts.urls")),
    path("deltagere/", include("participants.urls")),
    path("virksomheder/", include("companies.urls")),
    path("forloeb/", include("placements.urls")),
    path("databeskyttelse/", include("privacy.urls")),
    path("rapporter/", include("jobsporet.jobs.urls")),
    path("", include("reminders.urls")),
    path("", include("jobsporet.importing.urls")),
    path("", include("reporting.urls")),
]
