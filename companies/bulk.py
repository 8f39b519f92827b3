"""Bulk variants of the company services, for writing many rows at once (the demo seeder at
scale), with the contract of participants.bulk: every row is checked by its single
counterpart's rules in companies.services, against what is stored and the other rows, before
anything is written; a refused row raises BulkRefused and writes nothing; then rows, history
and audit rows go in in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.bulk import history_many
from jobsporet.core.errors import BulkRefused, DomainError
from jobsporet.core.models import AuditEvent
from jobsporet.core.rows import insert_rows

from .models import Agreement, Company, Mentor
from .services import (
    COMPANY_DETAIL_FIELDS,
    _checked_company_values,
    _cvr_taken,
    check_agreement_terms,
)


def _refuse_if(errors: dict[int, DomainError]) -> None:
    if errors:
        raise BulkRefused(errors)


def companies_create_many(*, companies: Sequence[Company], actor: User | None) -> list[Company]:
    """company_create for many unsaved companies: the same checks (CVR modulus 11 and not yet
    registered, in the database or earlier in the batch; a name; a sector; a consultant who is
    one)."""
    errors: dict[int, DomainError] = {}
    consultants_checked: dict[int, DomainError | None] = {}
    cvrs: set[str] = set()
    for index, company in enumerate(companies):
        values = {
            "cvr": company.cvr,
            **{
                name: getattr(company, name)
                for name in COMPANY_DETAIL_FIELDS
                if name != "consultant"
            },
        }
        try:
            values = _checked_company_values(values)
            consultant = company.consultant
            if consultant is not None:
                # The role check reads the consultant's groups: once per consultant.
                if consultant.pk not in consultants_checked:
                    try:
                        _checked_company_values({"consultant": consultant})
                        consultants_checked[consultant.pk] = None
                    except DomainError as error:
                        consultants_checked[consultant.pk] = error
                if consultants_checked[consultant.pk] is not None:
                    raise consultants_checked[consultant.pk]
            if values["cvr"] in cvrs:
                raise DomainError(
                    _("A company with CVR number %(cvr)s is already registered: %(name)s.")
                    % {"cvr": values["cvr"], "name": values["name"]},
                    field="cvr",
                )
        except DomainError as error:
            errors[index] = error
            continue
        cvrs.add(values["cvr"])
        for name, value in values.items():
            setattr(company, name, value)
    for cvr in Company.objects.filter(cvr__in=cvrs).values_list("cvr", flat=True):
        index = next(i for i, c in enumerate(companies) if c.cvr == cvr)
        errors[index] = _cvr_taken(cvr)
    _refuse_if(errors)
    with transaction.atomic():
        insert_rows(Company, list(companies))
        history_many(Company, list(companies), actor=actor)
        audit.record_many(
            actor=actor,
            events=[
                audit.Event(
                    action=AuditEvent.Action.CREATED,
                    target=company,
                    summary=_("Company registered: %(name)s") % {"name": company.name},
                )
                for company in companies
            ],
        )
    return list(companies)


def mentors_add_many(*, mentors: Sequence[Mentor], actor: User | None) -> list[Mentor]:
    """mentor_save (adding) for many unsaved mentors, each with its company set."""
    errors: dict[int, DomainError] = {}
    for index, mentor in enumerate(mentors):
        for name in ("name", "title", "phone", "email"):
            setattr(mentor, name, getattr(mentor, name).strip())
        if not mentor.name:
            errors[index] = DomainError(_("The mentor needs a name."), field="name")
    _refuse_if(errors)
    with transaction.atomic():
        insert_rows(Mentor, list(mentors))
        audit.record_many(
            actor=actor,
            events=[
                audit.Event(
                    action=AuditEvent.Action.CREATED,
                    target=mentor,
                    summary=_("Mentor added at %(company)s: %(name)s")
                    % {"company": mentor.company, "name": mentor.name},
                )
                for mentor in mentors
            ],
        )
    return list(mentors)


def agreements_create_many(
    *, agreements: Sequence[Agreement], actor: User | None
) -> list[Agreement]:
    """agreement_save (making one) for many unsaved agreements: the terms' rules, and one
    agreement per company and programme, in the database and in the batch."""
    errors: dict[int, DomainError] = {}
    pairs: set[tuple[int, int]] = set()
    with transaction.atomic():
        stored = set(
            Agreement.objects.filter(
                company_id__in=[a.company.pk for a in agreements],
                programme_id__in={a.programme.pk for a in agreements},
            ).values_list("company_id", "programme_id")
        )
        for index, agreement in enumerate(agreements):
            pair = (agreement.company.pk, agreement.programme.pk)
            try:
                check_agreement_terms(
                    is_training=agreement.is_training,
                    is_network=agreement.is_network,
                    training_capacity=agreement.training_capacity,
                    signed_on=agreement.signed_on,
                    ends_on=agreement.ends_on,
                )
                if pair in stored or pair in pairs:
                    raise DomainError(
                        _("The company already has an agreement in this programme."),
                        field="programme",
                    )
            except DomainError as error:
                errors[index] = error
                continue
            pairs.add(pair)
        _refuse_if(errors)
        insert_rows(Agreement, list(agreements))
        history_many(Agreement, list(agreements), actor=actor)
        audit.record_many(
            actor=actor,
            events=[
                audit.Event(
                    action=AuditEvent.Action.CREATED,
                    target=agreement,
                    programme_id=agreement.programme.pk,
                    summary=_("Cooperation agreement with %(company)s made")
                    % {"company": agreement.company},
                )
                for agreement in agreements
            ],
        )
    return list(agreements)
