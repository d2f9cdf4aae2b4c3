"""Search (DRI, référents): ordered by the number of criteria met, each result with its reasons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.skills.models import Profile
from tests.factories import AgentFactory, ServiceFactory

from .factories import ProfileFactory, expert_in, knows, speaks, tagged

pytestmark = pytest.mark.django_db

URL = reverse("skills_search")


def results(client, query: str) -> list:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return list(response.context["page_obj"].object_list)


@pytest.fixture
def profiles(org):
    """Four published profiles meeting 3, 2, 1 and 0 of (Wolof ≥ B2, Senegal, missions)."""
    three = ProfileFactory(agent=org.agent("Alice"), missions_abroad=True)
    speaks(three, "wo", "C1")
    knows(three, "SN", "worked", regions="Thiès")
    two = ProfileFactory(agent=org.agent("Bruno"))
    speaks(two, "wo", "B2")
    knows(two, "SN", "visited")
    one = ProfileFactory(agent=org.agent("Jade"), missions_abroad=True)
    speaks(one, "wo", "B1")  # below the level asked: no language criterion
    none = ProfileFactory(agent=org.agent("Carla"))
    speaks(none, "en", "C2")
    return {"three": three, "two": two, "one": one, "none": none}


def test_results_are_ordered_by_criteria_met_with_reasons(org, profiles, client_for):
    found = results(
        client_for(org.user("Dora")), "langue=wo&niveau=B2&pays=SN&disponibilite=missions_abroad"
    )
    assert [m.profile.pk for m in found] == [
        profiles["three"].pk,
        profiles["two"].pk,
        profiles["one"].pk,
    ]
    assert [m.score for m in found] == [3, 2, 1]
    assert found[0].reasons == [
        "Langue : Wolof C1",
        "Pays : Sénégal — y a travaillé (Thiès)",
        "Disponible : Missions à l'étranger",
    ]
    assert found[1].reasons == ["Langue : Wolof B2", "Pays : Sénégal — l'a visité"]
    assert found[2].reasons == ["Disponible : Missions à l'étranger"]


def test_page_shows_the_count_and_the_reasons(org, profiles, client_for):
    html = (
        client_for(org.user("Dora"))
        .get(f"{URL}?langue=wo&niveau=B2&pays=SN&disponibilite=missions_abroad")
        .content.decode()
    )
    assert "3 profils remplissent au moins un critère" in html
    assert "3 critères sur 3" in html
    assert "Langue : Wolof C1" in html


def test_ties_are_broken_by_name(org, client_for):
    for name in ("Jade", "Bruno", "Alice"):
        speaks(ProfileFactory(agent=org.agent(name)), "ar", "B2")
    found = results(client_for(org.user("Dora")), "langue=ar")
    assert [m.agent.first_name for m in found] == ["Alice", "Bruno", "Jade"]


def test_without_criteria_every_profile_in_reach_by_name(org, profiles, client_for):
    ProfileFactory(agent=org.agent("Henri"), published=False)
    found = results(client_for(org.user("Dora")), "")
    assert {m.profile.pk for m in found} == {p.pk for p in profiles.values()}


def test_policy_area_matches_sub_areas_and_parents(org, client_for):
    broad = ProfileFactory(agent=org.agent("Alice"))
    expert_in(broad, "04")
    narrow = ProfileFactory(agent=org.agent("Bruno"))
    expert_in(narrow, "045")
    other = ProfileFactory(agent=org.agent("Jade"))
    expert_in(other, "722")
    found = results(client_for(org.user("Dora")), "expertise=045")
    assert {m.profile.pk for m in found} == {broad.pk, narrow.pk}
    assert found[0].reasons[0].startswith("Expertise : 04")
    found = results(client_for(org.user("Dora")), "expertise=04")
    assert {m.profile.pk for m in found} == {broad.pk, narrow.pk}


def test_tag_criterion(org, client_for):
    tagged(ProfileFactory(agent=org.agent("Alice")), "Compostage")
    ProfileFactory(agent=org.agent("Bruno"))
    found = results(client_for(org.user("Dora")), "mot_cle=compostage")
    assert [m.reasons for m in found] == [["Mot-clé : Compostage"]]


def test_service_narrows_to_the_service_and_those_below(org, profiles, client_for):
    found = results(client_for(org.user("Dora")), f"langue=wo&service={org.direction.pk}")
    assert {m.profile.pk for m in found} == {
        profiles["three"].pk,
        profiles["two"].pk,
        profiles["one"].pk,
    }
    found = results(client_for(org.user("Dora")), f"langue=wo&service={org.youth.pk}")
    assert {m.profile.pk for m in found} == {profiles["one"].pk}


def test_referent_finds_restricted_profiles_of_their_services_only(org, profiles, client_for):
    Profile.objects.update(visibility=Profile.Visibility.RESTRICTED)
    found = results(client_for(org.user("Rita")), "langue=wo")  # référent of Environnement
    assert {m.profile.pk for m in found} == {profiles["three"].pk, profiles["two"].pk}
    assert results(client_for(org.user("Remi")), "langue=wo") == []


def test_results_are_paginated(org, client_for):
    service = ServiceFactory(authority=org.authority)
    for _ in range(23):
        speaks(ProfileFactory(agent=AgentFactory(service=service)), "es", "B2")
    client = client_for(org.user("Dora"))
    response = client.get(f"{URL}?langue=es")
    assert response.context["page_obj"].paginator.count == 23
    assert len(response.context["page_obj"].object_list) == 20
    page2 = client.get(f"{URL}?langue=es&page=2")
    assert len(page2.context["page_obj"].object_list) == 3
    assert "langue=es" in response.context["querystring"]
