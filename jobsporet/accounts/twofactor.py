"""Two-factor login for local accounts: a TOTP code from an authenticator app, or a recovery code.

After the password a local account is logged in but not *verified* (django-otp's OTPMiddleware
says which device verified the session). TwoFactorMiddleware sends such a session to the code
page, or, where two-factor is required (OTP_REQUIRED, on in production) and the account has no
authenticator yet, to the enrolment page; nothing else opens until then, the admin included.
A session that came through single sign-on was verified by the municipality's identity
provider, which has its own second factor.

Enrolment shows a QR code (an inline SVG: no script, so the strict CSP holds) and the secret
for typing in, checks one code, and then shows ten single-use recovery codes (django-otp's
static tokens) once. Recovery codes can be renewed from the same page.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

VERIFIED_BY_SSO = "jobsporet_verified_by_sso"
# Whether the account had an authenticator when it logged in: kept in the session so that, where
# two-factor is optional, an ordinary request does not ask the database again.
HAS_AUTHENTICATOR = "jobsporet_has_authenticator"
# Pages an unverified session may still open: the two steps themselves, leaving, the language.
OPEN_BEFORE_VERIFIED = frozenset(
    {"two-factor-verify", "two-factor-enrol", "logout", "set_language", "login"}
)


@receiver(user_logged_in, dispatch_uid="accounts_two_factor_login")
def _note_the_authenticator(sender: Any, request: HttpRequest | None, user: Any, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_AUTHENTICATOR] = user_has_device(user, confirmed=True)


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(VERIFIED_BY_SSO)) or request.user.is_verified()


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any):
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_VERIFIED:
            return None
        if not getattr(view, "login_required", True):  # health checks and other public pages
            return None
        if HAS_AUTHENTICATOR not in request.session:
            request.session[HAS_AUTHENTICATOR] = user_has_device(user, confirmed=True)
        has_device = request.session[HAS_AUTHENTICATOR]
        if not has_device and not settings.OTP_REQUIRED:
            return None
        target = "two-factor-verify" if has_device else "two-factor-enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _audit(user: Any, summary: str) -> None:
    audit.record(actor=user, action=AuditEvent.Action.CHANGED, target=user, summary=summary)


@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a local login: a TOTP code or a recovery code (used up by it)."""
    if is_verified(request):
        return redirect(_next_url(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('two-factor-enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())
        device = match_token(request.user, code)
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                _audit(
                    request.user,
                    _("Recovery code used by %(user)s") % {"user": request.user.username},
                )
                messages.warning(
                    request,
                    _("You logged in with a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right (or has been used). Try again."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (or, when one is set up, renew the recovery codes)."""
    user = request.user
    if user_has_device(user, confirmed=True):
        if not is_verified(request):
            request.session[HAS_AUTHENTICATOR] = True
            return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': request.path})}")
        if request.method == "POST" and "renew" in request.POST:
            codes = _new_recovery_codes(user)
            _audit(user, _("New recovery codes made for %(user)s") % {"user": user.username})
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        return render(request, "accounts/two_factor_enrol.html", {"enrolled": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Jobsporet", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            request.session[HAS_AUTHENTICATOR] = True
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
                _audit(user, _("Two-factor login set up for %(user)s") % {"user": user.username})
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


def _new_recovery_codes(user: Any) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODES new ones; shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_reset(*, actor: Any, user: Any) -> int:
    """Remove an account's authenticator and recovery codes (a lost phone): the next login sets
    up a new one. For administrators, never on their own account; audited."""
    from .duties import OWN_ACCESS_MESSAGE, SeparationOfDutiesError

    if actor is not None and actor.pk == user.pk:
        raise SeparationOfDutiesError(OWN_ACCESS_MESSAGE)
    removed = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            target=user,
            summary=_("Two-factor login reset for %(user)s") % {"user": user.username},
        )
    return removed
