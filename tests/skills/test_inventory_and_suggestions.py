"""The language and country inventory (aggregates for all, names as allowed), and the project
tab's "who could help" suggestions with their reasons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.skills.models import Profile
from tests.factories import PartnerFactory, ProjectFactory, ProjectPartnerFactory

from .factories import ProfileFactory, expert_in, knows, speaks

pytestmark = pytest.mark.django_db

RESTRICTED = Profile.Visibility.RESTRICTED


@pytest.fixture
def speakers(org):
    alice = ProfileFactory(agent=org.agent("Alice"))
    speaks(alice, "wo", "C1")
    speaks(alice, "en", "B2")
    knows(alice, "SN", "worked", regions="Thiès")
    bruno = ProfileFactory(agent=org.agent("Bruno"), visibility=RESTRICTED)
    speaks(bruno, "wo", "A2")
    knows(bruno, "SN", "visited")
    jade = ProfileFactory(agent=org.agent("Jade"))
    speaks(jade, "en", "C2")
    carla = ProfileFactory(agent=org.agent("Carla"))
    speaks(carla, "wo", "B2")
    ProfileFactory(agent=org.agent("Henri"), published=False)
    speaks(Profile.objects.get(agent=org.agent("Henri")), "wo", "C2")
    return {"alice": alice, "bruno": bruno, "jade": jade, "carla": carla}


def test_languages_counted_by_level_for_every_agent(org, speakers, client_for):
    page = client_for(org.user("Jade")).get(reverse("skills_inventory"))
    assert page.status_code == 200
    rows = {row.key: row for row in page.context["rows"]}
    assert list(rows) == ["wo", "en"]  # most spoken first
    assert rows["wo"].counts == [0, 1, 0, 1, 1, 0] and rows["wo"].total == 3
    assert rows["en"].counts == [0, 0, 0, 1, 0, 1]
    assert page.context["profiles"]["published"] == 4
    assert "Wolof" in page.content.decode()


def test_language_detail_counts_by_directorate_and_names_as_allowed(org, speakers, client_for):
    page = client_for(org.user("Jade")).get(reverse("skills_inventory") + "?langue=wo")
    detail = page.context["detail"]
    # Jade may not see every name: directorates of fewer than 3 speakers are grouped.
    by_directorate = {row.service.name: (row.counts, row.total) for row in detail["directorates"]}
    assert by_directorate == {"Autres directions": ([0, 1, 0, 1, 1, 0], 3)}
    names = [e.profile.agent.first_name for e in detail["names"]]
    assert names == ["Alice", "Carla"]  # Bruno chose "DRI and référents only"
    assert detail["hidden"] == 1
    html = page.content.decode()
    assert "1 agent a choisi de ne montrer son nom" in html
    dora = client_for(org.user("Dora")).get(reverse("skills_inventory") + "?langue=wo")
    assert [e.profile.agent.first_name for e in dora.context["detail"]["names"]] == [
        "Alice",
        "Carla",
        "Bruno",
    ]
    assert dora.context["detail"]["hidden"] == 0
    by_directorate = {
        row.service.name: (row.counts, row.total) for row in dora.context["detail"]["directorates"]
    }
    assert by_directorate == {
        "Direction Aménagement": ([0, 1, 0, 0, 1, 0], 2),
        "Service Culture": ([0, 0, 0, 1, 0, 0], 1),
    }


def test_small_counts_by_directorate_are_masked_when_names_are_hidden(org, speakers, client_for):
    """Jade does not see Bruno's name: the counts of 1 or 2 by directorate would point at him."""
    page = client_for(org.user("Jade")).get(reverse("skills_inventory") + "?langue=wo")
    detail = page.context["detail"]
    shown = {row.service.name: (row.cells, row.shown_total) for row in detail["directorates"]}
    # Grouped: the table no longer says in which directorate Bruno, hidden, works.
    assert shown == {"Autres directions": ([0, "< 3", 0, "< 3", "< 3", 0], 3)}
    assert detail["masked"] is True
    html = page.content.decode()
    assert "Les effectifs de 1 ou 2 sont affichés" in html
    assert "&lt; 3" in html


def test_counts_are_not_masked_for_who_sees_every_name(org, speakers, client_for):
    page = client_for(org.user("Dora")).get(reverse("skills_inventory") + "?langue=wo")
    detail = page.context["detail"]
    assert detail["hidden"] == 0
    assert detail["masked"] is False
    shown = {row.service.name: (row.cells, row.shown_total) for row in detail["directorates"]}
    assert shown["Direction Aménagement"] == ([0, 1, 0, 0, 1, 0], 2)
    assert "certains agents ne montrent leur nom" not in page.content.decode()


