"""Opt-in and visibility of international profiles: one test per rule.

The rule lives in ``maillage.skills.rules.ProfileScope``; pages reach it through
``can_see_profile`` (one profile) and ``skills.selectors.visible_q`` (querysets).
"""

from __future__ import annotations

import itertools

import pytest
from django.test import RequestFactory
from django.urls import reverse

from maillage.core.models import Role
from maillage.core.tenancy import TenancyMiddleware
from maillage.skills.models import Profile
from maillage.skills.rules import can_see_profile
from maillage.skills.selectors import visible_profiles
from tests.factories import AgentFactory, ServiceFactory, member

from .factories import ProfileFactory, speaks

pytestmark = pytest.mark.django_db

RESTRICTED = Profile.Visibility.RESTRICTED
OPEN = Profile.Visibility.AUTHORITY


def profile_of(agent, **kwargs) -> Profile:
    profile = ProfileFactory(agent=agent, **kwargs)
    speaks(profile, "wo", "C1")
    return profile


def detail(client, profile) -> int:
    return client.get(reverse("profile_detail", args=[profile.pk])).status_code


def names_on_inventory(client) -> str:
    return client.get(reverse("skills_inventory") + "?langue=wo").content.decode()


def search_ids(client) -> set[int]:
    response = client.get(reverse("skills_search") + "?langue=wo")
    assert response.status_code == 200
    return {m.profile.pk for m in response.context["page_obj"].object_list}


def test_unpublished_profile_is_shown_to_nobody_else(org, client_for):
    profile = profile_of(org.agent("Alice"), published=False, visibility=OPEN)
    for name in ("Dora", "Rita", "Bruno"):
        client = client_for(org.user(name))
        assert detail(client, profile) == 404, name
        assert "Aliceson" not in names_on_inventory(client), name
    assert profile.pk not in search_ids(client_for(org.user("Dora")))
    # Not even counted: nothing is shown until the agent publishes.
    inventory = client_for(org.user("Dora")).get(reverse("skills_inventory")).context
    assert inventory["rows"] == []


def test_agent_always_sees_their_own_profile(org, client_for):
    profile = profile_of(org.agent("Alice"), published=False)
    client = client_for(org.user("Alice"))
    response = client.get(reverse("profile_detail", args=[profile.pk]))
    assert response.status_code == 200
    assert "vous seul le voyez" in response.content.decode()
    # …but an unpublished profile is in no search, not even one's own.
    assert profile.pk not in search_ids(client_for(org.user("Dora")))


def test_restricted_profile_is_seen_by_the_dri_and_administrators(org, authority, client_for):
    profile = profile_of(org.agent("Alice"), visibility=RESTRICTED)
    admin = member(authority, Role.ADMIN, username="adm")
    for user in (org.user("Dora"), admin):
        client = client_for(user)
        assert detail(client, profile) == 200
        assert profile.pk in search_ids(client)
        assert "Aliceson" in names_on_inventory(client)


def test_restricted_profile_is_seen_by_the_referents_of_the_agents_service_only(org, client_for):
    profile = profile_of(org.agent("Alice"), visibility=RESTRICTED)
    rita = client_for(org.user("Rita"))  # référent of Environnement, Alice's service
    assert detail(rita, profile) == 200
    assert profile.pk in search_ids(rita)
    remi = client_for(org.user("Remi"))  # référent of Culture
    assert detail(remi, profile) == 404
    assert profile.pk not in search_ids(remi)
    assert "Aliceson" not in names_on_inventory(remi)


@pytest.mark.parametrize("name", ["Bruno", "Helene", "Carla"])
def test_restricted_profile_is_hidden_from_other_agents_but_counted(org, client_for, name):
    profile = profile_of(org.agent("Alice"), visibility=RESTRICTED)
    client = client_for(org.user(name))
    assert detail(client, profile) == 404
    page = client.get(reverse("skills_inventory") + "?langue=wo")
    assert "Aliceson" not in page.content.decode()
    assert page.context["detail"]["total"] == 1
    assert page.context["detail"]["hidden"] == 1


