"""Partner, agreement and mission pages run the same number of queries whatever the data size."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Country, Role
from maillage.projects.models import AgreementDocument, PartnerContact

from ..factories import (
    AgentFactory,
    AgreementFactory,
    BusinessMeetingFactory,
    ElectedOfficialFactory,
    MissionCompanyFactory,
    MissionCostFactory,
    MissionFactory,
    MissionVisitorFactory,
    PartnerFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
)

# Session, user and memberships (3), then the page's own reads:
# partner_list 3 (count, page, countries of the filter); partner_detail 5 (partner with its
# country, IATI type, contacts, agreements, projects); agreement_list 4 (count, page, the page's
# partners, renewals); agreement_detail 4 (agreement, partners, projects, documents); mission_list 4
# (count, page, years and projects of the filters); mission_detail 8 (mission, agents, elected,
# companies, business meetings, costs, visitors, programme); company_list 2 (count, page).
BUDGETS = {
    "partner_list": 6,
    "partner_detail": 8,
    "agreement_list": 7,
    "agreement_detail": 7,
    "mission_list": 7,
    "mission_detail": 11,
    "delegation_detail": 11,
    "company_list": 5,
}
ROLES = [Role.AGENT, Role.DRI]


@pytest.fixture
def targets(authority):
    partner = PartnerFactory(authority=authority)
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(partner)
    return {
        "partner": partner,
        "agreement": agreement,
        "mission": MissionFactory(authority=authority),
        "delegation": MissionFactory(authority=authority, direction="incoming"),
    }


def grow(authority, targets, size: int) -> None:
    """Add ``size`` of everything the pages show, around the target objects too."""
    germany = Country.objects.get(iso2="DE")
    service = ServiceFactory(authority=authority)
    today = datetime.date.today()
    for i in range(size):
        partner = PartnerFactory(authority=authority, **({"country": germany} if i % 2 else {}))
        PartnerContact.objects.create(partner=targets["partner"], name=f"Contact {i}")
        for agreement in (targets["agreement"], AgreementFactory(authority=authority)):
            agreement.partners.add(partner)
        renewal = AgreementFactory(authority=authority, end_date=today + datetime.timedelta(i + 1))
        renewal.partners.add(targets["partner"], partner)
        AgreementDocument.objects.create(
            agreement=targets["agreement"], title=f"Document {i}", file=f"agreements/x/{i}.pdf"
        )
        project = ProjectFactory(authority=authority)
        ProjectPartnerFactory(project=project, partner=targets["partner"])
        ProjectPartnerFactory(project=project, partner=partner)
        targets["agreement"].projects.add(project)
        mission = MissionFactory(
            authority=authority,
            project=project,
            start_date=datetime.date(2020 + i, 1, 1),
            end_date=datetime.date(2020 + i, 1, 5),
            country=germany,
        )
        for target in (mission, targets["mission"], targets["delegation"]):
            target.agents.add(AgentFactory(service=service))
            target.elected_officials.add(ElectedOfficialFactory(authority=authority))
            link = MissionCompanyFactory(mission=target)
            BusinessMeetingFactory(mission=target, company=link.company)
            MissionCostFactory(mission=target)
        MissionVisitorFactory(mission=targets["delegation"])
        ProgrammeItemFactory(mission=targets["delegation"], service=service)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def url_for(page: str, targets) -> str:
    kind = page.split("_")[0]
    if page == "delegation_detail":
        return reverse("mission_detail", args=[targets["delegation"].pk])
    if page.endswith("_detail"):
        return reverse(page, args=[targets[kind].pk])
    return reverse(page)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(BUDGETS))
def test_query_count_is_flat(page, role, authority, targets, users, client_for):
    grow(authority, targets, 1)
    client = client_for(users[role])
    url = url_for(page, targets)
    small = count_queries(client, url)
    grow(authority, targets, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[page], f"{page}: {large} queries"


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("partner_list", "?q=Ville&pays=DE&tri=-pays"),
        ("agreement_list", "?renouveler=1&q=Convention&tri=echeance"),
        ("mission_list", "?sens=outgoing&annee=2021&tri=cout"),
        ("company_list", "?q=Entreprise&tri=-missions"),
    ],
)
def test_filtered_lists_stay_flat_too(page, query, authority, targets, users, client_for):
    grow(authority, targets, 2)
    client = client_for(users[Role.AGENT])
    small = count_queries(client, reverse(page) + query)
    grow(authority, targets, 6)
    assert count_queries(client, reverse(page) + query) == small
