"""Every write to companies, their cooperation agreements and their mentors.

The company pages, the importer and the demo seeder come through here, so a change is checked
by the same rules however it arrives, runs in one transaction on a locked row, keeps the change
history under the user's name and leaves an audit row saying who changed what.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core import audit
from jobsporet.core.bounds import check_dates
from jobsporet.core.choices import Sector
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme

from . import cvr as cvr_module
from .models import Agreement, Company, Mentor

COMPANY_DETAIL_FIELDS = (
    "name",
    "sector",
    "address",
    "postal_code",
    "city",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consultant",
    "notes",
)


# --- Companies -------------------------------------------------------------------------------


def _checked_company_values(values: dict[str, Any]) -> dict[str, Any]:
    """The values with the CVR number normalised and the name trimmed; DomainError if wrong."""
    unknown = set(values) - {"cvr", *COMPANY_DETAIL_FIELDS}
    if unknown:
        raise TypeError(f"a company has no {sorted(unknown)}")
    values = dict(values)
    if "cvr" in values:
        try:
            values["cvr"] = cvr_module.normalise(values["cvr"])
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="cvr") from None
    if "name" in values:
        values["name"] = values["name"].strip()
        if not values["name"]:
            raise DomainError(_("The company needs a name."), field="name")
    if "sector" in values and values["sector"] not in Sector.values:
        raise DomainError(_("Choose the company's sector."), field="sector")
    consultant = values.get("consultant")
    if consultant is not None and not consultant.has_role(Role.COMPANY_CONSULTANT):
        raise DomainError(
            _("%(user)s is not a company consultant.") % {"user": consultant}, field="consultant"
        )
    return values


def _cvr_taken(cvr: str) -> DomainError:
    existing = Company.objects.filter(cvr=cvr).first()
    return DomainError(
        _("A company with CVR number %(cvr)s is already registered: %(name)s.")
        % {"cvr": cvr, "name": existing.name if existing else cvr},
        field="cvr",
    )


def _save_company(
    company: Company, *, actor: User | None, action: str, summary: str, changes: dict
) -> None:
    """Save with the history under the actor's name and write the audit row; a CVR number
    registered meanwhile by someone else is refused."""
    company._history_user = actor
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        raise _cvr_taken(company.cvr) from None
    audit.record(actor=actor, action=action, target=company, summary=summary, changes=changes)


def company_create(
    *, cvr: str, name: str, sector: str, actor: User | None, **details: Any
) -> Company:
    """Register a company; its CVR number may be registered only once."""
    values = _checked_company_values({"cvr": cvr, "name": name, "sector": sector, **details})
    with transaction.atomic():
        if Company.objects.filter(cvr=values["cvr"]).exists():
            raise _cvr_taken(values["cvr"])
        company = Company(**values)
        _save_company(
            company,
            actor=actor,
            action=AuditEvent.Action.CREATED,
            summary=_("Company registered: %(name)s") % {"name": company.name},
            changes={},
        )
    return company


def company_update(*, company: Company, actor: User | None, **values: Any) -> Company:
    """Change a company's details (CVR number included); the audit row lists what changed."""
    values = _checked_company_values(values)
    with transaction.atomic():
        # Re-read under a lock: a bound ModelForm has already put the new values on `company`.
        company = Company.objects.select_for_update().get(pk=company.pk)
        changes = audit.diff(company, values)
        if not changes:
            return company
        if "cvr" in changes and Company.objects.filter(cvr=values["cvr"]).exists():
            raise _cvr_taken(values["cvr"])
        for name, value in values.items():
            setattr(company, name, value)
        _save_company(
            company,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=_("Company details changed: %(name)s") % {"name": company.name},
            changes=changes,
        )
    return company


# --- Cooperation agreements ------------------------------------------------------------------


