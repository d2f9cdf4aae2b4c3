"""A call whose title holds a line break still sends its e-mails, with a one-line subject."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from maillage.skills import services
from maillage.skills.models import CallResponse
from tests.factories import ProjectFactory

from .factories import ProfileFactory, SkillCallFactory, speaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(org):
    project = ProjectFactory(authority=org.authority, title="Chantier à Thiès")
    return SkillCallFactory(
        project=project,
        title="Locuteur wolof\r\nBcc: intrus@example.com\npour Thiès",
        language_id="wo",
        effort_days=Decimal("3"),
        created_by=org.user("Dora"),
    )


@pytest.fixture
def alice(org):
    profile = ProfileFactory(agent=org.agent("Alice"))
    speaks(profile, "wo", "C1")
    return profile


def test_invitation_with_a_line_break_in_the_title_is_sent(
    org, call, alice, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org.user("Dora")).post(
            reverse("call_invite", args=[call.pk]), {"profil": alice.pk, "message": "Partante ?"}
        )
    assert response.status_code == 302
    assert CallResponse.objects.filter(call=call, agent=org.agent("Alice")).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@ville.example.fr"]
    assert message.subject == (
        "[Maillage] Invitation : Locuteur wolof Bcc: intrus@example.com pour Thiès"
    )
    assert message.bcc == []
    assert "\n" not in message.message()["Subject"]


def test_every_step_of_the_workflow_sends_one_line_subjects(
    org, call, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.invite(call, profile=alice, by=org.user("Dora"))
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(answer, by=org.user("Alice"))
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
