"""ISO 639 languages with French names, loaded from maillage/core/reference/languages.csv.

The loader upserts (see maillage/core/reference_data.py); reverse leaves the rows in place.
"""

from django.db import migrations, models

from maillage.core.reference_data import load_languages


def load(apps, schema_editor):
    load_languages(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_reference_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="Language",
            fields=[
                ("code", models.CharField(max_length=3, primary_key=True, serialize=False, verbose_name="code")),
                ("iso639_3", models.CharField(max_length=3, unique=True, verbose_name="code ISO 639-3")),
                ("name_fr", models.CharField(max_length=100, verbose_name="nom français")),
                ("name_en", models.CharField(max_length=100, verbose_name="nom anglais")),
            ],
            options={
                "verbose_name": "langue",
                "verbose_name_plural": "langues",
                "ordering": ["name_fr"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
