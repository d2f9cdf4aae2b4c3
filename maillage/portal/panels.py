"""The blocks that apps above add to the pages of apps below (see ``core.panels``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from maillage.core.panels import Panel, register
from maillage.governance.selectors import committees_of_project
from maillage.organisation.views import SERVICE_PANELS
from maillage.projects.registry.selectors import projects_of_service
from maillage.projects.registry.views import PROJECT_OVERVIEW_PANELS


def service_projects(request: HttpRequest, service: Any) -> dict[str, Any]:
    """The projects the service is mobilised in (1 query)."""
    return {"service_mobilisations": projects_of_service(service)}


def project_committees(request: HttpRequest, project: Any) -> dict[str, Any]:
    """The committees that follow the project (1 query)."""
    return {"committees": committees_of_project(project)}


def register_all() -> None:
    register(
        SERVICE_PANELS,
        Panel("projects", "portal/_service_projects.html", service_projects, order=10),
    )
    register(
        PROJECT_OVERVIEW_PANELS,
        Panel("committees", "portal/_project_committees.html", project_committees, order=10),
    )
