"""A call's agent-days agree in number with the count shown: "1,5 jour-agent", "6 jours-agent"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from maillage.skills import notifications

from .factories import CallResponseFactory, SkillCallFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("effort", "expected"),
    [
        (Decimal("0.5"), "0,5 jour-agent"),
        (Decimal("1.5"), "1,5 jour-agent"),
        (Decimal("6"), "6 jours-agent"),
    ],
)
def test_call_pages_agree_with_the_count(org, client_for, effort, expected):
    call = SkillCallFactory(project__authority=org.authority, effort_days=effort)
    alice = client_for(org.user("Alice"))

    assert expected in alice.get(reverse("call_detail", args=[call.pk])).content.decode()
    volunteer = alice.get(reverse("call_volunteer", args=[call.pk])).content.decode()
    assert f"Charge prévue : {expected}." in volunteer


def test_response_page_and_manager_mail(org, client_for, django_capture_on_commit_callbacks):
    call = SkillCallFactory(project__authority=org.authority, effort_days=Decimal("1.5"))
    response = CallResponseFactory(call=call, agent=org.agent("Alice"))

    page = client_for(org.user("Dora")).get(reverse("call_response", args=[response.pk]))
    assert "1,5 jour-agent demandé" in page.content.decode()

    manager_page = client_for(org.user("Henri")).get(reverse("call_response", args=[response.pk]))
    assert "avec 1,5 jour-agent prévu." in manager_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        notifications.awaiting_manager(response, [org.user("Henri")])
    assert f"({call.title}, 1,5 jour-agent)" in mail.outbox[-1].body
