"""The elected officials' list and an official's page show what each official carries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.projects.models import ProjectCarrier
from tests.factories import ElectedOfficialFactory, ProjectFactory

from .elected_helpers import carrying_official, section

pytestmark = pytest.mark.django_db


def test_the_list_shows_projects_committees_and_next_dates(
    authority, other_authority, users, client_for
):
    case = carrying_official(authority)
    idle = ElectedOfficialFactory(authority=authority, last_name="Sansprojet")
    carrying_official(other_authority, marker="Beta")
    html = client_for(users[Role.AGENT]).get(reverse("elected_list")).content.decode()
    card = html[html.index(f'data-official="{case.official.pk}"') :]
    card = card[: card.index("</div>")]
    assert "Projet porté Alpha 0" in card and "— porteur" in card
    assert "Projet co-porté Alpha" in card and "— co-porteur" in card
    assert "Projet d&#x27;un autre Alpha" not in card
    assert "Comité présidé Alpha</a> — présidente" in card
    assert "Comité siégé Alpha</a> — membre" in card
    assert "prochaine réunion le" in card
    assert "Prochaine mission : Mission à venir Alpha" in card
    assert "Prochaine délégation accueillie : Délégation reçue Alpha" in card
    assert "Mission passée Alpha" not in card
    assert reverse("elected_detail", args=[case.official.pk]) in html
    # An official who carries nothing says so; another authority's officials never appear.
    idle_card = html[html.index(f'data-official="{idle.pk}"') :]
    assert "Ne porte encore aucun projet." in idle_card[: idle_card.index("</div>")]
    assert "Beta" not in html


def test_an_officials_page_lists_what_she_carries(authority, users, client_for):
    case = carrying_official(authority)
    html = (
        client_for(users[Role.AGENT])
        .get(reverse("elected_detail", args=[case.official.pk]))
        .content.decode()
    )
    assert "Délégation Alpha" in html
    projects = section(html, "elected-projects")
    assert projects.index("Projet porté Alpha 0") < projects.index("Projet co-porté Alpha")
    assert "Co-porteur" in projects and "31 mars 2030" in projects
    assert "Projet d&#x27;un autre" not in projects
    committees = section(html, "elected-committees")
    assert committees.index("Comité présidé Alpha") < committees.index("Comité siégé Alpha")
    assert "Présidente" in committees
    assert "prochaine réunion le" in committees
    assert "aucune réunion prévue" in committees  # the committee she only sits on
    missions = section(html, "elected-missions")
    assert "Mission à venir Alpha" in missions and "Délégation reçue Alpha" in missions
    assert "Mission passée Alpha" not in missions
    # An agent may not print her brief: no link.
    assert reverse("elected_brief", args=[case.official.pk]) not in html


def test_an_officials_page_with_nothing_carried_says_what_to_do(authority, users, client_for):
    official = ElectedOfficialFactory(authority=authority)
    html = (
        client_for(users[Role.DRI])
        .get(reverse("elected_detail", args=[official.pk]))
        .content.decode()
    )
    assert "Cet élu ne porte encore aucun projet. La DRI désigne les élus porteurs" in html
    assert "Ne siège dans aucun comité actif." in html
    assert "Aucune mission ni délégation accueillie à venir." in html
    assert reverse("elected_brief", args=[official.pk]) in html  # the DRI prints any brief


def test_another_authoritys_project_is_never_listed(authority, other_authority, users, client_for):
    official = ElectedOfficialFactory(authority=authority)
    # A link across authorities the application never writes: still not shown.
    foreign = ProjectFactory(authority=other_authority, title="Projet étranger")
    ProjectCarrier.objects.create(project=foreign, official=official)
    client = client_for(users[Role.AGENT])
    for url in (reverse("elected_detail", args=[official.pk]), reverse("elected_list")):
        assert "Projet étranger" not in client.get(url).content.decode()


def test_another_authoritys_official_answers_404(other_authority, users, client_for):
    stranger = ElectedOfficialFactory(authority=other_authority)
    client = client_for(users[Role.AGENT])
    assert client.get(reverse("elected_detail", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("elected_detail", args=[stranger.pk])).status_code == 405
