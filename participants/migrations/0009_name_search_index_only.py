"""The name search and the list in name order read their indexes alone at 100,000 cases: the
persons' name index carries the id (a search walks it in name order, matching the names in the
index, and stops at the first page's rows), and a person's case in a programme is found, with
its id, in (person, programme, id). Replaces the name index without the id."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_kpi_indexes"),
        ("programmes", "0005_funding_sources_fixed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="person",
            name="person_name_order",
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                fields=["person", "programme", "id"], name="participant_person_programme"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["last_name", "first_name", "id"], name="person_name_order_id"
            ),
        ),
    ]
