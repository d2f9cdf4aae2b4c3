"""The blocks that apps above add to the pages of apps below (see ``core.panels``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from maillage.core.panels import Panel, register
from maillage.core.permissions import check
from maillage.governance.selectors import committees_of_project
from maillage.organisation.views import ELECTED_LIST_PANELS, ELECTED_PANELS, SERVICE_PANELS
from maillage.portal.selectors_elected import portfolios
from maillage.projects.registry.selectors import projects_of_service
from maillage.projects.registry.views import PROJECT_OVERVIEW_PANELS
from maillage.projects.registry.views_public import PUBLIC_LIST_PANELS
from maillage.reporting.worldmap import public_partners_map


def service_projects(request: HttpRequest, service: Any) -> dict[str, Any]:
    """The projects the service is mobilised in (1 query)."""
    return {"service_mobilisations": projects_of_service(service)}


def project_committees(request: HttpRequest, project: Any) -> dict[str, Any]:
    """The committees that follow the project (1 query)."""
    return {"committees": committees_of_project(project)}


def officials_portfolios(request: HttpRequest, officials: Any) -> dict[str, Any]:
    """What each official of the list carries (4 queries), drawn in each official's card."""
    return {"portfolios": portfolios(request.authority, [o.pk for o in officials])}


def official_portfolio(request: HttpRequest, official: Any) -> dict[str, Any]:
    """What the official carries (4 queries), and whether the user may print her brief."""
    return {
        "portfolio": portfolios(request.authority, [official.pk])[official.pk],
        "can_brief": check(request, "organisation.see_brief", official),
    }


def public_map(request: HttpRequest, authority: Any) -> dict[str, Any] | None:
    """The partners of the public projects on the map (1 query); nothing without a partner."""
    found = public_partners_map(authority)
    return {"world_map": found} if found.rows else None


def register_all() -> None:
    register(
        SERVICE_PANELS,
        Panel("projects", "portal/_service_projects.html", service_projects, order=10),
    )
    register(
        PROJECT_OVERVIEW_PANELS,
        Panel("committees", "portal/_project_committees.html", project_committees, order=10),
    )
    register(
        ELECTED_LIST_PANELS,
        Panel("carried", "portal/_elected_card.html", officials_portfolios, order=10),
    )
    register(
        ELECTED_PANELS,
        Panel("carried", "portal/_elected_portfolio.html", official_portfolio, order=10),
    )
    register(
        PUBLIC_LIST_PANELS,
        Panel("partners_map", "portal/_public_partners_map.html", public_map, order=10),
    )
