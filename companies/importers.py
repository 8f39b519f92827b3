"""Importer for companies and their agreements with a programme. Writes go through
companies.services, as the company pages' do: the same rules, history and audit rows."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.errors import BulkRefused
from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.errors import RowError
from jobsporet.core.imports.lookups import AGREEMENT_ROLES, SECTORS, ProgrammeCache
from jobsporet.core.imports.saving import changed
from jobsporet.core.imports.values import (
    by_validator,
    checked_by,
    parse_choice,
    parse_date,
    parse_whole,
)

from . import bulk, services
from .cvr import normalise
from .models import Agreement, Company


class CompanyImporter(Importer):
    """cvr, name, sector, and optionally an agreement with a programme: program, roles
    (training, network or training+network), training_capacity, agreement_on. A company that
    hires without an agreement leaves those empty."""

    kind = "companies"
    label = gettext_lazy("Companies and agreements")
    required = ("cvr", "name", "sector")
    optional = ("program", "roles", "training_capacity", "agreement_on")
    key = ("cvr", "program")
    fields_to_columns = {
        "signed_on": "agreement_on",
        "is_training": "roles",
        "programme": "program",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.programmes = ProgrammeCache()
        self.seen: dict[str, tuple[str, str, int]] = {}

    def parse_row(self, row: Row) -> dict:
        line, values = row.line, row.values
        cvr = row.get("cvr", by_validator(normalise), required=True)
        record = {
            "cvr": cvr,
            "name": row.get("name", checked_by(Company, "name"), required=True),
            "sector": row.get("sector", lambda v: parse_choice(v, SECTORS), required=True),
            "programme": row.get("program", self.programmes.get),
            "roles": row.get("roles", lambda v: parse_choice(v.replace(" ", ""), AGREEMENT_ROLES)),
            "training_capacity": row.get(
                "training_capacity", checked_by(Agreement, "training_capacity", parse_whole)
            ),
            "agreement_on": row.get("agreement_on", parse_date),
        }
        if values.get("program"):
            if not values.get("roles"):
                row.problem(
                    "roles", _("required with a program: training, network or training+network")
                )
            if not values.get("agreement_on"):
                row.problem(
                    "agreement_on", _("required with a program: the date the agreement was signed")
                )
        else:
            for column in ("roles", "training_capacity", "agreement_on"):
                if values.get(column):
                    row.problem(column, _("only with a program (it belongs to an agreement)"))
        if cvr and record["name"] and record["sector"]:
            earlier = self.seen.get(cvr)
            if earlier and earlier[:2] != (record["name"], record["sector"]):
                row.problem(
                    "name", _("differs from line %(line)s for the same CVR") % {"line": earlier[2]}
                )
            self.seen.setdefault(cvr, (record["name"], record["sector"], line))
        return record

    def natural_key(self, values: dict[str, str], record: dict) -> tuple:
        programme = record["programme"]
        return (record["cvr"], programme.pk if programme else None)

    def prepare(self, records: list[tuple[int, dict]]) -> None:
        """The chunk's stored companies and their agreements in the chunk's programmes: two
        queries."""
        self.companies = {
            company.cvr: company
            for company in Company.objects.filter(cvr__in={r["cvr"] for _line, r in records})
        }
        self.agreements = {
            (agreement.company_id, agreement.programme_id): agreement
            for agreement in Agreement.objects.filter(
                company__in=list(self.companies.values()),
                programme_id__in={r["programme"].pk for _line, r in records if r["programme"]},
            )
        }

    def write_all(self, records: list[tuple[int, dict]], errors: list[RowError]) -> list:
        """New companies, then new agreements, in bulk (companies_create_many,
        agreements_create_many: the single services' rules); changed details and terms through
        company_update and agreement_save. A row's outcome is its agreement's when it has one
        that is new or changed, else its company's."""
        outcomes: dict[int, str] = {}
        failed: set[str] = set()
        new: dict[str, tuple[int, Company]] = {}
        for line, record in records:
            cvr = record["cvr"]
            details = {"name": record["name"], "sector": record["sector"]}
            company = self.companies.get(cvr)
            if company is None and cvr not in new:
                new[cvr] = (line, Company(cvr=cvr, **details))
                outcomes[line] = CREATED
            elif company is not None and changed(company, details):
                # Every row of a CVR has the same details (parse_row): the first changes them.
                outcome = self.write_one(
                    line, lambda c=company, d=details: self._update_company(c, d), errors
                )
                if outcome is None:
                    failed.add(cvr)
                    continue
                outcomes[line] = outcome
            else:
                outcomes[line] = UNCHANGED
        if new:
            try:
                created = bulk.companies_create_many(
                    companies=[company for _line, company in new.values()], actor=self.actor
                )
            except BulkRefused as refused:
                self.bulk_refusals(refused, [line for line, _company in new.values()], errors)
                failed.update(new)
            else:
                self.companies.update({company.cvr: company for company in created})
        agreements: list[tuple[int, Agreement]] = []
        for line, record in records:
            if record["programme"] is None or record["cvr"] in failed:
                continue
            company = self.companies[record["cvr"]]
            is_training, is_network = record["roles"]
            terms = {
                "is_training": is_training,
                "is_network": is_network,
                "training_capacity": record["training_capacity"],
                "signed_on": record["agreement_on"],
            }
            agreement = self.agreements.get((company.pk, record["programme"].pk))
            if agreement is None:
                agreements.append(
                    (line, Agreement(company=company, programme=record["programme"], **terms))
                )
            elif changed(agreement, terms):
                outcome = self.write_one(
                    line,
                    lambda c=company, r=record, a=agreement, t=terms: self._change_agreement(
                        c, r["programme"], a, t
                    ),
                    errors,
                )
                if outcome is not None:
                    outcomes[line] = outcome
        if agreements:
            try:
                bulk.agreements_create_many(
                    agreements=[agreement for _line, agreement in agreements], actor=self.actor
                )
            except BulkRefused as refused:
                self.bulk_refusals(refused, [line for line, _agreement in agreements], errors)
            else:
                outcomes.update((line, CREATED) for line, _agreement in agreements)
        # With any refusal the file is refused and the outcomes are not reported.
        return list(outcomes.items())

    def _update_company(self, company: Company, details: dict) -> str:
        self.companies[company.cvr] = services.company_update(
            company=company, actor=self.actor, **details
        )
        return UPDATED

    def _change_agreement(self, company, programme, agreement: Agreement, terms: dict) -> str:
        services.agreement_save(
            company=company,
            programme=programme,
            actor=self.actor,
            agreement=agreement,
            ends_on=agreement.ends_on,  # not in the file: kept
            **terms,
        )
        return UPDATED
