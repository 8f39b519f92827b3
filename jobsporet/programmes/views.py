"""Switching the programme one works in."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY
from .models import Programme


@require_POST
def switch_programme(request: HttpRequest) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user), slug=request.POST.get("programme", "")
    )
    request.session[SESSION_KEY] = programme.pk
    messages.info(request, _("You are now working in %(name)s.") % {"name": programme.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "reporting:home"
    return redirect(target)
