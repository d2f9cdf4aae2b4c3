"""The funding and results tabs run the same number of queries whatever the data size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from maillage.projects.models import BudgetLine, Contribution, Result

from ..factories import (
    BudgetLineFactory,
    BusinessMeetingFactory,
    CommitmentFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InstalmentFactory,
    MissionCompanyFactory,
    MissionCostFactory,
    MissionFactory,
    MobilisationFactory,
    PaymentFactory,
    ProjectFactory,
    ResultFactory,
    WorkedDaysFactory,
)

# Session, user and memberships (3), the project with what its header shows (1), then the
# page's own reads: funding 10 (plan and its execution in one, lines, contributions, their
# instalments, commitments, their payments, mobilisations with their worked days summed, the
# months of worked days, rule sets and their rules) + 1 for the missions' costs; results 3
# (results, indicators, periods) + 3 for what the missions bring home (companies named,
# companies counted, meetings: missions/selectors.py mission_benefits).
BUDGETS = {
    ("project_funding", Role.AGENT): 15,
    ("project_funding", Role.DRI): 15,
    # + 1 for the services the référent answers for (who may enter worked days, asked once).
    ("project_funding", Role.REFERENT): 16,
    ("project_results", Role.AGENT): 10,
    ("project_results", Role.DRI): 10,
}


def grow(project, size: int) -> None:
    """Add ``size`` of everything both tabs show."""
    categories = BudgetLine.Category.values
    funders = Contribution.Funder.values
    for i in range(size):
        BudgetLineFactory(project=project, category=categories[i % len(categories)])
        ContributionFactory(
            project=project,
            funder=funders[i % len(funders)],
            nature=Contribution.Nature.values[i % 2],
        )
        mobilisation = MobilisationFactory(project=project, days_planned=Decimal(i + 1))
        WorkedDaysFactory.create_batch(2, mobilisation=mobilisation)
        commitment = CommitmentFactory(project=project, amount=Decimal("5000"))
        PaymentFactory.create_batch(2, commitment=commitment)
        InstalmentFactory.create_batch(2, contribution__project=project)
        mission = MissionFactory(authority=project.authority, project=project, companies=1)
        link = MissionCompanyFactory(mission=mission)
        BusinessMeetingFactory(mission=mission, company=link.company, outcome="contract")
        MissionCostFactory.create_batch(2, mission=mission)
        for territory in Result.Territory.values:
            result = ResultFactory(project=project, territory=territory)
            for target in (Decimal(6), None):
                indicator = IndicatorFactory(result=result, target=target)
                IndicatorPeriodFactory.create_batch(2, indicator=indicator)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "role"), list(BUDGETS), ids=lambda v: str(v))
def test_query_count_is_flat(page, role, authority, users, client_for):
    project = ProjectFactory(authority=authority)
    grow(project, 1)
    client = client_for(users[role])
    url = reverse(page, args=[project.pk])
    small = count_queries(client, url)
    grow(project, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[(page, role)], f"{page}: {large} queries"
