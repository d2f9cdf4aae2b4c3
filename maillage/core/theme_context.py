"""The ``theme`` of every page: the current authority's stylesheet, logo and names.

Built from ``request.authority``, which the tenancy middleware has already loaded with every
identity field: no query per page. Add to ``TEMPLATES["OPTIONS"]["context_processors"]``:
``"maillage.core.theme_context.theme"``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from .identity import logo_url, theme_url
from .theme import DEFAULT_DIGEST


def default_css_url() -> str:
    return reverse("theme_default_css", kwargs={"digest": DEFAULT_DIGEST})


def theme(request: HttpRequest) -> dict[str, object]:
    authority = getattr(request, "authority", None)
    if authority is None:
        return {
            "theme": {
                "css_url": default_css_url(),
                "logo_url": "",
                "has_logo": False,
                "name": "",
                "short_name": "",
                "primary_colour": "",
            }
        }
    logo = logo_url(authority)
    return {
        "theme": {
            "css_url": theme_url(authority),
            "logo_url": logo,
            "has_logo": bool(logo),
            "name": authority.name,
            "short_name": authority.short_name,
            "primary_colour": authority.primary_colour,
        }
    }