def _check_end(signed_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    check_dates(signed_on=signed_on, ends_on=ends_on)
    if signed_on and ends_on and ends_on < signed_on:
        raise DomainError(_("The agreement cannot end before it is signed."), field="ends_on")


def check_agreement_terms(
    *,
    is_training: bool,
    is_network: bool,
    training_capacity: int | None,
    signed_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> None:
    """The rules every agreement's terms obey (the agreement form asks them early too)."""
    if not is_training and not is_network:
        raise DomainError(
            _("Choose at least one role: training company, network company or both."),
            field="is_training",
        )
    if training_capacity and not is_training:
        raise DomainError(
            _("Only a training company has training places."), field="training_capacity"
        )
    _check_end(signed_on, ends_on)


def _save_agreement(
    agreement: Agreement, *, actor: User | None, action: str, summary: str, changes: dict
) -> None:
    """Save with the history under the actor's name and write the audit row."""
    agreement._history_user = actor
    agreement.save()
    audit.record(
        actor=actor,
        action=action,
        target=agreement,
        programme_id=agreement.programme_id,
        summary=summary,
        changes=changes,
    )


def agreement_save(
    *,
    company: Company,
    programme: Programme,
    actor: User | None,
    is_training: bool,
    is_network: bool,
    signed_on: datetime.date,
    training_capacity: int | None = None,
    ends_on: datetime.date | None = None,
    agreement: Agreement | None = None,
) -> Agreement:
    """Make the company's cooperation agreement with a programme, or (with `agreement`) change
    its terms. A company has one agreement per programme, and an agreement keeps its programme."""
    terms = {
        "is_training": is_training,
        "is_network": is_network,
        "training_capacity": training_capacity,
        "signed_on": signed_on,
        "ends_on": ends_on,
    }
    check_agreement_terms(**terms)
    with transaction.atomic():
        if agreement is None:
            if Agreement.objects.filter(company=company, programme=programme).exists():
                raise DomainError(
                    _("The company already has an agreement in this programme."),
                    field="programme",
                )
            agreement = Agreement(company=company, programme=programme, **terms)
            changes: dict = {}
        else:
            agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if (agreement.company_id, agreement.programme_id) != (company.pk, programme.pk):
                raise DomainError(
                    _("An agreement keeps its company and programme; make a new one."),
                    field="programme",
                )
            changes = audit.diff(agreement, terms)
            if not changes:
                return agreement
            for name, value in terms.items():
                setattr(agreement, name, value)
        created = agreement.pk is None
        _save_agreement(
            agreement,
            actor=actor,
            action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
            summary=(
                _("Cooperation agreement with %(company)s made")
                if created
                else _("Cooperation agreement with %(company)s changed")
            )
            % {"company": company},
            changes=changes,
        )
    return agreement


def agreement_end(*, agreement: Agreement, ends_on: datetime.date, actor: User | None) -> Agreement:
    """End a cooperation agreement on a day (not before it was signed)."""
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update()
            .select_related("company", "programme")
            .get(pk=agreement.pk)
        )
        _check_end(agreement.signed_on, ends_on)
        changes = audit.diff(agreement, {"ends_on": ends_on})
        if not changes:
            return agreement
        agreement.ends_on = ends_on
        _save_agreement(
            agreement,
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            summary=_("Cooperation agreement with %(company)s ends %(day)s")
            % {"company": agreement.company, "day": short_date(ends_on)},
            changes=changes,
        )
    return agreement


# --- Mentors ---------------------------------------------------------------------------------


def mentor_save(
    *,
    company: Company,
    actor: User | None,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    mentor: Mentor | None = None,
) -> Mentor:
    """Add a mentor at a company, or (with `mentor`) change one of its mentors."""
    values = {
        "name": name.strip(),
        "title": title.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
        "is_active": is_active,
    }
    if not values["name"]:
        raise DomainError(_("The mentor needs a name."), field="name")
    with transaction.atomic():
        if mentor is None:
            mentor = Mentor(company=company, **values)
            changes: dict = {}
        else:
            mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
            if mentor.company_id != company.pk:
                raise DomainError(_("The mentor works at another company."))
            changes = audit.diff(mentor, values)
            if not changes:
                return mentor
            for field, value in values.items():
                setattr(mentor, field, value)
        created = mentor.pk is None
        mentor.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
            target=mentor,
            summary=(
                _("Mentor added at %(company)s: %(name)s")
                if created
                else _("Mentor at %(company)s changed: %(name)s")
            )
            % {"company": company, "name": mentor.name},
            changes=changes,
        )
    return mentor
