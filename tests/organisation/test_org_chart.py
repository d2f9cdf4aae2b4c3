import datetime

import pytest

from maillage.organisation.selectors import coverage, coverage_tree, org_tree
from tests.factories import AgentFactory, ReferentFactory, ServiceFactory


@pytest.mark.django_db
def test_org_chart_flags_services_without_referent(authority, users, client_for):
    direction = ServiceFactory(
        authority=authority, name="Direction Solidarités", kind="directorate"
    )
    covered = ServiceFactory(authority=authority, name="Jeunesse", parent=direction)
    ServiceFactory(authority=authority, name="Sports", parent=direction)
    ReferentFactory(agent=AgentFactory(service=covered))
    response = client_for(users["agent"]).get("/organigramme/")
    assert response.status_code == 200
    rows = response.context["coverage_rows"]
    assert [(r.node.service.name, r.services, r.covered) for r in rows] == [
        ("Direction Solidarités", 3, 1)
    ]
    html = response.content.decode()
    assert html.count("Sans référent") >= 2


@pytest.mark.django_db
def test_home_coverage_reads_the_same_figures_as_the_org_chart(authority):
    """The home page's one-query coverage (no référent names) agrees with the org chart's."""
    direction = ServiceFactory(
        authority=authority, name="Direction Cadre de vie", kind="directorate"
    )
    other = ServiceFactory(authority=authority, name="Direction Ressources", kind="directorate")
    parks = ServiceFactory(authority=authority, name="Parcs", parent=direction)
    roads = ServiceFactory(authority=authority, name="Voirie", parent=direction)
    closed = ServiceFactory(authority=authority, name="Ancien service", active=False)
    orphan = ServiceFactory(authority=authority, name="Sous un service fermé", parent=closed)
    ServiceFactory(authority=authority, name="Paie", parent=other)
    for service, n in ((parks, 3), (roads, 1), (orphan, 2), (closed, 4)):
        AgentFactory.create_batch(n, service=service)
    AgentFactory(service=parks, active=False)
    ReferentFactory(agent=AgentFactory(service=parks))
    ReferentFactory(agent=AgentFactory(service=orphan), kind="substitute")
    ReferentFactory(agent=AgentFactory(service=roads), end=datetime.date(2024, 6, 30))
    # Another authority's référent on a service of the same name changes nothing.
    ReferentFactory(agent=AgentFactory(service=ServiceFactory(name="Voirie")))

    def figures(roots):
        rows, total = coverage(roots)
        walk = [n for root in roots for n in root.walk()]
        return (
            [(r.node.service.name, r.services, r.covered) for r in rows],
            (total.services, total.covered),
            [(n.service.name, n.agent_count, n.covered) for n in walk],
        )

    full, light = figures(org_tree(authority)), figures(coverage_tree(authority))
    assert light == full
    assert full[1] == (6, 2)
    assert ("Parcs", 4, True) in full[2] and ("Voirie", 2, False) in full[2]
