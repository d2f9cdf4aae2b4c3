"""A manager's approval adds the agent and the call's days to their service's mobilisation on
the project, but never answers for the service: a mobilisation not yet confirmed by the
service's référent stays for them to confirm, and the approver is told so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from maillage.core.models import AuditEvent
from maillage.projects.models import Mobilisation
from maillage.projects.registry import services as project_services
from maillage.skills import services
from tests.factories import MobilisationFactory, ProjectFactory

from .factories import SkillCallFactory

pytestmark = pytest.mark.django_db

M = Mobilisation.Status
AWAITS = "attend la confirmation de son référent"


@pytest.fixture
def project(org):
    return ProjectFactory(authority=org.authority, title="Jumelage avec Thiès")


@pytest.fixture
def call(org, project):
    return SkillCallFactory(
        project=project, title="Appui wolof", effort_days=Decimal("4"), created_by=org.user("Dora")
    )


def approve_through_the_page(client_for, org, call):
    """Alice volunteers; Henri, head of her service, approves on the answer page."""
    answer = services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    client = client_for(org.user("Henri"))
    page = client.post(
        reverse("call_response", args=[answer.pk]),
        {"action": "decide", "decision": "approve", "comment": ""},
        follow=True,
    )
    assert page.status_code == 200
    answer.refresh_from_db()
    assert answer.status == "approved"
    return answer, [str(m) for m in get_messages(page.wsgi_request)] + [page.content.decode()]


def said(shown: list[str], text: str) -> bool:
    return any(text in s for s in shown)


def test_confirmed_mobilisation_takes_the_agent_and_no_warning(org, project, call, client_for):
    confirmed = MobilisationFactory(
        project=project, service=org.environment, status=M.CONFIRMED, days_planned=Decimal("10")
    )
    answer, shown = approve_through_the_page(client_for, org, call)
    confirmed.refresh_from_db()
    assert answer.mobilisation == confirmed
    assert confirmed.status == M.CONFIRMED
    assert confirmed.days_planned == Decimal("14")
    assert list(confirmed.agents.all()) == [org.agent("Alice")]
    assert not said(shown, AWAITS)
    assert said(shown, "Accord donné")


def test_proposed_mobilisation_stays_for_the_referent_and_the_approver_is_told(
    org, project, call, client_for
):
    proposed = MobilisationFactory(project=project, service=org.environment, status=M.PROPOSED)
    answer, shown = approve_through_the_page(client_for, org, call)
    proposed.refresh_from_db()
    assert answer.mobilisation == proposed
    assert proposed.status == M.PROPOSED
    assert proposed.answered_by is None and proposed.answered_at is None
    assert proposed.days_planned == Decimal("14")
    assert list(proposed.agents.all()) == [org.agent("Alice")]
    assert said(shown, f"La mobilisation du service {org.environment} sur ce projet {AWAITS}")


def test_declined_mobilisation_goes_back_to_the_referent(org, project, call, client_for):
    declined = MobilisationFactory(
        project=project,
        service=org.environment,
        status=M.DECLINED,
        response_comment="Pas cette année.",
        answered_by=org.user("Rita"),
    )
    answer, shown = approve_through_the_page(client_for, org, call)
    declined.refresh_from_db()
    assert declined.status == M.PROPOSED
    assert declined.answered_by is None
    assert said(shown, AWAITS)


def test_missing_mobilisation_is_created_proposed(org, project, call, client_for):
    answer, shown = approve_through_the_page(client_for, org, call)
    created = Mobilisation.objects.get(project=project, service=org.environment)
    assert answer.mobilisation == created
    assert created.status == M.PROPOSED
    assert created.answered_by is None
    assert created.days_planned == Decimal("4")
    assert created.proposed_by == org.user("Henri")
    assert said(shown, AWAITS)
    event = AuditEvent.objects.get(object_type="projects.Mobilisation", object_id=str(created.pk))
    assert event.kind == "mobilisation.agent_added"
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["status"] == [None, M.PROPOSED]
    assert event.changes["call"] == [None, str(call.pk)]
    # The référent then confirms, as for any proposal.
    project_services.answer_mobilisation(created, by=org.user("Rita"), confirm=True)
    created.refresh_from_db()
    assert created.status == M.CONFIRMED and created.answered_by == org.user("Rita")
