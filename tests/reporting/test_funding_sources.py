"""A grant's source is one of four fixed choices: the data migration maps the free text stored
before, and the funding import reads a source by its code or its English or Danish name."""

import datetime
import importlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jobsporet.programmes.models import FundingEntry
from tests.factories import ProgrammeFactory

mapped = importlib.import_module("jobsporet.programmes.migrations.0004_funding_sources_mapped")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("EU's Socialfond", "esf"),
        ("  eu   social fund ", "esf"),
        ("Den Europæiske Socialfond (ESF+)", "esf"),
        ("Decentrale erhvervsfremmemidler", "business_promotion"),
        ("Kommunens eget budget", "municipality"),
        ("Ikast-Brande Kommune (eget budget)", "municipality"),
        ("Novo Nordisk Fonden", "other"),
        ("", ""),
    ],
)
def test_the_migration_maps_each_old_text_to_a_fixed_source(text, code):
    assert mapped.source_code(text) == code


def test_the_migration_keeps_a_text_that_was_more_than_the_sources_name():
    assert mapped._kept("EU's Socialfond", "Tilsagn") == "Tilsagn"
    assert mapped._kept("Ikast-Brande Kommune (eget budget)", "Driftsbevilling") == (
        "Kilde: Ikast-Brande Kommune (eget budget). Driftsbevilling"
    )
    assert mapped._kept("Novo Nordisk Fonden", "") == "Kilde: Novo Nordisk Fonden."


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_the_stored_lines_and_their_history():
    programme = ProgrammeFactory(slug="gammel")
    call_command("migrate", "programmes", "0003", verbosity=0, stdout=StringIO())
    try:
        for reference, source in [("A", "EU's Socialfond"), ("B", "Ikast-Brande Kommune")]:
            # The model of 0003 took any text; the current class writes the same columns.
            FundingEntry.objects.create(
                programme=programme,
                reference=reference,
                kind="grant",
                source=source,
                on=datetime.date(2021, 1, 1),
                amount=Decimal(1),
                description="Tilsagn",
            )
    finally:
        call_command("migrate", "programmes", verbosity=0, stdout=StringIO())
    lines = {e.reference: e for e in FundingEntry.objects.all()}
    assert (lines["A"].source, lines["A"].description) == ("esf", "Tilsagn")
    assert (lines["B"].source, lines["B"].description) == (
        "municipality",
        "Kilde: Ikast-Brande Kommune. Tilsagn",
    )
    history = FundingEntry.history.model.objects.order_by("reference")
    assert list(history.values_list("source", flat=True)) == ["esf", "municipality"]


@pytest.mark.django_db
def test_the_import_reads_a_source_by_code_or_name_and_refuses_another(tmp_path):
    ProgrammeFactory(slug="jobsporet")
    path = tmp_path / "funding.csv"
    path.write_text(
        "program;ref;kind;source;on;amount\n"
        "jobsporet;A;bevilling;EU's Socialfond;01-01-2021;1\n"
        "jobsporet;B;bevilling;municipality;01-01-2021;1\n"
        "jobsporet;C;bevilling;Kommunens eget budget;01-01-2021;1\n"
        "jobsporet;D;budget;;01-01-2021;1\n",
        encoding="utf-8",
    )
    call_command("import_csv", "funding", str(path), stdout=StringIO(), stderr=StringIO())
    assert dict(FundingEntry.objects.values_list("reference", "source")) == {
        "A": "esf",
        "B": "municipality",
        "C": "municipality",
        "D": "",
    }
    refused = tmp_path / "refused.csv"
    refused.write_text(
        "program;ref;kind;source;on;amount\n"
        "jobsporet;E;bevilling;Novo Nordisk Fonden;01-01-2021;1\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_csv", "funding", str(refused), stdout=StringIO(), stderr=err)
    assert "line 2, source:" in err.getvalue() + str(error.value)
    assert "'Novo Nordisk Fonden'" in err.getvalue() + str(error.value)
    assert not FundingEntry.objects.filter(reference="E").exists()