def test_countries_counted_by_relation_with_names_as_allowed(org, speakers, client_for):
    page = client_for(org.user("Jade")).get(reverse("skills_countries") + "?pays=SN")
    assert page.status_code == 200
    row = page.context["rows"][0]
    assert (row.key, row.total) == ("SN", 2)
    assert row.counts == [0, 1, 0, 1]  # lived, worked, studied, visited
    detail = page.context["detail"]
    assert [e.profile.agent.first_name for e in detail["names"]] == ["Alice"]
    assert detail["hidden"] == 1
    assert "Thiès" in page.content.decode()


def test_unknown_language_or_country_is_ignored(org, speakers, client_for):
    client = client_for(org.user("Jade"))
    assert "detail" not in client.get(reverse("skills_inventory") + "?langue=zz").context
    assert "detail" not in client.get(reverse("skills_countries") + "?pays=ZZ").context


@pytest.fixture
def senegal_project(org):
    project = ProjectFactory(authority=org.authority, title="Chantier à Thiès")
    ProjectPartnerFactory(project=project, partner=PartnerFactory(authority=org.authority))
    project.policy_areas.add("045")
    return project


def test_who_could_help_lists_matching_profiles_with_reasons(
    org, speakers, senegal_project, client_for
):
    expert_in(speakers["jade"], "04")
    page = client_for(org.user("Dora")).get(reverse("project_skills", args=[senegal_project.pk]))
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert [c.iso2 for c in suggestions.countries] == ["SN"]
    assert {lang.code for lang in suggestions.languages} >= {"wo"}
    by_name = {m.agent.first_name: m.reasons for m in suggestions.matches}
    assert list(by_name)[0] == "Alice"  # two criteria met: country and language
    assert by_name["Alice"] == [
        "Pays partenaire : Sénégal — y a travaillé (Thiès)",
        "Langue parlée en Sénégal : Wolof C1",
    ]
    assert by_name["Bruno"] == ["Pays partenaire : Sénégal — l'a visité"]  # A2: no language
    assert by_name["Carla"] == ["Langue parlée en Sénégal : Wolof B2"]
    assert by_name["Jade"] == [
        "Expertise dans les politiques du projet : 04 Coopération décentralisée, actions "
        "interrégionales et européennes"
    ]
    assert "Henri" not in by_name  # unpublished
    html = page.content.decode()
    assert "Qui pourrait aider ?" in html and "Langue parlée en Sénégal : Wolof C1" in html


def test_who_could_help_respects_visibility(org, speakers, senegal_project, client_for):
    page = client_for(org.user("Carla")).get(reverse("project_skills", args=[senegal_project.pk]))
    names = {m.agent.first_name for m in page.context["suggestions"].matches}
    assert names == {"Alice", "Carla"}


def test_project_without_partner_nor_policy_area_explains_what_to_add(org, client_for):
    project = ProjectFactory(authority=org.authority)
    page = client_for(org.user("Dora")).get(reverse("project_skills", args=[project.pk]))
    assert "Indiquez les partenaires du projet" in page.content.decode()


def test_the_tab_is_in_the_project_navigation(org, senegal_project, client_for):
    html = client_for(org.user("Jade")).get(reverse("project_detail", args=[senegal_project.pk]))
    assert reverse("project_skills", args=[senegal_project.pk]) in html.content.decode()


def test_small_counts_are_masked_in_the_authority_wide_tables(org, speakers, client_for):
    """Whoever looks, a language or country known by one or two agents shows "< 3"."""
    for user in ("Jade", "Dora"):
        page = client_for(org.user(user)).get(reverse("skills_inventory"))
        rows = {row.key: row for row in page.context["rows"]}
        assert rows["wo"].cells == [0, "< 3", 0, "< 3", "< 3", 0] and rows["wo"].shown_total == 3
        assert rows["en"].cells == [0, 0, 0, "< 3", 0, "< 3"] and rows["en"].shown_total == "< 3"
        html = page.content.decode()
        assert "&lt; 3" in html
        assert ">1</td>" not in html.split('id="language-table"')[1].split("</table>")[0]
    countries = client_for(org.user("Jade")).get(reverse("skills_countries"))
    [row] = countries.context["rows"]
    assert row.cells == [0, "< 3", 0, "< 3"] and row.shown_total == "< 3"


def test_the_directorate_of_a_hidden_single_speaker_is_not_shown(org, speakers, client_for):
    page = client_for(org.user("Jade")).get(reverse("skills_inventory") + "?langue=wo")
    table = page.content.decode().split('id="language-detail"')[1].split("</table>")[0]
    assert "Service Culture" not in table and "Direction Aménagement" not in table
    assert "Autres directions" in table
