"""Who may see and record six-month follow-ups (see jobsporet/accounts/roles.py)."""

from django.db import migrations

from jobsporet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_data_protection_officer"),
        ("placements", "0002_followup"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
