"""Separation of duties: the rules on who may hold which role, and who may change whose access.

The rules are enforced where roles, permissions and programme memberships are stored (the
many-to-many signals in accounts/signals.py and programmes/signals.py), so the admin, the
single sign-on, a management command or a shell all meet the same refusal; the admin checks the
same rules first so that a refusal is a form error there rather than an exception.

Who is acting comes from `acting_as()`: ActorMiddleware sets it to the logged-in user for each
request, and code that acts on its own authority (the single sign-on applying the identity
provider's groups) says so explicitly. With no actor (a migration, a management command run by
the operator) only the role rules apply.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from jobsporet.core.errors import DomainError

from .roles import ROLE_PERMISSIONS, Role

# Roles one account may never hold together. Running the system (users, programmes, imports)
# is not a reason to read citizens' files, so an administrator does no case work; and whoever
# does case work cannot give themselves or others access behind the managers' back. The
# data-protection officer checks who read citizens' files, so they read none themselves: an
# officer who also did case work would audit their own reads.
CASE_WORK = frozenset({Role.JOB_BROKER, Role.CASE_WORKER})
INCOMPATIBLE_ROLES: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: CASE_WORK,
    Role.DATA_PROTECTION_OFFICER: CASE_WORK,
}


class SeparationOfDutiesError(DomainError):
    """A change to roles, permissions or memberships that the rules refuse."""


OWN_ACCESS_MESSAGE = _(
    "You cannot change your own roles, programme memberships or permissions: "
    "ask another administrator."
)


def incompatible_roles_message(first: str, second: str) -> str:
    return str(
        _(
            "Separation of duties: one account cannot be both %(first)s and %(second)s. "
            "Use two accounts."
        )
        % {"first": Role(first).label.lower(), "second": Role(second).label.lower()}
    )


def check_roles(roles: Iterable[str]) -> None:
    """Refuse a set of role names that one account may not hold together."""
    held = set(roles)
    for role, excluded in INCOMPATIBLE_ROLES.items():
        if role in held:
            for other in sorted(excluded & held):
                raise SeparationOfDutiesError(incompatible_roles_message(role, other))


def case_work_permissions(role: str = Role.ADMINISTRATOR) -> frozenset[str]:
    """What the case-work roles may do beyond `role` ("app_label.codename")."""
    case_work = {name for work in INCOMPATIBLE_ROLES[role] for name in ROLE_PERMISSIONS[work]}
    return frozenset(case_work - set(ROLE_PERMISSIONS[role]))


def check_direct_permissions(roles: Iterable[str], permissions: Iterable[str]) -> None:
    """An administrator or a data-protection officer may not be given case-work rights one by
    one either."""
    for role in INCOMPATIBLE_ROLES.keys() & set(roles):
        if set(permissions) & case_work_permissions(role):
            raise SeparationOfDutiesError(incompatible_roles_message(role, Role.CASE_WORKER))


# --- Who is acting --------------------------------------------------------------------------

_actor: ContextVar[Any] = ContextVar("jobsporet_actor", default=None)


def current_actor() -> Any:
    """The authenticated user changing things now, or None (the system, an operator)."""
    actor = _actor.get()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


@contextlib.contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Everything changed inside is changed by `actor` (None: by the system itself)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def check_not_own_access(user_ids: Iterable[int]) -> None:
    """Refuse when the acting user is among the accounts whose access is being changed."""
    actor = current_actor()
    if actor is not None and actor.pk in set(user_ids):
        raise SeparationOfDutiesError(OWN_ACCESS_MESSAGE)


class ActorMiddleware:
    """Makes the request's user the actor of every change made while answering it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.user stays lazy: a page that changes no access does not load the user for it.
        with acting_as(request.user):
            return self.get_response(request)
