"""The dashboard and its exports run the same number of queries whatever the data size."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import PolicyArea, Role
from maillage.projects.models import Mobilisation

from ..factories import (
    AgentFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ReferentFactory,
    ResultFactory,
    ServiceFactory,
)
from ..skills.factories import ProfileFactory, SkillCallFactory

# Session, user and memberships (3), then the selectors: period data (3), key figures (1),
# policy areas (1: the M57 functions are cached per process), trends (2), local benefits (2),
# partners map (1).
BUDGETS = {
    "dashboard": 14,  # one more without a year in the address: the year to open on
    "dashboard_print": 13,
    "dashboard_export_csv": 6,
    "dashboard_export_xlsx": 11,
}


def grow(authority, size: int) -> None:
    """Add ``size`` directorates, each with services, projects, mobilisations, funding, located
    partners, results with measured indicators, référents, profiles and calls."""
    year = timezone.localdate().year
    areas = list(PolicyArea.objects.filter(level=2)[:4])
    for i in range(size):
        direction = ServiceFactory(authority=authority, kind="directorate", name=f"D{i}")
        services = [
            ServiceFactory(authority=authority, parent=direction, name=f"S{i}.{j}")
            for j in range(3)
        ]
        ReferentFactory(agent=AgentFactory(service=services[0]))
        for k in range(2):
            project = ProjectFactory(
                authority=authority,
                title=f"P{i}.{k}",
                start_date=datetime.date(year - k, 1, 1),
                lead_service=direction,
            )
            project.policy_areas.add(*areas[k : k + 2])
            for j, service in enumerate(services):
                MobilisationFactory(
                    project=project,
                    service=service,
                    status=Mobilisation.Status.CONFIRMED if j else Mobilisation.Status.PROPOSED,
                    days_actual=Decimal(j),
                    answered_at=timezone.now(),
                )
            ContributionFactory(project=project)
            ProjectPartnerFactory(
                project=project,
                partner=PartnerFactory(authority=authority, latitude=i, longitude=k),
            )
            ContributionFactory(project=project, funder="eu", amount=Decimal(3000))
            result = ResultFactory(project=project)
            for _ in range(2):
                IndicatorPeriodFactory(indicator=IndicatorFactory(result=result))
        ProfileFactory(agent=AgentFactory(service=services[1]))
        SkillCallFactory(project=project)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(BUDGETS))
@pytest.mark.parametrize("query", ["", "?annee=toutes&statut=tous"])
def test_dashboard_query_count_is_flat(page, query, authority, other_authority, users, client_for):
    client = client_for(users[Role.DIRECTION])
    url = reverse(page) + query
    grow(authority, 1)
    grow(other_authority, 1)
    small = count_queries(client, url)
    grow(authority, 6)
    grow(other_authority, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[page], f"{page}: {large} queries"
