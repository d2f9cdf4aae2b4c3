"""The demo authority's committees (maillage/demo/governance_data.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Authority, Role
from maillage.demo.data import PASSWORD
from maillage.governance import selectors
from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from maillage.organisation.models import Agent

MODELS = [
    Committee,
    Committee.projects.through,
    Committee.policy_areas.through,
    CommitteeMember,
    Meeting,
    AgendaItem,
    Attendance,
    Decision,
    ActionItem,
]


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, verbosity=0)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in MODELS}


@pytest.fixture
def demo(db) -> Authority:
    load()
    return Authority.objects.get(slug="bellerive")


@pytest.mark.django_db
def test_steering_committee_of_the_demo(demo):
    steering = Committee.objects.get(
        authority=demo, name="Comité de pilotage de l'action internationale"
    )
    members = list(CommitteeMember.objects.filter(committee=steering))
    agents = [m for m in members if m.agent_id]
    officials = [m for m in members if m.elected_official_id]
    assert len(officials) == 2
    assert 6 <= len(agents) <= 8
    assert any(m.agent.user and m.agent.user.username == "dri" for m in agents)
    meetings = list(Meeting.objects.filter(committee=steering).order_by("starts_at"))
    # Held every year since 2022, the next one planned.
    assert [m.status for m in meetings] == ["held"] * (len(meetings) - 1) + ["planned"]
    assert {m.starts_at.year for m in meetings[:-1]} == {2022, 2023, 2024, 2025, 2026}
    for held in meetings[:-1]:
        assert held.minutes and held.decisions.exists() and held.actions_created.exists()
        assert Attendance.objects.filter(meeting=held).count() == len(members)
    references = [
        d.reference for d in Decision.objects.filter(committee=steering, year=2026).order_by("pk")
    ]
    assert references == ["2026-001", "2026-002", "2026-003", "2026-004"]
    # The planned meeting reviews the actions still open.
    carried = list(selectors.carried_actions(meetings[-1]))
    assert carried and all(a.closed_on is None for a in carried)
    assert ActionItem.objects.filter(committee=steering, status="done").exists()
    assert steering.projects.count() == 10


@pytest.mark.django_db
def test_technical_committee_follows_the_thies_project(demo):
    technical = Committee.objects.get(authority=demo, kind="technical")
    project = technical.projects.get()
    assert "Thiès" in project.title
    assert CommitteeMember.objects.filter(
        committee=technical, external_name="Mamadou Ndiaye"
    ).exists()
    assert technical in selectors.committees_of_project(project)


@pytest.mark.django_db
def test_demo_referent_sees_and_updates_own_actions(demo, client):
    fatou = Agent.objects.get(user__username="referent")
    assert selectors.open_actions_for_agent(fatou, 5)
    # Through the login page: the lockout check needs the request.
    assert (
        client.post(reverse("login"), {"username": Role.REFERENT, "password": PASSWORD}).status_code
        == 302
    )
    page = client.get(reverse("action_list") + "?mes=1")
    assert "Préparer le bilan de propreté" in page.content.decode()
    steering = Committee.objects.get(authority=demo, kind="steering")
    assert client.get(reverse("committee_detail", args=[steering.pk])).status_code == 200
    meeting = Meeting.objects.filter(committee=steering).order_by("starts_at").last()
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200


@pytest.mark.django_db
def test_second_run_leaves_the_committees_identical(demo):
    before = snapshot()
    assert before["governance.ActionItem"]
    load()
    assert snapshot() == before
