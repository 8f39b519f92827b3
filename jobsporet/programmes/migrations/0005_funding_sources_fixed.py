"""The fixed sources of 0004 as the column's choices (20 characters), on the lines and on their
history."""

from django.db import migrations, models


def source_field() -> models.CharField:
    return models.CharField(
        blank=True,
        choices=[
            ("esf", "EU Social Fund"),
            ("business_promotion", "Decentral business-promotion funds"),
            ("municipality", "The municipality's own budget"),
            ("other", "Other"),
        ],
        max_length=20,
        verbose_name="source",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_funding_sources_mapped"),
    ]

    operations = [
        migrations.AlterField(model_name=model, name="source", field=source_field())
        for model in ("fundingentry", "historicalfundingentry")
    ]
