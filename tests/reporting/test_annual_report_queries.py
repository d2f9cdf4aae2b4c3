"""The annual report runs the same number of queries whatever the number of projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import PolicyArea, Role
from maillage.projects.models import Mobilisation
from maillage.reporting import pdf

from ..factories import (
    AgentFactory,
    CommitmentFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InstalmentFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ReferentFactory,
    ResultFactory,
    ServiceFactory,
)
from ..governance.factories import CommitteeFactory, DecisionFactory, MeetingFactory, at

YEAR = 2025
# Session, user and memberships (3), then the report (19: see
# reporting.selectors_annual.annual_report).
BUDGETS = {"annual_report": 22, "annual_report_pdf": 22, "annual_report_edit": 4}


def grow(authority, size: int) -> None:
    """Add ``size`` directorates, each with services, référents, two projects of the year with
    partners, mobilisations, payments, funding, results and indicators, and a committee."""
    areas = list(PolicyArea.objects.filter(level=2)[:3])
    for i in range(size):
        direction = ServiceFactory(authority=authority, kind="directorate", name=f"D{i}")
        services = [
            ServiceFactory(authority=authority, parent=direction, name=f"S{i}.{j}")
            for j in range(2)
        ]
        ReferentFactory(agent=AgentFactory(service=services[0]))
        for k in range(2):
            project = ProjectFactory(
                authority=authority,
                title=f"P{i}.{k}",
                start_date=datetime.date(YEAR - k, 1, 1),
                lead_service=direction,
            )
            project.policy_areas.add(*areas[k : k + 2])
            ProjectPartnerFactory(project=project, partner=PartnerFactory(authority=authority))
            for service in services:
                MobilisationFactory(
                    project=project,
                    service=service,
                    status=Mobilisation.Status.CONFIRMED,
                    days_planned=Decimal(3),
                )
            commitment = CommitmentFactory(project=project, m57_function_id="045")
            PaymentFactory(commitment=commitment, date=datetime.date(YEAR, 3, 1))
            PaymentFactory(commitment=commitment, date=datetime.date(YEAR - 1, 3, 1))
            ContributionFactory(project=project)
            InstalmentFactory(
                contribution=ContributionFactory(project=project, funder="eu"),
                date=datetime.date(YEAR, 5, 1),
            )
            result = ResultFactory(project=project)
            IndicatorPeriodFactory(indicator=IndicatorFactory(result=result))
        committee = CommitteeFactory(authority=authority)
        DecisionFactory(meeting=MeetingFactory(committee=committee, starts_at=at(YEAR, 2, 2 + i)))


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(BUDGETS))
def test_annual_report_query_count_is_flat(
    page, monkeypatch, authority, other_authority, users, client_for
):
    # The PDF's rendering makes no query; skip it to keep the test fast.
    monkeypatch.setattr(pdf, "render_pdf", lambda html, authority: b"%PDF-1.7")
    client = client_for(users[Role.DRI])
    url = reverse(page, args=[YEAR])
    grow(authority, 1)
    grow(other_authority, 1)
    small = count_queries(client, url)
    grow(authority, 5)
    grow(other_authority, 5)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[page], f"{page}: {large} queries"
