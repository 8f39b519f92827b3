"""A grant's source becomes one of four fixed choices (issue 9): EU Social Fund, decentral
business-promotion funds, the municipality's own budget, other. The free text stored so far is
mapped by the words it contains; a text that is not simply the source's name (say "Ikast-Brande
Kommune (eget budget)") is kept at the start of the line's description, so nothing typed is
lost. The lines' history rows get the same codes."""

from django.db import migrations

SOURCE_NAMES = {
    "esf": "esf",
    "eu's socialfond": "esf",
    "eu social fund": "esf",
    "den europæiske socialfond": "esf",
    "decentrale erhvervsfremmemidler": "business_promotion",
    "decentral business-promotion funds": "business_promotion",
    "kommunens eget budget": "municipality",
    "the municipality's own budget": "municipality",
    "anden finansiering": "other",
    "andet": "other",
    "other": "other",
}


def source_code(text: str) -> str:
    """The fixed source a free text names ("" for none)."""
    words = " ".join(text.lower().split())
    if not words:
        return ""
    if words in SOURCE_NAMES:
        return SOURCE_NAMES[words]
    if "socialfond" in words or "social fund" in words:
        return "esf"
    if "erhvervsfremme" in words or "business-promotion" in words:
        return "business_promotion"
    if "kommune" in words or "municipal" in words:
        return "municipality"
    return "other"


def map_sources(apps, schema_editor) -> None:
    entries = apps.get_model("programmes", "FundingEntry")
    for entry in entries.objects.exclude(source=""):
        entry.description = _kept(entry.source, entry.description)
        entry.source = source_code(entry.source)
        entry.save(update_fields=["source", "description"])
    history = apps.get_model("programmes", "HistoricalFundingEntry")
    for version in history.objects.exclude(source=""):
        version.source = source_code(version.source)
        version.save(update_fields=["source"])


def _kept(text: str, description: str) -> str:
    """The description, with the old text first when it was more than the source's name."""
    if " ".join(text.lower().split()) in SOURCE_NAMES:
        return description
    note = f"Kilde: {text.strip()}."
    return f"{note} {description}".strip() if description else note


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_date_bounds"),
    ]

    operations = [
        migrations.RunPython(map_sources, migrations.RunPython.noop),
    ]
