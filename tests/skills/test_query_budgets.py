"""The skills pages run the same number of queries whatever the number of profiles and calls."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgentFactory, PartnerFactory, ProjectPartnerFactory, ServiceFactory

from .factories import (
    CallResponseFactory,
    ProfileFactory,
    SkillCallFactory,
    expert_in,
    knows,
    speaks,
    tagged,
)

pytestmark = pytest.mark.django_db

SEARCH = "langue=wo&niveau=B1&pays=SN&expertise=04&mot_cle=compostage&disponibilite=mentoring"
BUDGETS = {
    "my_profile": 15,
    "skills_inventory": 10,
    "skills_countries": 9,
    "skills_search": 14,
    "project_skills": 13,
    # The calls that fit the viewer: 3 queries for the calls, 4 for their profile's entries.
    "call_list": 14,
    "call_detail": 11,
    "profile_detail": 8,
}


def grow(authority, project, size: int) -> None:
    """``size`` services, each with 5 agents who have a full profile, a call and answers."""
    for i in range(size):
        service = ServiceFactory(authority=authority, name=f"Service {i}")
        agents = AgentFactory.create_batch(5, service=service)
        for j, agent in enumerate(agents):
            profile = ProfileFactory(agent=agent, visibility="authority" if j % 2 else "restricted")
            speaks(profile, "wo", "B2")
            speaks(profile, "en", "C1")
            knows(profile, "SN", "visited")
            expert_in(profile, "045")
            tagged(profile, "compostage")
        call = SkillCallFactory(project=project, language_id="wo", country_id="SN")
        call.tags.set(profile.tag_links.values_list("tag_id", flat=True))
        call.policy_areas.add("045")
        for agent in agents[:2]:
            CallResponseFactory(call=call, agent=agent)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# Search is for the DRI and référents only: Alice (a plain agent) is not measured on it.
CASES = [(name, viewer) for name in BUDGETS for viewer in ["Dora", "Alice"]]
CASES.remove(("skills_search", "Alice"))


@pytest.mark.parametrize(("name", "viewer"), CASES)
def test_query_count_is_flat(name, viewer, org, client_for):
    from tests.factories import ProjectFactory

    project = ProjectFactory(authority=org.authority)
    ProjectPartnerFactory(project=project, partner=PartnerFactory(authority=org.authority))
    project.policy_areas.add("045")
    mine = ProfileFactory(agent=org.agent("Alice"))
    speaks(mine, "wo", "C1")
    knows(mine, "SN", "lived")
    tagged(mine, "compostage")
    call = SkillCallFactory(project=project, language_id="wo", created_by=org.user("Dora"))
    CallResponseFactory(call=call, agent=org.agent("Alice"))
    urls = {
        "my_profile": reverse("my_profile"),
        "skills_inventory": reverse("skills_inventory") + "?langue=wo",
        "skills_countries": reverse("skills_countries") + "?pays=SN",
        "skills_search": reverse("skills_search") + "?" + SEARCH,
        "project_skills": reverse("project_skills", args=[project.pk]),
        "call_list": reverse("call_list"),
        "call_detail": reverse("call_detail", args=[call.pk]),
        "profile_detail": reverse("profile_detail", args=[mine.pk]),
    }
    client = client_for(org.user(viewer))
    grow(org.authority, project, 1)
    small = count(client, urls[name])
    grow(org.authority, project, 5)
    large = count(client, urls[name])
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[name], f"{name}: {large} queries"


def test_search_with_a_call_to_invite_to_is_flat(org, client_for):
    from tests.factories import ProjectFactory

    project = ProjectFactory(authority=org.authority)
    call = SkillCallFactory(project=project, language_id="wo", min_level_id="B1")
    client = client_for(org.user("Dora"))
    url = reverse("skills_search") + f"?appel={call.pk}"
    grow(org.authority, project, 1)
    small = count(client, url)
    grow(org.authority, project, 5)
    assert count(client, url) == small <= 20
