"""The reminders page (digest on or off, the calendar address) and the calendar feed itself,
which calendar clients fetch without logging in: the secret address is the key."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jobsporet.accounts.models import User
from jobsporet.core import throttle

from . import services
from .due import RECIPIENT_ROLES
from .feed import calendar_for
from .forms import ReminderSettingsForm
from .models import ReminderSettings

# The session key that carries a new calendar address from its creation to the one page that
# shows it.
NEW_FEED_URL = "reminders_new_feed_url"


def _require_recipient(user: User) -> None:
    """Reminders are for the roles with a caseload: job brokers and case workers."""
    if not any(user.has_role(role) for role in RECIPIENT_ROLES):
        raise PermissionDenied(_("Reminders are for job brokers and case workers."))


def _page(
    request: HttpRequest,
    form: ReminderSettingsForm | None = None,
    new_feed_url: str = "",
    status: int = 200,
) -> HttpResponse:
    current = services.reminder_settings_for(request.user)
    form = form or ReminderSettingsForm(
        initial={"digest_enabled": current.digest_enabled, "language": current.language}
    )
    return render(
        request,
        "reminders/settings.html",
        {"form": form, "current": current, "new_feed_url": new_feed_url},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """The user's reminders: the daily digest on or off and its language, the calendar."""
    _require_recipient(request.user)
    if request.method != "POST":
        # A calendar address made a moment ago is shown once, on the page its creation
        # redirected to, then forgotten (only its digest is stored).
        new_feed_url = request.session.pop(NEW_FEED_URL, "")
        response = _page(request, new_feed_url=new_feed_url)
        if new_feed_url:
            patch_cache_control(response, no_store=True)
        return response
    form = ReminderSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    services.reminder_settings_update(user=request.user, **form.cleaned_data)
    if form.cleaned_data["digest_enabled"]:
        messages.success(request, _("You will get an e-mail on mornings when something is due."))
    else:
        messages.success(request, _("The daily e-mail is turned off."))
    return redirect("reminders:settings")


@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Make a calendar address (a new one replaces the old); its full URL is shown once, on
    the page this redirects to, so reloading that page makes no second address."""
    _require_recipient(request.user)
    token = services.calendar_feed_create(user=request.user)
    request.session[NEW_FEED_URL] = services.feed_url(token)
    return redirect("reminders:settings")


@require_http_methods(["GET", "POST"])
def feed_revoke(request: HttpRequest) -> HttpResponse:
    """Ask, then revoke the calendar address: calendars that use it get nothing more."""
    _require_recipient(request.user)
    if not services.reminder_settings_for(request.user).has_feed:
        messages.info(request, _("You have no calendar address."))
        return redirect("reminders:settings")
    if request.method != "POST":
        return render(request, "reminders/feed_revoke.html")
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("The calendar address is revoked. It no longer works."))
    return redirect("reminders:settings")


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar of the user whose address this is: only a valid, unrevoked token of an
    active job broker or case worker; anything else is a 404. A client that asks more often
    than CALENDAR_FEED_FETCHES_PER_HOUR is told to wait (calendar clients ask every few hours;
    more is a script, or an address that got out)."""
    found = (
        ReminderSettings.objects.filter(
            feed_token_digest=services.token_digest(token),
            user__is_active=True,
            user__groups__name__in=RECIPIENT_ROLES,
        )
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404(_("No such calendar."))
    if not throttle.spend(
        "calendar-feed", found.user, per_hour=settings.CALENDAR_FEED_FETCHES_PER_HOUR
    ):
        response = HttpResponse(
            _("The calendar was fetched too often. Try again later."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(throttle.WINDOW)
        return response
    body = calendar_for(found.user, found.language, timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jobsporet.ics"'
    return response
