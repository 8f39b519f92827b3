"""Root URLs. Every page requires login (LoginRequiredMiddleware) unless marked otherwise."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobsporet.accounts.forms import LoginForm
from jobsporet.core import views as core_views
from jobsporet.programmes import views as programme_views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("programme/", programme_views.switch_programme, name="switch-programme"),
    path("healthz", core_views.health, name="health"),
    path("readyz", core_views.readiness, name="readiness"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konti/", include("jobsporet.accounts.urls")),
    path("deltagere/", include("participants.urls")),
    path("virksomheder/", include("companies.urls")),
    path("forloeb/", include("placements.urls")),
    path("databeskyttelse/", include("privacy.urls")),
    path("", include("jobsporet.core.urls")),
    path("", include("reporting.urls")),
]
