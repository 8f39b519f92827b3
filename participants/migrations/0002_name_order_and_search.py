"""The participant list at scale: an index for its default order (by name) and, on PostgreSQL,
trigram indexes for its search (`icontains` on the names and the case number is
UPPER(column) LIKE '%WORD%', which these indexes answer without reading every row). SQLite has
no pg_trgm: there the trigram step does nothing."""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "person_first_name_trgm": ("participants_person", "first_name"),
    "person_last_name_trgm": ("participants_person", "last_name"),
    "participant_reference_trgm": ("participants_participant", "reference"),
}


def create_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["last_name", "first_name"], name="person_name_order"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
