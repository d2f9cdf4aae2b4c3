from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    label = "governance"
    verbose_name = _("Comités de pilotage")

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401 — registers its reminders
            rules,  # noqa: F401 — registers the object rules
        )
