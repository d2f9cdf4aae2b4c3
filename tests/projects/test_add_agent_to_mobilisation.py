"""``projects.services.add_agent_to_mobilisation``: the one way another app (the skills
workflow) puts an agent and their days into a mobilisation. It never answers for the service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.core.models import AuditEvent
from maillage.projects.models import Mobilisation
from maillage.projects.registry import services
from tests.factories import AgentFactory, MobilisationFactory, ProjectFactory, ServiceFactory

pytestmark = pytest.mark.django_db

M = Mobilisation.Status


@pytest.fixture
def project(authority):
    return ProjectFactory(authority=authority)


@pytest.fixture
def agent(authority):
    return AgentFactory(service=ServiceFactory(authority=authority))


@pytest.mark.parametrize("status", [M.PROPOSED, M.CONFIRMED])
def test_the_status_is_left_as_the_referent_set_it(project, agent, status):
    mobilisation = MobilisationFactory(
        project=project, service=agent.service, status=status, days_planned=Decimal("3")
    )
    before = mobilisation.version
    services.add_agent_to_mobilisation(project, by=None, agent=agent, days=Decimal("2"))
    mobilisation.refresh_from_db()
    assert mobilisation.status == status
    assert mobilisation.days_planned == Decimal("5")
    assert list(mobilisation.agents.all()) == [agent]
    assert mobilisation.version == before + 1  # an edit form open meanwhile is refused
    assert services.awaits_referent(mobilisation) == (status != M.CONFIRMED)


def test_adding_the_same_agent_twice_adds_days_not_a_second_row(project, agent):
    for _ in range(2):
        services.add_agent_to_mobilisation(project, by=None, agent=agent, days=Decimal("1"))
    mobilisation = Mobilisation.objects.get(project=project)
    assert mobilisation.days_planned == Decimal("2")
    assert mobilisation.agents.count() == 1
    assert list(
        AuditEvent.objects.filter(object_id=str(mobilisation.pk)).values_list("kind", "action")
    ) == [("mobilisation.agent_added", "update"), ("mobilisation.agent_added", "create")]


def test_an_agent_of_another_authority_or_of_no_service_is_refused(project, other_authority, agent):
    foreign = AgentFactory(service=ServiceFactory(authority=other_authority))
    with pytest.raises(ValidationError, match="collectivité"):
        services.add_agent_to_mobilisation(project, by=None, agent=foreign, days=Decimal("1"))
    agent.service = None
    with pytest.raises(ValidationError, match="aucun service"):
        services.add_agent_to_mobilisation(project, by=None, agent=agent, days=Decimal("1"))
    assert not Mobilisation.objects.exists()
