"""The participant list's search by CPR number, kept out of URLs and rationed.

A CPR number never travels in a URL (access logs, browser history, pagination links): the list
posts its search (posted_filters), a CPR search is looked up at once and audited, found or not,
and the list URL carries an opaque token that the session maps to the person found, for
CPR_SEARCH_LIFETIME (the list's filter reads it back with recall_cpr_search). A CPR number typed
into a list URL is not searched (refuse_cpr_in_url).

A search by CPR number is for those who may see full CPR numbers (SEARCH_BY_CPR), and at most
settings.CPR_SEARCHES_PER_HOUR a user and hour (search_by_cpr); a refused one is audited too.
"""

from __future__ import annotations

import re
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobsporet.core import audit, throttle
from jobsporet.core.digits import ascii_digits
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme

from . import cpr
from .models import Person

CPR_LIKE = re.compile(r"^[0-9]{6}-?[0-9]{4}$")
CPR_SEARCHES = "participants.cpr_searches"
CPR_SEARCH_LIFETIME = 30 * 60  # seconds
CPR_SEARCHES_KEPT = 5
# Only those who may see full CPR numbers may search by one: for anyone else a search would
# confirm a number they are not allowed to see.
SEARCH_BY_CPR = "participants.reveal_cpr"
# The throttle's name: look-ups by CPR number, per user and hour (settings.CPR_SEARCHES_PER_HOUR).
CPR_LOOKUPS = "cpr-lookup"
TOO_MANY_LOOKUPS = gettext_lazy("too many look-ups this hour")


def is_cpr(value: str | None) -> bool:
    """Whether a search text is a full CPR number (looked up exactly, never put in a URL)."""
    return bool(value and CPR_LIKE.match(ascii_digits(value).strip()))


def _live_searches(session) -> dict[str, dict]:
    oldest = time.time() - CPR_SEARCH_LIFETIME
    return {
        token: search
        for token, search in session.get(CPR_SEARCHES, {}).items()
        if search["at"] > oldest
    }


def remember_cpr_search(session, person_id: int | None) -> str:
    """Keep a CPR search's result (the person's id, or None) in the session; returns the token
    the list URL carries instead of the number. Only the last few searches are kept."""
    searches = _live_searches(session)
    for token in sorted(searches, key=lambda t: searches[t]["at"])[: -CPR_SEARCHES_KEPT + 1]:
        del searches[token]
    token = secrets.token_urlsafe(12)
    searches[token] = {"person": person_id, "at": time.time()}
    session[CPR_SEARCHES] = searches
    return token


def recall_cpr_search(session, token: str) -> dict | None:
    """The search a token stands for ({"person": id or None}), or None if unknown or expired."""
    return _live_searches(session).get(token)


def _digest_of(raw_cpr: str) -> str:
    """The keyed hash of a typed CPR number, or "" if it is not one."""
    try:
        return cpr.digest(cpr.normalise(raw_cpr))
    except ValidationError:
        return ""


def _look_up_cpr(request: HttpRequest, programme: Programme, raw_cpr: str) -> str:
    """Find the citizen with this CPR number, audit the look-up (found or not) and return the
    token the list URL carries instead of the number."""
    digest = _digest_of(raw_cpr)
    person = Person.objects.filter(cpr_digest=digest).first() if digest else None
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.SEARCHED,
        target=person or programme,
        person_id=person.pk if person else None,
        programme_id=programme.pk,
        summary=_("Looked up by CPR number") if person else _("CPR look-up without a match"),
        # The keyed hash, so the access report of this citizen shows the search even if they
        # were not (yet) in Jobsporet.
        subject_digest=digest,
    )
    return remember_cpr_search(request.session, person.pk if person else None)


def cpr_lookup_allowed(user) -> bool:
    """Count one look-up by CPR number; False when the user has used up this hour's."""
    return throttle.spend(CPR_LOOKUPS, user, per_hour=settings.CPR_SEARCHES_PER_HOUR)


def cpr_lookups_used_up(user) -> bool:
    """Whether the user has used up this hour's look-ups by CPR number (counts nothing)."""
    return throttle.exhausted(CPR_LOOKUPS, user, per_hour=settings.CPR_SEARCHES_PER_HOUR)


def too_many_cpr_lookups() -> str:
    limit = settings.CPR_SEARCHES_PER_HOUR
    return ngettext(
        "You have looked up %(limit)s CPR number this hour, which is the limit. Search by name "
        "or case number, or look up a CPR number again from the next full hour.",
        "You have looked up %(limit)s CPR numbers this hour, which is the limit. Search by name "
        "or case number, or look up a CPR number again from the next full hour.",
        limit,
    ) % {"limit": limit}


