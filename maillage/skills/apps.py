from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "maillage.skills"
    label = "skills"
    verbose_name = _("Compétences internationales")

    def ready(self) -> None:
        from maillage.organisation.signals import agents_departed

        from .services import erase_departed_agents

        agents_departed.connect(erase_departed_agents, dispatch_uid="skills_erase_departed")
