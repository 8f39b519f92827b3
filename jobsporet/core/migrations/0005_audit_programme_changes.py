"""An index for a programme's latest change in the audit trail (the reads left out), so the
start page can tell in one index step whether its cached figures still hold."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_audit_summary_message"),
        ("programmes", "0005_funding_sources_fixed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(
                    ("action__in", ["created", "changed", "status", "deleted", "imported"])
                ),
                fields=["programme", "id"],
                name="audit_programme_changes",
            ),
        ),
    ]
