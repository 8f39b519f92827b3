"""Importers for programmes and their funding lines (single-model writes)."""

from __future__ import annotations

from django.core.validators import validate_slug
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.imports.base import CREATED, UNCHANGED, Importer, Row
from jobsporet.core.imports.lookups import FUNDING_KINDS, ProgrammeCache
from jobsporet.core.imports.saving import create_or_update
from jobsporet.core.imports.values import (
    by_validator,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_percent,
    parse_whole,
)

from .models import FundingEntry, Programme
from .services import funding_entry_imported


class ProgrammeImporter(Importer):
    kind = "programs"
    label = gettext_lazy("Programmes")
    required = ("slug", "name", "starts_on")
    optional = ("ends_on", "target_participants", "target_employment_rate")
    key = ("slug",)

    def parse_row(self, row: Row) -> dict:
        values = row.values
        record = {
            "slug": row.get("slug", by_validator(validate_slug), required=True),
            "name": row.get("name", required=True),
            "starts_on": row.get("starts_on", parse_date, required=True),
        }
        parsers = {
            "ends_on": parse_date,
            "target_participants": parse_whole,
            "target_employment_rate": parse_percent,
        }
        for column, parse in parsers.items():
            if column in values:  # an absent column leaves the field as it is
                record[column] = row.get(column, parse)
        ends_on = record.get("ends_on")
        if ends_on and record["starts_on"] and ends_on < record["starts_on"]:
            row.problem("ends_on", _("the programme cannot end before it starts"))
        return record

    def write(self, record: dict) -> str:
        values = dict(record)
        return create_or_update(Programme, {"slug": values.pop("slug")}, values)[1]


# A grant's source as a file may name it: the code, or its name in English or Danish.
FUNDING_SOURCES = {
    **{code: code for code in FundingEntry.Source.values},
    "eu social fund": "esf",
    "eu's socialfond": "esf",
    "den europæiske socialfond": "esf",
    "socialfonden": "esf",
    "decentral business-promotion funds": "business_promotion",
    "decentrale erhvervsfremmemidler": "business_promotion",
    "the municipality's own budget": "municipality",
    "kommunens eget budget": "municipality",
    "kommunen": "municipality",
    "andet": "other",
    "anden finansiering": "other",
}


class FundingImporter(Importer):
    kind = "funding"
    label = gettext_lazy("Funding (grants, budget, expenses)")
    required = ("program", "ref", "kind", "on", "amount")
    optional = ("source", "description", "category")
    key = ("program", "ref")
    fields_to_columns = {"reference": "ref"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.programmes = ProgrammeCache()

    def parse_row(self, row: Row) -> dict:
        values = row.values
        record = {
            "programme": row.get("program", self.programmes.get, required=True),
            "reference": row.get("ref", required=True),
            "kind": row.get("kind", lambda v: parse_choice(v, FUNDING_KINDS), required=True),
            "on": row.get("on", parse_date, required=True),
            "amount": row.get("amount", parse_decimal, required=True),
        }
        if "source" in values:
            source = row.get("source", lambda value: parse_choice(value, FUNDING_SOURCES))
            record["source"] = source or ""
        for column in ("description", "category"):
            if column in values:
                record[column] = values[column]
        if record["amount"] is not None and record["amount"] < 0:
            row.problem("amount", _("an amount cannot be negative"))
        # The ledger form's rule (FundingEntry.unnamed): a grant names its source and an
        # expense its category.
        unnamed = FundingEntry.unnamed(record["kind"], record)
        if unnamed == "source":
            row.problem("source", _("a grant needs its source"))
        if unnamed == "category":
            row.problem("category", _("an expense needs a category"))
        return record

    def write(self, record: dict) -> str:
        values = dict(record)
        lookup = {"programme": values.pop("programme"), "reference": values.pop("reference")}
        entry, outcome = create_or_update(FundingEntry, lookup, values)
        if outcome != UNCHANGED:
            funding_entry_imported(entry=entry, created=outcome == CREATED, actor=self.actor)
        return outcome
