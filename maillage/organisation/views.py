"""Organisation pages: org chart, service page, agent directory, elected officials."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core.lists import render_list, sort_links
from maillage.core.panels import panels_for
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404

from . import selectors
from .filters import AgentFilterSet, OrgChartFilters
from .models import Service

PAGE_SIZE = 50
# The slot of the service page where apps above add their blocks (``core.panels``).
SERVICE_PANELS = "organisation.service_detail"
# The elected officials' list and an official's page: apps above add what each official carries
# (projects, committees, missions). The list's panels get the list of officials and are drawn in
# each official's card with ``official`` in their context.
ELECTED_LIST_PANELS = "organisation.elected_list"
ELECTED_PANELS = "organisation.elected_detail"


@require_GET
@require(Perm.VIEW_ORGANISATION)
def org_chart(request: HttpRequest) -> HttpResponse:
    """The service tree with référent coverage; uncovered services stand out."""
    roots = selectors.org_tree(request.authority)
    rows, total = selectors.coverage(roots)
    only_uncovered = OrgChartFilters(request.GET).values["sans_referent"]
    return render(
        request,
        "organisation/org_chart.html",
        {
            "roots": roots,
            "coverage_rows": rows,
            "coverage_total": total,
            "uncovered": selectors.uncovered_services(roots) if only_uncovered else None,
            "only_uncovered": only_uncovered,
            "page_title": _("Organigramme"),
            "breadcrumb": [(_("Organigramme"), None)],
            "nav": "org",
        },
    )


@require_GET
@require(Perm.VIEW_ORGANISATION)
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A service: its place in the tree, référents, policy areas and agents."""
    service = get_object_or_404(request, Service.objects.select_related("head"), pk=pk)
    page = Paginator(selectors.agents_of_service(service), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    detail = selectors.service_detail(request.authority, service)
    breadcrumb = [(_("Organigramme"), reverse("org_chart"))]
    breadcrumb += [(a.name, reverse("service_detail", args=[a.pk])) for a in detail["ancestors"]]
    breadcrumb.append((service.name, None))
    return render(
        request,
        "organisation/service_detail.html",
        {
            "service": service,
            "page_obj": page,
            **detail,
            # Blocks registered from above (the projects the service is mobilised in).
            "panels": panels_for(SERVICE_PANELS, request, service),
            "page_title": service.name,
            "breadcrumb": breadcrumb,
            "nav": "org",
        },
    )


@never_cache
@require_GET
@require(Perm.VIEW_AGENTS)
def agent_list(request: HttpRequest) -> HttpResponse:
    """The agent directory with search, service filter, sort and pagination."""
    filters = AgentFilterSet(request.GET)
    values = filters.values
    query, sort, service_id = values["q"], values["tri"], values["service"]
    agents = selectors.agent_directory(request.authority, query, service_id, sort)
    page = Paginator(agents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "organisation/agent_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "sort": sort,
            "sorting": sort_links(sort, ["nom", "service"]),
            "service_id": service_id,
            "services": selectors.directorates_choices(request.authority),
        },
        title=_("Annuaire des agents"),
        nav="agents",
    )


@require_GET
@require(Perm.VIEW_ELECTED)
def elected_list(request: HttpRequest) -> HttpResponse:
    """Elected officials, the policy areas of their delegations and what they carry."""
    officials = selectors.elected_officials(request.authority)
    return render_list(
        request,
        "organisation/elected_list.html",
        {
            "officials": officials,
            "panels": panels_for(ELECTED_LIST_PANELS, request, officials),
        },
        title=_("Élus et délégations"),
        nav="elected",
        has_results_partial=False,
    )


@require_GET
@require(Perm.VIEW_ELECTED)
def elected_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An elected official: mandate, delegations and what apps above say they carry."""
    official = get_object_or_404(
        request, selectors.elected_officials_with_delegations(request.authority), pk=pk
    )
    return render(
        request,
        "organisation/elected_detail.html",
        {
            "official": official,
            "panels": panels_for(ELECTED_PANELS, request, official),
            "page_title": str(official),
            "breadcrumb": [
                (_("Élus et délégations"), reverse("elected_list")),
                (str(official), None),
            ],
            "nav": "elected",
        },
    )
