"""The five roles as groups with their permissions (see jobsporet/accounts/roles.py)."""

from django.db import migrations

from jobsporet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0001_initial"),
        ("core", "0001_initial"),
        ("participants", "0001_initial"),
        ("companies", "0001_initial"),
        ("placements", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
