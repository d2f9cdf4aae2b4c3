"""English labels of the M57 functions, and the French names corrected or added by
``reference/names-fr.csv`` (IATI code lists, SDG goals): reloads the reference data, which
updates the changed rows (see maillage/core/reference_data.py). Reverse leaves the labels.
"""

from django.db import migrations, models

from maillage.core.reference_data import load_all


def load_reference_data(apps, schema_editor):
    load_all(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_authority_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="policyarea",
            name="label_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="libellé anglais"),
        ),
        migrations.RunPython(load_reference_data, migrations.RunPython.noop, elidable=False),
    ]
