from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        # The login receiver that starts a session's clocks must be connected before the first
        # login, not when the first request loads the middleware: otherwise the first request
        # of each process writes the session again.
        from . import middleware  # noqa: F401


class MaillageAdminConfig(admin_apps.AdminConfig):
    """Django admin with the authority-scoped site."""

    default = False
    default_site = "maillage.core.admin_site.MaillageAdminSite"
