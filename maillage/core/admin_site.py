"""The admin site itself, kept apart from the ModelAdmins to avoid an import cycle."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Role


def is_authority_admin(request: HttpRequest) -> bool:
    return getattr(request, "authority", None) is not None and Role.ADMIN in request.roles


class MaillageAdminSite(admin.AdminSite):
    site_header = _("Maillage — administration")
    site_title = _("Maillage — administration")
    index_title = _("Administration de la collectivité")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or is_authority_admin(request))
