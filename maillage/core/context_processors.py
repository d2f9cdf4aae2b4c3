from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig

from .permissions import perms_for

# Built in code rather than read from the database: no query per page, same look everywhere.
SITE_CONFIG = DsfrConfig(
    site_title="Maillage",
    site_tagline=_("L'action internationale, avec tous les services"),
    header_brand_html="République<br>française",
    footer_brand_html="République<br>française",
    footer_description=_(
        "Maillage aide les collectivités à conduire leur action internationale "
        "avec l'ensemble de leurs services."
    ),
    accessibility_status="PART",
)


def site(request: HttpRequest) -> dict[str, object]:
    """The DSFR site configuration and the user's permissions for templates."""
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "can": perms_for(request) if hasattr(request, "authority") else {},
        "current_authority": getattr(request, "authority", None),
        "user_roles": getattr(request, "roles", frozenset()),
    }
