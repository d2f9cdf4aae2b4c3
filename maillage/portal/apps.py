from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages made of several apps' blocks: the home page and the panels of composite pages.

    On top of the feature apps (beside ``demo`` and ``datasets``): it may import every app, so
    that none of them has to import an app above it.
    """

    name = "maillage.portal"
    label = "portal"
    verbose_name = _("Portail")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import panels

        panels.register_all()
        user_logged_in.connect(_remember_conformity, dispatch_uid="portal_legal_status")


def _remember_conformity(sender, user, **kwargs) -> None:
    from .selectors import remember_conformity

    remember_conformity(user)
