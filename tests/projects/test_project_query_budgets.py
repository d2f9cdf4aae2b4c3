"""Project pages run the same number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import CodeListItem, PolicyArea, Role, SdgTarget
from maillage.projects.registry import services

from ..factories import (
    AgentFactory,
    AgreementFactory,
    AuthorityFactory,
    BudgetLineFactory,
    CommitmentFactory,
    ElectedOfficialFactory,
    IndicatorPeriodFactory,
    MissionFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    WorkedDaysFactory,
)
from .registry_helpers import referent_of

BUDGETS = {
    # Reference-data options (SDG goals, M57 functions) come from core.choices, not the database;
    # + 1 for the elected officials of the filter, + 1 for the carriers' names of the page.
    ("project_list", Role.AGENT): 10,
    # + 1 for the committees that follow the project (governance.selectors), + 1 for the
    # agreements that cover it, + 1 for money planned beside money moved (one aggregate row),
    # + 1 for its deadlines.
    ("project_detail", Role.AGENT): 13,
    ("project_services", Role.DRI): 9,
    ("project_services", Role.REFERENT): 9,
    ("project_missions", Role.AGENT): 5,
    ("project_history", Role.AGENT): 7,
    # The one-page sheet: the project with its lead service's head, then 7 queries
    # (projects.registry.selectors_sheet; its PDF counted in tests/projects/test_project_sheet.py).
    ("project_sheet", Role.AGENT): 11,
    ("project_edit", Role.DRI): 17,
    # + 3 for the skills blocks of a user with an agent record (skills.selectors_calls.home_blocks)
    # and 1 for their open actions decided in committee (governance.selectors).
    ("home", Role.REFERENT): 12,
    ("home", Role.DRI): 10,
}


def grow(authority, project, size: int, user) -> None:
    """Add ``size`` rounds of projects, partners, services, mobilisations and history."""
    areas = list(PolicyArea.objects.filter(level=2)[:3])
    targets = list(SdgTarget.objects.all()[:3])
    sectors = list(CodeListItem.objects.filter(codelist="Sector")[:3])
    for i in range(size):
        direction = ServiceFactory(authority=authority, kind="directorate", name=f"D{i}")
        partner = PartnerFactory(authority=authority)
        ElectedOfficialFactory(authority=authority)
        for target in [project, ProjectFactory(authority=authority, title=f"Projet {i}")]:
            ProjectPartnerFactory(project=target, partner=partner)
            target.policy_areas.add(*areas)
            target.sdg_targets.add(*targets)
            target.dac_sectors.add(*sectors)
            target.sponsors.add(*ElectedOfficialFactory.create_batch(1, authority=authority))
            service = ServiceFactory(authority=authority, parent=direction)
            service.policy_areas.set(areas)
            mobilisation = MobilisationFactory(project=target, service=service)
            mobilisation.agents.set(AgentFactory.create_batch(2, service=service))
            services.update_mobilisation(
                mobilisation, by=user, data={"contribution": f"Apport {i}"}
            )
            MissionFactory(authority=authority, project=target)
            PaymentFactory(commitment=CommitmentFactory(project=target))
            WorkedDaysFactory(mobilisation=mobilisation)
            AgreementFactory(authority=authority).projects.add(target)
        services.update_project(
            project, by=user, data={"summary": f"v{i}"}, version=project.version
        )
        project.refresh_from_db()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "role"), list(BUDGETS), ids=lambda v: str(v))
def test_project_pages_query_count_is_flat(page, role, authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Projet suivi")
    user = users[role]
    if role == Role.REFERENT:
        # A référent of a mobilised service, with proposals waiting for them.
        service = ServiceFactory(authority=authority, name="Service du référent")
        user = referent_of(service, "budget-referent")
        MobilisationFactory(project=project, service=service)
    client = client_for(user)
    kwargs = {} if page in {"project_list", "home"} else {"pk": project.pk}
    url = reverse(page, kwargs=kwargs)
    if page == "project_list":
        url += "?q=Projet&status=ongoing&year=2026&tri=statut"
    grow(authority, project, 1, users[Role.DRI])
    small = count_queries(client, url)
    grow(authority, project, 6, users[Role.DRI])
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[(page, role)], f"{page}: {large} queries"


@pytest.mark.django_db
def test_list_with_every_filter_is_flat(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Projet suivi")
    partner = PartnerFactory(authority=authority)
    service = ServiceFactory(authority=authority)
    client = client_for(users[Role.AGENT])
    url = (
        f"{reverse('project_list')}?q=Projet&status=ongoing&country=SN&partner={partner.pk}"
        f"&policy_area=0&service={service.pk}&sdg_goal=1&year=2026"
    )
    grow(authority, project, 1, users[Role.DRI])
    small = count_queries(client, url)
    grow(authority, project, 6, users[Role.DRI])
    assert count_queries(client, url) == small <= BUDGETS[("project_list", Role.AGENT)]


# The public pages, read by anyone. The list: the publishing authority, the count, the page,
# its partners' names (with_partners) and the partners map (portal.panels.public_map). A
# project: the project, its partners, SDG targets, DAC sectors, results framework (3) and
# planned budget.
PUBLIC_BUDGETS = {"public_project_list": 5, "public_project_detail": 8}


def grow_public(authority, project, size: int) -> None:
    """Public and internal projects with partners, results and budgets."""
    targets = list(SdgTarget.objects.all()[:3])
    sectors = list(CodeListItem.objects.filter(codelist="Sector")[:3])
    for i in range(size):
        for target in [
            project,
            ProjectFactory(authority=authority, title=f"Public {i}", visibility="public"),
            ProjectFactory(authority=authority, title=f"Interne {i}"),
        ]:
            ProjectPartnerFactory(project=target, partner=PartnerFactory(authority=authority))
            target.sdg_targets.add(*targets)
            target.dac_sectors.add(*sectors)
            period = IndicatorPeriodFactory(indicator__result__project=target)
            IndicatorPeriodFactory(indicator=period.indicator, start="2026-01-01", end="2026-06-30")
            BudgetLineFactory(project=target)
            MobilisationFactory(project=target)


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PUBLIC_BUDGETS))
def test_public_pages_query_count_is_flat(page, client):
    authority = AuthorityFactory(slug="publie", publishes=True)
    project = ProjectFactory(authority=authority, title="Projet public", visibility="public")
    kwargs = {"authority_slug": "publie"}
    if page == "public_project_detail":
        kwargs["pk"] = project.pk
    url = reverse(page, kwargs=kwargs)
    grow_public(authority, project, 1)
    small = count_queries(client, url)
    grow_public(authority, project, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= PUBLIC_BUDGETS[page], f"{page}: {large} queries"
