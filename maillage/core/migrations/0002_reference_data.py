"""Load the reference data shipped in maillage/core/reference/ (see maillage/core/reference_data.py).

The loader upserts, so this is safe on a database that already has some of the rows. Reverse is a
no-op: the rows are left in place (later data may point to them).
"""

from django.db import migrations

from maillage.core.reference_data import load_all


def load_reference_data(apps, schema_editor):
    load_all(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop, elidable=False),
    ]
