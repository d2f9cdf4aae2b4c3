"""Audit events name what happened (``kind``); earlier rows get the generic name of their
object and action ("budget_line.updated"), computed as ``audit.generic_kind`` does."""

import re

from django.db import migrations, models

VERBS = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "import": "imported",
    "restore": "restored",
    "purge": "purged",
}


def name_old_events(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    pairs = AuditEvent.objects.filter(kind="").values_list("object_type", "action").distinct()
    for object_type, action in list(pairs):
        name = object_type.rsplit(".", 1)[-1] or "object"
        noun = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        AuditEvent.objects.filter(kind="", object_type=object_type, action=action).update(
            kind=f"{noun}.{VERBS.get(action, action)}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_trash"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="kind",
            field=models.CharField(blank=True, db_index=True, max_length=60),
        ),
        migrations.RunPython(name_old_events, migrations.RunPython.noop, elidable=True),
    ]
