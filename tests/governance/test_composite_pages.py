"""Committees seen from elsewhere: the agent's open actions on the home page, and the
committees that follow a project on its page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.governance.models import ActionItem

from ..factories import AgentFactory, ProjectFactory, ServiceFactory
from .factories import ActionFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_users_open_actions_with_overdue_ones_flagged(authority, users, client_for):
    user = users[Role.AGENT]
    agent = AgentFactory(service=ServiceFactory(authority=authority), user=user)
    meeting = MeetingFactory(committee=CommitteeFactory(authority=authority, name="Copil RI"))
    ActionFactory(
        meeting=meeting,
        owner_agent=agent,
        title="Rédiger la convention",
        due_date=datetime.date(2020, 1, 31),
    )
    ActionFactory(
        meeting=meeting,
        owner_agent=agent,
        title="Action close",
        status=ActionItem.Status.DONE,
        closed_on=datetime.date(2020, 2, 1),
    )
    ActionFactory(meeting=meeting, title="Action d'un autre service")

    html = client_for(user).get(reverse("home")).content.decode()

    assert 'id="my-actions"' in html
    assert "Rédiger la convention" in html and "Copil RI" in html
    assert "31/01/2020" in html and "en retard" in html
    assert "Action close" not in html
    assert "Action d&#x27;un autre service" not in html
    assert reverse("meeting_detail", args=[meeting.pk]) in html


def test_home_without_actions_shows_no_block(authority, users, client_for):
    AgentFactory(service=ServiceFactory(authority=authority), user=users[Role.AGENT])
    html = client_for(users[Role.AGENT]).get(reverse("home")).content.decode()
    assert 'id="my-actions"' not in html


def test_project_page_lists_the_committees_that_follow_it(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    followed = CommitteeFactory(authority=authority, name="Comité technique Thiès")
    followed.projects.add(project)
    CommitteeFactory(authority=authority, name="Comité sans ce projet")

    html = client_for(users[Role.AGENT]).get(reverse("project_detail", args=[project.pk]))
    html = html.content.decode()

    assert "Comité technique Thiès" in html
    assert reverse("committee_detail", args=[followed.pk]) in html
    assert "Comité sans ce projet" not in html


def test_project_page_says_when_no_committee_follows_it(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    dri_html = client_for(users[Role.DRI]).get(reverse("project_detail", args=[project.pk]))
    agent_html = client_for(users[Role.AGENT]).get(reverse("project_detail", args=[project.pk]))
    assert "Aucun comité ne suit ce projet." in dri_html.content.decode()
    assert "Le rattacher à un comité" in dri_html.content.decode()
    assert "Le rattacher à un comité" not in agent_html.content.decode()
