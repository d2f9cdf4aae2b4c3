from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "maillage.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        from maillage.core.signals import personal_data_purge
        from maillage.projects import rules  # noqa: F401 — registers the object rules
        from maillage.projects.registry import notifications  # noqa: F401 — its reminders
        from maillage.projects.retention import on_purge

        personal_data_purge.connect(on_purge, dispatch_uid="projects_purge")
