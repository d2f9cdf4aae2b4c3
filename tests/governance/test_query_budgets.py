"""Committee pages run the same number of queries whatever the data size."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Role
from maillage.governance.models import Attendance

from ..factories import AgentFactory, ElectedOfficialFactory, ProjectFactory, ServiceFactory
from .factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
    at,
)

# Session, user and memberships (3), then the page's own reads:
# committee_list 2 (count, page with next meeting, open actions and members as subqueries);
# committee_detail 9 (committee, members, open actions, recent decisions, projects, upcoming
# and past meetings: count and page each); meeting_detail 7 (meeting with its committee,
# members, attendance, agenda, decisions, actions created, actions carried); decision_list 5
# (count, page, committees, projects and years of the filters); action_list 5 (agent records of
# the user, count, page, committees and owners of the filters).
BUDGETS = {
    "committee_list": 5,
    "committee_detail": 12,
    "meeting_detail": 10,
    "decision_list": 8,
    "action_list": 8,
}
ROLES = [Role.AGENT, Role.DRI]


@pytest.fixture
def target(authority):
    committee = CommitteeFactory(authority=authority, name="Comité suivi")
    meeting = MeetingFactory(committee=committee, starts_at=at(2026, 6, 1))
    return {"committee": committee, "meeting": meeting}


def grow(authority, target, size: int) -> None:
    """Add ``size`` of everything the pages show, in the target committee and around it."""
    committee, meeting = target["committee"], target["meeting"]
    service = ServiceFactory(authority=authority)
    now = timezone.now()
    for i in range(size):
        project = ProjectFactory(authority=authority)
        committee.projects.add(project)
        agent = AgentFactory(service=service, civility="mme")
        # Titles agreeing with each person's civility read it from the rows already joined.
        for member in (
            MemberFactory(
                committee=committee,
                agent=agent,
                external_name="",
                external_organisation="",
                position="chair",
            ),
            MemberFactory(
                committee=committee,
                elected_official=ElectedOfficialFactory(authority=authority, civility="m"),
                external_name="",
                external_organisation="",
                mandate_end=datetime.date(2026, 1, 1),
                position="vice_chair",
            ),
            MemberFactory(committee=committee, external_civility="mme", position="guest"),
        ):
            Attendance.objects.create(meeting=meeting, member=member, status="present")
        AgendaItemFactory(meeting=meeting, project=project)
        earlier = MeetingFactory(
            committee=committee, starts_at=at(2025, 1, 1) + datetime.timedelta(days=i)
        )
        MeetingFactory(
            committee=committee, starts_at=now + datetime.timedelta(days=i + 1), status="planned"
        )
        for where in (meeting, earlier):
            decision = DecisionFactory(meeting=where, project=project)
            ActionFactory(meeting=where, decision=decision, owner_agent=agent, project=project)
        other = CommitteeFactory(authority=authority)
        other.projects.add(project)
        other_meeting = MeetingFactory(committee=other, starts_at=now + datetime.timedelta(days=3))
        DecisionFactory(meeting=other_meeting)
        ActionFactory(meeting=other_meeting, owner_agent=agent)
        MemberFactory(committee=other)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def url_for(page: str, target) -> str:
    if page == "committee_detail":
        return reverse(page, args=[target["committee"].pk])
    if page == "meeting_detail":
        return reverse(page, args=[target["meeting"].pk])
    if page == "action_list":
        return reverse(page) + "?etat=toutes"
    return reverse(page)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(BUDGETS))
def test_query_count_is_flat(page, role, authority, users, client_for, target):
    AgentFactory(service=ServiceFactory(authority=authority), user=users[role])
    client = client_for(users[role])
    url = url_for(page, target)
    grow(authority, target, 2)
    small = count_queries(client, url)
    grow(authority, target, 12)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[page], f"{page}: {large} queries"


@pytest.mark.django_db
def test_csv_exports_are_flat(authority, users, client_for, target):
    client = client_for(users[Role.DRI])
    grow(authority, target, 2)
    urls = [reverse("decision_list") + "?format=csv", reverse("action_list") + "?format=csv"]
    small = [count_queries(client, url) for url in urls]
    grow(authority, target, 12)
    assert [count_queries(client, url) for url in urls] == small
