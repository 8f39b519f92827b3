"""The data-protection officer role, and the access-report and anonymisation permissions for
administrators (see jobsporet/accounts/roles.py)."""

from django.db import migrations

from jobsporet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("core", "0002_audit_ip_purpose_listings"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
