"""The login page, and the account log: who opened, closed or gave access to which account.

Administrators give access; managers answer for it. Every role given or taken, every programme
membership, every account opened, closed or given a new password is an audit event (written by
the model layer, see duties.py), and this page lists them, newest first.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobsporet.core.models import AuditEvent
from jobsporet.core.views_helpers import paginate

from .forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    """Username and password (then the code, see twofactor.py), or the municipality's single
    sign-on when it is set up. django-axes counts the failed attempts."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(sso_enabled=bool(settings.OIDC_RP_CLIENT_ID), **kwargs)


@permission_required("core.view_auditevent", raise_exception=True)
def account_events(request: HttpRequest) -> HttpResponse:
    """Every change to accounts, roles and memberships; one page of 50 in three queries."""
    types = ContentType.objects.get_for_models(User, Group).values()
    events = (
        AuditEvent.objects.filter(target_type__in=types)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    return render(
        request,
        "accounts/events.html",
        {"nav": "accounts", "page_obj": paginate(request, events, per_page=50)},
    )
