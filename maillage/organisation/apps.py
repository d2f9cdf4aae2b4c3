from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "maillage.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from maillage.core.signals import personal_data_purge

        from . import rules  # noqa: F401  (registers the object rules)
        from .retention import on_purge

        personal_data_purge.connect(on_purge, dispatch_uid="organisation_purge")
