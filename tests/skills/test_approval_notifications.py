"""The approval a manager must give reaches the agent's managers only: not another service's
référent, not the directorate's head when the service has its own, not the agent."""

from __future__ import annotations

import pytest
from django.core import mail

from maillage.notices.models import Notification
from maillage.skills import services

from .factories import ProfileFactory, SkillCallFactory

pytestmark = pytest.mark.django_db


def test_approval_request_reaches_exactly_the_agents_managers(
    org, django_capture_on_commit_callbacks
):
    call = SkillCallFactory(project__authority=org.authority, created_by=org.user("Dora"))
    ProfileFactory(agent=org.agent("Alice"))
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer(call, by=org.user("Alice"), agent=org.agent("Alice"))
    approval = Notification.objects.filter(kind="approval_requested")
    assert sorted(approval.values_list("recipient__first_name", flat=True)) == ["Henri", "Rita"]
    assert sorted(m.to[0] for m in mail.outbox if "Accord demandé" in m.subject) == [
        "henri@ville.example.fr",
        "rita@ville.example.fr",
    ]
    # The DRI who opened the call is told as well (its own kind), and no one else.
    others = Notification.objects.exclude(kind="approval_requested")
    assert [(n.kind, n.recipient.first_name) for n in others] == [("call_response", "Dora")]