def test_profile_open_to_the_authority_is_seen_by_every_member(org, authority, client_for):
    profile = profile_of(org.agent("Alice"), visibility=OPEN)
    elected = member(authority, Role.ELECTED, username="elu")
    for user in (org.user("Bruno"), org.user("Carla"), org.user("Helene"), elected):
        client = client_for(user)
        assert detail(client, profile) == 200
        assert "Aliceson" in names_on_inventory(client)


def test_search_is_for_the_dri_and_referents_only(org, client_for):
    for name, status in (("Dora", 200), ("Rita", 200), ("Bruno", 403), ("Helene", 403)):
        response = client_for(org.user(name)).get(reverse("skills_search"))
        assert response.status_code == status, name


def test_another_authoritys_agent_is_never_seen(org, other_authority, client_for):
    service = ServiceFactory(authority=other_authority)
    outsider = profile_of(AgentFactory(service=service, last_name="Ailleurs"), visibility=OPEN)
    dora = client_for(org.user("Dora"))
    assert detail(dora, outsider) == 404
    assert outsider.pk not in search_ids(dora)
    page = dora.get(reverse("skills_inventory") + "?langue=wo")
    assert "Ailleurs" not in page.content.decode()
    assert page.context["rows"] == []
    # And the other way round: the other authority's DRI sees nothing of ours.
    ours = profile_of(org.agent("Alice"), visibility=OPEN)
    their_dri = client_for(member(other_authority, Role.DRI, username="their-dri"))
    assert detail(their_dri, ours) == 404
    assert ours.pk not in search_ids(their_dri)


def test_profile_of_an_agent_who_left_is_hidden(org, client_for):
    profile = profile_of(org.agent("Alice"), visibility=OPEN)
    org.agent("Alice").active = False
    org.agent("Alice").save()
    dora = client_for(org.user("Dora"))
    assert detail(dora, profile) == 404
    assert profile.pk not in search_ids(dora)
    assert dora.get(reverse("skills_inventory")).context["rows"] == []


def test_no_field_for_mother_tongue_nationality_or_origin():
    from django.apps import apps

    words = ("mother", "native", "maternel", "national", "origin", "birth", "ethnic")
    for model in apps.get_app_config("skills").get_models():
        for f in model._meta.get_fields():
            name = f"{model.__name__}.{f.name}".lower()
            # CallResponse.origin is how the answer started (invited / volunteered).
            if name == "callresponse.origin":
                continue
            assert not any(word in name for word in words), name


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    TenancyMiddleware(lambda r: None)(request)
    return request


def test_one_rule_for_one_profile_and_for_querysets(org, other_authority):
    """can_see_profile and the queryset filter agree for every viewer × kind of profile."""
    outsider_service = ServiceFactory(authority=other_authority)
    subjects = []
    for (published, visibility), agent in zip(
        itertools.product((True, False), (RESTRICTED, OPEN)),
        (org.agent("Alice"), org.agent("Bruno"), org.agent("Jade"), org.agent("Carla")),
        strict=True,
    ):
        subjects.append(ProfileFactory(agent=agent, published=published, visibility=visibility))
    subjects.append(ProfileFactory(agent=AgentFactory(service=outsider_service)))
    viewers = [org.user(n) for n in ("Dora", "Rita", "Remi", "Alice", "Helene", "Carla")]
    for user in viewers:
        request = _request(user)
        listed = set(visible_profiles(request).values_list("pk", flat=True))
        for profile in subjects:
            profile = Profile.objects.select_related("agent").get(pk=profile.pk)
            assert can_see_profile(request, profile) == (profile.pk in listed), (
                user.username,
                profile.published,
                profile.visibility,
                profile.agent.service,
            )
