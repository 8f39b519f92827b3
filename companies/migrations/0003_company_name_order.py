"""An index for the company list's order (name, then id), so a page of 25 is read from it
instead of sorting every company."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0002_date_bounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='company',
            index=models.Index(fields=['name', 'id'], name='company_name_order'),
        ),
    ]
