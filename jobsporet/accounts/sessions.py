"""Sessions end after 30 minutes without a request and 10 hours after the login at most.

Citizens' data stays on screen only while someone is at it: SessionLimitsMiddleware logs out a
session that has been idle for SESSION_IDLE_TIMEOUT or is older than SESSION_MAX_AGE, and says
why on the login page. The pages carry the seconds left (context processor below) so
static/js/session.js can warn SESSION_WARNING_BEFORE seconds ahead and offer to stay logged in
(the `session_renew` view, which is just one more request); when the count runs out the page
posts to `session_expired`. A closed account's sessions end at their next request (the
backends load only active accounts).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

LOGGED_IN_AT = "jobsporet_logged_in_at"
SEEN_AT = "jobsporet_seen_at"
# A request refreshes "last seen" only when it is this much older, so not every request writes
# the session; the warning in the browser allows for it.
SEEN_RESOLUTION = 15


@receiver(user_logged_in, dispatch_uid="accounts_session_started")
def _session_started(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGGED_IN_AT] = now
        request.session[SEEN_AT] = now


def seconds_left(request: HttpRequest, now: float | None = None) -> tuple[int, int]:
    """Seconds until this session ends if nothing more happens: (idle, maximum)."""
    now = time.time() if now is None else now
    logged_in_at = request.session.get(LOGGED_IN_AT, now)
    seen_at = request.session.get(SEEN_AT, now)
    idle_left = seen_at + settings.SESSION_IDLE_TIMEOUT - now
    max_left = logged_in_at + settings.SESSION_MAX_AGE - now
    return int(idle_left), int(max_left)


def _timing(request: HttpRequest) -> dict[str, int]:
    # "Last seen" may lag a request by up to SEEN_RESOLUTION: the browser counts that off.
    idle_left, max_left = seconds_left(request)
    return {"idle_left": max(0, idle_left - SEEN_RESOLUTION), "max_left": max(0, max_left)}


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            logged_in_at = session.setdefault(LOGGED_IN_AT, int(now))
            if now - logged_in_at > settings.SESSION_MAX_AGE:
                return self._end(request, _max_reason())
            if now - session.get(SEEN_AT, now) > settings.SESSION_IDLE_TIMEOUT:
                return self._end(request, _idle_reason())
            if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                session[SEEN_AT] = int(now)
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, reason: str) -> HttpResponse:
        path = request.get_full_path()
        _log_out(request, reason)
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment: send the browser there instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return redirect_to_login(path)


def _idle_reason() -> str:
    return _("You were logged out after %(minutes)s minutes without activity.") % {
        "minutes": round(settings.SESSION_IDLE_TIMEOUT / 60)
    }


def _max_reason() -> str:
    return _("You were logged out: a session lasts %(hours)s hours at most.") % {
        "hours": round(settings.SESSION_MAX_AGE / 3600)
    }


def _log_out(request: HttpRequest, reason: str) -> None:
    logout(request)
    messages.info(request, reason)


@require_POST
def session_expired(request: HttpRequest) -> HttpResponse:
    """Where the page sends itself when its countdown ends: the session ends now (at most
    SEEN_RESOLUTION seconds early), rather than a reload that would count as activity."""
    if request.user.is_authenticated:
        _log_out(request, _max_reason() if request.POST.get("reason") == "max" else _idle_reason())
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect_to_login(back)


@require_POST
def session_renew(request: HttpRequest) -> JsonResponse:
    """ "Stay logged in": the request itself is the activity; answers the seconds left."""
    request.session[SEEN_AT] = int(time.time())
    return JsonResponse(_timing(request))


def session_timing(request: HttpRequest) -> dict[str, Any]:
    """Template context: what static/js/session.js needs to warn before the session ends."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timing": {
            **_timing(request),
            "idle": settings.SESSION_IDLE_TIMEOUT - SEEN_RESOLUTION,
            "warning": settings.SESSION_WARNING_BEFORE,
        }
    }
