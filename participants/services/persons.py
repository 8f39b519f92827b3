"""Citizens: one person, one history, whichever programmes they take part in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent

from .. import cpr as cpr_module
from ..models import Person

PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "address", "postal_code", "city")


def clean_cpr(cpr: str) -> str:
    """The CPR number's ten digits, or DomainError on the cpr field."""
    try:
        return cpr_module.normalise(cpr)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="cpr") from None


def check_names(first_name: str, last_name: str) -> None:
    if not first_name.strip() or not last_name.strip():
        raise DomainError(_("First and last name are required."), field="first_name")


def person_get_or_create(
    *,
    cpr: str,
    first_name: str,
    last_name: str,
    actor: User | None,
    **contact: str,
) -> tuple[Person, bool]:
    """The citizen with this CPR number (one person, one history), created if new.

    An existing person keeps their details; empty contact fields are filled from the input.
    """
    digits = clean_cpr(cpr)
    check_names(first_name, last_name)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update().filter(cpr_digest=cpr_module.digest(digits)).first()
        )
        if person is not None:
            missing = {k: v for k, v in contact.items() if v and not getattr(person, k)}
            if missing:
                for name, value in missing.items():
                    setattr(person, name, value)
                person.save(update_fields=[*missing, "updated_at"])
            return person, False
        person = Person(first_name=first_name.strip(), last_name=last_name.strip(), **contact)
        person.set_cpr(digits)
        person._history_user = actor
        person.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED,
            target=person,
            person_id=person.pk,
            summary=audit.summary(gettext_noop("Person created")),
        )
        return person, True


def person_update(*, person: Person, actor: User | None, **values: str) -> Person:
    """Change a citizen's name and contact details."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update does not change {sorted(unknown)}")
    changes = audit.diff(person, values)
    if not changes:
        return person
    with transaction.atomic():
        for name, value in values.items():
            setattr(person, name, value)
        person._history_user = actor
        person.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            target=person,
            person_id=person.pk,
            summary=audit.summary(gettext_noop("Contact details changed")),
            changes=changes,
        )
    return person
