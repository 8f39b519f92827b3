"""Importer for companies and their agreements with a programme. Writes go through
companies.services, as the company pages' do: the same rules, history and audit rows."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.lookups import AGREEMENT_ROLES, SECTORS, ProgrammeCache
from jobsporet.core.imports.saving import changed
from jobsporet.core.imports.values import (
    by_validator,
    checked_by,
    parse_choice,
    parse_date,
    parse_whole,
)

from . import services
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

    def write(self, record: dict) -> str:
        details = {"name": record["name"], "sector": record["sector"]}
        company = Company.objects.filter(cvr=record["cvr"]).first()
        outcome = UNCHANGED
        if company is None:
            company = services.company_create(cvr=record["cvr"], actor=self.actor, **details)
            outcome = CREATED
        elif changed(company, details):
            company = services.company_update(company=company, actor=self.actor, **details)
            outcome = UPDATED
        if record["programme"] is None:
            return outcome
        is_training, is_network = record["roles"]
        terms = {
            "is_training": is_training,
            "is_network": is_network,
            "training_capacity": record["training_capacity"],
            "signed_on": record["agreement_on"],
        }
        agreement = Agreement.objects.filter(company=company, programme=record["programme"]).first()
        if agreement is not None and not changed(agreement, terms):
            return outcome
        services.agreement_save(
            company=company,
            programme=record["programme"],
            actor=self.actor,
            agreement=agreement,
            ends_on=agreement.ends_on if agreement else None,  # not in the file: kept
            **terms,
        )
        return CREATED if agreement is None else UPDATED