def audit_refused_cpr_lookup(user, programme: Programme, why: str, raw_cpr: str = "") -> None:
    """The audit row of a look-up by CPR number that was refused before anything was looked up,
    with the keyed hash of the number tried (nothing is looked up with it), so the citizen's
    access report shows who tried to look them up, refused or not."""
    audit.record(
        actor=user,
        action=AuditEvent.Action.VIEWED,
        target=programme,
        programme_id=programme.pk,
        summary=_("CPR look-up refused: %(why)s") % {"why": why},
        subject_digest=_digest_of(raw_cpr),
    )


def _refuse_cpr_search(
    request: HttpRequest, programme: Programme, message: str, why: str, raw_cpr: str
) -> None:
    messages.error(request, message)
    audit_refused_cpr_lookup(request.user, programme, why, raw_cpr)


def search_by_cpr(request: HttpRequest, programme: Programme, raw_cpr: str) -> str | None:
    """The token of a CPR search, or None (with a message and an audit row) when the user's
    role may not search by CPR number or the user has used up this hour's look-ups."""
    if not request.user.has_perm(SEARCH_BY_CPR):
        _refuse_cpr_search(
            request,
            programme,
            _(
                "Your role does not show full CPR numbers, so it does not search by them. Search "
                "by name or case number."
            ),
            _("the role does not show full CPR numbers"),
            raw_cpr,
        )
        return None
    if not cpr_lookup_allowed(request.user):
        _refuse_cpr_search(request, programme, too_many_cpr_lookups(), TOO_MANY_LOOKUPS, raw_cpr)
        return None
    return _look_up_cpr(request, programme, raw_cpr)


def list_url(params: dict[str, list[str]]) -> str:
    """The list's URL with the filters that have a value, in a stable order."""
    kept = sorted((key, [v for v in values if v]) for key, values in params.items())
    query = urlencode([(key, values) for key, values in kept if values], doseq=True)
    return reverse("participants:list") + (f"?{query}" if query else "")


def posted_filters(request: HttpRequest, programme: Programme) -> dict[str, list[str]]:
    """The filters posted from the list, a CPR number replaced by its search's token."""
    params = {key: request.POST.getlist(key) for key in request.POST}
    params.pop("csrfmiddlewaretoken", None)
    searched = params.pop("searched", [""])[0]
    search = request.POST.get("q", "").strip()
    if search:
        params.pop("cpr", None)  # a new search replaces an earlier CPR search
    if search and search != searched:
        # A new search looks across every case the user may see: "my cases", shown for the
        # previous list, would hide a colleague's citizen. Searching again for the same text
        # keeps the caseload the user switched to. Said in the URL, so the list's export (which
        # gets a CPR search's person, not its token) reads the same caseload.
        params["caseload"] = ["all"]
    if is_cpr(search):
        params["q"] = []
        token = search_by_cpr(request, programme, search)
        if token:
            params["cpr"] = [token]
    return params


def caseload_urls(request: HttpRequest) -> dict[str, str]:
    """The list's URL for each caseload ("mine", "all"), keeping the search and other filters
    (but not the page: the other caseload has its own pages)."""
    kept = {k: v for k, v in request.GET.lists() if k not in ("caseload", "page")}
    return {caseload: list_url({**kept, "caseload": [caseload]}) for caseload in ("mine", "all")}


def refuse_cpr_in_url(request: HttpRequest) -> HttpResponse | None:
    """A redirect away from a list URL with a CPR number typed into it, or with a CPR search
    that has expired (or belongs to another session); None if the URL is fine."""
    if is_cpr(request.GET.get("q")):
        messages.warning(
            request,
            _("Search for a CPR number with the search box: CPR numbers are kept out of links."),
        )
        return redirect(list_url({k: v for k, v in request.GET.lists() if k != "q"}))
    if request.GET.get("cpr") and recall_cpr_search(request.session, request.GET["cpr"]) is None:
        messages.info(request, _("The search by CPR number has expired; search again."))
        return redirect(list_url({k: v for k, v in request.GET.lists() if k != "cpr"}))
    return None


# The list's filters; a list with any of them is a search, audited with its criteria.
SEARCH_CRITERIA = (
    "q",
    "cpr",
    "status",
    "exit_outcome",
    "job_broker",
    "barrier",
    "enrolled_from",
    "enrolled_to",
)


def record_listing(request: HttpRequest, programme: Programme, page) -> None:
    """A search or filtered list is audited with its criteria and the citizens it showed, so
    each of them can be told (access report). A CPR search is recorded as such: its token is
    meaningless, and the look-up itself was audited with the number's keyed hash."""
    criteria = {
        name: ("CPR" if name == "cpr" else request.GET[name])
        for name in SEARCH_CRITERIA
        if request.GET.get(name)
    }
    if not criteria:
        return
    criteria.update({k: request.GET[k] for k in ("caseload", "page") if request.GET.get(k)})
    audit.record_listing(
        actor=request.user,
        target=programme,
        programme_id=programme.pk,
        summary=_("Participant list searched or filtered"),
        criteria=criteria,
        person_ids=[row.person_id for row in page],
    )
