from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "maillage.skills"
    label = "skills"
    verbose_name = _("Compétences internationales")

    def ready(self) -> None:
        from maillage.organisation.signals import departure_preview

        from . import rules  # noqa: F401 — registers the object rules
        from .services import departure_preview as preview

        departure_preview.connect(preview, dispatch_uid="skills_departure_preview")
