"""The dashboard page: filters, what it shows, who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.reporting.selectors import ALL_YEARS, STATUS_ACTIVE, STATUS_ALL

from .conftest import OTHER_MARKER

pytestmark = pytest.mark.django_db

READERS = [Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED]


def get(client, **params):
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    return response


def test_defaults_to_the_active_projects_of_the_current_year(small_world, users, client_for):
    response = get(client_for(users[Role.DIRECTION]))
    period = response.context["period"]
    assert (period.year, period.status) == (small_world.year, STATUS_ACTIVE)
    assert response.context["figures"].projects == 2
    html = response.content.decode()
    assert 'data-figure="projects">2<' in html
    assert 'data-figure="services">2 / 6<' in html
    assert 'data-figure="coverage">50 %<' in html
    assert 'data-figure="leverage">× 1,75<' in html
    assert "Coopération Thiès" in html and "Jumelage Kairouan" in html
    assert "Projet futur" not in html  # starts next year
    assert OTHER_MARKER not in html


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"statut": STATUS_ALL}, {"Coopération Thiès", "Jumelage Kairouan", "Idée Sénégal"}),
        ({"annee": ALL_YEARS}, {"Coopération Thiès", "Jumelage Kairouan", "Projet futur"}),
        (
            {"annee": ALL_YEARS, "statut": STATUS_ALL},
            {
                "Coopération Thiès",
                "Jumelage Kairouan",
                "Projet futur",
                "Ancien projet",
                "Idée Sénégal",
            },
        ),
        (
            {"annee": "nimportequoi", "statut": "bizarre"},
            {"Coopération Thiès", "Jumelage Kairouan"},
        ),
    ],
)
def test_year_and_status_filters(params, titles, small_world, users, client_for):
    response = get(client_for(users[Role.DRI]), **params)
    assert {p.title for p in response.context["matrix"].columns} == titles
    assert response.context["figures"].projects == len(titles)


def test_an_earlier_year(small_world, users, client_for):
    y = small_world.year
    response = get(client_for(users[Role.DRI]), annee=y - 4, statut=STATUS_ALL)
    # Only the old project ran then (Y-6 → Y-4); P1 started in Y-1.
    assert [p.title for p in response.context["matrix"].columns] == ["Ancien projet"]
    figures = response.context["figures"]
    assert (figures.services_mobilised, figures.days_planned) == (1, 8)
    assert [t.year for t in response.context["trends"]][-1] == y - 4
    assert f'<option value="{y - 4}" selected>' in response.content.decode()


def test_blocks_are_rendered(small_world, users, client_for):
    html = get(client_for(users[Role.ELECTED])).content.decode()
    # Matrix: a confirmed lead cell with its days, a proposal awaiting its answer.
    assert "Pilote</p><span" in html
    assert "4 / 10 j" in html
    assert "À confirmer" in html
    # Policy areas and their blind spots.
    assert 'data-area="72"' in html
    assert "angle mort" in html
    # Blind spots.
    assert "1 direction sans aucun service mobilisé" in html
    assert "3 services sans référent" in html
    assert "1 projet sans autre service que le service pilote" in html
    assert "1 mobilisation attend la réponse du référent depuis plus de 30 jours" in html
    # Trends and local benefits.
    assert f'data-year="{small_world.year}"' in html
    assert 'class="reporting-w-100"' in html
    assert "Jeunes recrutés par la ville" in html
    assert "83 %" in html


def test_empty_authority_says_what_to_do(authority, users, client_for):
    html = get(client_for(users[Role.DRI])).content.decode()
    assert "Aucun projet sur cette période" in html
    assert "Aucun résultat n'est attendu sur notre territoire" in html


def test_matrix_columns_are_capped_with_a_link_to_the_full_csv(authority, users, client_for):
    from ..factories import ProjectFactory, ServiceFactory

    ServiceFactory(authority=authority)
    ProjectFactory.create_batch(32, authority=authority)
    response = get(client_for(users[Role.DRI]), annee=ALL_YEARS)
    found = response.context["matrix"]
    assert (len(found.columns), found.total_projects, found.capped) == (30, 32, True)
    html = response.content.decode()
    assert "Le tableau montre les 30 projets les plus récents sur 32" in html
    assert reverse("dashboard_export_csv") + "?annee=toutes" in html


@pytest.mark.parametrize("role", READERS)
def test_navigation_link_for_steering_roles(role, authority, users, client_for):
    html = client_for(users[role]).get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard")}"' in html


@pytest.mark.parametrize("role", [Role.AGENT, Role.REFERENT])
def test_agents_and_referents_are_refused(role, authority, users, client_for):
    client = client_for(users[role])
    for name in ("dashboard", "dashboard_export_csv", "dashboard_export_xlsx"):
        assert client.get(reverse(name)).status_code == 403, name
    assert f'href="{reverse("dashboard")}"' not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_method(authority, users, client_for):
    assert client_for(users[Role.DRI]).post(reverse("dashboard")).status_code == 405


def test_printable_version(small_world, users, client_for):
    client = client_for(users[Role.ELECTED])
    page = get(client).content.decode()
    assert f"{reverse('dashboard_print')}?annee={small_world.year}&amp;statut=actifs" in page
    response = client.get(reverse("dashboard_print"), {"statut": STATUS_ALL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mobilisation par direction" in html
    assert 'data-figure="projects">3<' in html  # P1, P2 and the idea P5
    rows = {r.node.name: r for r in response.context["directorates"]}
    ri = rows["Direction Relations internationales"]
    assert (ri.services, ri.mobilised, ri.projects) == (1, 1, 2)
    environment = rows["Direction Environnement"]
    assert (environment.services, environment.mobilised, environment.projects) == (3, 1, 1)
    assert (environment.days_planned, environment.days_actual) == (5, 2)
    assert rows["Direction Solidarités"].mobilised == 0
    assert "Évolution sur cinq ans" in html and "Angles morts" in html
    assert 'class="reporting-matrix' not in html
    assert OTHER_MARKER not in html


def test_names_are_escaped_in_the_matrix(authority, users, client_for):
    from ..factories import MobilisationFactory, ProjectFactory, ServiceFactory

    service = ServiceFactory(authority=authority, name="<script>alert(1)</script> Voirie")
    MobilisationFactory(
        project=ProjectFactory(authority=authority, title="<b>Projet</b>"),
        service=service,
        status="confirmed",
    )
    html = get(client_for(users[Role.DRI]), annee=ALL_YEARS).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Voirie" in html
    assert "&lt;b&gt;Projet&lt;/b&gt;" in html


def test_a_year_outside_the_list_stays_selected(authority, users, client_for):
    html = get(client_for(users[Role.DRI]), annee=2001).content.decode()
    assert '<option value="2001" selected>' in html
    assert "Année 2001" in html
