from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = _("Socle")


class MaillageAdminConfig(admin_apps.AdminConfig):
    """Django admin with the authority-scoped site."""

    default = False
    default_site = "maillage.core.admin_site.MaillageAdminSite"
