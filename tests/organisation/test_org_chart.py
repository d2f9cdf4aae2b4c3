import pytest

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
