from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "maillage.notices"
    label = "notices"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from maillage.core import tenancy

        from .selectors import unread_count_expression

        # The header's unread count rides on the membership query every request already makes.
        tenancy.MEMBERSHIP_ANNOTATIONS["unread_notifications"] = unread_count_expression
