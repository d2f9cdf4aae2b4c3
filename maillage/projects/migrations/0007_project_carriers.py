import django.db.models.deletion
from django.db import migrations, models


def copy_sponsors(apps, schema_editor):
    """Every official already named on a project carries it as porteur."""
    Project = apps.get_model("projects", "Project")
    ProjectCarrier = apps.get_model("projects", "ProjectCarrier")
    through = Project.sponsors.through
    ProjectCarrier.objects.bulk_create(
        [
            ProjectCarrier(project_id=project_id, official_id=official_id, role="lead")
            for project_id, official_id in through.objects.values_list(
                "project_id", "electedofficial_id"
            ).iterator()
        ],
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectCarrier = apps.get_model("projects", "ProjectCarrier")
    through = Project.sponsors.through
    through.objects.bulk_create(
        [
            through(project_id=project_id, electedofficial_id=official_id)
            for project_id, official_id in ProjectCarrier.objects.values_list(
                "project_id", "official_id"
            ).iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("projects", "0006_agreement_projects"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectCarrier",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("lead", "Porteur"), ("co", "Co-porteur")],
                        default="lead",
                        max_length=4,
                        verbose_name="rôle",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="carried_projects",
                        to="organisation.electedofficial",
                        verbose_name="élu",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="carriers",
                        to="projects.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "élu porteur",
                "verbose_name_plural": "élus porteurs",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "official"), name="project_carrier_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_sponsors, copy_back),
        migrations.RemoveField(model_name="project", name="sponsors"),
        migrations.AddField(
            model_name="project",
            name="sponsors",
            field=models.ManyToManyField(
                blank=True,
                related_name="sponsored_projects",
                through="projects.ProjectCarrier",
                to="organisation.electedofficial",
                verbose_name="élus porteurs",
            ),
        ),
    ]
