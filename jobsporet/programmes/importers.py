"""Importers for programmes and their funding lines (single-model writes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from jobsporet.core.errors import DomainError
from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.lookups import FUNDING_KINDS, ProgrammeCache, changed
from jobsporet.core.imports.values import (
    ValueProblem,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_percent,
    parse_whole,
)

from .models import FundingEntry, Programme


def _slug(value: str) -> str:
    try:
        validate_slug(value)
    except ValidationError as error:
        raise ValueProblem(" ".join(error.messages)) from None
    return value


def _save(instance, columns: dict[str, str]) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        domain = DomainError.from_validation_error(error)
        raise DomainError(
            domain.message, field=columns.get(domain.field or "", domain.field)
        ) from None
    instance.save()


class ProgrammeImporter(Importer):
    kind = "programs"
    required = ("slug", "name", "starts_on")
    optional = ("ends_on", "target_participants", "target_employment_rate")
    key = ("slug",)
    fields_to_columns = {
        "slug": "slug",
        "name": "name",
        "starts_on": "starts_on",
        "ends_on": "ends_on",
        "target_participants": "target_participants",
        "target_employment_rate": "target_employment_rate",
        "__all__": "ends_on",
    }

    def parse_row(self, line: int, values: dict[str, str]) -> dict:
        row = Row(self, values)
        record = {
            "slug": row.get("slug", _slug, required=True),
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
        row.done()
        return record

    def write(self, record: dict) -> str:
        programme = Programme.objects.filter(slug=record["slug"]).first()
        if programme is None:
            _save(Programme(**record), self.fields_to_columns)
            return CREATED
        differences = changed(programme, record)
        if not differences:
            return UNCHANGED
        for name, value in differences.items():
            setattr(programme, name, value)
        _save(programme, self.fields_to_columns)
        return UPDATED


class FundingImporter(Importer):
    kind = "funding"
    required = ("program", "ref", "kind", "on", "amount")
    optional = ("source", "description", "category")
    key = ("program", "ref")
    fields_to_columns = {"amount": "amount", "on": "on", "kind": "kind", "reference": "ref"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.programmes = ProgrammeCache()

    def parse_row(self, line: int, values: dict[str, str]) -> dict:
        row = Row(self, values)
        record = {
            "programme": row.get("program", self.programmes.get, required=True),
            "reference": row.get("ref", required=True),
            "kind": row.get("kind", lambda v: parse_choice(v, FUNDING_KINDS), required=True),
            "on": row.get("on", parse_date, required=True),
            "amount": row.get("amount", parse_decimal, required=True),
        }
        for column in ("source", "description", "category"):
            if column in values:
                record[column] = values[column]
        if record["amount"] is not None and record["amount"] < 0:
            row.problem("amount", _("an amount cannot be negative"))
        row.done()
        return record

    def write(self, record: dict) -> str:
        entry = FundingEntry.objects.filter(
            programme=record["programme"], reference=record["reference"]
        ).first()
        if entry is None:
            _save(FundingEntry(**record), self.fields_to_columns)
            return CREATED
        differences = changed(entry, record)
        if not differences:
            return UNCHANGED
        for name, value in differences.items():
            setattr(entry, name, value)
        _save(entry, self.fields_to_columns)
        return UPDATED
