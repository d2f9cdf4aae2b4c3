"""An elected official's printable brief: her own, or any for those who prepare the council."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from tests.factories import ElectedOfficialFactory, member

from .elected_helpers import carrying_official, section

pytestmark = pytest.mark.django_db


def brief_url(official) -> str:
    return reverse("elected_brief", args=[official.pk])


def test_her_own_brief_is_one_printable_page(authority, users, client_for):
    user = users[Role.ELECTED]
    case = carrying_official(authority, user)
    response = client_for(user).get(brief_url(case.official))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Fiche de Nadia PorteuseAlpha" in html
    assert "Adjointe Alpha" in html and "Délégation Alpha" in html
    assert "/static/maillage/portal.css" in html  # the print layout
    assert 'class="elected-brief"' in html
    assert "Projet porté Alpha 0" in section(html, "my-projects")
    assert "Point sur le projet Alpha" in section(html, "my-committees")
    assert "Action ouverte Alpha" in section(html, "committee-actions")
    assert "Mission à venir Alpha" in section(html, "my-missions")
    assert "Chiffres clés de mes projets" in section(html, "my-figures")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.DRI, 200),
        (Role.DIRECTION, 200),
        (Role.ELECTED, 403),  # another official's brief
        (Role.REFERENT, 403),
        (Role.AGENT, 403),
    ],
)
def test_who_reads_another_officials_brief(role, status, authority, users, client_for):
    case = carrying_official(authority)
    ElectedOfficialFactory(authority=authority, user=users[Role.ELECTED])
    response = client_for(users[role]).get(brief_url(case.official))
    assert response.status_code == status
    assert ("Projet porté Alpha" in response.content.decode()) == (status == 200)


def test_an_elected_official_with_another_role_still_reads_only_her_own(authority, client_for):
    user = member(authority, Role.ELECTED, Role.AGENT, username="elue-agent")
    own = ElectedOfficialFactory(authority=authority, user=user)
    other = ElectedOfficialFactory(authority=authority)
    client = client_for(user)
    assert client.get(brief_url(own)).status_code == 200
    assert client.get(brief_url(other)).status_code == 403


def test_another_authoritys_official_answers_404_or_403(other_authority, users, client_for):
    stranger = ElectedOfficialFactory(authority=other_authority, user=users[Role.ELECTED])
    # Those who read every brief look the official up: not in their authority.
    assert client_for(users[Role.DRI]).get(brief_url(stranger)).status_code == 404
    # An elected official reads only her own, in the current authority: any other id is refused
    # without saying whether it exists.
    assert client_for(users[Role.ELECTED]).get(brief_url(stranger)).status_code == 403


def test_only_get(authority, users, client_for):
    official = ElectedOfficialFactory(authority=authority, user=users[Role.ELECTED])
    assert client_for(users[Role.ELECTED]).post(brief_url(official)).status_code == 405


def test_anonymous_is_sent_to_login(authority, client):
    official = ElectedOfficialFactory(authority=authority)
    response = client.get(brief_url(official))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Query budgets ---------------------------------------------------------------------------

# The home page of an elected official: the common blocks (session, user, memberships, her
# officials with delegations and policy areas) and her own (projects, local benefits, next
# committee points, seats, next meetings and their agendas, missions, open actions, figures).
HOME_BUDGET = 16
# The brief: the same blocks read for one official, without the home's other blocks.
BRIEF_BUDGET = 15


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("page", "budget"), [("home", HOME_BUDGET), ("brief", BRIEF_BUDGET)])
def test_query_count_is_flat(page, budget, authority, users, client_for):
    user = users[Role.ELECTED]
    case = carrying_official(authority, user, size=1)
    client = client_for(user)
    url = reverse("home") if page == "home" else brief_url(case.official)
    small = count_queries(client, url)
    # Many more projects, committees, meetings and missions, hers and others'.
    carrying_official(authority, marker="Autre", size=3)
    for i in range(4):
        more = carrying_official(authority, marker=f"Plus{i}", size=3)
        more.carried[0].carriers.update(official=case.official)
        for committee in (more.chaired, more.member_of):
            committee.members.update(elected_official=case.official)
        for trip in (more.mission, more.reception):
            trip.elected_officials.add(case.official)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{page}: {large} queries"
