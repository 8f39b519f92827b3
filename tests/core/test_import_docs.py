"""The examples in docs/import.md import as documented, in order, and re-import unchanged."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from participants.models import Person

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"

pytestmark = pytest.mark.django_db
SUMMARY = re.compile(r"(\d+) (?:created|oprettet), (\d+) (?:updated|opdateret)")


def examples() -> list[tuple[str, str]]:
    sections = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    found = []
    for section in sections:
        kind = section.split("\n", 1)[0].strip()
        for block in re.findall(r"```csv\n(.*?)```", section, flags=re.DOTALL):
            found.append((kind, block))
    return found


def test_the_documented_examples_import_and_reimport_unchanged(tmp_path):
    documented = examples()
    assert [kind for kind, _ in documented] == [
        "programs",
        "companies",
        "participants",
        "placements",
        "hours",
        "followups",
        "funding",
    ]
    for round_ in (1, 2):
        for kind, text in documented:
            path = tmp_path / f"{kind}.csv"
            path.write_text(text, encoding="utf-8")
            out = StringIO()
            call_command("import_csv", kind, str(path), stdout=out)
            created, updated = map(int, SUMMARY.search(out.getvalue()).groups())
            if round_ == 2:
                assert (created, updated) == (0, 0), out.getvalue()
            else:
                assert created > 0, out.getvalue()
    assert Person.objects.with_cpr("150387-4321").get().enrolments.count() == 2
