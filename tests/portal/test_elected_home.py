"""The home page of an elected official: her projects, committees, actions, missions, figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import PolicyArea, Role
from maillage.projects.models import ProjectCarrier
from tests.factories import BudgetLineFactory, ElectedOfficialFactory, ProjectFactory

from .elected_helpers import carrying_official, section

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return client.get(reverse("home")).content.decode()


def test_her_home_shows_what_she_carries(authority, other_authority, users, client_for):
    user = users[Role.ELECTED]
    case = carrying_official(authority, user)
    carrying_official(other_authority, marker="Beta")
    html = home(client_for(user))
    assert "Beta" not in html
    assert f'href="{reverse("elected_brief", args=[case.official.pk])}"' in html
    assert "Imprimer ma fiche" in html
    projects = section(html, "my-projects")
    assert projects.index("Projet porté Alpha 0") < projects.index("Projet co-porté Alpha")
    assert "Projet d&#x27;un autre" not in projects
    assert "En cours" in projects
    assert "Fin prévue le 31 mars 2030" in projects
    assert "En comité le" in projects  # the next meeting with the project on its agenda
    assert "Retombée Alpha 0" in projects and "Résultat là-bas" not in projects
    assert "piloté par Service Alpha" in projects
    row = projects[projects.index(f'data-project="{case.carried[0].pk}"') :]
    assert '<td class="text-end">1</td>' in row[: row.index("</tr>")]  # one service mobilised
    committees = section(html, "my-committees")
    assert "Comité présidé Alpha</a> — Présidente" in committees
    assert "Salle Alpha" in committees and "Salle lointaine" not in committees
    assert "Point sur le projet Alpha" in committees and "Point lointain" not in committees
    assert "Aucune réunion n'est prévue" in committees  # the committee she sits on
    actions = section(html, "committee-actions")
    assert "Action ouverte Alpha" in actions and "Action close Alpha" not in actions
    assert "ne suit pas d'arbitrage en attente" in actions
    missions = section(html, "my-missions")
    assert "Mission à venir Alpha" in missions and "Délégation reçue Alpha" in missions
    assert "Mission passée Alpha" not in missions
    # Her delegation names no policy area: the figures are those of the projects she carries.
    figures = section(html, "my-figures")
    assert "Chiffres clés de mes projets" in figures
    assert '<p class="maillage-stat">2</p>' in figures


def test_figures_of_her_delegations_policy_areas(authority, users, client_for):
    user = users[Role.ELECTED]
    case = carrying_official(authority, user)
    area = PolicyArea.objects.get(code="04")
    case.delegation.policy_areas.set([area])
    in_area = ProjectFactory(authority=authority, title="Dans le domaine", status="preparation")
    in_area.policy_areas.set(PolicyArea.objects.filter(code__startswith="04", level=3)[:1])
    BudgetLineFactory(project=in_area, amount=12000)
    figures = section(home(client_for(user)), "my-figures")
    assert "Chiffres clés de mes délégations" in figures
    assert "Délégation Alpha" in figures
    assert '<p class="maillage-stat">1</p>' in figures  # one project, in preparation
    assert "12\xa0000 €" in figures


def test_empty_states_say_what_to_do(authority, users, client_for):
    user = users[Role.ELECTED]
    ElectedOfficialFactory(authority=authority, user=user)
    html = home(client_for(user))
    assert "Vous ne portez encore aucun projet. Demandez" in html
    assert "Vous ne siégez dans aucun comité actif." in html
    assert "Aucune action ouverte dans vos comités." in html
    assert "Aucune mission ni délégation à venir" in html
    assert "Aucun projet pour l'instant." in html


def test_an_elected_account_without_official_is_told_how_to_link_it(authority, users, client_for):
    html = home(client_for(users[Role.ELECTED]))
    assert "Votre compte n'est rattaché à aucune fiche d'élu" in html
    assert "Imprimer ma fiche" not in html


@pytest.mark.parametrize("role", [Role.DRI, Role.AGENT, Role.REFERENT, Role.DIRECTION])
def test_other_roles_get_no_elected_block(role, authority, users, client_for):
    carrying_official(authority, users[role])
    html = home(client_for(users[role]))
    assert 'id="elected-home"' not in html
    assert "Projet porté Alpha" not in html


def test_a_project_of_another_authority_never_shows(authority, other_authority, users, client_for):
    user = users[Role.ELECTED]
    official = ElectedOfficialFactory(authority=authority, user=user)
    foreign = ProjectFactory(authority=other_authority, title="Projet étranger")
    ProjectCarrier.objects.create(project=foreign, official=official)
    assert "Projet étranger" not in home(client_for(user))


def test_an_overdue_action_is_flagged(authority, users, client_for):
    user = users[Role.ELECTED]
    case = carrying_official(authority, user)
    actions = section(home(client_for(user)), "committee-actions")
    assert case.open_action.overdue  # due in June 2025, still to do
    line = actions[actions.index("Action ouverte Alpha") :]
    assert "en retard" in line[: line.index("</li>")]
