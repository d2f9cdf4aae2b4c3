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
